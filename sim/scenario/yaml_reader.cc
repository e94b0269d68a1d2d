#include "scenario/yaml_reader.h"

#include "core/input_file.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>
#include <sstream>

namespace necsim {
namespace {

// Counts a document's nodes as the tree will hold them once aliases are
// expanded: every collection's size is 1 plus its children's, an alias's that
// of its anchor's node.
class YamlSizeCheck : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { Leaf(m, anchor, 1); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    auto it = sizes_.find(anchor);
    Leaf(m, 0, it == sizes_.end() ? 1 : it->second);
  }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    Leaf(m, anchor, 1);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    Open(m, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    Open(m, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Open_ {
    YAML::anchor_t anchor;
    int64_t size;
  };
  // n more nodes in the document; `in_parent`: counted into the open
  // collection too (a collection's own node is counted into its parent when
  // it closes, with its children).
  void Add(const YAML::Mark& m, int64_t n, bool in_parent = true) {
    total_ += n;
    if (in_parent && !open_.empty()) open_.back().size = std::min(open_.back().size + n, kMaxYamlNodes + 1);
    if (total_ > kMaxYamlNodes) {
      throw YAML::ParserException(m, "the document expands to more than " + std::to_string(kMaxYamlNodes) +
                                         " nodes (aliases counted as what they stand for); a scenario is far "
                                         "smaller: is this file what you meant?");
    }
  }
  void Leaf(const YAML::Mark& m, YAML::anchor_t anchor, int64_t n) {
    if (anchor) sizes_[anchor] = n;
    Add(m, n);
  }
  void Open(const YAML::Mark& m, YAML::anchor_t anchor) {
    if (static_cast<int>(open_.size()) >= kMaxYamlDepth) {
      throw YAML::ParserException(m, "the document nests more than " + std::to_string(kMaxYamlDepth) + " levels deep");
    }
    Add(m, 1, false);
    open_.push_back({anchor, 1});
  }
  void Close() {
    const Open_ o = open_.back();
    open_.pop_back();
    if (o.anchor) sizes_[o.anchor] = o.size;
    // The nodes were counted into total_ as they came; the parent gets the
    // whole collection's size.
    if (!open_.empty()) open_.back().size = std::min(open_.back().size + o.size, kMaxYamlNodes + 1);
  }
  std::map<YAML::anchor_t, int64_t> sizes_;
  std::vector<Open_> open_;
  int64_t total_ = 0;
};

bool Holds(const YAML::Node& n, const YAML::Node& target) {
  if (!n.IsDefined()) return false;
  if (n.is(target)) return true;
  if (n.IsMap()) {
    for (const auto& kv : n) {
      if (Holds(kv.first, target) || Holds(kv.second, target)) return true;
    }
  } else if (n.IsSequence()) {
    for (const auto& item : n) {
      if (Holds(item, target)) return true;
    }
  }
  return false;
}

bool IsIndex(const std::string& s) {
  return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

void YamlLocator::AddFile(const YAML::Node& root, const std::string& file) { files_.push_back({root, file, 0}); }

void YamlLocator::AddSet(const YAML::Node& root, const std::string& arg, int column_base) {
  sets_.push_back({root, arg, column_base});
}

void YamlLocator::Locate(const YAML::Node& at, Error& e) const {
  e.file = primary_;
  if (!at.IsDefined()) return;
  const YAML::Mark m = at.Mark();
  for (auto it = sets_.rbegin(); it != sets_.rend(); ++it) {
    if (!Holds(it->root, at)) continue;
    e.file = it->file;
    e.line = m.is_null() ? 1 : m.line + 1;
    e.column = it->column_base + (m.is_null() ? 0 : m.column) + 1;
    return;
  }
  for (const auto& o : files_) {
    if (!Holds(o.root, at)) continue;
    e.file = o.file;
    break;
  }
  if (!m.is_null()) {
    e.line = m.line + 1;
    e.column = m.column + 1;
  }
}

std::string FormatYamlNumber(double v) {
  std::ostringstream os;
  if (std::fabs(v) < 1e15 && v == std::floor(v)) {
    os << static_cast<long long>(v);
  } else {
    os << v;
  }
  return os.str();
}

void YamlReader::Fail(const YAML::Node& at, const std::string& field, const std::string& msg) const {
  Error e;
  loc_.Locate(at, e);
  e.field = field;
  e.message = msg;
  throw YamlReadError{e};
}

void YamlReader::Unique(const YAML::Node& map, const std::string& where) const {
  if (!map.IsMap()) return;
  std::set<std::string> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) continue;
    if (!seen.insert(kv.first.Scalar()).second) {
      Fail(kv.first, where.empty() ? kv.first.Scalar() : where + "." + kv.first.Scalar(),
           "key '" + kv.first.Scalar() + "' is given twice in this mapping");
    }
  }
}

void YamlReader::Keys(const YAML::Node& map, const std::string& where, const std::set<std::string>& allowed) const {
  if (!map.IsMap()) Fail(map, where.empty() ? "(top level)" : where, "expected a mapping of keys to values");
  Unique(map, where);
  for (const auto& kv : map) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      Fail(kv.first, where.empty() ? key : where + "." + key,
           "unknown key '" + key + "' (expected one of: " + list + ")");
    }
  }
}

