// The block-vote totals fit (models/fit/totals_fit.h): the exact mark
// probabilities against enumeration of every ballot, and the fit on totals
// computed from known parameters.
#include "fit/totals_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

namespace necsim::fit {
namespace {

// P(j among the first `marks` preferences) by enumerating every ballot prefix:
// the first preference by Plackett-Luce over all candidates, each later one
// against stop.
std::vector<double> Enumerate(const std::vector<double>& w, double s, int marks) {
  const int n = static_cast<int>(w.size());
  std::vector<double> p(static_cast<size_t>(n), 0.0);
  std::vector<char> used(static_cast<size_t>(n), 0);
  std::function<void(int, double)> rec = [&](int depth, double prob) {
    if (depth == marks) return;
    double rest = 0;
    for (int j = 0; j < n; ++j) rest += used[static_cast<size_t>(j)] ? 0 : w[static_cast<size_t>(j)];
    if (rest <= 0) return;
    const double denom = rest + (depth == 0 ? 0.0 : s);
    for (int j = 0; j < n; ++j) {
      if (used[static_cast<size_t>(j)]) continue;
      const double q = prob * w[static_cast<size_t>(j)] / denom;
      p[static_cast<size_t>(j)] += q;
      used[static_cast<size_t>(j)] = 1;
      rec(depth + 1, q);
      used[static_cast<size_t>(j)] = 0;
    }
  };
  rec(0, 1.0);
  return p;
}

TEST(MarkProbabilities, MatchEnumerationOfEveryBallot) {
  const std::vector<std::vector<double>> cases = {
      {1, 2, 3, 4, 5, 6, 7},
      {0.01, 0.5, 3, 20, 1, 1, 0.2},
      {5, 5, 5, 5, 5, 5, 5},
      {1e-4, 1, 1e3, 2, 0.3, 7, 0.05},
  };
  for (const auto& w : cases) {
    for (double s : {0.0, 0.1, 2.0, 50.0}) {
      for (int m = 1; m <= 7; ++m) {
        const std::vector<double> got = MarkProbabilities(w, s, m);
        const std::vector<double> want = Enumerate(w, s, m);
        for (size_t j = 0; j < w.size(); ++j) {
          EXPECT_NEAR(got[j], want[j], 1e-10) << "candidate " << j << " stop " << s << " marks " << m;
        }
      }
    }
  }
}

TEST(MarkProbabilities, SumToTheExpectedBallotLength) {
  // Without stop every ballot marks min(marks, n) candidates.
  const std::vector<double> w = {0.3, 1.2, 4, 0.7, 2.2, 9, 0.01, 1, 1, 3};
  for (int m = 1; m <= 10; ++m) {
    const std::vector<double> p = MarkProbabilities(w, 0.0, m);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), m, 1e-9) << m;
  }
  // Scaling every weight and the stop by a constant changes nothing.
  const std::vector<double> a = MarkProbabilities(w, 0.5, 4);
  std::vector<double> w2 = w;
  for (double& x : w2) x *= 1e6;
  const std::vector<double> b = MarkProbabilities(w2, 0.5e6, 4);
  for (size_t j = 0; j < w.size(); ++j) EXPECT_NEAR(a[j], b[j], 1e-12);
}

TotalsData Synthetic(const TotalsParams& truth, double ballots, int seats) {
  TotalsData d;
  d.slates = {"Left", "Right", "independent"};
  const int n = 12;
  for (int j = 0; j < n; ++j) {
    d.names.push_back("C" + std::to_string(j));
    d.group.push_back(j < 5 ? 0 : (j < 10 ? 1 : 2));
  }
  d.seats = seats;
  d.ballots = ballots;
  TotalsParams p = truth;
  p.ballots = ballots;
  d.votes = ExpectedTotals(d, p);
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return d.votes[static_cast<size_t>(a)] > d.votes[static_cast<size_t>(b)]; });
  d.elected.assign(static_cast<size_t>(n), 0);
  for (int k = 0; k < seats; ++k) d.elected[static_cast<size_t>(order[static_cast<size_t>(k)])] = 1;
  return d;
}

TotalsParams Truth() {
  TotalsParams t;
  t.K = 2;
  t.share = {0.55, 0.45};
  t.affinity = {2.0, 0.0, 0.5, 0.0, 2.5, 0.3};
  t.log_stop = -1.0;
  t.effect = {0.3, -0.2, 0.1, 0, -0.4, 0.5, 0.2, -0.1, -0.3, 0.0, -1.0, 0.4};
  return t;
}

