// Reading scenario files (YAML) into Scenario structs, with validation.
// Every problem is reported as an Error with file:line:column and a plain
// message; nothing is returned half-read.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "scenario/override.h"
#include "scenario/scenario.h"

namespace necsim {

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

// The scenario file at `path` (LoadScenarioFile), or the built-in default
// when `path` is empty (what a command without a SCENARIO argument runs).
Result<Scenario> LoadScenarioOrDefault(const std::string& path, const std::vector<Override>& overrides = {});

// The given top-level keys of a scenario file (after `extends:`), as YAML
// text (the keys it lacks are left out; empty when it has none of them): how
// a derived scenario keeps its base's rule sets and NEC. Not validated.
Result<std::string> ScenarioKeysYaml(const std::string& path, const std::vector<std::string>& keys);

// The text of a scenario file and of every base it `extends:` (each after a
// "--- NAME" line), for hashing a batch's inputs. Unreadable files end the
// chain; nothing is validated.
std::string ScenarioChainText(const std::string& file);

}  // namespace necsim
