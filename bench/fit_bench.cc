// necsim fit's cost: the voter model fitted by maximum likelihood to 10,000
// ballots of 10 candidates drawn from tests/fixtures/fit/three_blocs.yaml
// (three blocs), with K = 3 on one core (the target: under 2 s), and
// the likelihood with its gradient alone. Figures: bench/README.md.
#include <benchmark/benchmark.h>

#include "fit/pl_fit.h"
#include "scenario/scenario_yaml.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"

namespace necsim {
namespace {

const fit::FitData& Data() {
  static const fit::FitData data = [] {
    auto sc = LoadScenarioFile(NECSIM_BENCH_FIT_SCENARIO);
    if (!sc) throw std::runtime_error(sc.error().ToString());
    const VoterModel model = VoterModel::Build(*sc);
    Election e = SampleBallotsReference(SampleRun(*sc, model, sc->seed, 0), sc->seed, 0);
    e.candidates = sc->CountCandidates();
    e.seats = 3;
    return *fit::FitData::FromElection(e);
  }();
  return data;
}

void BM_Fit(benchmark::State& state) {
  const fit::FitData& d = Data();
  fit::FitOptions opt;
  opt.K = static_cast<int>(state.range(0));
  int evaluations = 0;
  for (auto _ : state) {
    auto r = fit::Fit(d, opt);
    if (!r) state.SkipWithError(r.error().message.c_str());
    evaluations = r ? r->evaluations : 0;
    benchmark::DoNotOptimize(r);
  }
  state.counters["rankings"] = static_cast<double>(d.num_rankings());
  state.counters["evaluations"] = evaluations;
}
BENCHMARK(BM_Fit)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_LogLikelihoodAndGradient(benchmark::State& state) {
  const fit::FitData& d = Data();
  fit::Params p;
  p.K = 3;
  p.share = {0.5, 0.3, 0.2};
  p.affinity.assign(3 * d.slates.size(), 0.5);
  p.women.assign(3, 0.0);
  p.log_stop.assign(3, 0.0);
  p.effect.assign(static_cast<size_t>(d.num_candidates), 0.0);
  const fit::Terms t;
  const std::vector<double> x = fit::FreeParams(d, t, p);
  std::vector<double> g;
  for (auto _ : state) benchmark::DoNotOptimize(fit::NegLogLikFree(d, 3, t, x, &g));
  state.counters["rankings"] = static_cast<double>(d.num_rankings());
}
BENCHMARK(BM_LogLikelihoodAndGradient)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace necsim
BENCHMARK_MAIN();
