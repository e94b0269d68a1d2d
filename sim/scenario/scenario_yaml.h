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
// and applying overrides (with the share rescaling of ShareRescaling below),
// then validates it.
Result<Scenario> LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides = {});

// The same for scenario text (`source` names it in messages). `extends:` is
// resolved relative to `base_dir`.
Result<Scenario> LoadScenarioText(const std::string& text, const std::string& source,
                                  const std::vector<Override>& overrides = {},
                                  const std::string& base_dir = ".");

// `--set blocs.NAME.share=V` (or blocs.NAME.share.REGION=V, V a number)
// keeps every region's shares summing to 1 as a sweep of that path does
// (ShareRenormalisation in sim/scenario/sweep.h): the blocs no such override
// sets are rescaled in proportion to their shares in the scenario with the
// other overrides applied. These are the extra overrides that do it (one per
// rescaled bloc, its share as a per-region mapping; none when no override
// sets a share), which LoadScenarioFile and LoadScenarioText add after the
// given ones. A refusal (set shares above 1 in a region, no other share to
// rescale) is an Error without a file.
Result<std::vector<Override>> ShareRescaling(const std::string& path, const std::vector<Override>& overrides);

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
