// The `--set` rules of scenarios/README.md: a bloc share set by --set
// rescales the other blocs exactly as a sweep of the same path does (the
// same scenario, and `necsim run --set` gives the summary of a one-point
// `necsim batch --sweep`); `--set PATH=null` removes a key (NEC and boundary
// scenarios), with located errors for what cannot be removed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/boundary_yaml.h"
#include "scenario/scenario_yaml.h"
#include "scenario/sweep.h"
#include "tests/cli/cli_util.h"
#include "tests/feature_util.h"
#include "tests/temp_dir_test.h"
#include "tests/two_slate_scenario.h"

namespace necsim {
namespace {

using feature_test::ExpectError;
using feature_test::Find;
using feature_test::LoadError;
using feature_test::LoadOk;

const char* const kThreeBlocs = R"(name: three
regions:
  - {name: North, members: 1000}
  - {name: South, members: 1000}
slates: [L, R]
blocs:
  - {name: left, share: {North: 0.5, South: 0.3}, turnout_factor: 1.2, behaviour: {affinity: {L: 2}}}
  - {name: right, share: {North: 0.3, South: 0.6}, behaviour: {affinity: {R: 2}}}
  - {name: other, share: {North: 0.2, South: 0.1}}
candidates:
  - {name: A, slate: L}
  - {name: B, slate: R}
  - {name: C}
rule_sets:
  - {name: fptp1, rule: fptp, seats: 1}
precision: 0.01
)";

std::vector<std::vector<double>> Shares(const Scenario& sc) {
  std::vector<std::vector<double>> out;
  for (const auto& b : sc.blocs) out.push_back(b.share);
  return out;
}

// What a one-point sweep of `o` loads: the point's setting plus the sweep's
// rescaling (ShareRenormalisation against the unswept scenario).
Scenario SweepPoint(const Override& o) {
  const Scenario base = LoadOk(kThreeBlocs);
  std::vector<Override> point{o};
  auto extra = ShareRenormalisation(base, point);
  EXPECT_TRUE(extra.ok()) << extra.error().ToString();
  if (extra.ok()) point.insert(point.end(), extra->begin(), extra->end());
  return LoadOk(kThreeBlocs, point);
}

TEST(SetShares, SameAsAOnePointSweep) {
  for (const Override& o : std::vector<Override>{{"blocs.left.share", "0.6"},
                                                 {"blocs.left.share.South", "0.5"},
                                                 {"blocs.1.share", "0.05"},
                                                 {"blocs.other.share", "0"}}) {
    SCOPED_TRACE(o.path + "=" + o.value);
    const Scenario set = LoadOk(kThreeBlocs, {o});
    EXPECT_EQ(Shares(set), Shares(SweepPoint(o)));  // exactly
    for (size_t r = 0; r < 2; ++r) {
      double sum = 0;
      for (const auto& b : set.blocs) sum += b.share[r];
      EXPECT_NEAR(sum, 1.0, 1e-12);
    }
  }
  // The figures of the README: North right 0.3, other 0.2 share 0.4 -> 0.24, 0.16.
  const Scenario sc = LoadOk(kThreeBlocs, {{"blocs.left.share", "0.6"}});
  EXPECT_EQ(sc.blocs[0].share, (std::vector<double>{0.6, 0.6}));
  EXPECT_NEAR(sc.blocs[1].share[0], 0.24, 1e-15);
  EXPECT_NEAR(sc.blocs[2].share[0], 0.16, 1e-15);
  EXPECT_NEAR(sc.blocs[1].share[1], 0.4 * 6 / 7, 1e-15);
  // One region: the other region is untouched.
  const Scenario one = LoadOk(kThreeBlocs, {{"blocs.left.share.South", "0.5"}});
  EXPECT_EQ(one.blocs[1].share[0], 0.3);
  EXPECT_NEAR(one.blocs[1].share[1], 0.5 * 6 / 7, 1e-15);
}

// Every share an override sets is kept; a mapping covering every region
// counts as set; other overrides apply first.
TEST(SetShares, SeveralOverrides) {
  const Scenario two = LoadOk(kThreeBlocs, {{"blocs.left.share", "0.5"}, {"blocs.right.share", "0.3"}});
  EXPECT_EQ(two.blocs[0].share, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(two.blocs[1].share, (std::vector<double>{0.3, 0.3}));
  EXPECT_NEAR(two.blocs[2].share[1], 0.2, 1e-15);
  const Scenario map = LoadOk(kThreeBlocs, {{"blocs.left.share", "{North: 0.7, default: 0.4}"}});
  EXPECT_EQ(map.blocs[0].share, (std::vector<double>{0.7, 0.4}));
  EXPECT_NEAR(map.blocs[1].share[0], 0.3 * 0.3 / 0.5, 1e-15);
  EXPECT_NEAR(map.blocs[2].share[1], 0.6 * 0.1 / 0.7, 1e-15);
  // A non-share override beside it still applies.
  const Scenario with = LoadOk(kThreeBlocs, {{"blocs.left.share", "0.6"}, {"runs", "77"}});
  EXPECT_EQ(with.runs, 77);
  EXPECT_EQ(Shares(with), Shares(SweepPoint({"blocs.left.share", "0.6"})));
}

TEST(SetShares, LocatedRefusals) {
  // Overfilled: at the last share override, the value's column.
  ExpectError(LoadError(kThreeBlocs, {{"blocs.left.share", "0.7"}, {"blocs.right.share", "0.5"}}),
              "--set blocs.right.share=0.5", {1, 19}, "blocs.share",
              "the bloc shares set (by --set or a sweep) in region 'North' add up to 1.2, more than 1");
  // Nothing left to rescale: every other bloc is set too.
  ExpectError(LoadError(kThreeBlocs, {{"blocs.left.share", "0.2"}, {"blocs.right.share", "0.2"},
                                      {"blocs.other.share", "0.2"}}),
              "--set blocs.other.share=0.2", {1, 19}, "blocs.share", "they have no share there");
  // A value out of range is still the value's own error.
  ExpectError(LoadError(kThreeBlocs, {{"blocs.left.share", "abc"}}), "--set blocs.left.share=abc", {1, 18},
              "blocs[0].share", "expected a number");
  // A mapping that misses a region is left to validation.
  ExpectError(LoadError(kThreeBlocs, {{"blocs.left.share", "{North: 0.7}"}}), "--set blocs.left.share={North: 0.7}",
              {1, 18}, "blocs[0].share", "no share for region 'South'");
}

// necsim run --set blocs.left.share=V writes the summary.json of a one-point
// necsim batch --sweep blocs.left.share=V, byte for byte.
class SetSharesCli : public necsim_test::TempDirTest {};

TEST_F(SetSharesCli, RunSetEqualsBatchSweep) {
  const std::string file = WriteFile("s.yaml", necsim_test::TwoSlateScenario("s", 5, 60));
  const auto run = necsim_test::RunNecsim({"run", file, "--out", P("run"), "--set", "blocs.left.share=0.62"});
  ASSERT_EQ(run.code, 0) << run.err;
  const auto batch = necsim_test::RunNecsim({"batch", file, "--out", P("batch"), "--sweep", "blocs.left.share=0.62"});
  ASSERT_EQ(batch.code, 0) << batch.err;
  const std::string a = necsim_test::Slurp(P("run/summary.json"));
  const std::string b = necsim_test::Slurp(P("batch/s/point_000/summary.json"));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  // And --set in a batch is the same again.
  const auto bset = necsim_test::RunNecsim({"batch", file, "--out", P("bset"), "--set", "blocs.left.share=0.62"});
  ASSERT_EQ(bset.code, 0) << bset.err;
  EXPECT_EQ(a, necsim_test::Slurp(P("bset/s/summary.json")));
  // The positive control: another share gives other results.
  const auto other = necsim_test::RunNecsim({"run", file, "--out", P("other"), "--set", "blocs.left.share=0.4"});
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_NE(a, necsim_test::Slurp(P("other/summary.json")));
}

// Bad values of the new fields from the command line: exit 2, the located
// message, nothing written.
TEST_F(SetSharesCli, BadNewFieldsWriteNothing) {
  std::string text = necsim_test::TwoSlateScenario("s", 5, 20);
  const std::string good = WriteFile("good.yaml", text);
  text.replace(text.find("    concentration: 300\n"), 0, "    turnout_shift: 3\n");
  const std::string bad = WriteFile("bad.yaml", text);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"run", bad, "--out", P("out")}, bad + ":13:20: blocs[0].turnout_shift: value 3 is out of range (-1 to 1)"},
           {{"run", good, "--out", P("out"), "--set", "candidates_per_region={Left: -1}"},
            "--set candidates_per_region={Left: -1}:1:30: candidates_per_region.Left: must not be negative"},
           {{"run", good, "--out", P("out"), "--set", "precision=null"},
            "--set precision=null:1:1: precision: 'precision' is not given, so there is nothing to remove"},
           {{"run", good, "--out", P("out"), "--set", "blocs.left.share=1.5"},
            "--set blocs.left.share=1.5:1:18: blocs.share: the bloc shares set (by --set or a sweep) in region 'North' "
            "add up to 1.5"}}) {
    const auto r = necsim_test::RunNecsim(c.args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << "want: " << c.message << "\ngot: " << r.err;
    EXPECT_FALSE(std::filesystem::exists(P("out")));
  }
}

