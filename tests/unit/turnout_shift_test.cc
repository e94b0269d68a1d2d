// `turnout_shift` (scenarios/README.md, "Blocs"): the loader's forms and
// located errors, the exact per-cell turnout and ballots with sd 0 (the shift
// applies before the draw, so both samplers see the same cells), the clamp at
// 0 and 0.999, a shift of 0 leaving every draw as it was, and (statistical)
// the mean of the Beta draws with sd > 0.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "scenario/scenario_yaml.h"
#include "tests/feature_util.h"
#include "voters/voter_model.h"

namespace necsim {
namespace {

using feature_test::ExpectError;
using feature_test::Find;
using feature_test::LoadError;
using feature_test::LoadOk;
using feature_test::Replace;

// Two regions, two blocs; turnout fixed (sd 0) so every cell's ballots are exact.
const char* const kBase = R"(name: shift
seed: 3
runs: 20
turnout: 0.3
regions:
  - {name: North, members: 10000}
  - {name: South, members: 20000, turnout: 0.4}
slates: [Left, Right]
blocs:
  - name: left
    share: 0.6
    turnout_factor: 1.5
    behaviour: {affinity: {Left: 2}}
  - name: right
    share: 0.4
    behaviour: {affinity: {Right: 2}}
candidates:
  - {name: Ann, gender: f, region: North, slate: Left}
  - {name: Bob, gender: m, region: South, slate: Left}
  - {name: Cat, gender: f, region: South, slate: Right}
  - {name: Dan, gender: m, region: North, slate: Right}
rule_sets:
  - {name: stv, rule: ers97, seats: 2}
)";

std::string WithShift(const std::string& shift_line) {
  return Replace(kBase, "    turnout_factor: 1.5\n", "    turnout_factor: 1.5\n" + shift_line);
}

TEST(TurnoutShift, DefaultIsNoShift) {
  const Scenario sc = LoadOk(kBase);
  EXPECT_TRUE(sc.blocs[0].turnout_shift.empty());
  EXPECT_TRUE(sc.blocs[1].turnout_shift.empty());
}

TEST(TurnoutShift, NumberAndMappingForms) {
  {
    const Scenario sc = LoadOk(WithShift("    turnout_shift: 0.03\n"));
    EXPECT_EQ(sc.blocs[0].turnout_shift, (std::vector<double>{0.03, 0.03}));
  }
  {
    const Scenario sc = LoadOk(WithShift("    turnout_shift: {default: -0.05, South: 0.1}\n"));
    EXPECT_EQ(sc.blocs[0].turnout_shift, (std::vector<double>{-0.05, 0.1}));
  }
  {
    // Regions neither named nor covered by a default: no shift.
    const Scenario sc = LoadOk(WithShift("    turnout_shift: {South: 0.1}\n"));
    EXPECT_EQ(sc.blocs[0].turnout_shift, (std::vector<double>{0.0, 0.1}));
  }
}

TEST(TurnoutShift, LocatedErrors) {
  {
    const std::string t = WithShift("    turnout_shift: 1.5\n");
    ExpectError(LoadError(t), "test.yaml", Find(t, "1.5\n", t.find("turnout_shift")), "blocs[0].turnout_shift", "out of range (-1 to 1)");
  }
  {
    const std::string t = WithShift("    turnout_shift: {Middle: 0.1}\n");
    ExpectError(LoadError(t), "test.yaml", Find(t, "Middle"), "blocs[0].turnout_shift", "unknown region 'Middle'");
  }
  {
    const std::string t = WithShift("    turnout_shift: [0.1]\n");
    ExpectError(LoadError(t), "test.yaml", Find(t, "[0.1]"), "blocs[0].turnout_shift",
                "expected a number or a mapping region: shift");
  }
  {
    const std::string t = WithShift("    turnout_shift: {North: lots}\n");
    ExpectError(LoadError(t), "test.yaml", Find(t, "lots"), "blocs[0].turnout_shift.North", "expected a number");
  }
  {
    // From --set: located in the argument.
    const Error e = LoadError(kBase, {{"blocs.right.turnout_shift", "-2"}});
    EXPECT_EQ(e.file, "--set blocs.right.turnout_shift=-2");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 27);
    EXPECT_EQ(e.field, "blocs[1].turnout_shift");
  }
}

