// Boundary-review benchmarks: the 650-seat projection of
// scenarios/boundary_2023_review.yaml on both boundary sets (the 2019 result
// and the 2019 notional tables), in-process.
//
//   BM_BoundaryRun                one run per iteration (both sets), one thread
//   BM_Boundary100k/threads:T     100,000 runs through SimulateBoundary
//                                 (OpenMP, T threads), wall clock: the target
//                                 is under 10 s on 2 cores
//   BM_BoundaryDeterministic      the --deterministic projection (both sets)
//
// The tables are read from $NECSIM_DATA_DIR, else ../shared/data/uk-ge
// beside the source tree; without them every benchmark reports an error and
// skips. Figures and commands: bench/README.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "scenario/boundary_yaml.h"

#ifndef NECSIM_BENCH_SOURCE_DIR
#define NECSIM_BENCH_SOURCE_DIR "."
#endif

namespace necsim {
namespace {

struct Loaded {
  BoundaryScenario scenario;
  BoundaryModel model;
  std::string error;
};

const Loaded& Load() {
  static std::unique_ptr<Loaded> l;
  if (!l) {
    l = std::make_unique<Loaded>();
    const char* env = std::getenv("NECSIM_DATA_DIR");
    const std::string data = env && env[0] ? env : std::string(NECSIM_BENCH_SOURCE_DIR) + "/../shared/data/uk-ge";
    auto sc = LoadBoundaryScenarioFile(std::string(NECSIM_BENCH_SOURCE_DIR) + "/scenarios/boundary_2023_review.yaml", data);
    if (!sc.ok()) {
      l->error = sc.error().ToString();
    } else {
      l->scenario = std::move(*sc);
      l->model = BuildBoundaryModel(l->scenario);  // points at l->scenario, which stays put
    }
  }
  return *l;
}

void BM_BoundaryRun(benchmark::State& state) {
  const Loaded& l = Load();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  BoundaryScratch scratch(l.model);
  BoundaryTally tally = BoundaryTally::Empty(l.model);
  uint64_t run = 0;
  for (auto _ : state) SimulateBoundaryRun(l.model, l.scenario.seed, run++, scratch, tally);
  benchmark::DoNotOptimize(tally.runs);
  state.counters["runs_per_s"] = benchmark::Counter(static_cast<double>(run), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BoundaryRun)->Unit(benchmark::kMicrosecond);

void BM_Boundary100k(benchmark::State& state) {
  const Loaded& l = Load();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  BoundaryOptions opt;
  opt.runs = 100'000;
  opt.seed = l.scenario.seed;
  opt.threads = static_cast<int>(state.range(0));
  opt.backend = Backend::kOpenMp;
  for (auto _ : state) {
    BoundaryTally t = SimulateBoundary(l.model, opt);
    benchmark::DoNotOptimize(t.runs);
  }
  state.counters["runs_per_s"] =
      benchmark::Counter(static_cast<double>(opt.runs * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Boundary100k)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_BoundaryDeterministic(benchmark::State& state) {
  const Loaded& l = Load();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(DeterministicSeats(l.model));
}
BENCHMARK(BM_BoundaryDeterministic)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace necsim

BENCHMARK_MAIN();