std::string YamlReader::String(const YAML::Node& n, const std::string& field) const {
  if (!n.IsScalar()) Fail(n, field, "expected a text value");
  return n.Scalar();
}

double YamlReader::Number(const YAML::Node& n, const std::string& field, double lo, double hi) const {
  if (!n.IsScalar()) Fail(n, field, "expected a number");
  double v = 0;
  try {
    v = n.as<double>();
  } catch (const YAML::Exception&) {
    Fail(n, field, "expected a number, got '" + n.Scalar() + "'");
  }
  if (!std::isfinite(v)) Fail(n, field, "expected a finite number, got '" + n.Scalar() + "'");
  if (v < lo || v > hi) {
    Fail(n, field,
         "value " + n.Scalar() + " is out of range (" + FormatYamlNumber(lo) + " to " + FormatYamlNumber(hi) + ")");
  }
  return v;
}

int64_t YamlReader::Integer(const YAML::Node& n, const std::string& field, int64_t lo, int64_t hi) const {
  if (!n.IsScalar()) Fail(n, field, "expected a whole number");
  const std::string& s = n.Scalar();
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  std::string digits;
  for (; i < s.size(); ++i) {
    if (s[i] == '_' || s[i] == ',') continue;  // 112_308 or 112,308
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) Fail(n, field, "expected a whole number, got '" + s + "'");
    digits += s[i];
  }
  if (digits.empty()) Fail(n, field, "expected a whole number, got '" + s + "'");
  if (s[0] == '-' && digits.find_first_not_of('0') != std::string::npos) {
    Fail(n, field, "must not be negative, got " + s);
  }
  if (digits.size() > 19) Fail(n, field, "value " + s + " is too large");
  const uint64_t u = std::stoull(digits);  // 19 digits fit in 64 bits unsigned
  if (u > static_cast<uint64_t>(INT64_MAX)) Fail(n, field, "value " + s + " is too large");
  const int64_t v = static_cast<int64_t>(u);
  if (v < lo || v > hi) {
    Fail(n, field, "value " + s + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")");
  }
  return v;
}

YAML::Node LoadYaml(const std::string& text) {
  {
    std::istringstream in(text);
    YAML::Parser parser(in);
    YamlSizeCheck check;
    while (parser.HandleNextDocument(check)) {
    }
  }
  return YAML::Load(text);
}

Result<std::string> ReadScenarioFileText(const std::string& path) { return ReadInputFile(path, kScenarioInput); }

