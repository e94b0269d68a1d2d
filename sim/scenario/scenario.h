// Scenario configuration: plain structs parsed once at the edge from YAML
// (sim/scenario/scenario_yaml.cc). The engine never sees YAML. Field meanings and
// defaults are documented in scenarios/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/electorate.h"
#include "nec/nec.h"
#include "regional/rule_set.h"

namespace necsim {

// A whole scenario: the electorate (models/core/electorate.h), the rule
// sets to compare (models/regional/rule_set.h), the rest of the NEC
// (models/nec/nec.h) and the run settings.
struct Scenario : Electorate {
  std::string name;
  std::string description;
  std::string source;  // file the scenario was read from ("<built-in>" for the default)
  uint64_t seed = 1;
  int64_t runs = 1000;
  double precision = 0.0;  // > 0: stop when every reported probability's SE is below it
  // Casual vacancies: for every rule set, each elected member's
  // replacement, the count re-run without them (`vacancies: true`, or
  // `necsim run --vacancies`; off by default: it recounts once per seat).
  bool vacancies = false;
  std::vector<RuleSetConfig> rule_sets;
  NecConfig nec;
};

}  // namespace necsim
