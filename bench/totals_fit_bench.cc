// necsim fit --totals's cost: the block-vote totals fit (models/fit/
// totals_fit.h) on a contest shaped like the CLP section of September 2018:
// 26 candidates for 9 seats, three blocs aligned with slates of 9, 9 and 1,
// and 7 independents, 163,449 valid ballots. The totals are the model's
// expected totals at fixed parameters, rounded; the 7th to 9th winners'
// totals go unreported (as in 2018). The full FitTotals with default options
// (the deterministic start and 4 random ones, 2,000 draws per interval set),
// its starts on 2 threads (the target: under 60 s on 2 cores).
// Figures: bench/README.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fit/totals_fit.h"

namespace necsim {
namespace {

const fit::TotalsData& Data() {
  static const fit::TotalsData data = [] {
    fit::TotalsData d;
    d.slates = {"Momentum/CLPD/CLGA", "Progress/Labour First", "Open Labour", "independent"};
    const int sizes[] = {9, 9, 1, 7};
    for (int s = 0; s < 4; ++s) {
      for (int k = 0; k < sizes[s]; ++k) {
        d.names.push_back(d.slates[static_cast<size_t>(s)] + " " + std::to_string(k + 1));
        d.group.push_back(s);
      }
    }
    d.seats = 9;
    d.ballots = 163449;
    fit::TotalsParams t;
    t.K = 3;
    t.share = {0.55, 0.35, 0.10};
    // [bloc][slate]: Momentum/CLPD/CLGA, Progress/Labour First, Open Labour, independent.
    t.affinity = {2.5, -1.0, 0.0, 0.0,   //
                  -1.0, 2.5, 0.5, 0.3,   //
                  0.0, 0.5, 2.5, 0.3};
    t.log_stop = -2.0;
    for (int j = 0; j < d.num_candidates(); ++j) t.effect.push_back(0.4 * std::sin(1.7 * j));
    t.ballots = d.ballots;
    d.votes = fit::ExpectedTotals(d, t);
    for (double& v : d.votes) v = std::round(v);
    std::vector<int> order(d.names.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return d.votes[static_cast<size_t>(a)] > d.votes[static_cast<size_t>(b)]; });
    d.elected.assign(d.names.size(), 0);
    for (int k = 0; k < d.seats; ++k) d.elected[static_cast<size_t>(order[static_cast<size_t>(k)])] = 1;
    for (int k = 6; k < 9; ++k) d.votes[static_cast<size_t>(order[static_cast<size_t>(k)])] = std::nan("");
    d.DeriveBounds();
    return d;
  }();
  return data;
}

fit::TotalsPrior Prior() {
  fit::TotalsPrior p;
  p.bloc_names = {"Momentum/CLPD/CLGA", "Progress/Labour First", "Open Labour"};
  p.own_slate = {0, 1, 2};
  return p;
}

// The starts on `threads` threads, each taking the next start.
void ForEach(int threads, int n, const std::function<void(int)>& task) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) task(i);
    });
  }
  for (std::thread& th : pool) th.join();
}

void BM_TotalsFit(benchmark::State& state) {
  const fit::TotalsData& d = Data();
  const fit::TotalsPrior prior = Prior();
  fit::TotalsFitOptions opt;
  const int threads = static_cast<int>(state.range(0));
  opt.for_each = [threads](int n, const std::function<void(int)>& task) { ForEach(threads, n, task); };
  int evaluations = 0, agreeing = 0;
  bool converged = false;
  for (auto _ : state) {
    auto r = fit::FitTotals(d, prior, opt);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    evaluations = r->evaluations;
    agreeing = r->starts_agreeing;
    converged = r->converged;
    benchmark::DoNotOptimize(r);
  }
  state.counters["evaluations"] = evaluations;
  state.counters["starts_agreeing"] = agreeing;
  state.counters["converged"] = converged ? 1 : 0;
}
BENCHMARK(BM_TotalsFit)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// One evaluation of the expected totals (3 blocs' mark probabilities).
void BM_ExpectedTotals(benchmark::State& state) {
  const fit::TotalsData& d = Data();
  fit::TotalsParams t;
  t.K = 3;
  t.share = {0.5, 0.3, 0.2};
  t.affinity.assign(12, 0.5);
  t.log_stop = -1;
  t.effect.assign(d.names.size(), 0.0);
  t.ballots = d.ballots;
  for (auto _ : state) benchmark::DoNotOptimize(fit::ExpectedTotals(d, t));
}
BENCHMARK(BM_ExpectedTotals)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace necsim
BENCHMARK_MAIN();
