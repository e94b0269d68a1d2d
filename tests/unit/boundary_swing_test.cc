// The swing models added for issue 23 on the three-seat toy table (hand-
// computed values), tactical voting, the lead for a majority under each
// model, and the backtest's scores on a tiny table.
//
// Toy old table (tests/fixtures/boundary/toy_old.csv), votes per 100:
//
//   x1  North  a 50  b 30  c 20
//   x2  North  a 30  b 45  c 25
//   x3  South  a 40  b 42  c 18      national: a 40, b 39, c 21
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "boundary/backtest.h"
#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "scenario/boundary_yaml.h"

namespace necsim {
namespace {

const std::string kDir = std::string(NECSIM_FIXTURES_DIR) + "/boundary";

std::string ToyYaml(const std::string& swing) {
  return "name: toy\nseed: 5\nruns: 100\nboundary:\n"
         "  old: toy_old.csv\n  new: toy_new.csv\n"
         "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n"
         "  parties: [a, b, c]\n" +
         swing;
}

BoundaryScenario Load(const std::string& yaml) {
  auto sc = LoadBoundaryScenarioText(yaml, "toy.yaml", kDir);
  EXPECT_TRUE(sc.ok()) << (sc.ok() ? "" : sc.error().ToString());
  return sc.ok() ? *sc : BoundaryScenario{};
}

std::string LoadError(const std::string& yaml) {
  auto sc = LoadBoundaryScenarioText(yaml, "toy.yaml", kDir);
  return sc.ok() ? std::string() : sc.error().ToString();
}

// A scenario and its model (the model points at the scenario).
struct Toy {
  BoundaryScenario sc;
  BoundaryModel m;
  explicit Toy(const std::string& swing) : sc(Load(ToyYaml(swing))), m(BuildBoundaryModel(sc)) {}
};

SetSwing Central(const BoundaryModel& m, int k) {
  RunErrors zero;
  zero.national.assign(static_cast<size_t>(m.parties), 0.0);
  zero.regional.assign(static_cast<size_t>(m.regions * m.parties), 0.0);
  SetSwing sw;
  SetSwingFor(m, k, zero, sw);
  return sw;
}

// Seat c's valid shares on the old set, in points.
std::vector<double> Shares(const BoundaryModel& m, int c) {
  auto x = ProjectSeatShares(m, 0, c, Central(m, 0));
  for (double& v : x) v *= 100;
  return x;
}

// a -9, b +9. Uniform: x1 a 41, b 39 (a holds). Transition: a loses 9/40 =
// 22.5% of its vote in every seat, b gains the released vote: x1 a 38.75,
// b 41.25 (b gains); x2 a 23.25, b 51.75; x3 a 31, b 51.
const std::string kSwing = "  swing:\n    change: {a: -9, b: 9}\n";

TEST(SwingModels, TransitionLosesInProportionAndGainsWhatIsReleased) {
  const BoundaryScenario sc = Load(ToyYaml(kSwing + "    model: transition\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  const auto x1 = Shares(m, 0), x2 = Shares(m, 1), x3 = Shares(m, 2);
  EXPECT_NEAR(x1[0], 38.75, 1e-9);
  EXPECT_NEAR(x1[1], 41.25, 1e-9);
  EXPECT_NEAR(x1[2], 20, 1e-9);
  EXPECT_NEAR(x2[0], 23.25, 1e-9);
  EXPECT_NEAR(x2[1], 51.75, 1e-9);
  EXPECT_NEAR(x3[0], 31, 1e-9);
  EXPECT_NEAR(x3[1], 51, 1e-9);
  EXPECT_EQ(ProjectWinners(m, 0, Central(m, 0)), (std::vector<int>{1, 1, 1}));
  // Uniform keeps x1 for a.
  const BoundaryScenario u = Load(ToyYaml(kSwing));
  const BoundaryModel mu = BuildBoundaryModel(u);
  EXPECT_EQ(ProjectWinners(mu, 0, Central(mu, 0)), (std::vector<int>{0, 1, 1}));
}

TEST(SwingModels, StrongTransitionLosesWeakSupportersFirst) {
  // Threshold 20: a's weak supporters are 20 points in every seat (W = 20);
  // a loss of 9 <= W takes 9/20 of them everywhere: 9 points in every seat,
  // as uniform swing.
  const BoundaryScenario sc = Load(ToyYaml(kSwing + "    model: strong\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_NEAR(m.sets[0].national_weak[0], 0.20, 1e-12);
  const auto x1 = Shares(m, 0);
  EXPECT_NEAR(x1[0], 41, 1e-9);
  EXPECT_NEAR(x1[1], 39, 1e-9);
  // Threshold 35: weak a = 35, 30, 35 (W = 100/3 points); a loss of 9
  // takes 27% of each seat's weak part: x1 a 50 - 9.45 = 40.55, x2 a 30 - 8.1 = 21.9.
  const BoundaryScenario s35 = Load(ToyYaml(kSwing + "    model: strong\n    strong_threshold: 35\n"));
  const BoundaryModel m35 = BuildBoundaryModel(s35);
  EXPECT_NEAR(Shares(m35, 0)[0], 40.55, 1e-9);
  EXPECT_NEAR(Shares(m35, 0)[1], 39.45, 1e-9);
  EXPECT_NEAR(Shares(m35, 1)[0], 21.9, 1e-9);
  // A loss above W: a -30 with threshold 20 takes all 20 weak points and
  // (30 - 20) / (40 - 20) = half of the strong part: x1 a = 0 + 30 / 2 = 15,
  // x2 a = 0 + 10 / 2 = 5, and b gains the released 35 and 25.
  const BoundaryScenario big = Load(ToyYaml("  swing:\n    model: strong\n    change: {a: -30, b: 30}\n"));
  const BoundaryModel mb = BuildBoundaryModel(big);
  EXPECT_NEAR(Shares(mb, 0)[0], 15, 1e-9);
  EXPECT_NEAR(Shares(mb, 0)[1], 65, 1e-9);
  EXPECT_NEAR(Shares(mb, 1)[0], 5, 1e-9);
  EXPECT_NEAR(Shares(mb, 1)[1], 70, 1e-9);
}

TEST(SwingModels, MixtureOfUniformAndProportional) {
  // w = 0.5: x1 a = 0.5 (50 - 9) + 0.5 (50 x 31 / 40) = 20.5 + 19.375 = 39.875;
  // b = 0.5 (30 + 9) + 0.5 (30 x 48 / 39) = 19.5 + 18.4615 = 37.9615; c 20.
  // Valid shares renormalise over 97.8365.
  const BoundaryScenario sc = Load(ToyYaml(kSwing + "    model: mixture\n    mixture_weight: 0.5\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  const SetSwing sw = Central(m, 0);
  EXPECT_NEAR(0.5 * sw.mult[0] + sw.add[0], 0.39875, 1e-12);  // a in North, s = 0.5
  EXPECT_NEAR(0.3 * sw.mult[1] + sw.add[1], 0.195 + 0.5 * 0.3 * 48 / 39, 1e-12);
  const auto x1 = Shares(m, 0);
  const double total = 39.875 + 19.5 + 0.5 * 30 * 48.0 / 39 + 20;
  EXPECT_NEAR(x1[0], 100 * 39.875 / total, 1e-9);
  // Weight 1 is uniform, 0 proportional.
  const Toy toy_m1(kSwing + "    model: mixture\n    mixture_weight: 1\n");
  const BoundaryModel& m1 = toy_m1.m;
  EXPECT_NEAR(Shares(m1, 0)[0], 41, 1e-9);
  const Toy toy_m0(kSwing + "    model: mixture\n    mixture_weight: 0\n");
  const BoundaryModel& m0 = toy_m0.m;
  const Toy toy_mp(kSwing + "    model: proportional\n");
  const BoundaryModel& mp = toy_mp.m;
  EXPECT_NEAR(Shares(m0, 0)[0], Shares(mp, 0)[0], 1e-12);
}

TEST(SwingModels, TransitionToRegionalTargets) {
  // North's shares: a 40, b 37.5; a target of 30 for a takes 25% of a's vote
  // in x1 and x2 (x1 a 37.5), and gives b the released vote (x1 b 42.5).
  // South has no targets and swings from the national shares (no change).
  const BoundaryScenario sc =
      Load(ToyYaml("  swing:\n    model: transition\n    regions:\n      North: {a: 30, b: 47.5, c: 22.5}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_NEAR(Shares(m, 0)[0], 37.5, 1e-9);
  EXPECT_NEAR(Shares(m, 0)[1], 42.5, 1e-9);
  EXPECT_NEAR(Shares(m, 1)[0], 22.5, 1e-9);
  EXPECT_NEAR(Shares(m, 2)[0], 40, 1e-9);
}

TEST(SwingModels, TacticalVotingMovesToTheChallenger) {
  // Against a, half of c's vote: x1 (a first, b second) c gives 10 to b:
  // a 50, b 40, c 10. x2 (b first, a second): c gives 12.5 to b. x3 (b
  // first, a second): c gives 9 to b: a 40, b 51, c 9.
  const BoundaryScenario sc = Load(ToyYaml("  swing:\n    tactical:\n      - {against: a, share: 50, from: [c]}\n"));
  const BoundaryModel m = BuildBoundaryModel(sc);
  EXPECT_NEAR(Shares(m, 0)[1], 40, 1e-9);
  EXPECT_NEAR(Shares(m, 0)[2], 10, 1e-9);
  EXPECT_NEAR(Shares(m, 1)[2], 12.5, 1e-9);
  EXPECT_NEAR(Shares(m, 1)[1], 57.5, 1e-9);
  EXPECT_NEAR(Shares(m, 2)[1], 51, 1e-9);
  // Where the named party is third nothing moves: against c in x1 (c third).
  const Toy toy_mc("  swing:\n    tactical:\n      - {against: c, share: 50}\n");
  const BoundaryModel& mc = toy_mc.m;
  EXPECT_NEAR(Shares(mc, 0)[0], 50, 1e-9);
  // Per region: none in North.
  const BoundaryScenario r =
      Load(ToyYaml("  swing:\n    tactical:\n      - {against: a, share: {default: 50, North: 0}, from: [c]}\n"));
  const BoundaryModel mr = BuildBoundaryModel(r);
  EXPECT_NEAR(Shares(mr, 0)[2], 20, 1e-9);
  EXPECT_NEAR(Shares(mr, 2)[1], 51, 1e-9);
  // 80% of c's 20 in x1 would still leave a ahead (50 vs 46); at 100% b ties and a keeps it (earlier column).
  const Toy toy_big("  swing:\n    tactical:\n      - {against: a, share: 80}\n");
  const BoundaryModel& big = toy_big.m;
  EXPECT_EQ(ProjectWinners(big, 0, Central(big, 0))[0], 0);
}

TEST(SwingModels, BadFieldsAreLocated) {
  EXPECT_NE(LoadError(ToyYaml("  swing: {model: strong, mixture_weight: 0.3}\n")).find("mixture_weight needs model: mixture"),
            std::string::npos);
  EXPECT_NE(LoadError(ToyYaml("  swing: {model: mixture, mixture_weight: 2}\n")).find("boundary.swing.mixture_weight"),
            std::string::npos);
  EXPECT_NE(LoadError(ToyYaml("  swing: {model: uniform, strong_threshold: 10}\n")).find("strong_threshold needs model: strong"),
            std::string::npos);
  const std::string e = LoadError(ToyYaml("  swing:\n    tactical:\n      - {against: a, share: {Middle: 5}}\n"));
  EXPECT_NE(e.find("toy.yaml:11:30:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown region 'Middle'"), std::string::npos) << e;
  EXPECT_NE(LoadError(ToyYaml("  swing:\n    tactical:\n      - {against: a, share: 5, from: [a]}\n")).find("own voters"),
            std::string::npos);
  EXPECT_NE(LoadError(ToyYaml("  swing:\n    tactical:\n      - {share: 5}\n")).find("missing 'against'"), std::string::npos);
  EXPECT_NE(LoadError(ToyYaml("  swing: {model: swingy}\n")).find("transition, strong, mixture"), std::string::npos);
  EXPECT_NE(LoadError(ToyYaml("  swing: {model: uniform, regions: {North: {a: 40}}}\n")).find("need model: regional"),
            std::string::npos);
}

TEST(MajorityLeadUnderModel, UniformEqualsTheUniformTransfer) {
  // Uniform transfer on the tables: t_c = -10, 7.5, 1; the second smallest
  // is 1, so the lead is 40 - 39 + 2 = 3 points, under either computation.
  const Toy toy_m("");
  const BoundaryModel& m = toy_m.m;
  double a = 0, b = 0;
  ASSERT_TRUE(MajorityLead(m, 0, 0, 1, a));
  ASSERT_TRUE(MajorityLeadUnderModel(m, 0, 0, 1, b));
  EXPECT_NEAR(a, 0.03, 1e-12);
  EXPECT_NEAR(b, 0.03, 1e-6);
}

TEST(MajorityLeadUnderModel, Transition) {
  // b loses the fraction f = t / 0.39 of its vote everywhere, a gains it:
  // x3 a 40 + 42 f beats b 42 (1 - f) once f > 1/42, t > 0.39 / 42; the
  // lead is then 1 + 2 x 39 / 42 = 2.857 points.
  const Toy toy_m("  swing: {model: transition}\n");
  const BoundaryModel& m = toy_m.m;
  double lead = 0;
  ASSERT_TRUE(MajorityLeadUnderModel(m, 0, 0, 1, lead));
  EXPECT_NEAR(100 * lead, 1 + 2 * 39.0 / 42, 1e-4);
}

TEST(MajorityLeadUnderModel, ProportionalAndMixture) {
  // Proportional: a x (0.40 + t) / 0.40 against b x (0.39 - t) / 0.39. x3:
  // 40 (1 + 2.5 t) > 42 (1 - t / 0.39) at t = 2 / (100 + 107.692) = 0.0096296.
  const Toy toy_m("  swing: {model: proportional}\n");
  const BoundaryModel& m = toy_m.m;
  double lead = 0;
  ASSERT_TRUE(MajorityLeadUnderModel(m, 0, 0, 1, lead));
  const double t = 2.0 / (100 + 4200.0 / 39);
  // The lead on the valid shares: each seat's a x (1 + t / 0.4), b x (1 - t / 0.39), c, renormalised.
  const double va[3] = {0.5, 0.3, 0.4}, vb[3] = {0.3, 0.45, 0.42}, vc[3] = {0.2, 0.25, 0.18};
  double want = 0;
  for (int c = 0; c < 3; ++c) {
    const double a = va[c] * (0.4 + t) / 0.4, b = vb[c] * (0.39 - t) / 0.39;
    want += (a - b) / (a + b + vc[c]) / 3;
  }
  EXPECT_NEAR(lead, want, 1e-6);
  // Mixture at w = 0.5 lies between uniform (t = 0.01) and proportional.
  const Toy toy_mm("  swing: {model: mixture}\n");
  const BoundaryModel& mm = toy_mm.m;
  double lm = 0;
  ASSERT_TRUE(MajorityLeadUnderModel(mm, 0, 0, 1, lm));
  EXPECT_GT(lm, want - 1e-4);
  EXPECT_LT(lm, 0.03 + 1e-4);
}

TEST(MajorityLeadUnderModel, StrongAndTactical) {
  // Strong at threshold 20: b's weak part is 20 points in every seat, so a
  // transfer below 20 points is uniform: the lead is the uniform 3 points.
  const Toy toy_m("  swing: {model: strong}\n");
  const BoundaryModel& m = toy_m.m;
  double lead = 0;
  ASSERT_TRUE(MajorityLeadUnderModel(m, 0, 0, 1, lead));
  EXPECT_NEAR(lead, 0.03, 1e-6);
  // Tactical against b, every other vote to b's challenger where b is first
  // or second. With a transfer t (points) to a: x3 a 40 + t + 18 beats
  // b 42 - t once t > -8; x1 is a's. At t = -8: x1 a 42 + 20 = 62, b 38;
  // x2 (b 53, c 25, a 22: c is the challenger) a 0, b 53, c 47; x3 a 50,
  // b 50. The lead: (62 + 0 + 50 - 38 - 53 - 50) / 3 = -29 / 3 points.
  const Toy toy_mt("  swing:\n    tactical: [{against: b, share: 100}]\n");
  const BoundaryModel& mt = toy_mt.m;
  double lt = 0;
  ASSERT_TRUE(MajorityLeadUnderModel(mt, 0, 0, 1, lt));
  EXPECT_NEAR(lt, -0.29 / 3, 1e-5);
}

TEST(SwingModels, OneSetsWinsEqualTheTallysForAnyModelAndThreads) {
  // SimulateBoundarySetWins draws the same streams as SimulateBoundary.
  const std::string unc = "  uncertainty: {national_sd: 2, regional_sd: 1, constituency_sd: 3}\n";
  for (const std::string model : {"uniform", "transition", "strong", "mixture"}) {
    SCOPED_TRACE(model);
    const Toy toy(kSwing + "    model: " + model + "\n    tactical: [{against: a, share: 20}]\n" + unc);
    BoundaryOptions opt;
    opt.runs = 300;
    opt.seed = 9;
    opt.threads = 1;
    const BoundaryTally t = SimulateBoundary(toy.m, opt);
    for (int k = 0; k < 2; ++k) EXPECT_EQ(SimulateBoundarySetWins(toy.m, k, opt), t.wins[static_cast<size_t>(k)]);
    opt.threads = 2;
    EXPECT_EQ(SimulateBoundary(toy.m, opt).wins[0], t.wins[0]);
    EXPECT_EQ(SimulateBoundarySetWins(toy.m, 1, opt), t.wins[1]);
  }
}

TEST(BacktestScores, ByHand) {
  // 3 seats, 3 parties, 4 runs.
  //   seat 0: wins 3, 1, 0; actual 0. Likeliest 0 (right). Brier (0.75-1)^2 + 0.25^2 = 0.125; -ln 0.75.
  //   seat 1: wins 2, 2, 0; actual 1. Likeliest 0 (tie: the earlier party; wrong). Brier 0.25 + 0.25 = 0.5; -ln 0.5.
  //   seat 2: wins 4, 0, 0; actual 2. Wrong. Brier 1 + 1 = 2; -ln(1/8) (the floor 1/(2 runs)).
  const std::vector<int64_t> wins = {3, 1, 0, 2, 2, 0, 4, 0, 0};
  const BacktestScores s = ScoreBacktest(wins, 4, 3, {0, 1, 2});
  EXPECT_EQ(s.seats_right, 1);
  EXPECT_EQ(s.likeliest, (std::vector<int>{0, 0, 0}));
  EXPECT_NEAR(s.brier, (0.125 + 0.5 + 2) / 3, 1e-12);
  EXPECT_NEAR(s.log_floor, 0.125, 1e-15);
  EXPECT_NEAR(s.log_score, (-std::log(0.75) - std::log(0.5) + std::log(8.0)) / 3, 1e-12);
  EXPECT_NEAR(s.mean_seats[0], 0.75 + 0.5 + 1, 1e-12);
  EXPECT_NEAR(s.mean_seats[1], 0.25 + 0.5, 1e-12);
  EXPECT_EQ(s.likeliest_seats, (std::vector<int>{3, 0, 0}));
}

}  // namespace
}  // namespace necsim
