// What the YAML scenario loaders share (sim/scenario/scenario_yaml.cc for NEC
// scenarios, sim/scenario/boundary_yaml.cc for boundary scenarios): located errors,
// typed field readers, and `--set PATH=VALUE` overrides. Internal to
// necsim_sim (it exposes yaml-cpp types).
//
// How errors are located. yaml-cpp marks carry a line and column but no file
// name, and `extends:` merging and `--set` overrides mix nodes from several
// sources into one tree. So every source is kept in a YamlLocator: the tree
// parsed from a file (or from one --set value) and that file's name. A
// failing node is looked up by identity (YAML::Node::is) in the --set values
// first (latest first), then in the files from the deepest base to the
// scenario itself; the first source holding it names the file, the node's
// mark gives line and column. A node found in no source is reported in the
// primary file. Merging and overriding never copy nodes, so identity survives.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "regional/apportion.h"
#include "core/status.h"
#include "scenario/override.h"

namespace necsim {

// The limits of a YAML document, checked on the parser's events before the
// tree is built (LoadYaml), so that a small file cannot expand into a huge
// one ("billion laughs": aliases of aliases) or nest deeper than the stack:
// at most kMaxYamlNodes nodes counting every alias as the nodes it stands for
// (the largest real scenario has a few thousand), and nesting at most
// kMaxYamlDepth deep (real scenarios nest 5 deep).
inline constexpr int64_t kMaxYamlNodes = 1000000;
inline constexpr int kMaxYamlDepth = 200;

// YAML::Load(text) after checking those limits; a document over them throws
// YAML::ParserException at the node that crossed them (so the loaders'
// handling of YAML errors locates it).
YAML::Node LoadYaml(const std::string& text);

// Thrown while reading, turned into the loader's Error at its entry point.
struct YamlReadError {
  Error error;
};

class YamlLocator {
 public:
  explicit YamlLocator(std::string primary) : primary_(std::move(primary)) {}
  // A file's tree; add the deepest base first.
  void AddFile(const YAML::Node& root, const std::string& file);
  // A tree made for a --set argument `arg` ("--set PATH=VALUE"): its nodes are
  // reported at line 1, column column_base + the node's column + 1.
  void AddSet(const YAML::Node& root, const std::string& arg, int column_base);
  const std::string& primary() const { return primary_; }
  // Fills e.file, e.line and e.column for the node `at`.
  void Locate(const YAML::Node& at, Error& e) const;

 private:
  struct Origin {
    YAML::Node root;
    std::string file;     // the file, or "--set PATH=VALUE"
    int column_base = 0;  // --set: 0-based column of the value in "PATH=VALUE"
  };
  std::string primary_;
  std::vector<Origin> files_;  // deepest base first
  std::vector<Origin> sets_;   // in the order applied
};

// A bound in messages: whole numbers without a decimal point or exponent.
std::string FormatYamlNumber(double v);

// Field readers that throw YamlReadError located at the node, with the field
// path (e.g. "blocs[0].share.North") and a plain message.
class YamlReader {
 public:
  explicit YamlReader(const YamlLocator& loc) : loc_(loc) {}

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& field, const std::string& msg) const;

  // A key given twice in one mapping (yaml-cpp keeps both; the second would
  // silently win or be ignored). Not a mapping: nothing to check.
  void Unique(const YAML::Node& map, const std::string& where) const;

  // `map` must be a mapping whose keys are unique and all in `allowed`; an
  // unknown key's message lists the allowed ones. `where` is the mapping's
  // field path ("" at the top level).
  void Keys(const YAML::Node& map, const std::string& where, const std::set<std::string>& allowed) const;

  std::string String(const YAML::Node& n, const std::string& field) const;
  // A finite number in [lo, hi].
  double Number(const YAML::Node& n, const std::string& field, double lo, double hi) const;
  // A whole number in [lo, hi] (lo >= 0); '_' and ',' group digits (112_308).
  int64_t Integer(const YAML::Node& n, const std::string& field, int64_t lo, int64_t hi) const;

  // The primary file (the scenario itself).
  const std::string& file() const { return loc_.primary(); }

 private:
  const YamlLocator& loc_;
};

// A scenario file's text; a directory or an unreadable file is an Error
// naming the file.
Result<std::string> ReadScenarioFileText(const std::string& path);

// The index of `name` in `names` (regions, parties, ...), or -1.
int IndexOfName(const std::vector<std::string>& names, const std::string& name);

// An `apportion:` mapping {method, seats, by, min, base} at `field`: method
// one of sainte-lague, dhondt, hamilton, huntington-hill; seats 1 to 1000; min
// and base 0 to 100 (default 0; base: seats every region gets before the rest
// are shared, docs/apportionment.md); by `by_default` (when not given) or
// `by_other`.
struct ApportionSpec {
  std::string method_name;  // as written
  ApportionMethod method = ApportionMethod::kSainteLague;
  int seats = 0;
  int min = 0;
  int base = 0;
  std::string by;
};
ApportionSpec ReadApportion(const YamlReader& rd, const YAML::Node& ap, const std::string& field,
                            const std::string& by_default, const std::string& by_other);

// Applies one `--set PATH=VALUE` to `root` (syntax: scenarios/README.md).
// Problems with the path itself throw YamlReadError located in the argument
// (file "--set PATH=VALUE", line 1, the column of the offending segment); the
// value and any key it adds are registered with `loc`, so that validation
// reports a value of the wrong type or range, or a key the scenario does not
// know, located in the same way.
void ApplyYamlOverride(YAML::Node root, const Override& o, YamlLocator& loc);

// A yaml-cpp exception while loading `source` as an Error.
Error YamlExceptionError(const std::string& source, const YAML::Exception& ex);

}  // namespace necsim
