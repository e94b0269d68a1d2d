// Boundary-review benchmarks: the 650-seat projection of
// scenarios/boundary_2023_review.yaml on both boundary sets (the 2019 result
// and the 2019 notional tables), in-process.
//
//   BM_BoundaryRun                one run per iteration (both sets), one thread
//   BM_Boundary100k/threads:T     100,000 runs through SimulateBoundary
//                                 (OpenMP, T threads), wall clock: the target
//                                 is under 10 s on 2 cores
//   BM_BoundaryDeterministic      the --deterministic projection (both sets)
//   BM_BoundaryRunModel/M         one run under swing model M (0 uniform, 1
//                                 proportional, 2 transition, 3 strong, 4
//                                 mixture, 5 strong + tactical), one thread
//   BM_Boundary100kStrong/threads:T  100,000 runs under the strong model
//
// The tables are read from $NECSIM_DATA_DIR, else ../shared/data/uk-ge
// beside the source tree; without them every benchmark reports an error and
// skips. Figures and commands: bench/README.md.
#include <benchmark/benchmark.h>

#include <algorithm>
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

// 100,000 runs of `model` through SimulateBoundary on state.range(0) threads.
void Run100k(benchmark::State& state, const BoundaryModel& model, uint64_t seed) {
  BoundaryOptions opt;
  opt.runs = 100'000;
  opt.seed = seed;
  opt.threads = static_cast<int>(state.range(0));
  opt.backend = Backend::kOpenMp;
  for (auto _ : state) {
    BoundaryTally t = SimulateBoundary(model, opt);
    benchmark::DoNotOptimize(t.runs);
  }
  state.counters["runs_per_s"] =
      benchmark::Counter(static_cast<double>(opt.runs * state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Boundary100k(benchmark::State& state) {
  const Loaded& l = Load();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  Run100k(state, l.model, l.scenario.seed);
}
BENCHMARK(BM_Boundary100k)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// The review scenario under another swing model: a central swing shaped like
// 2024 on 2019 votes (con -20, lab +2, brexit +12, green +4), so the
// transition models have losers and gainers; case 5 adds a tactical term (a
// fifth of Lib Dem and Green votes to the Conservatives' challenger).
struct ModelCase {
  BoundaryScenario scenario;
  BoundaryModel model;
};

const ModelCase& Case(int which) {
  static std::unique_ptr<ModelCase> cases[6];
  auto& c = cases[which];
  if (!c) {
    c = std::make_unique<ModelCase>();
    c->scenario = Load().scenario;
    SwingSpec& sw = c->scenario.swing;
    const SwingModel models[6] = {SwingModel::kUniform, SwingModel::kProportional, SwingModel::kTransition,
                                  SwingModel::kStrong, SwingModel::kMixture, SwingModel::kStrong};
    sw.model = models[which];
    const auto& parties = c->scenario.parties;
    auto at = [&](const char* p) {
      return static_cast<size_t>(std::find(parties.begin(), parties.end(), p) - parties.begin());
    };
    sw.change[at("con")] = -0.20;
    sw.change[at("lab")] = 0.02;
    sw.change[at("brexit")] = 0.12;
    sw.change[at("green")] = 0.04;
    if (which == 5) {
      TacticalTerm t;
      t.against = static_cast<int>(at("con"));
      t.from.assign(parties.size(), 0);
      t.from[at("ld")] = t.from[at("green")] = 1;
      t.rate.assign(c->scenario.regions.size(), 0.2);
      sw.tactical.push_back(t);
    }
    c->model = BuildBoundaryModel(c->scenario);
  }
  return *c;
}

void BM_BoundaryRunModel(benchmark::State& state) {
  const Loaded& l = Load();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  const ModelCase& c = Case(static_cast<int>(state.range(0)));
  BoundaryScratch scratch(c.model);
  BoundaryTally tally = BoundaryTally::Empty(c.model);
  uint64_t run = 0;
  for (auto _ : state) SimulateBoundaryRun(c.model, c.scenario.seed, run++, scratch, tally);
  benchmark::DoNotOptimize(tally.runs);
  state.counters["runs_per_s"] = benchmark::Counter(static_cast<double>(run), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BoundaryRunModel)->ArgName("model")->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

void BM_Boundary100kStrong(benchmark::State& state) {
  const Loaded& l = Load();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  const ModelCase& c = Case(3);
  Run100k(state, c.model, c.scenario.seed);
}
BENCHMARK(BM_Boundary100kStrong)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

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