// m = clamp(mean_r x factor_b + shift_rb, 0, 0.999), ballots = round(members x share x m).
TEST(TurnoutShift, ExactCellsWithFixedTurnout) {
  const Scenario sc = LoadOk(WithShift("    turnout_shift: {North: 0.05, South: -0.7}\n") );
  const Scenario up = LoadOk(Replace(kBase, "    share: 0.4\n", "    share: 0.4\n    turnout_shift: 0.9\n"));
  for (const Scenario* s : {&sc, &up}) {
    const VoterModel m = VoterModel::Build(*s);
    for (uint64_t run = 0; run < 3; ++run) {
      const RunSample rs = SampleRun(*s, m, s->seed, run);
      for (int r = 0; r < 2; ++r) {
        for (int b = 0; b < 2; ++b) {
          const auto& bc = s->blocs[static_cast<size_t>(b)];
          const double shift = bc.turnout_shift.empty() ? 0.0 : bc.turnout_shift[static_cast<size_t>(r)];
          const double want =
              std::min(0.999, std::max(0.0, s->regions[static_cast<size_t>(r)].turnout.mean * bc.turnout_factor + shift));
          const size_t cell = static_cast<size_t>(r * 2 + b);
          EXPECT_EQ(rs.turnout[cell], want) << "r " << r << " b " << b;
          EXPECT_EQ(rs.ballots[cell],
                    std::llround(static_cast<double>(s->regions[static_cast<size_t>(r)].members) * bc.share[static_cast<size_t>(r)] * want));
        }
      }
    }
  }
  // The values themselves: North left 0.3 x 1.5 + 0.05 = 0.5; South left 0.4 x 1.5 - 0.7 < 0: no
  // ballots; right (shift 0.9): North 0.3 + 0.9 -> 0.999, South 1.3 -> 0.999.
  const RunSample a = SampleRun(sc, VoterModel::Build(sc), sc.seed, 0);
  EXPECT_DOUBLE_EQ(a.turnout[0], 0.5);
  EXPECT_EQ(a.ballots[0], 3000);
  EXPECT_EQ(a.turnout[2], 0.0);
  EXPECT_EQ(a.ballots[2], 0);
  const RunSample b = SampleRun(up, VoterModel::Build(up), up.seed, 0);
  EXPECT_EQ(b.turnout[1], 0.999);
  EXPECT_EQ(b.turnout[3], 0.999);
  EXPECT_EQ(b.ballots[3], std::llround(20000 * 0.4 * 0.999));
}

// A shift of 0 (given, or from --set) leaves every run exactly as without it.
TEST(TurnoutShift, ZeroShiftChangesNothing) {
  const std::string sd = Replace(kBase, "turnout: 0.3\n", "turnout: {mean: 0.3, sd: 0.05}\n");
  const Scenario plain = LoadOk(sd);
  const Scenario zero = LoadOk(Replace(sd, "    turnout_factor: 1.5\n", "    turnout_factor: 1.5\n    turnout_shift: 0\n"));
  const Scenario shifted = LoadOk(Replace(sd, "    turnout_factor: 1.5\n", "    turnout_factor: 1.5\n    turnout_shift: 0.01\n"));
  EngineOptions opt;
  opt.runs = 20;
  opt.seed = 11;
  opt.threads = 1;
  std::vector<RunRecord> a, b, c;
  SimulateRuns(plain, VoterModel::Build(plain), opt, 0, opt.runs, a);
  SimulateRuns(zero, VoterModel::Build(zero), opt, 0, opt.runs, b);
  SimulateRuns(shifted, VoterModel::Build(shifted), opt, 0, opt.runs, c);
  int64_t ballots_a = 0, ballots_c = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].ballots, b[i].ballots);
    EXPECT_EQ(a[i].rule_sets[0].elected, b[i].rule_sets[0].elected);
    EXPECT_EQ(a[i].rule_sets[0].first_preferences, b[i].rule_sets[0].first_preferences);
    ballots_a += a[i].ballots;
    ballots_c += c[i].ballots;
  }
  // The positive control: a shift of one point adds ballots (0.01 x 6000 + 0.01 x 12000 a run on average).
  EXPECT_GT(ballots_c, ballots_a);
}

// With sd > 0 the cell's turnout is Beta with mean m = 0.3 x 1.5 + 0.05 = 0.5
// and sd 0.05. Over N = 4000 runs the sample mean has SE 0.05 / sqrt(4000) =
// 0.00079; the bound 4.5 SE (two-sided false alarm 7e-6) is 0.0036, while the
// shift moves the mean by 0.05 (63 SE), so the test fails if the shift is
// dropped or applied after the draw in any other way than to the mean. The
// sample sd is checked too: its SE is about sd x sqrt((kurtosis - 1) / 4N),
// under 0.0006 for this Beta; the bound is 0.003.
TEST(TurnoutShiftStatistical, BetaMeanAndSd) {
  const Scenario sc = LoadOk(Replace(WithShift("    turnout_shift: {North: 0.05, South: 0}\n"), "turnout: 0.3\n",
                                     "turnout: {mean: 0.3, sd: 0.05}\n"));
  const VoterModel m = VoterModel::Build(sc);
  const int n = 4000;
  double sum = 0, sum2 = 0;
  for (int run = 0; run < n; ++run) {
    const RunSample rs = SampleRun(sc, m, 12345, static_cast<uint64_t>(run));
    sum += rs.turnout[0];
    sum2 += rs.turnout[0] * rs.turnout[0];
    // South gives its own fixed turnout (0.4, sd 0): its cells stay exact.
    EXPECT_EQ(rs.turnout[2], 0.4 * 1.5);
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, 0.5, 4.5 * 0.05 / std::sqrt(n));
  EXPECT_NEAR(sd, 0.05, 0.003);
}

}  // namespace
}  // namespace necsim
