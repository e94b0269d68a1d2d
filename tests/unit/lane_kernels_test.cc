// The sampler's lane kernels (models/voters/lane_kernels.h): the AVX-512 kernels give
// exactly the plain kernels' results, and both draw from the right law.
//
// Law tests: mark counts per candidate against the exact inclusion
// probabilities of Plackett-Luce with stop (enumerated), and categorical
// counts against their masses, as z-scores of binomial counts. Each check has
// a two-sided false-alarm rate of 6.8e-6 (|z| > 4.5); with about 70 checks in
// all, about 5e-4 for the whole file. Seeds are fixed, so a pass is
// reproducible.
#include "voters/lane_kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace necsim {
namespace {

using Cell = MarksCellTables;

MarksNode Node(const Cell& cell, uint64_t seed, uint64_t path, int64_t ballots, int limit) {
  MarksNode n;
  n.seed = seed;
  n.path = path;
  n.ballots = ballots;
  n.limit = limit;
  for (int c = 0; c < cell.view.num_candidates; ++c) {
    if (!(path >> c & 1)) n.base += cell.weight[c];
  }
  return n;
}

std::vector<int64_t> Marks(const Cell& cell, const MarksNode& node, LaneKernel kernel) {
  std::vector<int64_t> marks(64, 0);
  DrawNodeMarks(cell.view, node, marks.data(), kernel);
  return marks;
}

TEST(LaneKernelTest, Avx512GivesThePlainKernelsMarks) {
  std::mt19937_64 gen(20261123);
  std::lognormal_distribution<double> lw(0.0, 1.5);
  int compared = 0;
  for (int C : {1, 2, 3, 5, 8, 15, 16, 20, 30, 31}) {
    for (int trial = 0; trial < 12; ++trial) {
      std::vector<double> w(static_cast<size_t>(C));
      for (double& x : w) x = lw(gen);
      if (C > 2 && trial % 3 == 1) w[gen() % C] = 0.0;  // a zero-weight candidate
      if (trial % 4 == 3) std::fill(w.begin(), w.begin() + C / 2, 40.0);  // heavy leaders: deep ballots reach the tail
      const double stop = trial % 5 == 2 ? 0.0 : lw(gen) * (trial % 2 == 0 ? 1.0 : 0.1);
      const Cell cell(w, stop);
      if (!LaneKernelAvailable(LaneKernel::kAvx512, cell.view)) {
        GTEST_SKIP() << "this processor has no AVX-512 (F, DQ, BW, VL): only the plain kernel runs here";
      }
      uint64_t path = 0;
      for (int c = 0; c < C - 1; ++c) {
        if (gen() % 4 == 0) path |= uint64_t{1} << c;
      }
      int positive_left = 0;
      for (int c = 0; c < C; ++c) positive_left += !(path >> c & 1) && w[c] > 0;
      if (positive_left == 0) continue;
      const int limit = 1 + static_cast<int>(gen() % static_cast<uint64_t>(std::min(positive_left, 9)));
      for (int64_t ballots : {1, 7, 8, 9, 63, 250, 1001}) {
        const MarksNode node = Node(cell, gen(), path, ballots, limit);
        const auto plain = Marks(cell, node, LaneKernel::kPlain);
        const auto simd = Marks(cell, node, LaneKernel::kAvx512);
        ASSERT_EQ(plain, simd) << "C=" << C << " trial " << trial << " ballots " << ballots << " limit " << limit;
        int64_t total = 0;
        for (int c = 0; c < 64; ++c) {
          total += plain[c];
          if (c >= C || (path >> c & 1)) {
            EXPECT_EQ(plain[c], 0) << "a mark on candidate " << c << " (on the path or past C)";
          }
          EXPECT_LE(plain[c], ballots);
        }
        EXPECT_LE(total, ballots * limit);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 400);
}

TEST(LaneKernelTest, BestIsOneOfTheTwo) {
  const Cell cell({3.0, 1.0, 0.5, 2.0}, 0.7);
  const MarksNode node = Node(cell, 99, 0b0100, 500, 2);
  EXPECT_EQ(Marks(cell, node, LaneKernel::kBest), Marks(cell, node, LaneKernel::kPlain));
  // More candidates than the AVX-512 kernel's 32 columns: the plain kernel.
  std::vector<double> w(40, 1.0);
  w[3] = 5.0;
  const Cell wide(w, 2.0);
  EXPECT_FALSE(LaneKernelAvailable(LaneKernel::kAvx512, wide.view));
  const MarksNode wide_node = Node(wide, 7, 0, 300, 5);
  EXPECT_EQ(Marks(wide, wide_node, LaneKernel::kBest), Marks(wide, wide_node, LaneKernel::kPlain));
}

// Exact P(candidate c is marked) for ballots that start after `path`: the
// next preference among the untaken candidates and stop in proportion to
// their weights, until stop or `limit` marks.
void Inclusion(const std::vector<double>& w, double stop, uint64_t taken, int left, double prob,
               std::vector<double>& p) {
  if (left == 0) return;
  double mass = stop;
  for (size_t c = 0; c < w.size(); ++c) {
    if (!(taken >> c & 1)) mass += w[c];
  }
  for (size_t c = 0; c < w.size(); ++c) {
    if ((taken >> c & 1) || w[c] <= 0) continue;
    const double q = prob * w[c] / mass;
    p[c] += q;
    Inclusion(w, stop, taken | uint64_t{1} << c, left - 1, q, p);
  }
}

TEST(LaneKernelTest, MarksFollowThePlackettLuceLaw) {
  struct Case {
    std::vector<double> w;
    double stop;
    uint64_t path;
    int limit;
  };
  const std::vector<Case> cases = {
      {{4.0, 2.0, 1.0, 0.5, 0.25}, 1.0, 0, 3},
      {{4.0, 2.0, 1.0, 0.5, 0.25}, 0.3, 0b00010, 4},
      // One heavy candidate on the path: the untaken weight is below a
      // sixteenth of the cell's from the start, so the inversion tail draws.
      {{200.0, 1.0, 2.0, 0.0, 3.0}, 0.5, 0b00001, 3},
      // No stop: every ballot marks `limit` candidates.
      {{1.0, 1.0, 3.0, 0.7}, 0.0, 0, 2},
  };
  const int64_t kBallots = 40000;
  for (LaneKernel kernel : {LaneKernel::kPlain, LaneKernel::kBest}) {
    for (size_t i = 0; i < cases.size(); ++i) {
      const Case& cs = cases[i];
      const Cell cell(cs.w, cs.stop);
      std::vector<double> p(cs.w.size(), 0.0);
      Inclusion(cs.w, cs.stop, cs.path, cs.limit, 1.0, p);
      std::vector<int64_t> marks(64, 0);
      // In nodes of 1,000 ballots with unrelated seeds, as the engine draws them.
      for (int64_t done = 0; done < kBallots; done += 1000) {
        const MarksNode node = Node(cell, 0x5EED0000ULL + static_cast<uint64_t>(i * 1000003 + done), cs.path, 1000, cs.limit);
        DrawNodeMarks(cell.view, node, marks.data(), kernel);
      }
      for (size_t c = 0; c < cs.w.size(); ++c) {
        const double expected = kBallots * p[c];
        if (p[c] == 0.0) {
          EXPECT_EQ(marks[c], 0) << "case " << i << " candidate " << c;
          continue;
        }
        const double sd = std::sqrt(kBallots * p[c] * (1 - p[c]));
        const double z = sd > 0 ? (static_cast<double>(marks[c]) - expected) / sd : 0.0;
        EXPECT_LT(std::fabs(z), 4.5) << "case " << i << " candidate " << c << ": " << marks[c] << " marks, expected "
                                     << expected;
      }
    }
  }
}

// A guide table as the sampler builds it (BuildGuideTable), with its storage.
struct Guide {
  std::vector<double> cdf;
  std::vector<int32_t> guide;
  CategoricalTable view;

  explicit Guide(const std::vector<double>& p)
      : cdf(p.size()), guide(GuideTableEntries(static_cast<int>(p.size()))),
        view(BuildGuideTable(p.data(), static_cast<int>(p.size()), cdf.data(), guide.data())) {}
};

std::vector<int64_t> Categorical(const Guide& g, uint64_t seed, int64_t n, LaneKernel kernel) {
  std::vector<int64_t> counts(g.cdf.size(), 0);
  DrawCategorical(g.view, seed, n, counts.data(), kernel);
  return counts;
}

TEST(LaneKernelTest, CategoricalAvx512GivesThePlainKernelsCounts) {
  std::mt19937_64 gen(7);
  std::lognormal_distribution<double> lw(0.0, 1.5);
  int compared = 0;
  for (int k : {1, 2, 3, 7, 8, 9, 16, 17, 25, 31, 32}) {
    for (int trial = 0; trial < 6; ++trial) {
      std::vector<double> p(static_cast<size_t>(k));
      for (double& x : p) x = lw(gen);
      if (k > 2 && trial % 2 == 1) p[gen() % k] = 0.0;  // a category of no mass
      if (k > 1 && trial == 4) p.back() = 0.0;          // the last one empty
      const Guide g(p);
      if (!LaneKernelAvailable(LaneKernel::kAvx512, g.view)) {
        GTEST_SKIP() << "this processor has no AVX-512 (F, DQ, BW, VL): only the plain kernel runs here";
      }
      // The same masses without a guide, as the sampler builds them for the
      // AVX-512 kernel (BuildCdfTable): the plain kernel then builds its own.
      std::vector<double> bare_cdf(p.size());
      const CategoricalTable bare = BuildCdfTable(p.data(), k, bare_cdf.data());
      ASSERT_EQ(bare.guide, nullptr);
      EXPECT_TRUE(CategoricalReadsGuide(bare, LaneKernel::kPlain));
      EXPECT_FALSE(CategoricalReadsGuide(bare, LaneKernel::kAvx512));
      EXPECT_FALSE(CategoricalReadsGuide(bare));
      auto draw_bare = [&](uint64_t seed, int64_t n, LaneKernel kernel) {
        std::vector<int64_t> counts(p.size(), 0);
        DrawCategorical(bare, seed, n, counts.data(), kernel);
        return counts;
      };
      // 4,000 draws pass the byte counters' widening (every 255 steps).
      for (int64_t n : {1, 5, 8, 9, 100, 4000}) {
        const uint64_t seed = gen();
        const auto plain = Categorical(g, seed, n, LaneKernel::kPlain);
        const auto simd = Categorical(g, seed, n, LaneKernel::kAvx512);
        ASSERT_EQ(plain, simd) << "k=" << k << " trial " << trial << " n " << n;
        ASSERT_EQ(plain, draw_bare(seed, n, LaneKernel::kPlain)) << "k=" << k << " trial " << trial << " n " << n;
        ASSERT_EQ(plain, draw_bare(seed, n, LaneKernel::kAvx512)) << "k=" << k << " trial " << trial << " n " << n;
        int64_t total = 0;
        for (int c = 0; c < k; ++c) {
          total += plain[c];
          if (p[c] == 0.0) {
            EXPECT_EQ(plain[c], 0) << "a draw of category " << c << ", which has no mass";
          }
        }
        EXPECT_EQ(total, n);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 11 * 6 * 6);
}

// More categories than the AVX-512 kernel's 32: the plain kernel, which reads
// a guide, and builds one for a table without.
TEST(LaneKernelTest, CategoricalPlainFallbackForManyCategories) {
  std::vector<double> p(40, 1.0);
  p[5] = 9.0, p[39] = 0.0;
  const Guide g(p);
  std::vector<double> bare_cdf(p.size());
  const CategoricalTable bare = BuildCdfTable(p.data(), 40, bare_cdf.data());
  EXPECT_FALSE(LaneKernelAvailable(LaneKernel::kAvx512, bare));
  EXPECT_TRUE(CategoricalReadsGuide(bare));
  const auto with_guide = Categorical(g, 11, 3000, LaneKernel::kBest);
  std::vector<int64_t> without(p.size(), 0);
  DrawCategorical(bare, 11, 3000, without.data());
  EXPECT_EQ(with_guide, without);
  EXPECT_EQ(with_guide[39], 0);
  EXPECT_GT(with_guide[5], with_guide[4]);
}

TEST(LaneKernelTest, CategoricalCountsFollowTheMasses) {
  const std::vector<std::vector<double>> cases = {
      {0.5, 0.25, 0.125, 0.125},
      {3.0, 0.0, 1.0, 7.5, 0.2, 0.01, 2.0, 1.0, 1.0, 0.3, 4.0, 0.9, 0.05, 1.5, 2.5, 0.7, 0.1, 0.6, 1.2, 3.3},
  };
  const int64_t kDraws = 200000;
  for (LaneKernel kernel : {LaneKernel::kPlain, LaneKernel::kBest}) {
    for (size_t i = 0; i < cases.size(); ++i) {
      const Guide g(cases[i]);
      double total = 0;
      for (double x : cases[i]) total += x;
      std::vector<int64_t> counts(cases[i].size(), 0);
      // In calls of 1,000 draws with unrelated seeds, as the sampler makes them.
      for (int64_t done = 0; done < kDraws; done += 1000) {
        DrawCategorical(g.view, 0xCA7ULL * 1000003 + static_cast<uint64_t>(i * 7919 + done), 1000, counts.data(),
                        kernel);
      }
      for (size_t c = 0; c < cases[i].size(); ++c) {
        const double q = cases[i][c] / total;
        if (q == 0.0) {
          EXPECT_EQ(counts[c], 0) << "case " << i << " category " << c;
          continue;
        }
        const double z = (static_cast<double>(counts[c]) - kDraws * q) / std::sqrt(kDraws * q * (1 - q));
        EXPECT_LT(std::fabs(z), 4.5) << "case " << i << " category " << c << ": " << counts[c] << " draws, expected "
                                     << kDraws * q;
      }
    }
  }
}

}  // namespace
}  // namespace necsim
