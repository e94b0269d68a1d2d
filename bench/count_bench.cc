// Counting-engine benchmarks: a 10-seat, 30-candidate STV election with
// 1,000,000 generated ballots, counted under every rule.
//
// Ballots are drawn once (fixed seed) from a Plackett-Luce model: three blocs
// with different slate affinities, candidate weights exp(utility), and a stop
// probability of 0.2 after each preference (mean ballot length about 5), the
// shape of a real party election. The same ballots feed every rule.
//
// BM_CountCapped: a count under many constraint groups (issue 18): 200
// candidates, 40 seats, 20 regions of 10 candidates each with at most 2 (or
// 3) elected from each region, 1,000 ballots (Plackett-Luce as above, two
// blocs favouring different regions); optionally also at least 20 women (5
// in each region), which crosses the regions: two laminar families.
#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <memory>

#include "ballots/blt.h"
#include "blt_gen.h"
#include "counting/count.h"

namespace necsim {
namespace {

constexpr int kCandidates = 30;
constexpr int kSeats = 10;

// One ballot: a Plackett-Luce ranking of every candidate by `weight`, cut
// after each preference with probability 0.2 (DrawRanking, blt_gen.h).
// `left` is scratch.
Ballot DrawBallot(const std::vector<double>& weight, Stream& rng, std::vector<int>& left) {
  Ballot ballot;
  DrawRanking(weight, 0.2, rng, left, ballot.prefs);
  return ballot;
}

Election MakeElection(int64_t voters) {
  Election e;
  e.seats = kSeats;
  for (int c = 0; c < kCandidates; ++c) {
    Candidate cand;
    cand.name = "Candidate " + std::to_string(c + 1);
    cand.gender = c % 2 ? Gender::kMan : Gender::kWoman;
    e.candidates.push_back(cand);
  }
  Stream rng(12345, 0, StreamPurpose::kTest);
  // Bloc b favours slate b (candidates c with c % 3 == b).
  std::vector<std::vector<double>> weight(3, std::vector<double>(kCandidates));
  for (int b = 0; b < 3; ++b) {
    for (int c = 0; c < kCandidates; ++c) {
      const double profile = 1.0 + 0.05 * ((c * 7) % 11);
      weight[b][c] = std::exp((c % 3 == b ? 2.0 : 0.0)) * profile;
    }
  }
  e.ballots.reserve(static_cast<size_t>(voters));
  std::vector<int> left;
  for (int64_t v = 0; v < voters; ++v) {
    const double u = rng.Uniform();
    const int b = u < 0.45 ? 0 : (u < 0.85 ? 1 : 2);
    e.ballots.push_back(DrawBallot(weight[b], rng, left));
  }
  return e;
}

const Election& Ballots(int64_t voters) {
  static std::map<int64_t, std::unique_ptr<Election>> cache;
  auto& slot = cache[voters];
  if (!slot) slot = std::make_unique<Election>(MakeElection(voters));
  return *slot;
}

// Counting from an already built ballot tree (what the Monte Carlo engine does).
void BM_Count(benchmark::State& state, Rule rule, int64_t voters) {
  const Election& e = Ballots(voters);
  BallotTree tree = BallotTree::FromElection(e);
  CountOptions opt;
  opt.seats = kSeats;
  opt.record_stages = false;
  for (auto _ : state) {
    Stream lots(1, 0, StreamPurpose::kLots);
    auto r = Count(rule, tree, e.candidates, opt, lots);
    benchmark::DoNotOptimize(r);
  }
  state.counters["ballots"] = static_cast<double>(voters);
  state.counters["tree_nodes"] = static_cast<double>(tree.size());
}

// Reading ballots into the prefix tree plus counting (a BLT count end to end,
// minus file parsing).
void BM_BuildAndCount(benchmark::State& state, Rule rule, int64_t voters) {
  const Election& e = Ballots(voters);
  CountOptions opt;
  opt.seats = kSeats;
  opt.record_stages = false;
  for (auto _ : state) {
    Stream lots(1, 0, StreamPurpose::kLots);
    auto r = CountElection(rule, e, opt, lots);
    benchmark::DoNotOptimize(r);
  }
}

// A BLT count end to end, minus the file system: ParseBlt of a generated file
// of `distinct` different rankings (bench/blt_gen.h: 30 candidates, 10 seats,
// weight 1 each, mean length about 15.7), then the count.
const std::string& GeneratedText(int64_t distinct) {
  static std::map<int64_t, std::string> texts;
  std::string& text = texts[distinct];
  if (text.empty()) text = GenerateBlt(distinct, kCandidates, kSeats);
  return text;
}

// As `necsim count` reads and counts a file: ParseBltFlat, the tree adopting
// its flat ballots (BallotTree::FromFlat), the count.
void BM_ReadAndCount(benchmark::State& state, Rule rule, int64_t distinct) {
  const std::string& text = GeneratedText(distinct);
  CountOptions opt;
  opt.seats = kSeats;
  opt.record_stages = false;
  for (auto _ : state) {
    auto e = ParseBltFlat(text, "generated.blt");
    if (!e) state.SkipWithError(e.error().ToString().c_str());
    Stream lots(1, 0, StreamPurpose::kLots);
    BallotTree tree = BallotTree::FromFlat(e->election.num_candidates(), std::move(e->ballots));
    opt.tie_order = e->election.tie_order;
    auto r = Count(rule, tree, e->election.candidates, opt, lots);
    benchmark::DoNotOptimize(r);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
}

// ParseBlt alone (the ballots as vectors), on the same text.
void BM_Read(benchmark::State& state, int64_t distinct) {
  const std::string& text = GeneratedText(distinct);
  for (auto _ : state) {
    auto e = ParseBlt(text, "generated.blt");
    benchmark::DoNotOptimize(e);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
}

// ParseBltFlat alone (the ballots flat, as necsim count reads them).
void BM_ReadFlat(benchmark::State& state, int64_t distinct) {
  const std::string& text = GeneratedText(distinct);
  for (auto _ : state) {
    auto e = ParseBltFlat(text, "generated.blt");
    benchmark::DoNotOptimize(e);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
}

constexpr int kCappedCandidates = 200;
constexpr int kCappedSeats = 40;
constexpr int kRegions = 20;

Election MakeCappedElection() {
  Election e;
  e.seats = kCappedSeats;
  for (int c = 0; c < kCappedCandidates; ++c) {
    Candidate cand;
    cand.name = "Candidate " + std::to_string(c + 1);
    cand.gender = (c / kRegions) % 2 ? Gender::kMan : Gender::kWoman;
    e.candidates.push_back(cand);
  }
  Stream rng(4242, 0, StreamPurpose::kTest);
  // Bloc b favours the regions r with r % 4 == b (region of c: c % 20).
  std::vector<std::vector<double>> weight(2, std::vector<double>(kCappedCandidates));
  for (int b = 0; b < 2; ++b) {
    for (int c = 0; c < kCappedCandidates; ++c) {
      weight[b][c] = std::exp((c % kRegions) % 4 == b ? 2.0 : 0.0) * (1.0 + 0.1 * ((c * 7) % 13));
    }
  }
  std::vector<int> left;
  for (int v = 0; v < 1000; ++v) {
    const int b = rng.Uniform() < 0.55 ? 0 : 1;
    e.ballots.push_back(DrawBallot(weight[b], rng, left));
  }
  return e;
}

// At most `cap` elected from each region.
Constraints RegionCaps(int cap) {
  Constraints k;
  for (int r = 0; r < kRegions; ++r) {
    ConstraintGroup g;
    g.name = "region " + std::to_string(r + 1);
    for (int c = r; c < kCappedCandidates; c += kRegions) g.members.push_back(c);
    g.max = cap;
    k.groups.push_back(g);
  }
  return k;
}

void BM_CountCapped(benchmark::State& state, Rule rule) {
  static const Election e = MakeCappedElection();
  BallotTree tree = BallotTree::FromElection(e);
  CountOptions opt;
  opt.seats = kCappedSeats;
  opt.constraints = RegionCaps(static_cast<int>(state.range(0)));
  if (state.range(1)) opt.constraints.groups.push_back(WomenGroup(e.candidates, WomenMinimum(kCappedSeats)));
  opt.record_stages = false;
  for (auto _ : state) {
    Stream lots(1, 0, StreamPurpose::kLots);
    auto r = Count(rule, tree, e.candidates, opt, lots);
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
}

void BM_BuildTree(benchmark::State& state) {
  const Election& e = Ballots(1'000'000);
  for (auto _ : state) {
    BallotTree tree = BallotTree::FromElection(e);
    benchmark::DoNotOptimize(tree);
  }
}

BENCHMARK(BM_BuildTree)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Count, scottish_1M, Rule::kScottish, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Count, ers97_1M, Rule::kErs97, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Count, meek_1M, Rule::kMeek, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Count, wigm_1M, Rule::kWigm, 1'000'000)->Unit(benchmark::kMillisecond);
// Exact rationals: denominators grow with every transfer, so wigm is also
// measured on 100,000 ballots.
BENCHMARK_CAPTURE(BM_Count, wigm_100k, Rule::kWigm, 100'000)->Unit(benchmark::kMillisecond);
// Warren (exact rationals) is not benchmarked: its keep values' denominators
// multiply at every iteration, and on this 30-candidate, 10-seat shape even
// 100 ballots take more than a minute (see bench/README.md).
BENCHMARK_CAPTURE(BM_Count, block_1M, Rule::kBlock, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Count, fptp_1M, Rule::kFptp, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildAndCount, scottish_1M, Rule::kScottish, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BuildAndCount, ers97_1M, Rule::kErs97, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Read, 1M_distinct, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReadFlat, 1M_distinct, 1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReadAndCount, scottish_100k_distinct, Rule::kScottish, 100'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReadAndCount, scottish_1M_distinct, Rule::kScottish, 1'000'000)->Unit(benchmark::kMillisecond);
// Args: the cap per region (2 bites hard: 20 regions x 2 = the 40 seats), and
// 1 for the women's minimum as well.
BENCHMARK_CAPTURE(BM_CountCapped, ers97_200c_40s, Rule::kErs97)
    ->Args({2, 0})->Args({3, 0})->Args({2, 1})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CountCapped, meek_200c_40s, Rule::kMeek)
    ->Args({2, 0})->Args({3, 0})->Args({2, 1})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace necsim

BENCHMARK_MAIN();
