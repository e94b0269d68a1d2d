// `necsim boundary` as a library function: RunBoundaryToDir writes a boundary
// scenario's results folder in-process, for `necsim batch` and tests. The
// subcommand itself (BoundaryArgs, AddBoundaryCommand, RunBoundaryCommand) is
// declared in commands.h; both are defined in cmd_boundary.cc.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace necsim {

// Runs a boundary scenario into `dir` with the files of `necsim boundary
// --out DIR` (summary.json, run_info.json, tidy CSVs), printing nothing: for
// `necsim batch`. runs <= 0 and seed < 0 take the scenario's; data_dir empty
// takes $NECSIM_DATA_DIR, else ../shared/data/uk-ge; threads 0: all cores.
// An existing `dir` is refused unless `force`. Errors carry file:line:column.
Status RunBoundaryToDir(const std::string& scenario, const std::string& dir, const std::string& data_dir,
                        int64_t runs, int64_t seed, int threads, bool force);

}  // namespace necsim
