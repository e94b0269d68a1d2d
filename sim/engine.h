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

#include "models/count.h"
#include "models/status.h"
#include "sim/sampler.h"
#include "sim/scenario.h"

namespace necsim {

enum class Backend { kSerial, kOpenMp, kTbb };
enum class SamplerKind { kFast, kReference };

const char* BackendName(Backend b);
bool BackendAvailable(Backend b);

struct EngineOptions {
  int64_t runs = 1000;     // runs, or the cap when precision > 0
  uint64_t seed = 1;
  double precision = 0.0;  // > 0: stop at the first checkpoint where every SE < precision
  int threads = 0;         // 0: all hardware threads
  Backend backend = Backend::kOpenMp;
  SamplerKind sampler = SamplerKind::kFast;
  // Called between chunks of runs with (runs done, runs planned).
  std::function<void(int64_t, int64_t)> progress;
};

// What one run yields for one rule set.
struct RuleSetRecord {
  std::vector<CandidateId> elected;     // in order of election
  std::vector<float> first_pref_share;  // per candidate, share of valid first preferences
  bool constraints_changed = false;     // the result differs from the unconstrained count
};

struct RunRecord {
  int64_t ballots = 0;
  std::vector<int> nec_other;  // per NEC faction: seats won in the NEC's other sections this run
  std::vector<RuleSetRecord> rule_sets;
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

// The number of worker threads SimulateRuns uses for `opt` (its threads, or
// the machine's hardware threads when 0).
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

// Integer counters (and sums of shares added in run order) from which every
// reported figure is derived.
struct RuleSetTally {
  std::vector<int64_t> elected;          // [candidate] runs in which elected
  std::vector<double> first_pref_sum;    // [candidate] sum over runs of first-preference share
  std::vector<std::vector<int64_t>> slate_seats;  // [slate][k] runs in which the slate won k seats
  std::vector<int64_t> region_any;       // [region] runs with at least one elected
  std::vector<int64_t> region_seats;     // [region] sum over runs of seats won
  std::vector<int64_t> region_seats_sq;  // [region] sum of squares
  std::vector<int64_t> women;            // [k] runs with k women elected
  int64_t constraints_changed = 0;       // runs where the constraints changed the result
  // Disproportionality between regions' member shares and seat shares, one
  // value per run (Loosemore-Hanby: half the sum of |m - s|; Gallagher: the
  // root of half the sum of (m - s)^2), as shares (0 to 1).
  std::vector<float> loosemore_hanby;
  std::vector<float> gallagher;
  // The whole NEC (when the scenario has `nec:`): per faction, the sum of
  // seats over runs and the runs in which it held a majority.
  std::vector<int64_t> nec_seats;
  std::vector<int64_t> nec_majority;
};

// Paired differences between rule sets a and b (a listed before b): sums of
// d and d^2 per run, so SE = sqrt((S2 - S1^2/n) / (n (n-1))).
struct PairTally {
  int a = 0, b = 0;
  std::vector<int64_t> cand_d, cand_d2;    // [candidate], d = elected_a - elected_b
  std::vector<int64_t> slate_d, slate_d2;  // [slate], d = seats_a - seats_b
  std::vector<int64_t> region_d, region_d2;  // [region], d = represented_a - represented_b
  int64_t women_d = 0, women_d2 = 0;
};

struct Tally {
  int64_t runs = 0;
  int64_t ballots_sum = 0;
  std::vector<RuleSetTally> rule_sets;
  std::vector<PairTally> pairs;
  int64_t members_total_ = 0;

  static Tally Empty(const Scenario& sc);
  void Add(const Scenario& sc, const RunRecord& r);  // call in run order
  double MaxStandardError() const;
};

struct SimulationResult {
  Tally tally;
  bool stopped_on_precision = false;
};

// The whole simulation, with precision checkpoints at 1000, 2000, 4000, ...
// runs (capped at opt.runs) when opt.precision > 0, so the stopping point is
// itself reproducible.
Result<SimulationResult> Simulate(const Scenario& sc, const EngineOptions& opt);

}  // namespace necsim
