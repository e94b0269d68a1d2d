// Recovery by necsim's fit of parameters it knows: ballots drawn by the
// reference sampler from a two-bloc model (tests/fit_util.h) are fitted
// back, over and over with fixed seeds.
//
// Coverage. Each of R = 100 repetitions gives a 95% interval (estimate +-
// 1.96 SE) for each of 8 values (a share, two affinities, two log stops,
// three effects). A value's coverage count is Binomial(100, 0.95) when the
// errors are right: it falls to 86 or below with probability 4e-4, so each
// value must cover at least 87 times (all 8: false alarm about 0.3%). The
// mean coverage over the 8 values has a standard deviation at most that of
// one value's (2.2 points); it must lie within 0.95 -0.09/+0.04, which also
// catches errors that are too large.
//
// BIC. Of 20 repetitions fitted with K = 1, 2, 3, BIC must pick K = 2 in at
// least 16 ("most"): with these well-separated blocs it picks 2 in nearly
// every repetition, so 16 is a loose bound that still fails if BIC is
// computed wrongly (a K = 1 or K = 3 preference shows in most repetitions).
#include <gtest/gtest.h>

#include <cmath>

#include "fit/pl_fit.h"
#include "tests/fit_util.h"

namespace necsim {
namespace {

using necsim_test::kSlateOf;
using necsim_test::kSlates;
using necsim_test::Simulated;
using necsim_test::Truth;

TEST(FitRecovery, NinetyFivePercentIntervalsCoverAtTheNominalRate) {
  const fit::Params truth = Truth();
  constexpr int kReps = 100;
  std::vector<int> covered(8, 0);
  for (int rep = 0; rep < kReps; ++rep) {
    auto d = fit::FitData::FromElection(Simulated(kSlates, kSlateOf, truth, 4000, 1000 + static_cast<uint64_t>(rep)));
    ASSERT_TRUE(d);
    fit::FitOptions opt;
    opt.K = 2;
    opt.starts = 2;
    opt.seed = static_cast<uint64_t>(rep) + 1;
    auto r = fit::Fit(*d, opt);
    ASSERT_TRUE(r) << r.error().ToString();
    const int swap = r->estimate.share[0] < r->estimate.share[1] ? 1 : 0;
    const fit::Params& e = r->estimate;
    const fit::Params& s = r->se;
    auto cover = [&](int k, double est, double se, double want) {
      ASSERT_TRUE(std::isfinite(se)) << "value " << k << ", repetition " << rep;
      covered[static_cast<size_t>(k)] += std::abs(est - want) <= 1.96 * se;
    };
    cover(0, e.share[swap], s.share[swap], truth.share[0]);
    cover(1, e.affinity[swap * 2 + 1], s.affinity[swap * 2 + 1], truth.affinity[1]);
    cover(2, e.affinity[(1 - swap) * 2 + 1], s.affinity[(1 - swap) * 2 + 1], truth.affinity[3]);
    cover(3, e.log_stop[swap], s.log_stop[swap], truth.log_stop[0]);
    cover(4, e.log_stop[1 - swap], s.log_stop[1 - swap], truth.log_stop[1]);
    cover(5, e.effect[0], s.effect[0], truth.effect[0]);
    cover(6, e.effect[2], s.effect[2], truth.effect[2]);
    cover(7, e.effect[3], s.effect[3], truth.effect[3]);
  }
  double mean = 0;
  for (size_t k = 0; k < covered.size(); ++k) {
    EXPECT_GE(covered[k], 87) << "value " << k << " covered " << covered[k] << " of " << kReps;
    mean += covered[k] / static_cast<double>(kReps * covered.size());
  }
  std::string counts;
  for (int c : covered) counts += std::to_string(c) + " ";
  RecordProperty("covered", counts);
  EXPECT_GT(mean, 0.95 - 0.09) << counts;
  EXPECT_LT(mean, 0.95 + 0.04);
}

TEST(FitRecovery, BicPicksTheTrueNumberOfBlocsInMostRepetitions) {
  const fit::Params truth = Truth();
  int right = 0;
  for (int rep = 0; rep < 20; ++rep) {
    auto d = fit::FitData::FromElection(Simulated(kSlates, kSlateOf, truth, 4000, 5000 + static_cast<uint64_t>(rep)));
    ASSERT_TRUE(d);
    double best = 0;
    int best_k = 0;
    for (int K = 1; K <= 3; ++K) {
      fit::FitOptions opt;
      opt.K = K;
      opt.starts = 2;
      auto r = fit::Fit(*d, opt);
      if (!r) continue;  // a third bloc the data cannot hold: not chosen
      if (best_k == 0 || r->bic < best) best = r->bic, best_k = K;
    }
    right += best_k == 2;
  }
  RecordProperty("bic_right", right);
  EXPECT_GE(right, 16) << "BIC chose K = 2 in " << right << " of 20";
}

}  // namespace
}  // namespace necsim
