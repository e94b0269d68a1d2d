// Reading boundary scenarios (YAML with a top-level `boundary:` mapping; see
// scenarios/README.md, "Boundary scenarios") and their two constituency
// tables. Every problem is an Error naming the file, line and column: the
// scenario's own for its fields, the table's for its rows.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "boundary/boundary.h"
#include "scenario/override.h"

namespace necsim {

// The default data directory, relative to the current directory.
constexpr const char* kDefaultBoundaryDataDir = "../shared/data/uk-ge";

// The directory the tables' relative paths resolve against: `flag` (--data
// DIR) when not empty, else the environment variable NECSIM_DATA_DIR when set
// and not empty, else kDefaultBoundaryDataDir.
std::string ResolveBoundaryDataDir(const std::string& flag);

// True when the YAML text's top level is a mapping with a `boundary:` key
// (how `necsim batch` tells boundary scenarios from NEC scenarios). False for
// text that does not parse.
bool IsBoundaryScenarioText(const std::string& text);
bool IsBoundaryScenarioFile(const std::string& path);

// Reads a boundary scenario, applies the `--set PATH=VALUE` overrides (as
// `necsim run` does: scenarios/README.md; an error in one names the argument,
// "--set PATH=VALUE", as its file), validates it, then reads both tables from
// `data_dir` (already resolved; absolute table paths ignore it).
Result<BoundaryScenario> LoadBoundaryScenarioText(const std::string& text, const std::string& source,
                                                  const std::string& data_dir,
                                                  const std::vector<Override>& overrides = {});
Result<BoundaryScenario> LoadBoundaryScenarioFile(const std::string& path, const std::string& data_dir,
                                                  const std::vector<Override>& overrides = {});

}  // namespace necsim
