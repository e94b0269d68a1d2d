// Reading scenario files (YAML) into Scenario structs, with validation.
// Every problem is reported as an Error with file:line:column and a plain
// message; nothing is returned half-read.
#pragma once

#include <string>
#include <vector>

#include "models/status.h"
#include "sim/scenario.h"

namespace necsim {

// One `--set path=value` override: path segments separated by '.', a list
// element chosen by index or by its `name` (e.g. blocs.left.concentration,
// rule_sets.0.seats, candidates.Ann Smith.profile).
struct Override {
  std::string path;
  std::string value;
};

// Reads a scenario file, following `extends:` (a path relative to the file)
// and applying overrides, then validates it.
Result<Scenario> LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides = {});

// The same for scenario text (`source` names it in messages). `extends:` is
// resolved relative to `base_dir`.
Result<Scenario> LoadScenarioText(const std::string& text, const std::string& source,
                                  const std::vector<Override>& overrides = {},
                                  const std::string& base_dir = ".");

// The built-in default scenario's YAML (scenarios/default.yaml, compiled in).
const std::string& DefaultScenarioYaml();

}  // namespace necsim