// --- --set PATH=null --------------------------------------------------------

TEST(SetNull, RemovesAKeySoTheDefaultApplies) {
  const Scenario sc = LoadOk(kThreeBlocs, {{"blocs.left.turnout_factor", "null"}, {"precision", "~"}});
  EXPECT_EQ(sc.blocs[0].turnout_factor, 1.0);
  EXPECT_EQ(sc.precision, 0.0);
  const Scenario before = LoadOk(kThreeBlocs);
  EXPECT_EQ(before.blocs[0].turnout_factor, 1.2);
  EXPECT_EQ(before.precision, 0.01);
  // Removed, then given again by a later override.
  const Scenario again = LoadOk(kThreeBlocs, {{"precision", "NULL"}, {"precision", "0.02"}});
  EXPECT_EQ(again.precision, 0.02);
  // A key added by an earlier --set can be removed.
  const Scenario added = LoadOk(kThreeBlocs, {{"seed", "9"}, {"seed", "null"}});
  EXPECT_EQ(added.seed, 1u);
}

TEST(SetNull, LocatedErrors) {
  // Not given: nothing to remove (the last segment, or one on the way).
  ExpectError(LoadError(kThreeBlocs, {{"blocs.right.turnout_factor", "null"}}),
              "--set blocs.right.turnout_factor=null", {1, 13}, "blocs[1].turnout_factor",
              "'blocs[1].turnout_factor' is not given, so there is nothing to remove");
  ExpectError(LoadError(kThreeBlocs, {{"nec.factions", "null"}}), "--set nec.factions=null", {1, 1}, "nec",
              "nothing to remove");
  // A list element cannot be removed.
  ExpectError(LoadError(kThreeBlocs, {{"candidates.C", "null"}}), "--set candidates.C=null", {1, 12}, "candidates[2]",
              "a list element cannot be removed");
  // A required key removed: the loader's own message.
  const Error e = LoadError(kThreeBlocs, {{"rule_sets", "null"}});
  EXPECT_EQ(e.field, "rule_sets");
  EXPECT_NE(e.message.find("missing required key 'rule_sets'"), std::string::npos) << e.ToString();
  // An empty value is not a removal: it is an empty value.
  ExpectError(LoadError(kThreeBlocs, {{"precision", ""}}), "--set precision=", {1, 11}, "precision",
              "expected a number");
}

