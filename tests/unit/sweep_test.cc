// Sweep axes (exact ranges, lists, bad input), the grid, bloc-share
// renormalisation, and the run-record encoding that carries runs between MPI
// ranks (folding decoded records in run order reproduces Simulate's tally).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/engine.h"
#include "outputs/outputs.h"
#include "batch/run_records.h"
#include "scenario/scenario_yaml.h"
#include "scenario/sweep.h"
#include "tests/two_slate_scenario.h"

namespace necsim {
namespace {

using V = std::vector<std::string>;

TEST(SweepValues, RangeIsExactInDecimal) {
  auto v = ParseSweepValues("0.40:0.60:0.02", "x");
  ASSERT_TRUE(v.ok()) << v.error().ToString();
  // Counted in integers: 11 values, the last exactly 0.6 (a floating-point
  // loop of += 0.02 gives 0.6000000000000001 and can drop the end point).
  EXPECT_EQ(*v, (V{"0.4", "0.42", "0.44", "0.46", "0.48", "0.5", "0.52", "0.54", "0.56", "0.58", "0.6"}));
  EXPECT_EQ(*ParseSweepValues("0:1:0.3", "x"), (V{"0", "0.3", "0.6", "0.9"}));
  EXPECT_EQ(*ParseSweepValues("3:9:2", "x"), (V{"3", "5", "7", "9"}));
  EXPECT_EQ(*ParseSweepValues("1:-1:-0.5", "x"), (V{"1", "0.5", "0", "-0.5", "-1"}));
  EXPECT_EQ(*ParseSweepValues("0.1:0.1:1", "x"), (V{"0.1"}));
}

TEST(SweepValues, ListsAreCanonical) {
  EXPECT_EQ(*ParseSweepValues("block, ers97,meek", "x"), (V{"block", "ers97", "meek"}));
  EXPECT_EQ(*ParseSweepValues("0.40,3.0,-0,007", "x"), (V{"0.4", "3", "0", "7"}));
  EXPECT_EQ(CanonicalValue("half"), "half");
  EXPECT_EQ(CanonicalValue("1e-3"), "1e-3");  // not a plain decimal: passed on as written
}

TEST(SweepValues, BadInputIsNamed) {
  auto empty = ParseSweepValues("0.6:0.4:0.05", "blocs.left.share");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("empty range"), std::string::npos) << empty.error().message;
  EXPECT_EQ(empty.error().field, "blocs.left.share");
  EXPECT_FALSE(ParseSweepValues("0.4:0.6:-0.1", "x").ok());
  auto zero = ParseSweepValues("0:1:0", "x");
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("STEP is 0"), std::string::npos);
  EXPECT_FALSE(ParseSweepValues("", "x").ok());
  EXPECT_FALSE(ParseSweepValues("a,,b", "x").ok());
  EXPECT_FALSE(ParseSweepValues("a,b,", "x").ok());
  EXPECT_FALSE(ParseSweepValues("0:1", "x").ok());
  EXPECT_FALSE(ParseSweepValues("0:x:1", "x").ok());
  EXPECT_FALSE(ParseSweepValues("0:1:0.000001", "x").ok());  // a million points
  EXPECT_FALSE(ParseSweepArg("=1,2").ok());
  EXPECT_FALSE(ParseSweepArg("blocs.left.share").ok());
  auto ok = ParseSweepArg("rule_sets.0.rule=block,meek");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->path, "rule_sets.0.rule");
  EXPECT_EQ(ok->values, (V{"block", "meek"}));
}

TEST(SweepGrid, FirstAxisSlowest) {
  SweepAxis a{"a", {"1", "2"}, {}}, b{"b", {"x", "y", "z"}, {}};
  auto g = ExpandGrid({a, b});
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->size(), 6u);
  EXPECT_EQ((*g)[0].settings[0].value, "1");
  EXPECT_EQ((*g)[0].settings[1].value, "x");
  EXPECT_EQ((*g)[1].settings[1].value, "y");
  EXPECT_EQ((*g)[3].settings[0].value, "2");
  EXPECT_EQ((*g)[3].settings[1].value, "x");
  EXPECT_EQ((*g)[5].settings[1].value, "z");
  auto none = ExpandGrid({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 1u);  // no axes: the scenario itself
  EXPECT_FALSE(ExpandGrid({a, b}, 5).ok());
}

