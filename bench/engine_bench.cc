// Monte Carlo engine benchmarks: whole runs (sample the run's state, sample
// ballots, count every rule set) on the benchmark scenarios in
// bench/scenarios/, called in-process.
//
//   BM_Run/<scenario>/<sampler>   one run per iteration, single thread
//                                 (SimulateRun); runs/s = 1 / time per run;
//                                 tree_nodes = parcels per run (fast sampler).
//   BM_Runs/<scenario>/threads:T  a batch of kBatch runs per iteration through
//                                 SimulateRuns with the OpenMP backend and T
//                                 threads; wall-clock time, runs/s counter.
//
// Runs are taken in index order from run 0 with the scenario's seed, so every
// invocation measures the same runs. Figures and commands: bench/README.md.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "engine/engine.h"
#include "scenario/scenario_yaml.h"

#ifndef NECSIM_BENCH_SCENARIO_DIR
#define NECSIM_BENCH_SCENARIO_DIR "bench/scenarios"
#endif

namespace necsim {
namespace {

struct Loaded {
  Scenario scenario;
  VoterModel model;
};

const Loaded& Load(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Loaded>> cache;
  auto& slot = cache[name];
  if (!slot) {
    const std::string path = std::string(NECSIM_BENCH_SCENARIO_DIR) + "/" + name + ".yaml";
    auto sc = LoadScenarioFile(path);
    if (!sc.ok()) throw std::runtime_error("cannot load " + path);
    slot = std::make_unique<Loaded>();
    slot->scenario = *sc;
    slot->model = VoterModel::Build(slot->scenario);
  }
  return *slot;
}

void BM_Run(benchmark::State& state, const std::string& name, SamplerKind sampler) {
  const Loaded& l = Load(name);
  uint64_t run = 0;
  int64_t ballots = 0;
  int64_t nodes = 0;
  RunWorkspace ws;  // reused from run to run, as each thread of SimulateRuns does
  for (auto _ : state) {
    RunRecord r = SimulateRun(l.scenario, l.model, l.scenario.seed, run++, sampler, &ws);
    ballots += r.ballots;
    nodes += static_cast<int64_t>(ws.ballots.tree.size());
    benchmark::DoNotOptimize(r);
  }
  const double runs = static_cast<double>(run);
  state.counters["runs_per_s"] = benchmark::Counter(runs, benchmark::Counter::kIsRate);
  state.counters["mean_ballots"] = run ? static_cast<double>(ballots) / runs : 0.0;
  // The parcels the last rule set's count drew: the nodes of its ballot tree
  // as it stands at the count's end (fast sampler only; the reference
  // sampler's ballots are not drawn into that tree).
  if (sampler == SamplerKind::kFast) state.counters["tree_nodes"] = run ? static_cast<double>(nodes) / runs : 0.0;
}

constexpr int64_t kBatch = 64;

void BM_Runs(benchmark::State& state, const std::string& name) {
  const Loaded& l = Load(name);
  EngineOptions opt;
  opt.seed = l.scenario.seed;
  opt.threads = static_cast<int>(state.range(0));
  opt.backend = BackendAvailable(Backend::kOpenMp) ? Backend::kOpenMp : Backend::kSerial;
  std::vector<RunRecord> records;
  WorkspacePool pool;  // kept across batches, as Simulate keeps it across blocks
  int64_t begin = 0;
  for (auto _ : state) {
    SimulateRuns(l.scenario, l.model, opt, begin, begin + kBatch, records, &pool);
    begin += kBatch;
    benchmark::DoNotOptimize(records);
  }
  state.counters["runs_per_s"] = benchmark::Counter(static_cast<double>(begin), benchmark::Counter::kIsRate);
}

#define NECSIM_RUN(NAME)                                                                                  \
  BENCHMARK_CAPTURE(BM_Run, NAME##_fast, #NAME, SamplerKind::kFast)->Unit(benchmark::kMicrosecond);     \
  BENCHMARK_CAPTURE(BM_Runs, NAME, #NAME)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond)

NECSIM_RUN(nec9_stv_15k);
NECSIM_RUN(nec9_stv_150k);
NECSIM_RUN(nec9_stv_1500k);
NECSIM_RUN(nec9_block_150k);
// Ten times the electorate of nec9_stv_1500k: where the cost per run levels
// off (the count's tree is saturated), one thread only.
BENCHMARK_CAPTURE(BM_Run, nec9_stv_15m_fast, "nec9_stv_15m", SamplerKind::kFast)->Unit(benchmark::kMicrosecond);

// The reference (per-voter) sampler, for the speed-up of the fast one.
BENCHMARK_CAPTURE(BM_Run, nec9_stv_15k_reference, "nec9_stv_15k", SamplerKind::kReference)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Run, nec9_stv_150k_reference, "nec9_stv_150k", SamplerKind::kReference)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Run, nec9_block_150k_reference, "nec9_block_150k", SamplerKind::kReference)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace necsim

BENCHMARK_MAIN();