TEST(SetNull, BoundaryScenario) {
  const std::string dir = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
  const std::string file = dir + "/small_review.yaml";
  auto with = LoadBoundaryScenarioFile(file, dir);
  ASSERT_TRUE(with.ok()) << with.error().ToString();
  EXPECT_TRUE(with->clp.enabled);
  auto without = LoadBoundaryScenarioFile(file, dir, {{"boundary.clp", "null"}});
  ASSERT_TRUE(without.ok()) << without.error().ToString();
  EXPECT_FALSE(without->clp.enabled);
  // The regional model without its regions: the loader says what is missing.
  auto regional = LoadBoundaryScenarioFile(
      file, dir, {{"boundary.swing.model", "regional"}, {"boundary.swing.regions", "{South: {con: 40}}"}});
  ASSERT_TRUE(regional.ok()) << regional.error().ToString();
  auto removed = LoadBoundaryScenarioFile(file, dir,
                                          {{"boundary.swing.model", "regional"},
                                           {"boundary.swing.regions", "{South: {con: 40}}"},
                                           {"boundary.swing.regions", "null"}});
  ASSERT_FALSE(removed.ok());
  EXPECT_NE(removed.error().message.find("regions"), std::string::npos) << removed.error().ToString();
  auto missing = LoadBoundaryScenarioFile(file, dir, {{"boundary.swing.regions", "null"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().file, "--set boundary.swing.regions=null");
  EXPECT_NE(missing.error().message.find("nothing to remove"), std::string::npos) << missing.error().ToString();
}

}  // namespace
}  // namespace necsim
