// The voter model's fit (models/fit): the likelihood's gradient against
// differences, identification, and recovery of known parameters from ballots
// drawn by the reference sampler (fixed seeds; tolerances from the fit's own
// standard errors).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "fit/pl_fit.h"
#include "tests/fit_util.h"

namespace necsim {
namespace {

using necsim_test::kSlateOf;
using necsim_test::kSlates;
using necsim_test::Simulated;
using necsim_test::Truth;

TEST(FitTest, GradientMatchesDifferencesForEveryTermSet) {
  Election e = Simulated(kSlates, kSlateOf, Truth(), 2000, 3);
  for (size_t j = 0; j < e.candidates.size(); ++j) e.candidates[j].gender = j % 2 ? Gender::kMan : Gender::kWoman;
  auto d = fit::FitData::FromElection(e);
  ASSERT_TRUE(d) << d.error().ToString();
  for (int mask = 1; mask < 8; ++mask) {
    fit::Terms t;
    t.slate = mask & 1;
    t.gender = mask & 2;
    t.profile = mask & 4;
    fit::Params p = Truth();
    p.affinity[1] = -0.7;
    p.share = {0.3, 0.7};
    p.women = {0.4, -0.2};
    std::vector<double> x = fit::FreeParams(*d, t, p);
    ASSERT_EQ(static_cast<int>(x.size()), fit::NumFreeParams(*d, 2, t));
    std::vector<double> g;
    fit::NegLogLikFree(*d, 2, t, x, &g);
    ASSERT_EQ(g.size(), x.size());
    for (size_t k = 0; k < x.size(); ++k) {
      const double h = 1e-6;
      std::vector<double> xp = x, xm = x;
      xp[k] += h;
      xm[k] -= h;
      const double num =
          (fit::NegLogLikFree(*d, 2, t, xp, nullptr) - fit::NegLogLikFree(*d, 2, t, xm, nullptr)) / (2 * h);
      EXPECT_NEAR(g[k], num, 1e-6 * std::max(1.0, std::abs(num))) << "terms " << mask << ", parameter " << k;
    }
  }
}

TEST(FitTest, LogLikelihoodOfOneBallotByHand) {
  // Two candidates, one bloc, weights e^0.5 and e^-0.5, stop 1: the ballot
  // "2" has P = w2 / (w1 + w2) * s / (s + w1).
  Election e;
  e.candidates.resize(2);
  e.candidates[0].name = "A";
  e.candidates[1].name = "B";
  e.ballots.push_back({3, {1}});
  auto d = fit::FitData::FromElection(e);
  ASSERT_TRUE(d);
  fit::Params p;
  p.K = 1;
  p.share = {1.0};
  p.affinity = {0.0};
  p.women = {0.0};
  p.log_stop = {0.0};
  p.effect = {0.5, -0.5};
  const double w1 = std::exp(0.5), w2 = std::exp(-0.5);
  const double expected = 3 * std::log(w2 / (w1 + w2) * 1.0 / (1.0 + w1));
  EXPECT_NEAR(fit::LogLikelihood(*d, p, fit::Terms{}), expected, 1e-12);
}

TEST(FitTest, RecoversKnownParametersWithinTheirErrors) {
  const fit::Params truth = Truth();
  auto d = fit::FitData::FromElection(Simulated(kSlates, kSlateOf, truth, 20000, 7));
  ASSERT_TRUE(d);
  fit::FitOptions opt;
  opt.K = 2;
  auto r = fit::Fit(*d, opt);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->converged) << r->message;
  // Blocs come out in either order: match by share.
  const int swap = r->estimate.share[0] < r->estimate.share[1] ? 1 : 0;
  // 4 standard errors each: a false alarm about once in 16,000 per value.
  auto near = [&](double est, double se, double want, const char* what) {
    ASSERT_TRUE(std::isfinite(se)) << what;
    EXPECT_LT(std::abs(est - want), 4 * se + 1e-9) << what << ": " << est << " +- " << se << ", truth " << want;
  };
  for (int b = 0; b < 2; ++b) {
    const int fb = b ^ swap;
    near(r->estimate.share[fb], r->se.share[fb], truth.share[b], "share");
    near(r->estimate.affinity[fb * 2 + 1], r->se.affinity[fb * 2 + 1], truth.affinity[b * 2 + 1], "affinity");
    near(r->estimate.log_stop[fb], r->se.log_stop[fb], truth.log_stop[b], "log stop");
  }
  for (int j = 0; j < 5; ++j) near(r->estimate.effect[j], r->se.effect[j], truth.effect[j], "effect");
  EXPECT_NEAR(r->estimate.effect[0] + r->estimate.effect[1] + r->estimate.effect[2], 0.0, 1e-12);
}

TEST(FitTest, RefusesMoreBlocsThanTheRankingsSupport) {
  Election e;
  e.candidates.resize(3);
  for (int j = 0; j < 3; ++j) e.candidates[j].name = std::string(1, static_cast<char>('A' + j));
  e.ballots = {{5, {0, 1}}, {4, {1}}, {3, {2, 0}}};
  auto d = fit::FitData::FromElection(e);
  ASSERT_TRUE(d);
  fit::FitOptions opt;
  opt.K = 3;
  auto r = fit::Fit(*d, opt);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().ToString().find("distinct rankings"), std::string::npos) << r.error().ToString();
}

TEST(FitTest, RefusesOneCandidate) {
  Election e;
  e.candidates.resize(1);
  e.candidates[0].name = "A";
  e.ballots = {{5, {0}}};
  EXPECT_FALSE(fit::FitData::FromElection(e));
}

}  // namespace
}  // namespace necsim