const char* kThreeBlocs = R"(name: t
regions:
  - {name: North, members: 1000}
  - {name: South, members: 1000}
slates: [L, R]
blocs:
  - {name: left, share: {North: 0.5, South: 0.3}, behaviour: {affinity: {L: 2}}}
  - {name: right, share: {North: 0.3, South: 0.6}, behaviour: {affinity: {R: 2}}}
  - {name: other, share: {North: 0.2, South: 0.1}}
candidates:
  - {name: A, slate: L}
  - {name: B, slate: R}
  - {name: C}
rule_sets:
  - {name: fptp1, rule: fptp, seats: 1}
)";

TEST(SweepShares, OtherBlocsKeepTheirProportions) {
  auto base = LoadScenarioText(kThreeBlocs, "t.yaml");
  ASSERT_TRUE(base.ok()) << base.error().ToString();
  std::vector<Override> point{{"blocs.left.share", "0.6"}};
  auto extra = ShareRenormalisation(*base, point);
  ASSERT_TRUE(extra.ok()) << extra.error().ToString();
  ASSERT_EQ(extra->size(), 2u);
  for (const auto& o : *extra) point.push_back(o);
  auto sc = LoadScenarioText(kThreeBlocs, "t.yaml", point);
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  // North: right and other (0.3 : 0.2) share 0.4 -> 0.24, 0.16.
  // South: right and other (0.6 : 0.1) share 0.4 -> 0.342857..., 0.057142...
  EXPECT_DOUBLE_EQ(sc->blocs[0].share[0], 0.6);
  EXPECT_NEAR(sc->blocs[1].share[0], 0.24, 1e-12);
  EXPECT_NEAR(sc->blocs[2].share[0], 0.16, 1e-12);
  EXPECT_NEAR(sc->blocs[1].share[1], 0.4 * 6 / 7, 1e-12);
  EXPECT_NEAR(sc->blocs[2].share[1], 0.4 / 7, 1e-12);
}

TEST(SweepShares, OneRegionOnly) {
  auto base = LoadScenarioText(kThreeBlocs, "t.yaml");
  ASSERT_TRUE(base.ok());
  std::vector<Override> point{{"blocs.left.share.South", "0.5"}};
  auto extra = ShareRenormalisation(*base, point);
  ASSERT_TRUE(extra.ok());
  for (const auto& o : *extra) point.push_back(o);
  auto sc = LoadScenarioText(kThreeBlocs, "t.yaml", point);
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  EXPECT_NEAR(sc->blocs[1].share[0], 0.3, 1e-12);  // North untouched
  EXPECT_NEAR(sc->blocs[1].share[1], 0.5 * 6 / 7, 1e-12);
}