int IndexOfName(const std::vector<std::string>& names, const std::string& name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

ApportionSpec ReadApportion(const YamlReader& rd, const YAML::Node& ap, const std::string& field,
                            const std::string& by_default, const std::string& by_other) {
  rd.Keys(ap, field, {"method", "seats", "by", "min", "base"});
  if (!ap["method"] || !ap["seats"]) rd.Fail(ap, field, "needs 'method' and 'seats'");
  ApportionSpec spec;
  spec.method_name = rd.String(ap["method"], field + ".method");
  const auto m = ParseApportionMethod(spec.method_name);
  if (!m) {
    rd.Fail(ap["method"], field + ".method",
            "unknown method '" + spec.method_name + "' (sainte-lague, dhondt, hamilton, huntington-hill)");
  }
  spec.method = *m;
  spec.seats = static_cast<int>(rd.Integer(ap["seats"], field + ".seats", 1, 1000));
  spec.min = ap["min"] ? static_cast<int>(rd.Integer(ap["min"], field + ".min", 0, 100)) : 0;
  spec.base = ap["base"] ? static_cast<int>(rd.Integer(ap["base"], field + ".base", 0, 100)) : 0;
  spec.by = ap["by"] ? rd.String(ap["by"], field + ".by") : by_default;
  if (spec.by != by_default && spec.by != by_other) {
    rd.Fail(ap["by"], field + ".by", "apportion by '" + by_default + "' or '" + by_other + "'");
  }
  return spec;
}

void ApplyYamlOverride(YAML::Node root, const Override& o, YamlLocator& loc) {
  const std::string arg = o.path + "=" + o.value;
  const std::string file = "--set " + arg;
  auto fail = [&](size_t column, const std::string& field, const std::string& msg) {
    Error e;
    e.file = file;
    e.line = 1;
    e.column = static_cast<int>(column) + 1;
    e.field = field;
    e.message = msg;
    throw YamlReadError{e};
  };
  if (o.path.empty()) fail(0, "--set", "expected PATH=VALUE with a non-empty PATH");
  std::vector<std::string> parts;
  std::vector<size_t> starts;
  {
    size_t b = 0;
    while (true) {
      const size_t dot = o.path.find('.', b);
      parts.push_back(o.path.substr(b, dot == std::string::npos ? std::string::npos : dot - b));
      starts.push_back(b);
      if (dot == std::string::npos) break;
      b = dot + 1;
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) fail(starts[i], o.path, "empty path segment (two dots, or a dot at an end)");
  }
  if (parts[0] == "extends") fail(0, "extends", "'extends' cannot be set from the command line");
  const size_t value_column = o.path.size() + 1;
  YAML::Node value;
  try {
    value = LoadYaml(o.value);
  } catch (const YAML::ParserException& ex) {
    fail(value_column + (ex.mark.is_null() ? 0 : static_cast<size_t>(ex.mark.column)), o.path,
         "the value is not valid YAML (" + ex.msg + "); quote it if it is text");
  }
  // A null written out (`null`, `Null`, `NULL` or `~`) removes the key, so
  // the loader's default applies; an empty VALUE is still an empty (null)
  // value, checked like any other.
  std::string trimmed = o.value;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  const bool remove = trimmed == "null" || trimmed == "Null" || trimmed == "NULL" || trimmed == "~";
  if (value.IsNull() && value.Mark().is_null()) value.reset(YAML::Node(YAML::NodeType::Null));  // a real node, to find later
  loc.AddSet(value, file, static_cast<int>(value_column));

  std::string field;  // the path so far, as in validation messages
  YAML::Node node = root;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    const bool last = i + 1 == parts.size();
    if (node.IsSequence()) {
      int k = -1;
      if (IsIndex(p)) {
        const size_t idx = std::stoul(p);
        if (idx >= node.size()) {
          fail(starts[i], field, "list index " + p + " is out of range (the list has " + std::to_string(node.size()) +
                                     " element(s), counted from 0)");
        }
        k = static_cast<int>(idx);
      } else {
        for (size_t j = 0; j < node.size(); ++j) {
          if (node[j].IsMap() && node[j]["name"] && node[j]["name"].IsScalar() && node[j]["name"].Scalar() == p) {
            k = static_cast<int>(j);
            break;
          }
        }
        if (k < 0) fail(starts[i], field, "no element named '" + p + "' in this list (give a name or an index)");
      }
      field += '[';  // appended piece by piece: "[" + ... + "]" trips a false GCC 12 -Wrestrict warning
      field += std::to_string(k);
      field += ']';
      if (last) {
        if (remove) {
          fail(starts[i], field, "a list element cannot be removed (null removes a mapping's key); replace it instead");
        }
        node[k] = value;
        return;
      }
      node.reset(node[k]);  // reset, not =: operator= would overwrite the node itself
      continue;
    }
    if (!node.IsMap() && !node.IsNull()) {
      fail(starts[i], field, "'" + field + "' is a single value; it has no field '" + p + "'");
    }
    field += (field.empty() ? "" : ".") + p;
    bool found = false;
    YAML::Node child;
    for (const auto& kv : node) {
      if (kv.first.IsScalar() && kv.first.Scalar() == p) {
        found = true;
        child.reset(kv.second);
        break;
      }
    }
    if (remove && !found) {
      fail(starts[i], field, "'" + field + "' is not given, so there is nothing to remove");
    }
    if (last) {
      if (remove) {
        node.remove(p);
        return;
      }
      if (found) {
        child = value;  // rebinds the tree's node to the value (YAML::Node reference semantics)
      } else {
        // A key the scenario does not give yet: added here; validation
        // rejects it if the scenario does not know it.
        YAML::Node key(p);
        loc.AddSet(key, file, static_cast<int>(starts[i]));
        node.force_insert(key, value);
      }
      return;
    }
    if (!found) {
      YAML::Node key(p);
      child.reset(YAML::Node(YAML::NodeType::Map));
      YAML::Node marker(YAML::NodeType::Map);
      marker.force_insert(key, child);
      loc.AddSet(marker, file, static_cast<int>(starts[i]));
      node.force_insert(key, child);
    }
    node.reset(child);
  }
}

Error YamlExceptionError(const std::string& source, const YAML::Exception& ex) {
  Error e;
  e.file = source;
  e.line = ex.mark.is_null() ? 0 : ex.mark.line + 1;
  e.column = ex.mark.is_null() ? 0 : ex.mark.column + 1;
  e.message = std::string("could not read the scenario: ") + ex.msg;
  return e;
}

}  // namespace necsim
