// Simulation across MPI ranks (private to sim/batch): each block of runs is
// cut into one contiguous range per rank. NEC runs' records are gathered on
// rank 0 and folded into the tally in run order (its sums of first-preference
// shares are doubles, whose sum depends on the order of addition, so partial
// tallies are never merged); boundary tallies are integer counts, which rank
// 0 adds up. Both poll `stop` between blocks, so Ctrl-C is noticed there.
#pragma once

#include <functional>

#include "batch/batch_comm.h"
#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "engine/engine.h"
#include "scenario/scenario.h"

namespace necsim {
namespace batch_detail {

// The same runs, checkpoints and stopping rule as Simulate (engine/engine.h),
// with each block of runs split across ranks. Rank 0's result is the
// tally; other ranks' results are empty. `interrupted` is set (on every rank)
// when some rank's stop() was true after a block.
SimulationResult SimulateAcrossRanks(const Scenario& sc, const EngineOptions& opt, Comm& comm,
                                     const std::function<bool()>& stop, bool& interrupted);

// A boundary review's runs split the same way; rank 0 returns the whole tally.
BoundaryTally SimulateBoundaryAcrossRanks(const BoundaryModel& m, const BoundaryOptions& base, Comm& comm,
                                          const std::function<bool()>& stop, bool& interrupted);

}  // namespace batch_detail
}  // namespace necsim
