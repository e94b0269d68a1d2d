// The boundary projection's Monte Carlo runs (models/boundary: one run's
// projection and the tallies) on the executor.
#pragma once

#include <cstdint>
#include <functional>

#include "boundary/boundary.h"
#include "engine/executor.h"

namespace necsim {

struct BoundaryOptions {
  int64_t first_run = 0;  // runs [first_run, first_run + runs): a batch or MPI rank's share; merge with Merge
  int64_t runs = 1000;
  uint64_t seed = 1;
  int threads = 0;  // 0: DefaultThreads() (the CPUs of the affinity mask)
  Backend backend = Backend::kOpenMp;
  // Called after each chunk of runs with (runs done, runs planned); chunking
  // does not change the result.
  std::function<void(int64_t, int64_t)> progress;
};

// Runs [opt.first_run, opt.first_run + opt.runs) in parallel; the result is identical for any thread count and backend.
BoundaryTally SimulateBoundary(const BoundaryModel& m, const BoundaryOptions& opt);

// Runs [opt.first_run, opt.first_run + opt.runs) in parallel; the result is
// identical for any thread count and backend (integer counters, merged by
// addition).
BoundaryTally SimulateBoundary(const BoundaryModel& m, const BoundaryOptions& opt);

// Set k only (a backtest): wins per seat and party, [seat * parties + party],
// over the same runs, with the same streams as SimulateBoundary (run i's
// errors and set k's constituency noise), so its wins equal the tally's.
std::vector<int64_t> SimulateBoundarySetWins(const BoundaryModel& m, int k, const BoundaryOptions& opt);

}  // namespace necsim
