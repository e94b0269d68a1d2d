// The sampler's lane kernels (models/voters/lane_kernels.h) alone, plain against
// AVX-512: the block vote's marks for a node of 4,096 ballots, and 4,096
// categorical draws, on a cell shaped like the benchmark scenarios' (30
// candidates: 9 of the bloc's slate at weight 20, 9 of the other at 0.37, 12
// independents at 1; stop for about 7 marks a ballot).
//
//   build-perf/bench/lane_bench
//
// Counters: ns per draw (marks: per lane step, counted by the plain kernel's
// schedule, which both kernels follow).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "voters/lane_kernels.h"

namespace necsim {
namespace {

// The slate-voting cell described above.
MarksCellTables BenchCell() {
  std::vector<double> weight;
  for (int c = 0; c < 30; ++c) weight.push_back(c < 9 ? 20.0 : c < 18 ? 0.37 : 1.0);
  return MarksCellTables(std::move(weight), 4.0);
}

void BM_Marks(benchmark::State& state) {
  const auto kernel = static_cast<LaneKernel>(state.range(0));
  const MarksCellTables cell = BenchCell();
  if (!LaneKernelAvailable(kernel, cell.view)) {
    state.SkipWithError("this kernel cannot run on this processor");
    return;
  }
  MarksNode node;
  node.path = 1;  // the first preference: a slate candidate
  node.ballots = 4096;
  node.limit = 8;
  for (int c = 1; c < cell.view.num_candidates; ++c) node.base += cell.weight[c];
  std::vector<int64_t> marks(64, 0);
  uint64_t seed = 1;
  int64_t total_marks = 0;
  for (auto _ : state) {
    node.seed = seed++;
    DrawNodeMarks(cell.view, node, marks.data(), kernel);
  }
  for (int64_t m : marks) total_marks += m;
  state.SetItemsProcessed(state.iterations() * node.ballots);
  state.counters["marks_per_ballot"] =
      static_cast<double>(total_marks) / static_cast<double>(state.iterations() * node.ballots);
}
BENCHMARK(BM_Marks)->Arg(static_cast<int>(LaneKernel::kPlain))->Arg(static_cast<int>(LaneKernel::kAvx512));

void BM_Categorical(benchmark::State& state) {
  const auto kernel = static_cast<LaneKernel>(state.range(0));
  // 21 categories (20 continuing candidates and stop), masses as above.
  std::vector<double> p;
  for (int c = 0; c < 21; ++c) p.push_back(c < 6 ? 20.0 : c < 20 ? 1.0 : 4.0);
  std::vector<double> cdf(p.size());
  std::vector<int32_t> guide(GuideTableEntries(21));
  const CategoricalTable t = BuildGuideTable(p.data(), 21, cdf.data(), guide.data());
  if (!LaneKernelAvailable(kernel, t)) {
    state.SkipWithError("this kernel cannot run on this processor");
    return;
  }
  std::vector<int64_t> counts(21, 0);
  uint64_t seed = 1;
  for (auto _ : state) DrawCategorical(t, seed++, 4096, counts.data(), kernel);
  benchmark::DoNotOptimize(counts.data());
  state.SetItemsProcessed(state.iterations() * 4096);
}
BENCHMARK(BM_Categorical)->Arg(static_cast<int>(LaneKernel::kPlain))->Arg(static_cast<int>(LaneKernel::kAvx512));

}  // namespace
}  // namespace necsim

BENCHMARK_MAIN();
