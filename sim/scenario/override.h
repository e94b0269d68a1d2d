// `--set PATH=VALUE` overrides of scenario fields, shared by `necsim run`
// (NEC scenarios, sim/scenario/scenario_yaml.h) and `necsim boundary` (boundary
// scenarios, sim/scenario/boundary_yaml.h). How one is applied to the YAML tree:
// ApplyYamlOverride in sim/scenario/yaml_reader.h; the syntax: scenarios/README.md.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace necsim {

// One `--set path=value` override: path segments separated by '.', a list
// element chosen by index or by its `name` (e.g. blocs.left.concentration,
// rule_sets.0.seats, candidates.Ann Smith.profile).
struct Override {
  std::string path;
  std::string value;
};

// Splits `--set` arguments at their first '='. An argument without '=' or
// with an empty PATH is an Error with field "--set" naming the argument.
inline Result<std::vector<Override>> ParseOverrideArgs(const std::vector<std::string>& args) {
  std::vector<Override> out;
  for (const std::string& s : args) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      Error e;
      e.field = "--set";
      e.message = "expected PATH=VALUE, got '" + s + "'";
      return e;
    }
    out.push_back({s.substr(0, eq), s.substr(eq + 1)});
  }
  return out;
}

}  // namespace necsim
