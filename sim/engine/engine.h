// The Monte Carlo engine: many independent runs of (sample the run's state ->
// sample ballots -> count under every rule set -> record), then a
// deterministic aggregation.
//
// Reproducibility: run i draws only from streams keyed by (seed, i, purpose),
// its record is stored at index i, and aggregation reads records in index
// order with plain sums, so results are bit-identical for every thread count
// and backend.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "counting/count.h"
#include "engine/executor.h"
#include "engine/tally.h"
#include "scenario/scenario.h"
#include "voters/sampler.h"

namespace necsim {

enum class SamplerKind { kFast, kReference };

struct EngineOptions {
  int64_t runs = 1000;     // runs, or the cap when precision > 0
  uint64_t seed = 1;
  double precision = 0.0;  // > 0: stop at the first checkpoint where every SE < precision
  int threads = 0;         // 0: DefaultThreads() (the CPUs of the affinity mask)
  Backend backend = Backend::kOpenMp;
  SamplerKind sampler = SamplerKind::kFast;
  // Called between chunks of runs with (runs done, runs planned).
  std::function<void(int64_t, int64_t)> progress;
};

// Storage one thread reuses from run to run (the fast sampler's ballot
// trees), so that a run allocates almost nothing. Holds no results: a run's
// outcome never depends on which workspace it used.
struct RunWorkspace {
  SampledBallots ballots;  // the rule set's tree
  SampledBallots again;    // the recount without constraints
  DrawMemo memo;           // a count's draws, for its recount without constraints (see DrawMemo)
  CountScratch scratch;    // the counting rules' buffers
};

// One workspace per worker thread, kept from one SimulateRuns call to the
// next so that each block of runs starts with warm buffers. Slot i belongs to
// the backend's thread i while a call runs.
class WorkspacePool {
 public:
  // Makes room for `threads` slots (before the parallel region).
  void Reserve(int threads);
  // The workspace of `slot`, made on first use; nullptr for a slot out of range.
  RunWorkspace* At(int slot);

 private:
  std::vector<std::unique_ptr<RunWorkspace>> spaces_;
};

// The number of worker threads SimulateRuns uses for `opt`
// (WorkerThreads(opt.backend, opt.threads)).
int WorkerThreads(const EngineOptions& opt);

// Runs per block for Simulate and its MPI twin: large enough that each of
// `threads` threads gets many runs between two joins (the last runs of a
// block leave threads idle), small enough for a lively progress bar.
int64_t RunsPerBlock(int threads);

// Runs run indices [begin, end) into records[0 .. end-begin) with the chosen
// backend. `pool`: workspaces to reuse across calls (nullptr: fresh ones).
void SimulateRuns(const Scenario& sc, const VoterModel& model, const EngineOptions& opt, int64_t begin,
                  int64_t end, std::vector<RunRecord>& records, WorkspacePool* pool = nullptr);

// One run (all rule sets), the unit of parallel work. `ws`: storage to reuse
// (nullptr: a fresh one).
RunRecord SimulateRun(const Scenario& sc, const VoterModel& model, uint64_t seed, uint64_t run,
                      SamplerKind sampler, RunWorkspace* ws = nullptr);

// The ballots the reference sampler gives the count of a regional design's
// district in run `run`: the members of `regions` (nullptr: every member, as
// for a design's national seats) drawn voter by voter from the district's
// own stream (regional.h DistrictStream), ranking only the district's
// candidates. Under SamplerKind::kReference the district's count sees exactly
// these; a national rule set's count sees SampleBallotsReference(sample,
// seed, run).
Election ReferenceDistrictBallots(const Scenario& sc, const RunSample& sample, uint64_t seed, uint64_t run,
                                  const std::vector<int>* regions, uint32_t stream);

struct SimulationResult {
  Tally tally;
  bool stopped_on_precision = false;
};

// The whole simulation, with precision checkpoints at 1000, 2000, 4000, ...
// runs (capped at opt.runs) when opt.precision > 0, so the stopping point is
// itself reproducible.
Result<SimulationResult> Simulate(const Scenario& sc, const EngineOptions& opt);

}  // namespace necsim
