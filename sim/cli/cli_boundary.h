// `necsim boundary SCENARIO [--out DIR] [--set PATH=VALUE]... [--runs N] [--seed S] [--threads T]
//  [--backend openmp|tbb|serial] [--data DIR] [--force] [--deterministic] [--json]`:
// seat projections on old and new boundaries (sim/boundary.h). A library
// function, so `necsim batch` and tests can call it in-process.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"

namespace CLI {
class App;
}

namespace necsim {

struct BoundaryArgs {
  std::string scenario;       // the scenario file (YAML with a `boundary:` mapping)
  std::string out_dir;        // default results/<scenario name>/
  std::string data_dir;       // --data; empty: $NECSIM_DATA_DIR, else ../shared/data/uk-ge
  std::vector<std::string> sets;  // --set PATH=VALUE overrides, in order (as `necsim run`)
  int64_t runs = 0;           // 0: the scenario's
  int64_t seed = -1;          // < 0: the scenario's
  int threads = 0;            // 0: all hardware threads
  std::string backend = "openmp";
  bool force = false;         // overwrite an existing output folder
  bool deterministic = false; // zero swing, zero noise; print seats per set
  bool json = false;          // print JSON on stdout
};

// Registers the `boundary` subcommand on `app`, filling `args` when parsed.
CLI::App* AddBoundaryCommand(CLI::App& app, BoundaryArgs& args);

// Runs a boundary scenario into `dir` with the files of `necsim boundary
// --out DIR` (summary.json, run_info.json, tidy CSVs), printing nothing: for
// `necsim batch`. runs <= 0 and seed < 0 take the scenario's; data_dir empty
// takes $NECSIM_DATA_DIR, else ../shared/data/uk-ge; threads 0: all cores.
// An existing `dir` is refused unless `force`. Errors carry file:line:column.
Status RunBoundaryToDir(const std::string& scenario, const std::string& dir, const std::string& data_dir,
                        int64_t runs, int64_t seed, int threads, bool force);

// Runs it: 0 success, 2 bad input (message on `err`, nothing written), 1 internal failure.
int RunBoundaryCommand(const BoundaryArgs& args, std::ostream& out, std::ostream& err);

}  // namespace necsim
