// Boundary reviews: the constituency-table reader, the three swing models on
// a three-seat toy table with hand-computed results, the lead needed for a
// majority, the CLP link, and reproducibility across thread counts.
//
// The toy tables (tests/fixtures/boundary/toy_old.csv, toy_new.csv), votes per
// 100 so shares read as points:
//
//   old  region  a   b   c        new  region  a   b   c
//   x1   North  50  30  20        y1   North  45  35  20
//   x2   North  30  45  25        y2   North  35  40  25
//   x3   South  40  42  18        y3   South  44  38  18
//
// Old national shares: a 40, b 39, c 21. Old regional shares: North a 40,
// b 37.5, c 22.5; South a 40, b 42, c 18.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "scenario/constituency_table.h"
#include "outputs/boundary_outputs.h"
#include "scenario/boundary_yaml.h"
#include "boundary/fast_normal.h"
#include "tests/cli/cli_util.h"

namespace necsim {
namespace {

using necsim_test::Slurp;

const std::string kDir = std::string(NECSIM_FIXTURES_DIR) + "/boundary";

std::string ToyYaml(const std::string& swing, const std::string& extra = "") {
  return "name: toy\nseed: 5\nruns: 100\nboundary:\n"
         "  old: toy_old.csv\n  new: toy_new.csv\n"
         "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n"
         "  parties: [a, b, c]\n" +
         swing + extra;
}

BoundaryScenario Load(const std::string& yaml) {
  auto sc = LoadBoundaryScenarioText(yaml, "toy.yaml", kDir);
  EXPECT_TRUE(sc.ok()) << (sc.ok() ? "" : sc.error().ToString());
  return sc.ok() ? *sc : BoundaryScenario{};
}

// Winners of the old set under the scenario's central swing (no noise).
std::vector<int> CentralWinners(const BoundaryModel& m, int k) {
  RunErrors zero;
  zero.national.assign(static_cast<size_t>(m.parties), 0.0);
  zero.regional.assign(static_cast<size_t>(m.regions * m.parties), 0.0);
  SetSwing sw;
  SetSwingFor(m, k, zero, sw);
  return ProjectWinners(m, k, sw);
}

constexpr int A = 0, B = 1, C = 2;

TEST(BoundaryToy, ZeroSwingGivesThePluralityWinners) {
  const BoundaryScenario sc = Load(ToyYaml(""));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_EQ(ProjectWinners(m, 0, ZeroSwing(m)), (std::vector<int>{A, B, B}));
  EXPECT_EQ(ProjectWinners(m, 1, ZeroSwing(m)), (std::vector<int>{A, B, A}));
  const auto seats = DeterministicSeats(m);
  EXPECT_EQ(seats[0], (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(seats[1], (std::vector<int>{2, 1, 0}));
  EXPECT_NEAR(m.sets[0].national_share[A], 0.40, 1e-12);
  EXPECT_NEAR(m.sets[0].national_share[B], 0.39, 1e-12);
  EXPECT_NEAR(m.sets[0].national_share[C], 0.21, 1e-12);
}

TEST(BoundaryToy, UniformSwing) {
  // b -9, c +9 points everywhere. x1: a 50, b 21, c 29 -> a. x2: a 30, b 36,
  // c 34 -> b. x3: a 40, b 33, c 27 -> a.
  const BoundaryScenario sc = Load(ToyYaml("  swing: {model: uniform, change: {b: -9, c: 9}}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_EQ(CentralWinners(m, 0), (std::vector<int>{A, B, A}));
}

TEST(BoundaryToy, UniformSwingToANationalTarget) {
  // a to 45% nationally: +5 points. x3: a 45 > b 42 -> a; x2: a 35 < b 45.
  const BoundaryScenario sc = Load(ToyYaml("  swing: {model: uniform, target: {a: 45}}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_EQ(CentralWinners(m, 0), (std::vector<int>{A, B, A}));
  // New set: national a = 124/300 = 41.33%, so +3.67: y2 a 38.67 < b 40.
  EXPECT_EQ(CentralWinners(m, 1), (std::vector<int>{A, B, A}));
}

TEST(BoundaryToy, ProportionalSwing) {
  // Same change as UniformSwing, proportional: b x 30/39, c x 30/21.
  // x2: b 45 x 30/39 = 34.62, c 25 x 30/21 = 35.71 -> c (uniform gave b).
  // x1: a 50, b 23.08, c 28.57 -> a. x3: a 40, b 32.31, c 25.71 -> a.
  const BoundaryScenario sc = Load(ToyYaml("  swing: {model: proportional, change: {b: -9, c: 9}}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_EQ(CentralWinners(m, 0), (std::vector<int>{A, C, A}));
  RunErrors zero{{0, 0, 0}, std::vector<double>(6, 0.0)};
  SetSwing sw;
  SetSwingFor(m, 0, zero, sw);
  const auto shares = ProjectSeatShares(m, 0, 1, sw);  // x2
  // Unnormalised 30, 34.615, 35.714 (sum 100.330): shares renormalised.
  const double b = 45.0 * 30 / 39, c = 25.0 * 30 / 21, sum = 30 + b + c;
  EXPECT_NEAR(shares[A], 30 / sum, 1e-12);
  EXPECT_NEAR(shares[B], b / sum, 1e-12);
  EXPECT_NEAR(shares[C], c / sum, 1e-12);
}

TEST(BoundaryToy, RegionalSwing) {
  // North targets a 25, c 45 (region shares 40 and 22.5: a -15, c +22.5);
  // South target b 50 (from 42: +8). x1: a 35, b 30, c 42.5 -> c.
  // x2: a 15, b 45, c 47.5 -> c. x3: a 40, b 50, c 18 -> b.
  const BoundaryScenario sc =
      Load(ToyYaml("  swing:\n    model: regional\n    regions: {North: {a: 25, c: 45}, South: {b: 50}}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_EQ(CentralWinners(m, 0), (std::vector<int>{C, C, B}));
}

TEST(BoundaryToy, RegionalSwingFallsBackToTheNationalChange) {
  // South has no target for c, so c's national change (+25) applies there:
  // x3: a 40, b 42, c 43 -> c. North: a to 20 (-20) and c +25: x1 a 30, b 30,
  // c 45 -> c; x2 a 10, b 45, c 50 -> c.
  const BoundaryScenario sc = Load(
      ToyYaml("  swing:\n    model: regional\n    change: {c: 25}\n    regions: {North: {a: 20}, South: {b: 42}}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_EQ(CentralWinners(m, 0), (std::vector<int>{C, C, C}));
}

TEST(BoundaryToy, SharesStayValid) {
  // b -40 points: x1's b (30) would be -10; clipped to 0, then a and c
  // renormalised: a 50/70, c 20/70.
  const BoundaryScenario sc = Load(ToyYaml("  swing: {model: uniform, change: {b: -40}}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  RunErrors zero{{0, 0, 0}, std::vector<double>(6, 0.0)};
  SetSwing sw;
  SetSwingFor(m, 0, zero, sw);
  const auto s = ProjectSeatShares(m, 0, 0, sw);
  EXPECT_NEAR(s[A], 50.0 / 70, 1e-12);
  EXPECT_EQ(s[B], 0.0);
  EXPECT_NEAR(s[C], 20.0 / 70, 1e-12);
  // The winner is the argmax of the valid shares.
  EXPECT_EQ(CentralWinners(m, 0)[0], A);
}

TEST(BoundaryToy, MajorityLead) {
  // a over b on old (majority 2 of 3): thresholds t_c = max((b - a) / 2,
  // c - a): x1 max(-10, -30) = -10, x2 max(7.5, -5) = 7.5, x3 max(1, -22) = 1.
  // The 2nd smallest is 1, so lead = 40 - 39 + 2 x 1 = 3 points.
  const BoundaryScenario sc = Load(ToyYaml("", "  majority_lead: [[a, b]]\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  double lead = 0;
  ASSERT_TRUE(MajorityLead(m, 0, A, B, lead));
  EXPECT_NEAR(lead, 0.03, 1e-12);
  // New: national a 124/300, b 113/300; y1 max(-5, -25) = -5, y2 max(2.5,
  // -10) = 2.5, y3 max(-3, -26) = -3; 2nd smallest -3: lead = 11/300 - 6/100.
  ASSERT_TRUE(MajorityLead(m, 1, A, B, lead));
  EXPECT_NEAR(lead, 11.0 / 300 - 0.06, 1e-12);
}

// Statistical checks of the error model, fixed seed, tolerance 4 standard
// errors of a proportion over n runs. x3 is a 40 / b 42 / c 18; the seat goes
// to a when a's error minus b's exceeds 2 points (c cannot win: it is 22
// points behind, over 5 sd in every case below).
double PAWinsX3(const std::string& uncertainty, int64_t runs, double& se_out, const std::string& swing = "") {
  const BoundaryScenario sc = Load(ToyYaml(swing + "  uncertainty:\n" + uncertainty));
  const BoundaryModel m = BuildBoundaryModel(sc);
  BoundaryOptions opt;
  opt.runs = runs;
  opt.seed = 2024;
  opt.threads = 2;
  const BoundaryTally t = SimulateBoundary(m, opt);
  const double p = static_cast<double>(t.wins[0][2 * 3 + A]) / static_cast<double>(runs);
  se_out = std::sqrt(p * (1 - p) / static_cast<double>(runs));
  return p;
}

double NormalUpper(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

TEST(BoundaryErrors, NationalErrorOnOneParty) {
  // a's error ~ N(0, 2 points): P(e_a > 2) = P(Z > 1).
  double se = 0;
  const double p = PAWinsX3("    national_sd: {a: 2}\n", 20000, se);
  EXPECT_NEAR(p, NormalUpper(1.0), 4 * se);
}

TEST(BoundaryErrors, CorrelatedNationalErrorsThroughTheCholeskyFactor) {
  // sd 2 each, correlation -0.5: var(e_a - e_b) = 4 + 4 + 2 x 0.5 x 4 = 12.
  double se = 0;
  const double p = PAWinsX3("    national_sd: {a: 2, b: 2}\n    correlation: {a: {b: -0.5}}\n", 20000, se);
  EXPECT_NEAR(p, NormalUpper(2.0 / std::sqrt(12.0)), 4 * se);
}

TEST(BoundaryErrors, NationalErrorUnderProportionalSwing) {
  // b's national share is 39 and its x3 share 42; under proportional swing
  // b's x3 value is 42 (39 + e_b) / 39, below a's 40 when e_b < 39 (40/42 - 1)
  // = -1.857 points: P = P(Z < -1.857 / 2). (Uniform swing would need
  // e_b < -2: P(Z < -1), 6 standard errors away at 20,000 runs.)
  double se = 0;
  const double p = PAWinsX3("    national_sd: {b: 2}\n", 20000, se, "  swing: {model: proportional}\n");
  EXPECT_NEAR(p, NormalUpper(39.0 * (1 - 40.0 / 42) / 2), 4 * se);
  double se_u = 0;
  const double pu = PAWinsX3("    national_sd: {b: 2}\n", 20000, se_u, "  swing: {model: uniform}\n");
  EXPECT_NEAR(pu, NormalUpper(1.0), 4 * se_u);
}

TEST(BoundaryErrors, RegionalError) {
  // Regional errors sd 2 for a and b, independent: var of the difference 8.
  double se = 0;
  const double p = PAWinsX3("    regional_sd: {a: 2, b: 2}\n", 20000, se);
  EXPECT_NEAR(p, NormalUpper(2.0 / std::sqrt(8.0)), 4 * se);
}

TEST(BoundaryErrors, ConstituencyNoise) {
  // Noise sd 2 on every party: a - b has sd 2 sqrt 2.
  double se = 0;
  const double p = PAWinsX3("    constituency_sd: 2\n", 20000, se);
  EXPECT_NEAR(p, NormalUpper(2.0 / std::sqrt(8.0)), 4 * se);
}

TEST(BoundaryErrors, CovarianceMatrixGivenDirectly) {
  // The same law as CorrelatedNational...: variances 4, covariance -2.
  const BoundaryScenario a = Load(ToyYaml("  uncertainty:\n    covariance: {a: {a: 4, b: -2}, b: {b: 4}}\n"));
  const BoundaryScenario b =
      Load(ToyYaml("  uncertainty:\n    national_sd: {a: 2, b: 2}\n    correlation: {a: {b: -0.5}}\n"));
  ASSERT_EQ(a.swing.national_cholesky.size(), 9u);
  for (size_t i = 0; i < 9; ++i) EXPECT_NEAR(a.swing.national_cholesky[i], b.swing.national_cholesky[i], 1e-15) << i;
  // L = [[2, 0], [-1, sqrt 3]] points for (a, b).
  EXPECT_NEAR(a.swing.national_cholesky[0], 0.02, 1e-15);
  EXPECT_NEAR(a.swing.national_cholesky[3], -0.01, 1e-15);
  EXPECT_NEAR(a.swing.national_cholesky[4], std::sqrt(3.0) / 100, 1e-15);
  double se = 0;
  const double p = PAWinsX3("    covariance: {a: {a: 4, b: -2}, b: {b: 4}}\n", 20000, se);
  EXPECT_NEAR(p, NormalUpper(2.0 / std::sqrt(12.0)), 4 * se);
  auto bad = LoadBoundaryScenarioText(ToyYaml("  uncertainty:\n    covariance: {a: {a: 1, b: 3}, b: {b: 1}}\n"), "t.yaml", kDir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not positive definite"), std::string::npos) << bad.error().message;
  bad = LoadBoundaryScenarioText(ToyYaml("  uncertainty:\n    covariance: {a: {b: 1}}\n"), "t.yaml", kDir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("party 'a' needs a variance"), std::string::npos) << bad.error().message;
}

TEST(BoundaryErrors, NonPositiveDefiniteCorrelationIsRefused) {
  auto sc = LoadBoundaryScenarioText(
      ToyYaml("  uncertainty:\n    national_sd: 2\n    correlation: {a: {b: 0.9, c: 0.9}, b: {c: -0.9}}\n"), "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  EXPECT_NE(sc.error().message.find("positive definite"), std::string::npos) << sc.error().ToString();
  EXPECT_EQ(sc.error().file, "toy.yaml");
  EXPECT_GT(sc.error().line, 0);
}

// The ziggurat normal generator of the constituency noise against the exact
// normal law: 2,000,000 draws, fixed seed; moments and tail probabilities
// within 4 standard errors, and a chi-square over 34 bins (edges -4, -3.75,
// ..., 4 and the two tails) below 70, the 99.99% point of chi-square with 33
// degrees of freedom.
TEST(ZigguratNormal, MatchesTheNormalLaw) {
  const int n = 2'000'000;
  SplitMix64 gen(12345);
  const ZigguratNormal normal;
  double sum = 0, sq = 0;
  std::vector<int64_t> bins(34, 0);
  int64_t beyond_r = 0, below_m4 = 0, above_2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = normal(gen);
    sum += z;
    sq += z * z;
    const int b = z < -4 ? 0 : z >= 4 ? 33 : 1 + static_cast<int>(std::floor((z + 4) / 0.25));
    ++bins[static_cast<size_t>(b)];
    beyond_r += std::fabs(z) > 3.6541528853610088;  // the ziggurat's tail region
    below_m4 += z < -4;
    above_2 += z > 2;
  }
  const double N = n;
  EXPECT_NEAR(sum / N, 0.0, 4 / std::sqrt(N));
  EXPECT_NEAR(sq / N, 1.0, 4 * std::sqrt(2 / N));
  auto check = [&](int64_t count, double p, const char* what) {
    EXPECT_NEAR(static_cast<double>(count) / N, p, 4 * std::sqrt(p * (1 - p) / N)) << what;
  };
  check(beyond_r, 2 * NormalUpper(3.6541528853610088), "|z| > r");
  check(below_m4, NormalUpper(4), "z < -4");
  check(above_2, NormalUpper(2), "z > 2");
  double chi2 = 0;
  for (int b = 0; b < 34; ++b) {
    const double lo = b == 0 ? -INFINITY : -4 + 0.25 * (b - 1), hi = b == 33 ? INFINITY : -4 + 0.25 * b;
    const double p = NormalUpper(lo) - NormalUpper(hi);
    const double e = p * N;
    chi2 += (static_cast<double>(bins[static_cast<size_t>(b)]) - e) * (static_cast<double>(bins[static_cast<size_t>(b)]) - e) / e;
  }
  EXPECT_LT(chi2, 70.0);
}

// The small fixture (12 old seats, 11 new) with every kind of error.
BoundaryScenario Small() {
  auto sc = LoadBoundaryScenarioFile(kDir + "/small_review.yaml", kDir);
  EXPECT_TRUE(sc.ok()) << (sc.ok() ? "" : sc.error().ToString());
  return sc.ok() ? *sc : BoundaryScenario{};
}

TEST(BoundarySmall, DeterministicSeatsMatchTheHandCount) {
  const BoundaryScenario sc = Small();
  const BoundaryModel m = BuildBoundaryModel(sc);
  const auto seats = DeterministicSeats(m);
  // con, lab, ld, other; winners listed in small_review.yaml.
  EXPECT_EQ(seats[0], (std::vector<int>{6, 6, 0, 0}));
  EXPECT_EQ(seats[1], (std::vector<int>{6, 5, 0, 0}));
  EXPECT_EQ(sc.sets[0].majority, 7);
  EXPECT_EQ(sc.sets[1].majority, 6);
  EXPECT_EQ(sc.sets[0].table.name[2], "Castleton, East");  // a quoted field
}

TEST(BoundarySmall, IdenticalTalliesForAnyThreadCountAndBackend) {
  const BoundaryScenario sc = Small();
  const BoundaryModel m = BuildBoundaryModel(sc);
  BoundaryOptions opt;
  opt.runs = 3001;
  opt.seed = 9;
  opt.threads = 1;
  opt.backend = Backend::kSerial;
  const BoundaryTally ref = SimulateBoundary(m, opt);
  const auto ref_json = BoundarySummaryJson(m, ref, opt.seed).dump();
  for (Backend b : {Backend::kOpenMp, Backend::kTbb}) {
    if (!BackendAvailable(b)) continue;
    for (int threads : {1, 2, 3}) {
      opt.backend = b;
      opt.threads = threads;
      const BoundaryTally t = SimulateBoundary(m, opt);
      EXPECT_EQ(t.runs, ref.runs);
      EXPECT_EQ(t.seat_hist, ref.seat_hist);
      EXPECT_EQ(t.change_hist, ref.change_hist);
      EXPECT_EQ(t.region_change_hist, ref.region_change_hist);
      EXPECT_EQ(t.wins, ref.wins);
      EXPECT_EQ(BoundarySummaryJson(m, t, opt.seed).dump(), ref_json) << BackendName(b) << " " << threads;
    }
  }
}

TEST(BoundarySmall, RunRangesMergeToTheWhole) {
  // How a batch or MPI rank splits the runs: [0, 700) + [700, 1000).
  const BoundaryScenario sc = Small();
  const BoundaryModel m = BuildBoundaryModel(sc);
  BoundaryOptions opt;
  opt.runs = 1000;
  opt.seed = 3;
  const BoundaryTally whole = SimulateBoundary(m, opt);
  opt.runs = 700;
  BoundaryTally parts = SimulateBoundary(m, opt);
  opt.first_run = 700;
  opt.runs = 300;
  parts.Merge(SimulateBoundary(m, opt));
  EXPECT_EQ(parts.runs, 1000);
  EXPECT_EQ(BoundarySummaryJson(m, parts, 3).dump(), BoundarySummaryJson(m, whole, 3).dump());
  // With a progress callback the runs go in chunks of 10,000: same result.
  opt.first_run = 0;
  opt.runs = 25'000;
  const BoundaryTally plain = SimulateBoundary(m, opt);
  std::vector<int64_t> seen;
  opt.progress = [&](int64_t done, int64_t planned) {
    EXPECT_EQ(planned, 25'000);
    seen.push_back(done);
  };
  const BoundaryTally chunked = SimulateBoundary(m, opt);
  EXPECT_EQ(seen, (std::vector<int64_t>{10'000, 20'000, 25'000}));
  EXPECT_EQ(BoundarySummaryJson(m, chunked, 3).dump(), BoundarySummaryJson(m, plain, 3).dump());
}

TEST(BoundarySmall, PMajorityMatchesTheExactThreshold) {
  // Only con has a national error (sd 3 points), no other noise, no central
  // swing. con's seats then grow with its error e, and it holds seat c when
  // e > t_c = (largest other share - con's share); so con has a majority
  // (7 of 12 old seats, 6 of 11 new) iff e exceeds the majority-th smallest
  // t_c: P = P(Z > t / 0.03). Computed here from the table's votes.
  std::string yaml = Slurp(kDir + "/small_review.yaml");
  yaml = yaml.substr(0, yaml.find("  swing:")) +
         "  uncertainty: {national_sd: {con: 3}}\n";
  auto sc = LoadBoundaryScenarioText(yaml, "small.yaml", kDir);
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  const BoundaryModel m = BuildBoundaryModel(*sc);
  BoundaryOptions opt;
  opt.runs = 20000;
  opt.seed = 77;
  const BoundaryTally t = SimulateBoundary(m, opt);
  for (int k = 0; k < 2; ++k) {
    const ConstituencyTable& tab = sc->sets[static_cast<size_t>(k)].table;
    std::vector<double> th;
    for (int c = 0; c < tab.seats(); ++c) {
      double total = 0, other = 0;
      for (int p = 0; p < 4; ++p) total += static_cast<double>(tab.Votes(c, p));
      for (int p = 1; p < 4; ++p) other = std::max(other, static_cast<double>(tab.Votes(c, p)));
      th.push_back((other - static_cast<double>(tab.Votes(c, 0))) / total);
    }
    std::sort(th.begin(), th.end());
    const int need = tab.seats() / 2 + 1;
    const double expect = NormalUpper(th[static_cast<size_t>(need - 1)] / 0.03);
    const double p = static_cast<double>(t.majority[static_cast<size_t>(k)][0]) / 20000.0;
    const double se = std::sqrt(expect * (1 - expect) / 20000.0);
    EXPECT_NEAR(p, expect, 4 * se) << "set " << k << ", exact " << expect;
    EXPECT_GT(expect, 0.01);  // the check is not vacuous
    EXPECT_LT(expect, 0.99);
  }
}

TEST(BoundarySmall, TalliesAreConsistent) {
  const BoundaryScenario sc = Small();
  const BoundaryModel m = BuildBoundaryModel(sc);
  BoundaryOptions opt;
  opt.runs = 500;
  const BoundaryTally t = SimulateBoundary(m, opt);
  // Per run, seats over parties sum to the set's seats: so do the means.
  for (int k = 0; k < 2; ++k) {
    int64_t total = 0;
    const int W = t.seats[static_cast<size_t>(k)] + 1;
    for (int p = 0; p < m.parties; ++p) {
      for (int s = 0; s < W; ++s) total += s * t.seat_hist[static_cast<size_t>(k)][static_cast<size_t>(p * W + s)];
    }
    EXPECT_EQ(total, 500 * static_cast<int64_t>(t.seats[static_cast<size_t>(k)]));
  }
  // National change histogram of each party has all runs.
  const int W = 2 * t.change_span + 1;
  for (int p = 0; p < m.parties; ++p) {
    int64_t n = 0;
    for (int d = 0; d < W; ++d) n += t.change_hist[static_cast<size_t>(p * W + d)];
    EXPECT_EQ(n, 500);
  }
}

TEST(BoundarySmall, ClpLink) {
  const BoundaryScenario sc = Small();
  ASSERT_EQ(sc.clp.labour_regions, (std::vector<std::string>{"South", "North", "Wales"}));
  const ClpCounts old_c = CountClps(sc, 0), new_c = CountClps(sc, 1);
  EXPECT_EQ(old_c.clps, (std::vector<int64_t>{4, 4, 4}));
  EXPECT_EQ(new_c.clps, (std::vector<int64_t>{4, 4, 3}));
  EXPECT_EQ(old_c.electors, (std::vector<int64_t>{281000, 278500, 218000}));
  EXPECT_EQ(new_c.electors, (std::vector<int64_t>{305000, 288000, 217000}));
  const BoundaryModel m = BuildBoundaryModel(sc);
  BoundaryTally t = BoundaryTally::Empty(m);
  t.runs = 1;
  const auto j = BoundarySummaryJson(m, t, 1);
  // 8 seats by Sainte-Lague on electors: quotients 562000, 557000, 436000,
  // 187333, 185667, 145333, 112400, 111400 (old) -> South 3, North 3, Wales 2.
  EXPECT_EQ(j["clp"]["regions"][0]["old"]["nec_seats"], 3);
  EXPECT_EQ(j["clp"]["regions"][1]["old"]["nec_seats"], 3);
  EXPECT_EQ(j["clp"]["regions"][2]["old"]["nec_seats"], 2);
  EXPECT_EQ(j["clp"]["regions"][2]["change"]["clps"], -1);
  // Wales: 600 members over 4 CLPs, then 3.
  EXPECT_EQ(j["clp"]["regions"][2]["old"]["members_per_clp"], 150.0);
  EXPECT_EQ(j["clp"]["regions"][2]["new"]["members_per_clp"], 200.0);
  EXPECT_EQ(j["clp"]["regions"][0]["new"]["members"], 1200);
}

// Bad tables: each error names the file, the line and the column.
Error TableError(const std::string& csv) {
  auto t = ParseConstituencyTable(csv, "t.csv", ColumnMap{"id", "name", "region", "country", "electorate"}, {"a", "b"});
  EXPECT_FALSE(t.ok());
  return t.ok() ? Error{} : t.error();
}

TEST(BoundaryTable, MissingColumn) {
  const Error e = TableError("id,name,region,country,electorate,a\nx,X,R,C,10,5\n");
  EXPECT_EQ(e.file, "t.csv");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.field, "b");
  EXPECT_NE(e.message.find("missing column 'b'"), std::string::npos) << e.message;
}

TEST(BoundaryTable, DuplicateId) {
  const Error e = TableError("id,name,region,country,electorate,a,b\nx,X,R,C,10,5,4\ny,Y,R,C,10,5,4\nx,Z,R,C,10,5,4\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 1);
  EXPECT_NE(e.message.find("duplicate constituency id 'x' (first on line 2)"), std::string::npos) << e.message;
}

TEST(BoundaryTable, NegativeVotes) {
  const Error e = TableError("id,name,region,country,electorate,a,b\nx,X,R,C,10,5,-4\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 7);
  EXPECT_EQ(e.field, "b");
  EXPECT_NE(e.message.find("negative"), std::string::npos) << e.message;
}

TEST(BoundaryTable, NonNumericVotes) {
  const Error e = TableError("id,name,region,country,electorate,a,b\n\"x\",\"X, Y\",R,C,10,five,4\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 6);
  EXPECT_EQ(e.field, "a");
  EXPECT_NE(e.message.find("'five' is not a whole number"), std::string::npos) << e.message;
}

TEST(BoundaryTable, WrongFieldCountAndNoVotes) {
  Error e = TableError("id,name,region,country,electorate,a,b\nx,X,R,C,10,5\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("expected 7 fields"), std::string::npos) << e.message;
  e = TableError("id,name,region,country,electorate,a,b\nx,X,R,C,10,0,0\n");
  EXPECT_NE(e.message.find("no votes"), std::string::npos) << e.message;
}

TEST(BoundaryTable, SurvivesMutatedInput) {
  // 3,000 random mutations of the small fixture (byte changes to CSV
  // specials, insertions, deletions, truncations): the reader returns a
  // table or an error with a line, never crashes (CI runs this under ASan).
  const std::string base = Slurp(kDir + "/small_old.csv");
  const ColumnMap cols{"code", "seat", "area", "nation", "electorate"};
  const std::vector<std::string> parties{"con", "lab", "ld", "other"};
  SplitMix64 gen(99);
  const char specials[] = {',', '"', '\n', '\r', '-', '0', '9', 'x', ' ', '\0'};
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t = base;
    const int edits = 1 + static_cast<int>(gen() % 4);
    for (int e = 0; e < edits && !t.empty(); ++e) {
      const size_t at = gen() % t.size();
      const char ch = specials[gen() % sizeof(specials)];
      switch (gen() % 4) {
        case 0: t[at] = ch; break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), ch); break;
        case 2: t.erase(at, 1 + gen() % 8); break;
        default: t.resize(at); break;
      }
    }
    auto r = ParseConstituencyTable(t, "m.csv", cols, parties);
    if (r.ok()) {
      ++accepted;
      ASSERT_GT(r->seats(), 0);
      ASSERT_EQ(r->votes.size(), static_cast<size_t>(r->seats()) * parties.size());
    } else {
      ASSERT_EQ(r.error().file, "m.csv");
      ASSERT_GT(r.error().line, 0) << r.error().message;
    }
  }
  EXPECT_GT(accepted, 0);  // some mutations stay valid (e.g. a changed digit)
}

TEST(BoundaryScenarioErrors, PartyInTheSwingThatTheTableLacks) {
  auto sc = LoadBoundaryScenarioText(ToyYaml("  swing: {model: uniform, change: {d: 3}}\n"), "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  EXPECT_EQ(sc.error().file, "toy.yaml");
  EXPECT_EQ(sc.error().line, 9);
  EXPECT_EQ(sc.error().field, "boundary.swing.change.d");
  EXPECT_NE(sc.error().message.find("party 'd'"), std::string::npos) << sc.error().message;
}

TEST(BoundaryScenarioErrors, PartyColumnTheTableLacks) {
  auto sc = LoadBoundaryScenarioText(
      "boundary:\n  old: toy_old.csv\n  new: toy_new.csv\n"
      "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n"
      "  parties: [a, b, d]\n",
      "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  EXPECT_NE(sc.error().file.find("toy_old.csv"), std::string::npos);
  EXPECT_EQ(sc.error().line, 1);
  EXPECT_EQ(sc.error().field, "d");
}

TEST(BoundaryScenarioErrors, RegionsThatDoNotMatch) {
  // The new set reads its region from the country column (all "Land"), so
  // its regions are not the old set's (North, South).
  auto sc = LoadBoundaryScenarioText(
      "boundary:\n  old: toy_old.csv\n"
      "  new: {file: toy_new.csv, columns: {region: country}}\n"
      "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n"
      "  parties: [a, b, c]\n",
      "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  const Error& e = sc.error();
  EXPECT_NE(e.file.find("toy_old.csv"), std::string::npos) << e.ToString();
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 3);
  EXPECT_NE(e.message.find("region 'North' is in the old table but not in the new table"), std::string::npos)
      << e.message;
}

TEST(BoundaryScenarioErrors, UnknownRegionInTheRegionalSwing) {
  auto sc = LoadBoundaryScenarioText(ToyYaml("  swing:\n    model: regional\n    regions: {West: {a: 30}}\n"), "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  EXPECT_EQ(sc.error().line, 11);
  EXPECT_NE(sc.error().message.find("unknown region 'West'"), std::string::npos) << sc.error().message;
}

TEST(BoundaryScenarioErrors, UnmappedLabourRegion) {
  auto sc = LoadBoundaryScenarioText(ToyYaml("", "  clp:\n    labour_regions: {North: North}\n"), "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  EXPECT_NE(sc.error().message.find("region 'South' is not mapped"), std::string::npos) << sc.error().message;
}

TEST(BoundaryScenarioErrors, KeyGivenTwice) {
  auto sc = LoadBoundaryScenarioText(ToyYaml("  swing: {model: uniform, change: {a: 1, a: 2}}\n"), "toy.yaml", kDir);
  ASSERT_FALSE(sc.ok());
  EXPECT_EQ(sc.error().line, 9);
  EXPECT_NE(sc.error().message.find("key 'a' is given twice"), std::string::npos) << sc.error().message;
}

// The keys the loader accepts at one level, read from its unknown-key
// message ("... (expected one of: a, b, c)").
std::set<std::string> LoaderKeys(const std::string& yaml) {
  auto sc = LoadBoundaryScenarioText(yaml, "probe.yaml", kDir);
  EXPECT_FALSE(sc.ok());
  if (sc.ok()) return {};
  const std::string& m = sc.error().message;
  const size_t at = m.find("expected one of: ");
  EXPECT_NE(at, std::string::npos) << m;
  if (at == std::string::npos) return {};
  std::set<std::string> keys;
  std::string list = m.substr(at + 17, m.rfind(')') - at - 17), item;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i] == ',') {
      keys.insert(item);
      item.clear();
      if (i < list.size()) ++i;  // the space after the comma
    } else {
      item += list[i];
    }
  }
  return keys;
}

std::set<std::string> SchemaKeys(const nlohmann::json& object_schema) {
  std::set<std::string> keys;
  for (const auto& [k, v] : object_schema.at("properties").items()) keys.insert(k);
  return keys;
}

TEST(BoundarySchema, MatchesTheLoader) {
  std::ifstream in(std::string(NECSIM_SOURCE_DIR) + "/scenarios/boundary.schema.json");
  ASSERT_TRUE(in) << "scenarios/boundary.schema.json is missing";
  const auto schema = nlohmann::json::parse(in);
  const auto& defs = schema.at("$defs");
  const std::string cols = "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n";
  const std::string head = "boundary:\n  old: toy_old.csv\n  new: toy_new.csv\n" + cols + "  parties: [a, b, c]\n";
  const std::string clp = "  clp:\n    labour_regions: {North: North, South: South}\n";
  EXPECT_EQ(SchemaKeys(schema), LoaderKeys("zzz: 1\n" + head));
  EXPECT_EQ(SchemaKeys(defs.at("boundary")), LoaderKeys(head + "  zzz: 1\n"));
  EXPECT_EQ(SchemaKeys(defs.at("columns")),
            LoaderKeys("boundary:\n  old: toy_old.csv\n  new: toy_new.csv\n  columns: {zzz: 1}\n  parties: [a]\n"));
  EXPECT_EQ(SchemaKeys(defs.at("set").at("anyOf")[1]),
            LoaderKeys("boundary:\n  old: {file: toy_old.csv, zzz: 1}\n  new: toy_new.csv\n" + cols + "  parties: [a]\n"));
  EXPECT_EQ(SchemaKeys(defs.at("swing")), LoaderKeys(head + "  swing: {zzz: 1}\n"));
  EXPECT_EQ(SchemaKeys(defs.at("uncertainty")), LoaderKeys(head + "  uncertainty: {zzz: 1}\n"));
  EXPECT_EQ(SchemaKeys(defs.at("clp")), LoaderKeys(head + clp + "    zzz: 1\n"));
  EXPECT_EQ(SchemaKeys(defs.at("apportion")), LoaderKeys(head + clp + "    apportion: {method: dhondt, seats: 3, zzz: 1}\n"));
  // The swing models and apportionment methods the schema lists load.
  for (const auto& m : defs.at("swing").at("properties").at("model").at("enum")) {
    const std::string extra = m == "regional" ? ", regions: {North: {a: 40}}" : "";
    auto sc = LoadBoundaryScenarioText(head + "  swing: {model: " + m.get<std::string>() + extra + "}\n", "s.yaml", kDir);
    EXPECT_TRUE(sc.ok()) << m << ": " << (sc.ok() ? "" : sc.error().ToString());
  }
  for (const auto& m : defs.at("apportion").at("properties").at("method").at("enum")) {
    EXPECT_TRUE(ParseApportionMethod(m.get<std::string>()).ok()) << m;
  }
}

TEST(BoundaryScenarioKind, TellsBoundaryScenariosApart) {
  EXPECT_TRUE(IsBoundaryScenarioText("name: x\nboundary: {old: a.csv}\n"));
  EXPECT_FALSE(IsBoundaryScenarioText("name: x\nregions: []\n"));
  EXPECT_FALSE(IsBoundaryScenarioText("[unclosed"));
}

}  // namespace
}  // namespace necsim