TotalsPrior TwoBlocs() {
  TotalsPrior prior;
  prior.bloc_names = {"Left", "Right"};
  prior.own_slate = {0, 1};
  return prior;
}

TEST(FitTotals, ReproducesNoiselessTotals) {
  const TotalsData d = Synthetic(Truth(), 100000, 6);
  TotalsFitOptions opt;
  opt.starts = 2;
  opt.draws = 200;
  auto fit = FitTotals(d, TwoBlocs(), opt);
  ASSERT_TRUE(fit.ok()) << fit.error().ToString();
  EXPECT_TRUE(fit->converged) << fit->message;
  for (int j = 0; j < d.num_candidates(); ++j) {
    // Within the binomial SD of the total (about 150 here).
    EXPECT_NEAR(fit->expected[static_cast<size_t>(j)], d.votes[static_cast<size_t>(j)], 150.0) << d.names[static_cast<size_t>(j)];
    EXPECT_LE(fit->p05[static_cast<size_t>(j)], fit->p95[static_cast<size_t>(j)]);
  }
  double sum = 0;
  for (double v : d.votes) sum += v;
  EXPECT_NEAR(fit->mean_marks, sum / d.ballots, 0.01);
}

TEST(FitTotals, UnreportedTotalsRespectTheResult) {
  TotalsData d = Synthetic(Truth(), 100000, 6);
  // Hide one winner's and one loser's totals.
  int winner = -1, loser = -1;
  for (int j = 0; j < d.num_candidates(); ++j) {
    if (d.elected[static_cast<size_t>(j)] && winner < 0) winner = j;
    if (!d.elected[static_cast<size_t>(j)] && loser < 0) loser = j;
  }
  d.votes[static_cast<size_t>(winner)] = std::numeric_limits<double>::quiet_NaN();
  d.votes[static_cast<size_t>(loser)] = std::numeric_limits<double>::quiet_NaN();
  d.DeriveBounds();
  double max_loser = 0, min_winner = 1e18;
  for (int j = 0; j < d.num_candidates(); ++j) {
    const double v = d.votes[static_cast<size_t>(j)];
    if (std::isnan(v)) continue;
    if (d.elected[static_cast<size_t>(j)]) min_winner = std::min(min_winner, v);
    else max_loser = std::max(max_loser, v);
  }
  EXPECT_EQ(d.lo[static_cast<size_t>(winner)], max_loser);
  EXPECT_EQ(d.hi[static_cast<size_t>(loser)], min_winner);
  TotalsFitOptions opt;
  opt.starts = 1;
  opt.draws = 100;
  auto fit = FitTotals(d, TwoBlocs(), opt);
  ASSERT_TRUE(fit.ok()) << fit.error().ToString();
  EXPECT_GE(fit->expected[static_cast<size_t>(winner)], max_loser - 300);
  EXPECT_LE(fit->expected[static_cast<size_t>(loser)], min_winner + 300);
  EXPECT_TRUE(std::isnan(fit->z[static_cast<size_t>(winner)]));
}

TEST(FitTotals, UnknownBallotsAreFittedWithTheStatedPrior) {
  TotalsData d = Synthetic(Truth(), 80000, 6);
  d.ballots = 0;
  TotalsFitOptions opt;
  opt.starts = 1;
  opt.draws = 100;
  auto fit = FitTotals(d, TwoBlocs(), opt);
  ASSERT_TRUE(fit.ok()) << fit.error().ToString();
  EXPECT_GT(fit->estimate.ballots, 0);
  EXPECT_GT(fit->se.ballots, 0);
  bool noted = false;
  for (const std::string& note : fit->notes) noted = noted || note.find("ballots cast were not reported") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(FitTotals, RefusesBadInput) {
  TotalsData d = Synthetic(Truth(), 100000, 6);
  TotalsData few = d;
  few.seats = 12;
  EXPECT_FALSE(CheckTotals(few, TwoBlocs()).ok());
  TotalsData neg = d;
  neg.votes[3] = -1;
  EXPECT_FALSE(CheckTotals(neg, TwoBlocs()).ok());
  TotalsData over = d;
  over.votes[3] = 100001;
  auto st = CheckTotals(over, TwoBlocs());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("exceeds the valid ballots"), std::string::npos);
}

}  // namespace
}  // namespace necsim::fit