TEST(SweepShares, TooMuchIsRefused) {
  auto base = LoadScenarioText(kThreeBlocs, "t.yaml");
  ASSERT_TRUE(base.ok());
  auto r = ShareRenormalisation(*base, {{"blocs.left.share", "0.7"}, {"blocs.right.share", "0.5"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("more than 1"), std::string::npos) << r.error().message;
  auto none = ShareRenormalisation(*base, {{"rule_sets.0.seats", "1"}});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// The two-slate scenario of tests/two_slate_scenario.h, and engine options
// with two threads, for the run-record and workspace tests below.
Result<Scenario> TinyScenario() {
  return LoadScenarioText(necsim_test::TwoSlateScenario("tiny", 11, 300), "tiny.yaml");
}
EngineOptions TwoThreads(uint64_t seed) {
  EngineOptions opt;
  opt.seed = seed;
  opt.threads = 2;
  return opt;
}

// Workspaces kept across SimulateRuns calls (as Simulate keeps them across
// blocks) carry nothing from one run to another: the same runs give the same
// records from fresh workspaces and from a pool that other runs have used.
TEST(WorkspacePool, ReusedWorkspacesGiveTheSameRuns) {
  auto sc = TinyScenario();
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  const EngineOptions opt = TwoThreads(9);
  const VoterModel model = VoterModel::Build(*sc);
  std::vector<RunRecord> fresh, warm, part;
  SimulateRuns(*sc, model, opt, 0, 200, fresh);
  WorkspacePool pool;
  SimulateRuns(*sc, model, opt, 1000, 1100, part, &pool);  // dirties every workspace
  SimulateRuns(*sc, model, opt, 0, 120, warm, &pool);
  SimulateRuns(*sc, model, opt, 120, 200, part, &pool);
  warm.insert(warm.end(), part.begin(), part.end());
  ASSERT_EQ(warm.size(), fresh.size());
  bool constraints_acted = false;
  for (size_t i = 0; i < fresh.size(); ++i) {
    EXPECT_EQ(warm[i].ballots, fresh[i].ballots) << i;
    ASSERT_EQ(warm[i].rule_sets.size(), fresh[i].rule_sets.size());
    for (size_t k = 0; k < fresh[i].rule_sets.size(); ++k) {
      EXPECT_EQ(warm[i].rule_sets[k].elected, fresh[i].rule_sets[k].elected) << i << " " << k;
      EXPECT_EQ(warm[i].rule_sets[k].first_pref_share, fresh[i].rule_sets[k].first_pref_share) << i << " " << k;
      EXPECT_EQ(warm[i].rule_sets[k].constraints_changed, fresh[i].rule_sets[k].constraints_changed) << i;
      constraints_acted |= fresh[i].rule_sets[k].constraints_changed;
    }
  }
  EXPECT_TRUE(constraints_acted);  // the recount path is exercised too
  EXPECT_EQ(RunsPerBlock(1), 256);
  EXPECT_EQ(RunsPerBlock(16), 2048);
}

TEST(RunRecords, RoundTripAndFoldInRunOrderEqualsSimulate) {
  auto sc = TinyScenario();
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  EngineOptions opt = TwoThreads(5);
  opt.runs = 300;
  auto whole = Simulate(*sc, opt);
  ASSERT_TRUE(whole.ok());
  // As two MPI ranks would: [0, 137) and [137, 300), encoded, decoded, folded in order.
  const VoterModel model = VoterModel::Build(*sc);
  std::vector<RunRecord> a, b, folded;
  SimulateRuns(*sc, model, opt, 0, 137, a);
  SimulateRuns(*sc, model, opt, 137, 300, b);
  ASSERT_TRUE(DecodeRunRecords(EncodeRunRecords(a), folded));
  ASSERT_TRUE(DecodeRunRecords(EncodeRunRecords(b), folded));
  ASSERT_EQ(folded.size(), 300u);
  Tally t = Tally::Empty(*sc);
  for (const RunRecord& r : folded) t.Add(*sc, r);
  const auto expect = SummaryJson(*sc, whole->tally, opt.seed, opt.sampler, false, 0).dump();
  EXPECT_EQ(SummaryJson(*sc, t, opt.seed, opt.sampler, false, 0).dump(), expect);
  for (size_t k = 0; k < t.rule_sets.size(); ++k) {
    for (size_t c = 0; c < t.rule_sets[k].first_pref_sum.size(); ++c) {
      // Bit for bit, not just to 6 decimals.
      EXPECT_EQ(t.rule_sets[k].first_pref_sum[c], whole->tally.rule_sets[k].first_pref_sum[c]);
    }
  }
  // Malformed bytes are refused.
  std::vector<RunRecord> junk;
  std::string bytes = EncodeRunRecords(a);
  EXPECT_FALSE(DecodeRunRecords(bytes.substr(0, bytes.size() - 3), junk));
  EXPECT_FALSE(DecodeRunRecords(bytes + "x", junk));
}

}  // namespace
}  // namespace necsim
