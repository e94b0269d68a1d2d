// Scenario loading (sim/scenario/scenario_yaml.cc): the default and example scenarios
// load; every class of error is reported with file, line, column (1-based)
// and field; `extends:` and `--set` behave as scenarios/README.md says; the
// JSON Schema (scenarios/scenario.schema.json) names exactly the keys the
// loader accepts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "scenario/scenario_yaml.h"
#include "tests/feature_util.h"

namespace necsim {
namespace {

namespace fs = std::filesystem;

// A small valid scenario; tests change one thing at a time.
const char* const kTiny = R"(name: tiny
seed: 7
runs: 10
turnout: {mean: 0.3, sd: 0.02}
regions:
  - {name: North, members: 1000}
  - {name: South, members: 2_000, clps: 3, turnout: 0.4}
slates:
  - Left
  - name: Right
blocs:
  - name: left
    share: {North: 0.6, South: 0.4}
    concentration: 100
    behaviour:
      affinity: {Left: 2, Right: -1}
      mean_preferences: 2
  - name: right
    share: {default: 0.4, South: 0.6}
    turnout_factor: 1.2
    behaviour:
      affinity: {Left: -1, Right: 2, independent: 0.5}
      home_region: 0.3
      women: 0.1
      profile_weight: 0.5
      campaign_noise: 0.2
      stop: 0.5
candidates:
  - {name: Ann, gender: f, region: North, slate: Left, profile: 0.5}
  - {name: Bob, gender: m, region: South, slate: Left}
  - {name: Cat, gender: f, region: South, slate: Right}
  - {name: Dan, gender: m, region: North, slate: Right}
  - {name: Eve, gender: f, slate: independent}
rule_sets:
  - {name: stv, rule: ers97, seats: 2}
  - name: block
    rule: block
    seats: 2
    women_min: half
)";

using feature_test::ExpectError;
using feature_test::Find;
using feature_test::FindSecond;
using feature_test::LoadError;
using feature_test::Pos;
using feature_test::Replace;

// A fresh temporary folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("necsim_scenario_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  const fs::path& path() const { return dir_; }

 private:
  fs::path dir_;
};

const std::string kSource = NECSIM_SOURCE_DIR;

// --- Loading -----------------------------------------------------------------

TEST(ScenarioLoad, DefaultScenarioLoads) {
  auto r = LoadScenarioText(DefaultScenarioYaml(), "<built-in>");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const Scenario& sc = *r;
  EXPECT_EQ(sc.name, "default");
  EXPECT_EQ(sc.seed, 2018u);
  EXPECT_EQ(sc.runs, 1000);
  ASSERT_EQ(sc.regions.size(), 11u);
  EXPECT_EQ(sc.regions[0].name, "London");
  EXPECT_EQ(sc.regions[0].members, 112308);
  EXPECT_EQ(sc.regions[0].clps, 73);
  EXPECT_DOUBLE_EQ(sc.regions[0].turnout.mean, 0.25);
  EXPECT_DOUBLE_EQ(sc.regions[0].turnout.sd, 0.03);
  ASSERT_EQ(sc.blocs.size(), 3u);
  EXPECT_DOUBLE_EQ(sc.blocs[0].share[0], 0.54);
  EXPECT_DOUBLE_EQ(sc.blocs[0].share[1], 0.50);  // default
  EXPECT_DOUBLE_EQ(sc.blocs[2].turnout_factor, 0.8);
  EXPECT_DOUBLE_EQ(sc.blocs[2].profile_weight, 1.5);
  EXPECT_DOUBLE_EQ(sc.blocs[0].mean_preferences, 7);
  ASSERT_EQ(sc.slates.size(), 2u);
  ASSERT_EQ(sc.blocs[1].affinity.size(), 3u);
  EXPECT_DOUBLE_EQ(sc.blocs[1].affinity[2], 0.3);  // independents
  EXPECT_EQ(sc.candidates.size(), 22u);
  ASSERT_EQ(sc.rule_sets.size(), 3u);
  EXPECT_EQ(sc.rule_sets[0].rule, Rule::kBlock);
  EXPECT_EQ(sc.rule_sets[1].rule, Rule::kErs97);
  EXPECT_EQ(sc.rule_sets[1].women_min, 5);  // half of 9, rounded up
  EXPECT_TRUE(sc.rule_sets[2].is_regional());  // one FPTP seat per region
  EXPECT_EQ(sc.rule_sets[2].seats, 11);
}

TEST(ScenarioLoad, DefaultScenarioFileMatchesBuiltIn) {
  auto r = LoadScenarioFile(kSource + "/scenarios/default.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->candidates.size(), 22u);
}

TEST(ScenarioLoad, TinyFieldsAndDefaults) {
  auto r = LoadScenarioText(kTiny, "tiny.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const Scenario& sc = *r;
  EXPECT_EQ(sc.source, "tiny.yaml");
  EXPECT_EQ(sc.seed, 7u);
  EXPECT_EQ(sc.runs, 10);
  EXPECT_DOUBLE_EQ(sc.precision, 0.0);
  EXPECT_EQ(sc.regions[1].members, 2000);
  EXPECT_EQ(sc.regions[0].clps, 0);
  EXPECT_EQ(sc.regions[1].clps, 3);
  EXPECT_DOUBLE_EQ(sc.regions[0].turnout.mean, 0.3);  // top-level turnout
  EXPECT_DOUBLE_EQ(sc.regions[0].turnout.sd, 0.02);
  EXPECT_DOUBLE_EQ(sc.regions[1].turnout.mean, 0.4);  // its own, fixed
  EXPECT_DOUBLE_EQ(sc.regions[1].turnout.sd, 0.0);
  ASSERT_EQ(sc.slates.size(), 2u);
  EXPECT_EQ(sc.slates[0].name, "Left");
  EXPECT_EQ(sc.slates[1].name, "Right");
  const BlocConfig& left = sc.blocs[0];
  EXPECT_EQ(left.share, (std::vector<double>{0.6, 0.4}));
  EXPECT_DOUBLE_EQ(left.concentration, 100);
  EXPECT_DOUBLE_EQ(left.turnout_factor, 1.0);
  EXPECT_EQ(left.affinity, (std::vector<double>{2, -1, 0}));
  EXPECT_DOUBLE_EQ(left.home_region, 0.0);
  EXPECT_DOUBLE_EQ(left.women, 0.0);
  EXPECT_DOUBLE_EQ(left.profile_weight, 1.0);
  EXPECT_DOUBLE_EQ(left.campaign_noise, 0.0);
  EXPECT_DOUBLE_EQ(left.mean_preferences, 2);
  EXPECT_DOUBLE_EQ(left.stop, 0.0);
  const BlocConfig& right = sc.blocs[1];
  EXPECT_EQ(right.share, (std::vector<double>{0.4, 0.6}));
  EXPECT_DOUBLE_EQ(right.concentration, 0);
  EXPECT_DOUBLE_EQ(right.turnout_factor, 1.2);
  EXPECT_EQ(right.affinity, (std::vector<double>{-1, 2, 0.5}));
  EXPECT_DOUBLE_EQ(right.home_region, 0.3);
  EXPECT_DOUBLE_EQ(right.women, 0.1);
  EXPECT_DOUBLE_EQ(right.profile_weight, 0.5);
  EXPECT_DOUBLE_EQ(right.campaign_noise, 0.2);
  EXPECT_DOUBLE_EQ(right.stop, 0.5);
  EXPECT_DOUBLE_EQ(right.mean_preferences, 0);
  ASSERT_EQ(sc.candidates.size(), 5u);
  EXPECT_EQ(sc.candidates[0].gender, Gender::kWoman);
  EXPECT_EQ(sc.candidates[0].region, 0);
  EXPECT_EQ(sc.candidates[0].slate, 0);
  EXPECT_DOUBLE_EQ(sc.candidates[0].profile, 0.5);
  EXPECT_EQ(sc.candidates[1].gender, Gender::kMan);
  EXPECT_DOUBLE_EQ(sc.candidates[1].profile, 0.0);
  EXPECT_EQ(sc.candidates[4].region, -1);
  EXPECT_EQ(sc.candidates[4].slate, -1);
  const auto count = sc.CountCandidates();
  EXPECT_EQ(count[4].slate, "independent");
  EXPECT_EQ(count[2].region, "South");
  ASSERT_EQ(sc.rule_sets.size(), 2u);
  EXPECT_EQ(sc.rule_sets[0].women_min, -1);
  EXPECT_TRUE(sc.rule_sets[0].groups.empty());
  EXPECT_EQ(sc.rule_sets[1].women_min, 1);
}

TEST(ScenarioLoad, ExamplesLoad) {
  auto base = LoadScenarioFile(kSource + "/scenarios/examples/two_slates.yaml");
  ASSERT_TRUE(base.ok()) << base.error().ToString();
  auto high = LoadScenarioFile(kSource + "/scenarios/examples/two_slates_high_left_turnout.yaml");
  ASSERT_TRUE(high.ok()) << high.error().ToString();
  EXPECT_NE(base->name, high->name);
  ASSERT_EQ(base->blocs.size(), high->blocs.size());
  int changed = 0;
  for (size_t b = 0; b < base->blocs.size(); ++b) {
    if (base->blocs[b].turnout_factor != high->blocs[b].turnout_factor) {
      ++changed;
      EXPECT_EQ(high->blocs[b].name, "left");
      EXPECT_GT(high->blocs[b].turnout_factor, base->blocs[b].turnout_factor);
    }
    EXPECT_EQ(base->blocs[b].share, high->blocs[b].share);
    EXPECT_EQ(base->blocs[b].affinity, high->blocs[b].affinity);
  }
  EXPECT_EQ(changed, 1);
  EXPECT_EQ(base->candidates.size(), high->candidates.size());
  EXPECT_EQ(base->rule_sets.size(), high->rule_sets.size());
  EXPECT_EQ(base->runs, high->runs);
}

TEST(ScenarioLoad, SixCardsExampleLoads) {
  auto six = LoadScenarioFile(kSource + "/scenarios/examples/six_cards_2020.yaml");
  ASSERT_TRUE(six.ok()) << six.error().ToString();
  ASSERT_EQ(six->cards.size(), 6u);
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(six->cards[k].order.size(), 6u);
    EXPECT_EQ(six->cards[k].order[0], static_cast<int>(k)) << "card " << k + 1 << " is headed by candidate " << k;
  }
  ASSERT_EQ(six->blocs[0].follow.size(), 6u);
  for (const auto& f : six->blocs[0].follow) EXPECT_EQ(f.share, 0.15);
  auto one = LoadScenarioFile(kSource + "/scenarios/examples/six_cards_2020.yaml",
                              {{"blocs.left.behaviour.follow", "{card_1: 0.9}"}});
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  ASSERT_EQ(one->blocs[0].follow.size(), 1u);
  EXPECT_EQ(one->blocs[0].follow[0].card, 0);
}

// --- Errors ------------------------------------------------------------------

TEST(ScenarioErrors, YamlSyntaxError) {
  const std::string text = Replace(kTiny, "runs: 10", "runs: [10, 20");
  const Error e = LoadError(text);
  EXPECT_EQ(e.file, "test.yaml");
  EXPECT_GE(e.line, Find(text, "runs:").line);
  EXPECT_GT(e.column, 0);
  EXPECT_NE(e.message.find("not valid YAML"), std::string::npos) << e.ToString();
}

TEST(ScenarioErrors, BadIndentation) {
  const std::string text = "name: x\n  runs: 5\n bad: [\n";
  const Error e = LoadError(text);
  EXPECT_EQ(e.file, "test.yaml");
  EXPECT_GT(e.line, 0);
  EXPECT_GT(e.column, 0);
  EXPECT_NE(e.message.find("not valid YAML"), std::string::npos) << e.ToString();
}

TEST(ScenarioErrors, NotAMapping) {
  const Error e = LoadError("- a\n- b\n");
  ExpectError(e, "test.yaml", {1, 1}, "", "must be a mapping");
  const Error empty = LoadError("");
  ExpectError(empty, "test.yaml", {1, 1}, "", "must be a mapping");
}

TEST(ScenarioErrors, DuplicateKey) {
  const std::string text = Replace(kTiny, "runs: 10\n", "runs: 10\nruns: 20\n");
  ExpectError(LoadError(text), "test.yaml", Find(text, "runs: 20"), "runs", "duplicate key 'runs'");
  // Nested, in a flow mapping.
  const std::string nested = Replace(kTiny, "{North: 0.6, South: 0.4}", "{North: 0.6, North: 0.4}");
  ExpectError(LoadError(nested), "test.yaml", Find(nested, "North: 0.4"), "blocs[0].share.North",
              "duplicate key 'North'");
}

TEST(ScenarioErrors, MissingRequiredKey) {
  const std::string text = Replace(kTiny, "name: tiny\n", "");
  ExpectError(LoadError(text), "test.yaml", {1, 1}, "name", "missing required key 'name'");
  const std::string no_seats = Replace(kTiny, "{name: stv, rule: ers97, seats: 2}", "{name: stv, rule: ers97}");
  ExpectError(LoadError(no_seats), "test.yaml", Find(no_seats, "{name: stv"), "rule_sets[0].seats",
              "missing 'seats'");
}

TEST(ScenarioErrors, UnknownKeys) {
  const std::string root = Replace(kTiny, "runs: 10", "runz: 10");
  ExpectError(LoadError(root), "test.yaml", Find(root, "runz"), "runz", "unknown key 'runz'");
  const std::string beh = Replace(kTiny, "      home_region: 0.3", "      home_regoin: 0.3");
  ExpectError(LoadError(beh), "test.yaml", Find(beh, "home_regoin"), "blocs[1].behaviour.home_regoin",
              "unknown key 'home_regoin'");
  const std::string cand = Replace(kTiny, "{name: Bob, gender: m,", "{name: Bob, sex: m,");
  ExpectError(LoadError(cand), "test.yaml", Find(cand, "sex"), "candidates[1].sex", "unknown key 'sex'");
  const std::string turnout = Replace(kTiny, "{mean: 0.3, sd: 0.02}", "{mean: 0.3, spread: 0.02}");
  ExpectError(LoadError(turnout), "test.yaml", Find(turnout, "spread"), "turnout.spread", "unknown key 'spread'");
}

TEST(ScenarioErrors, WrongTypes) {
  const std::string runs = Replace(kTiny, "runs: 10", "runs: many");
  ExpectError(LoadError(runs), "test.yaml", Find(runs, "many"), "runs", "expected a whole number, got 'many'");
  const std::string frac = Replace(kTiny, "runs: 10", "runs: 10.5");
  ExpectError(LoadError(frac), "test.yaml", Find(frac, "10.5"), "runs", "expected a whole number");
  const std::string profile = Replace(kTiny, "profile: 0.5", "profile: high");
  ExpectError(LoadError(profile), "test.yaml", Find(profile, "high"), "candidates[0].profile",
              "expected a number, got 'high'");
  const std::string share = Replace(kTiny, "{North: 0.6, South: 0.4}", "[0.6, 0.4]");
  ExpectError(LoadError(share), "test.yaml", Find(share, "[0.6"), "blocs[0].share", "expected a number or a mapping");
  const std::string regions = Replace(kTiny, "  - {name: North, members: 1000}\n", "  - North\n");
  ExpectError(LoadError(regions), "test.yaml", Find(regions, "North\n"), "regions[0]", "expected a mapping");
  const std::string name = Replace(kTiny, "name: tiny", "name: [a, b]");
  ExpectError(LoadError(name), "test.yaml", Find(name, "[a, b]"), "name", "expected a text value");
  const std::string gender = Replace(kTiny, "{name: Bob, gender: m,", "{name: Bob, gender: x,");
  ExpectError(LoadError(gender), "test.yaml", Find(gender, "x,"), "candidates[1].gender", "gender must be f or m");
  const std::string rule = Replace(kTiny, "rule: ers97", "rule: d'hondt");
  ExpectError(LoadError(rule), "test.yaml", Find(rule, "d'hondt"), "rule_sets[0].rule", "unknown rule 'd'hondt'");
}

TEST(ScenarioErrors, OutOfRange) {
  const std::string share = Replace(kTiny, "{North: 0.6, South: 0.4}", "{North: 1.6, South: 0.4}");
  ExpectError(LoadError(share), "test.yaml", Find(share, "1.6"), "blocs[0].share.North", "out of range (0 to 1)");
  const std::string turnout = Replace(kTiny, "turnout: 0.4", "turnout: 0");
  ExpectError(LoadError(turnout), "test.yaml", Find(turnout, "turnout: 0}") + Pos{0, 9}, "regions[1].turnout",
              "out of range");
  const std::string noise = Replace(kTiny, "campaign_noise: 0.2", "campaign_noise: -0.2");
  ExpectError(LoadError(noise), "test.yaml", Find(noise, "-0.2"), "blocs[1].behaviour.campaign_noise",
              "out of range (0 to 10)");
  const std::string runs = Replace(kTiny, "runs: 10", "runs: 0");
  ExpectError(LoadError(runs), "test.yaml", Find(runs, "0\nturnout"), "runs", "out of range (1 to 1000000000)");
  const std::string neg = Replace(kTiny, "members: 1000", "members: -1000");
  ExpectError(LoadError(neg), "test.yaml", Find(neg, "-1000"), "regions[0].members", "must not be negative");
  const std::string zero = Replace(kTiny, "members: 1000", "members: 0");
  ExpectError(LoadError(zero), "test.yaml", Find(zero, "0}"), "regions[0].members", "zero members");
  const std::string sd = Replace(kTiny, "{mean: 0.3, sd: 0.02}", "{mean: 0.3, sd: 0.46}");
  ExpectError(LoadError(sd), "test.yaml", Find(sd, "0.46"), "turnout.sd", "too large");
  const std::string seats = Replace(kTiny, "{name: stv, rule: ers97, seats: 2}", "{name: stv, rule: ers97, seats: 6}");
  ExpectError(LoadError(seats), "test.yaml", Find(seats, "seats: 6") + Pos{0, 7}, "rule_sets[0].seats", "6 seats but only 5 candidates");
  const std::string mp = Replace(kTiny, "mean_preferences: 2", "mean_preferences: 6");
  ExpectError(LoadError(mp), "test.yaml", Find(mp, "mean_preferences: 6") + Pos{0, 18}, "blocs[0].behaviour.mean_preferences",
              "out of range (1 to 5)");
}

TEST(ScenarioErrors, WholeNumberLimits) {
  auto max = LoadScenarioText(Replace(kTiny, "seed: 7", "seed: 9223372036854775807"), "t");
  ASSERT_TRUE(max.ok()) << max.error().ToString();
  EXPECT_EQ(max->seed, 9223372036854775807u);
  auto commas = LoadScenarioText(Replace(kTiny, "members: 1000}", "members: '1,000'}"), "t");
  ASSERT_TRUE(commas.ok()) << commas.error().ToString();
  EXPECT_EQ(commas->regions[0].members, 1000);
  for (const char* big : {"9223372036854775808", "99999999999999999999"}) {
    const std::string text = Replace(kTiny, "seed: 7", std::string("seed: ") + big);
    ExpectError(LoadError(text), "test.yaml", Find(text, big), "seed", "too large");
  }
}

TEST(ScenarioErrors, SharesMustSumToOne) {
  const std::string text = Replace(kTiny, "{default: 0.4, South: 0.6}", "{default: 0.4, South: 0.5}");
  const Error e = LoadError(text);
  ExpectError(e, "test.yaml", Find(text, "- name: left"), "blocs.share",
              "bloc shares in region 'South' sum to 0.9, not 1");
  EXPECT_NE(e.message.find("left 0.4 + right 0.5"), std::string::npos) << e.ToString();
  const std::string missing = Replace(kTiny, "{default: 0.4, South: 0.6}", "{South: 0.6}");
  ExpectError(LoadError(missing), "test.yaml", Find(missing, "{South: 0.6}"), "blocs[1].share",
              "no share for region 'North'");
}

TEST(ScenarioErrors, UnknownNames) {
  const std::string slate = Replace(kTiny, "region: South, slate: Right}", "region: South, slate: Centre}");
  ExpectError(LoadError(slate), "test.yaml", Find(slate, "Centre"), "candidates[2].slate", "unknown slate 'Centre'");
  const std::string region = Replace(kTiny, "{name: Dan, gender: m, region: North", "{name: Dan, gender: m, region: East");
  ExpectError(LoadError(region), "test.yaml", Find(region, "East"), "candidates[3].region", "unknown region 'East'");
  const std::string share = Replace(kTiny, "{North: 0.6, South: 0.4}", "{North: 0.6, Sooth: 0.4}");
  ExpectError(LoadError(share), "test.yaml", Find(share, "Sooth"), "blocs[0].share", "unknown region 'Sooth'");
  const std::string aff = Replace(kTiny, "{Left: 2, Right: -1}", "{Left: 2, Wrong: -1}");
  ExpectError(LoadError(aff), "test.yaml", Find(aff, "Wrong"), "blocs[0].behaviour.affinity", "unknown slate 'Wrong'");
  const std::string dup = Replace(kTiny, "{name: Bob,", "{name: Ann,");
  ExpectError(LoadError(dup), "test.yaml", FindSecond(dup, "Ann,"), "candidates[1].name",
              "name 'Ann' is used twice");
}

// --- How-to-vote cards ------------------------------------------------------

// kTiny with two cards on Left and the left bloc following them.
std::string WithCards() {
  std::string t = Replace(kTiny, "  - Left\n", R"(  - name: Left
    cards:
      - {name: la, order: [Ann, Bob]}
      - {name: lb, order: [Bob]}
)");
  return Replace(t, "      mean_preferences: 2\n", "      mean_preferences: 2\n      follow: {la: 0.5, lb: 0.3}\n      compliance: 0.9\n");
}

TEST(ScenarioCards, Load) {
  auto r = LoadScenarioText(WithCards(), "test.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->cards.size(), 2u);
  EXPECT_EQ(r->cards[0].name, "la");
  EXPECT_EQ(r->cards[0].slate, 0);
  EXPECT_EQ(r->cards[0].order, (std::vector<int>{0, 1}));
  EXPECT_EQ(r->cards[1].order, (std::vector<int>{1}));
  ASSERT_EQ(r->blocs[0].follow.size(), 2u);
  EXPECT_EQ(r->blocs[0].follow[0].card, 0);
  EXPECT_EQ(r->blocs[0].follow[0].share, 0.5);
  EXPECT_EQ(r->blocs[0].follow[1].card, 1);
  EXPECT_EQ(r->blocs[0].follow[1].share, 0.3);
  EXPECT_EQ(r->blocs[0].compliance, 0.9);
  EXPECT_TRUE(r->blocs[1].follow.empty());
  EXPECT_EQ(r->blocs[1].compliance, 1.0);  // the default
  // Shares may sum to exactly 1; --set reaches cards and follow.
  auto all = LoadScenarioText(WithCards(), "test.yaml", {{"blocs.left.behaviour.follow", "{la: 0.7, lb: 0.3}"},
                                                         {"slates.Left.cards.lb.order", "[Bob, Ann]"}});
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(all->cards[1].order, (std::vector<int>{1, 0}));
}

TEST(ScenarioCards, UnknownCardInFollow) {
  const std::string t = Replace(WithCards(), "follow: {la: 0.5", "follow: {lz: 0.5");
  ExpectError(LoadError(t), "test.yaml", Find(t, "lz"), "blocs[0].behaviour.follow", "unknown card 'lz' (cards: la, lb)");
  const std::string none = Replace(kTiny, "      mean_preferences: 2\n", "      mean_preferences: 2\n      follow: {x: 0.5}\n");
  ExpectError(LoadError(none), "test.yaml", Find(none, "x: 0.5"), "blocs[0].behaviour.follow",
              "unknown card 'x' (no slate has cards)");
}

TEST(ScenarioCards, CardCandidates) {
  const std::string unknown = Replace(WithCards(), "[Ann, Bob]", "[Ann, Zed]");
  ExpectError(LoadError(unknown), "test.yaml", Find(unknown, "Zed"), "slates[0].cards[0].order[1]",
              "unknown candidate 'Zed'");
  const std::string other = Replace(WithCards(), "[Ann, Bob]", "[Ann, Cat]");
  ExpectError(LoadError(other), "test.yaml", Find(other, "Cat]"), "slates[0].cards[0].order[1]",
              "candidate 'Cat' is not on slate 'Left' (their slate: 'Right')");
  const std::string indep = Replace(WithCards(), "[Ann, Bob]", "[Eve]");
  ExpectError(LoadError(indep), "test.yaml", Find(indep, "Eve]"), "slates[0].cards[0].order[0]",
              "candidate 'Eve' is not on slate 'Left' (their slate: 'independent')");
  const std::string twice = Replace(WithCards(), "[Ann, Bob]", "[Ann, Bob, Ann]");
  ExpectError(LoadError(twice), "test.yaml", Find(twice, "Ann]"), "slates[0].cards[0].order[2]",
              "candidate 'Ann' is on card 'la' twice");
  const std::string empty = Replace(WithCards(), "[Ann, Bob]", "[]");
  ExpectError(LoadError(empty), "test.yaml", Find(empty, "[]"), "slates[0].cards[0].order",
              "expected a non-empty list of candidate names");
  const std::string missing = Replace(WithCards(), "{name: lb, order: [Bob]}", "{name: lb}");
  ExpectError(LoadError(missing), "test.yaml", Find(missing, "{name: lb}"), "slates[0].cards[1].order", "missing 'order'");
}

TEST(ScenarioCards, CardNameUsedTwice) {
  const std::string t = Replace(WithCards(), "{name: lb, order", "{name: la, order");
  ExpectError(LoadError(t), "test.yaml", FindSecond(t, "la, order") , "slates[0].cards[1].name",
              "card 'la' is used twice");
  // Across slates too.
  const std::string across = Replace(Replace(WithCards(), "  - name: Right\n", "  - name: Right\n    cards: [{name: lb, order: [Cat]}]\n"),
                                     "follow: {la: 0.5, lb: 0.3}", "follow: {la: 0.5}");
  ExpectError(LoadError(across), "test.yaml", FindSecond(across, "lb, order"), "slates[1].cards[0].name",
              "card 'lb' is used twice (also on slate 'Left'");
}

TEST(ScenarioCards, FollowShares) {
  const std::string neg = Replace(WithCards(), "la: 0.5,", "la: -0.1,");
  ExpectError(LoadError(neg), "test.yaml", Find(neg, "-0.1"), "blocs[0].behaviour.follow.la", "out of range (0 to 1)");
  const std::string big = Replace(WithCards(), "la: 0.5,", "la: 1.5,");
  ExpectError(LoadError(big), "test.yaml", Find(big, "1.5"), "blocs[0].behaviour.follow.la", "out of range (0 to 1)");
  const std::string sum = Replace(WithCards(), "la: 0.5,", "la: 0.8,");
  ExpectError(LoadError(sum), "test.yaml", Find(sum, "{la: 0.8"), "blocs[0].behaviour.follow",
              "follow shares add up to 1.1, more than 1 (la 0.8 + lb 0.3)");
  const std::string dup = Replace(WithCards(), "lb: 0.3}", "la: 0.3}");
  ExpectError(LoadError(dup), "test.yaml", Find(dup, "la: 0.3"), "blocs[0].behaviour.follow.la",
              "duplicate key 'la'");
  const std::string list = Replace(WithCards(), "follow: {la: 0.5, lb: 0.3}", "follow: [la, lb]");
  ExpectError(LoadError(list), "test.yaml", Find(list, "[la, lb]"), "blocs[0].behaviour.follow",
              "expected a mapping card: share");
}

TEST(ScenarioCards, Compliance) {
  for (const char* bad : {"1.5", "-0.1"}) {
    const std::string t = Replace(WithCards(), "compliance: 0.9", std::string("compliance: ") + bad);
    ExpectError(LoadError(t), "test.yaml", Find(t, bad), "blocs[0].behaviour.compliance", "out of range (0 to 1)");
  }
  ExpectError(LoadError(WithCards(), {{"blocs.left.behaviour.compliance", "2"}}),
              "--set blocs.left.behaviour.compliance=2", {1, 33}, "blocs[0].behaviour.compliance", "out of range");
}

TEST(ScenarioErrors, StopAndMeanPreferencesAreExclusive) {
  const std::string text = Replace(kTiny, "      stop: 0.5\n", "      stop: 0.5\n      mean_preferences: 3\n");
  ExpectError(LoadError(text), "test.yaml", Find(text, "3\ncandidates"), "blocs[1].behaviour",
              "either 'stop' or 'mean_preferences', not both");
  // Either alone is fine (the tiny scenario has one of each).
  EXPECT_TRUE(LoadScenarioText(kTiny, "t").ok());
}

TEST(ScenarioErrors, InfeasibleConstraints) {
  // Two seats, at least two from Left and one from Right: 3 > 2.
  const std::string text = std::string(kTiny) +
                           "  - name: impossible\n"
                           "    rule: meek\n"
                           "    seats: 2\n"
                           "    groups:\n"
                           "      - {slate: Left, min: 2}\n"
                           "      - {slate: Right, min: 1}\n";
  const Error e = LoadError(text);
  ExpectError(e, "test.yaml", Find(text, "name: impossible"), "rule_sets[2]", "constraints cannot be met");
  // A group needing more than it has.
  const std::string short_group = std::string(kTiny) +
                                  "  - name: short\n"
                                  "    rule: wigm\n"
                                  "    seats: 2\n"
                                  "    groups: [{region: North, min: 2, max: 2}, {gender: f, max: 0}]\n";
  ExpectError(LoadError(short_group), "test.yaml", Find(short_group, "name: short"), "rule_sets[2]",
              "constraints cannot be met");
  // women_min needs every gender.
  const std::string no_gender = Replace(kTiny, "{name: Eve, gender: f, slate: independent}", "{name: Eve, slate: independent}");
  ExpectError(LoadError(no_gender), "test.yaml", Find(no_gender, "half"), "rule_sets[1].women_min",
              "'Eve' has none");
  const std::string too_many = Replace(kTiny, "women_min: half", "women_min: 3");
  ExpectError(LoadError(too_many), "test.yaml", Find(too_many, "women_min: 3") + Pos{0, 11}, "rule_sets[1].women_min", "out of range (0 to 2)");
}

TEST(ScenarioErrors, GroupSelectors) {
  auto with_group = [](const std::string& group) {
    return std::string(kTiny) + "  - {name: g, rule: ers97, seats: 2, groups: [" + group + "]}\n";
  };
  const std::string two = with_group("{region: North, slate: Left, max: 1}");
  ExpectError(LoadError(two), "test.yaml", Find(two, "{region: North"), "rule_sets[2].groups[0]",
              "exactly one of region, slate, gender or candidates");
  const std::string none = with_group("{max: 1}");
  ExpectError(LoadError(none), "test.yaml", Find(none, "{max: 1}"), "rule_sets[2].groups[0]", "exactly one of");
  const std::string region = with_group("{region: West, max: 1}");
  ExpectError(LoadError(region), "test.yaml", Find(region, "West"), "rule_sets[2].groups[0].region",
              "unknown region 'West'");
  const std::string cand = with_group("{candidates: [Ann, Zed], max: 1}");
  ExpectError(LoadError(cand), "test.yaml", Find(cand, "Zed"), "rule_sets[2].groups[0].candidates[1]",
              "unknown candidate 'Zed'");
  const std::string gender = with_group("{gender: x, max: 1}");
  ExpectError(LoadError(gender), "test.yaml", Find(gender, "x, max"), "rule_sets[2].groups[0].gender",
              "gender must be f or m");
}

// --- Groups and constraints ----------------------------------------------------

TEST(ScenarioConstraints, WomenMinHalf) {
  auto r = LoadScenarioText(kTiny, "t", {{"rule_sets.block.seats", "3"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->rule_sets[1].women_min, 2);  // ceil(3 / 2)
  auto none = LoadScenarioText(kTiny, "t", {{"rule_sets.block.women_min", "none"}});
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_EQ(none->rule_sets[1].women_min, -1);
  auto number = LoadScenarioText(kTiny, "t", {{"rule_sets.block.women_min", "2"}});
  ASSERT_TRUE(number.ok()) << number.error().ToString();
  EXPECT_EQ(number->rule_sets[1].women_min, 2);
  const auto k = number->rule_sets[1].MakeConstraints(number->CountCandidates());
  ASSERT_EQ(k.groups.size(), 1u);
  EXPECT_EQ(k.groups[0].min, 2);
  EXPECT_EQ(k.groups[0].members, (std::vector<CandidateId>{0, 2, 4}));
}

TEST(ScenarioConstraints, MaxPerRegion) {
  auto r = LoadScenarioText(kTiny, "t", {{"rule_sets.stv.max_per_region", "1"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const auto& groups = r->rule_sets[0].groups;
  ASSERT_EQ(groups.size(), 2u);  // one per region
  EXPECT_EQ(groups[0].name, "region North");
  EXPECT_EQ(groups[0].members, (std::vector<CandidateId>{0, 3}));
  EXPECT_EQ(groups[0].max, 1);
  EXPECT_EQ(groups[0].min, 0);
  EXPECT_EQ(groups[1].members, (std::vector<CandidateId>{1, 2}));  // Eve has no region
  auto bad = LoadScenarioText(kTiny, "t", {{"rule_sets.stv.max_per_region", "0"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "rule_sets[0].max_per_region");
}

TEST(ScenarioConstraints, GroupsByRegionSlateGenderCandidates) {
  const std::string text = std::string(kTiny) +
                           "  - name: grouped\n"
                           "    rule: ers97\n"
                           "    seats: 3\n"
                           "    groups:\n"
                           "      - {name: north, region: North, max: 1}\n"
                           "      - {slate: independent, max: 1}\n"
                           "      - {slate: Right, min: 1}\n"
                           "      - {name: men, gender: m, max: 2}\n"
                           "      - {name: pair, candidates: [Eve, Bob], min: 1, max: 1}\n";
  auto r = LoadScenarioText(text, "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const auto& g = r->rule_sets[2].groups;
  ASSERT_EQ(g.size(), 5u);
  EXPECT_EQ(g[0].name, "north");
  EXPECT_EQ(g[0].members, (std::vector<CandidateId>{0, 3}));
  EXPECT_EQ(g[0].max, 1);
  EXPECT_EQ(g[1].name, "group 2");
  EXPECT_EQ(g[1].members, (std::vector<CandidateId>{4}));
  EXPECT_EQ(g[2].members, (std::vector<CandidateId>{2, 3}));
  EXPECT_EQ(g[2].min, 1);
  EXPECT_EQ(g[3].members, (std::vector<CandidateId>{1, 3}));
  EXPECT_EQ(g[4].members, (std::vector<CandidateId>{4, 1}));
  EXPECT_EQ(g[4].min, 1);
  EXPECT_EQ(g[4].max, 1);
  const auto k = r->rule_sets[2].MakeConstraints(r->CountCandidates());
  EXPECT_EQ(k.groups.size(), 5u);
}

// --- extends -------------------------------------------------------------------

TEST(ScenarioExtends, MapsMergeListsReplace) {
  TempDir tmp;
  tmp.Write("base.yaml", kTiny);
  const std::string path = tmp.Write("sub/child.yaml",
                                     "extends: ../base.yaml\n"
                                     "name: child\n"
                                     "turnout: {mean: 0.5}\n"  // merges: sd stays 0.02
                                     "rule_sets:\n"            // replaces the whole list
                                     "  - {name: only, rule: meek, seats: 1}\n");
  auto r = LoadScenarioFile(path);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->name, "child");
  EXPECT_EQ(r->source, path);
  EXPECT_EQ(r->runs, 10);  // from the base
  EXPECT_DOUBLE_EQ(r->regions[0].turnout.mean, 0.5);
  EXPECT_DOUBLE_EQ(r->regions[0].turnout.sd, 0.02);
  ASSERT_EQ(r->rule_sets.size(), 1u);
  EXPECT_EQ(r->rule_sets[0].name, "only");
  EXPECT_EQ(r->rule_sets[0].rule, Rule::kMeek);
  EXPECT_EQ(r->blocs.size(), 2u);
}

TEST(ScenarioExtends, ChainOfThree) {
  TempDir tmp;
  tmp.Write("a.yaml", kTiny);
  tmp.Write("b.yaml", "extends: a.yaml\nname: b\nruns: 20\n");
  const std::string c = tmp.Write("c.yaml", "extends: b.yaml\nname: c\nseed: 9\n");
  auto r = LoadScenarioFile(c);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->name, "c");
  EXPECT_EQ(r->runs, 20);
  EXPECT_EQ(r->seed, 9u);
}

TEST(ScenarioExtends, MissingBase) {
  TempDir tmp;
  const std::string text = "name: x\nextends: nowhere.yaml\n";
  const std::string path = tmp.Write("child.yaml", text);
  const Error e = LoadScenarioFile(path).error();
  ExpectError(e, path, Find(text, "nowhere"), "extends", "cannot read the base scenario");
  EXPECT_NE(e.message.find("nowhere.yaml"), std::string::npos) << e.ToString();
}

TEST(ScenarioExtends, Cycle) {
  TempDir tmp;
  const std::string a = tmp.Write("a.yaml", "extends: b.yaml\nname: a\n");
  const std::string b = tmp.Write("b.yaml", "name: b\nextends: a.yaml\n");
  const Error e = LoadScenarioFile(a).error();
  ExpectError(e, (tmp.path() / "b.yaml").string(), {2, 10}, "extends", "'extends' cycle");
  const std::string self = tmp.Write("self.yaml", "extends: self.yaml\n");
  ExpectError(LoadScenarioFile(self).error(), self, {1, 10}, "extends", "'extends' cycle");
}

TEST(ScenarioExtends, ErrorInBaseNamesTheBase) {
  TempDir tmp;
  const std::string base_text = Replace(kTiny, "profile: 0.5", "profile: high");
  const std::string base = tmp.Write("base.yaml", base_text);
  const std::string child = tmp.Write("child.yaml", "extends: base.yaml\nname: child\n");
  ExpectError(LoadScenarioFile(child).error(), base, Find(base_text, "high"), "candidates[0].profile",
              "expected a number");
  // A syntax error in the base, too.
  const std::string broken = tmp.Write("broken.yaml", "name: [x\n");
  const std::string child2 = tmp.Write("child2.yaml", "extends: broken.yaml\n");
  const Error e2 = LoadScenarioFile(child2).error();
  EXPECT_EQ(e2.file, broken);
  EXPECT_GT(e2.line, 0);
  EXPECT_NE(e2.message.find("not valid YAML"), std::string::npos);
  // An error in the child is still the child's.
  const std::string child_text = "extends: base.yaml\nname: child\nruns: lots\n";
  const std::string child3 = tmp.Write("child3.yaml", child_text);
  tmp.Write("base.yaml", kTiny);
  ExpectError(LoadScenarioFile(child3).error(), child3, Find(child_text, "lots"), "runs", "expected a whole number");
  // An unknown key added by the child.
  const std::string child_text4 = "extends: base.yaml\nname: child\nturnout: {mean: 0.2, sdd: 0.1}\n";
  const std::string child4 = tmp.Write("child4.yaml", child_text4);
  ExpectError(LoadScenarioFile(child4).error(), child4, Find(child_text4, "sdd"), "turnout.sdd", "unknown key");
}

TEST(ScenarioErrors, MissingFile) {
  const Error e = LoadScenarioFile("/nonexistent/necsim/x.yaml").error();
  EXPECT_EQ(e.file, "/nonexistent/necsim/x.yaml");
  EXPECT_NE(e.message.find("cannot open"), std::string::npos);
}

// --- --set ---------------------------------------------------------------------

TEST(ScenarioSet, ByIndexAndByName) {
  auto r = LoadScenarioText(kTiny, "t",
                            {{"runs", "50"},
                             {"rule_sets.0.seats", "3"},
                             {"blocs.left.concentration", "25"},
                             {"candidates.Cat.profile", "1.5"},
                             {"blocs.1.behaviour.affinity.Left", "-2"},
                             {"regions.North.turnout.mean", "0.45"},  // adds a mapping the region lacked
                             {"precision", "0.01"},                    // adds a key the file lacked
                             {"turnout", "{mean: 0.2, sd: 0.01}"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->runs, 50);
  EXPECT_EQ(r->rule_sets[0].seats, 3);
  EXPECT_DOUBLE_EQ(r->blocs[0].concentration, 25);
  EXPECT_DOUBLE_EQ(r->candidates[2].profile, 1.5);
  EXPECT_DOUBLE_EQ(r->blocs[1].affinity[0], -2);
  EXPECT_DOUBLE_EQ(r->regions[0].turnout.mean, 0.45);
  EXPECT_DOUBLE_EQ(r->regions[0].turnout.sd, 0.0);
  EXPECT_DOUBLE_EQ(r->regions[1].turnout.mean, 0.4);
  EXPECT_DOUBLE_EQ(r->precision, 0.01);
  // A whole list element replaced by index.
  auto el = LoadScenarioText(kTiny, "t", {{"rule_sets.1", "{name: fptp1, rule: fptp, seats: 1}"}});
  ASSERT_TRUE(el.ok()) << el.error().ToString();
  EXPECT_EQ(el->rule_sets[1].rule, Rule::kFptp);
  // The later of two overrides wins.
  auto twice = LoadScenarioText(kTiny, "t", {{"runs", "50"}, {"runs", "60"}});
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->runs, 60);
}

TEST(ScenarioSet, AppliesAfterExtends) {
  TempDir tmp;
  tmp.Write("base.yaml", kTiny);
  const std::string child = tmp.Write("child.yaml", "extends: base.yaml\nname: child\n");
  auto r = LoadScenarioFile(child, {{"blocs.right.turnout_factor", "1.5"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_DOUBLE_EQ(r->blocs[1].turnout_factor, 1.5);
}

TEST(ScenarioSet, UnknownPath) {
  // An unknown list element.
  ExpectError(LoadError(kTiny, {{"blocs.centre.concentration", "5"}}), "--set blocs.centre.concentration=5", {1, 7},
              "blocs", "no element named 'centre'");
  ExpectError(LoadError(kTiny, {{"rule_sets.7.seats", "5"}}), "--set rule_sets.7.seats=5", {1, 11}, "rule_sets",
              "list index 7 is out of range");
  // An unknown key, caught by validation and placed on the --set.
  ExpectError(LoadError(kTiny, {{"blocs.left.behaviour.stopp", "1"}}), "--set blocs.left.behaviour.stopp=1", {1, 22},
              "blocs[0].behaviour.stopp", "unknown key 'stopp'");
  ExpectError(LoadError(kTiny, {{"runz", "5"}}), "--set runz=5", {1, 1}, "runz", "unknown key 'runz'");
  ExpectError(LoadError(kTiny, {{"seeds.x", "5"}}), "--set seeds.x=5", {1, 1}, "seeds", "unknown key 'seeds'");
  // Into a single value.
  ExpectError(LoadError(kTiny, {{"runs.x", "5"}}), "--set runs.x=5", {1, 6}, "runs", "is a single value");
  ExpectError(LoadError(kTiny, {{"runs..x", "5"}}), "--set runs..x=5", {1, 6}, "runs..x", "empty path segment");
  ExpectError(LoadError(kTiny, {{"", "5"}}), "--set =5", {1, 1}, "--set", "non-empty PATH");
  ExpectError(LoadError(kTiny, {{"extends", "a.yaml"}}), "--set extends=a.yaml", {1, 1}, "extends",
              "cannot be set from the command line");
}

TEST(ScenarioSet, BadValue) {
  ExpectError(LoadError(kTiny, {{"runs", "abc"}}), "--set runs=abc", {1, 6}, "runs",
              "expected a whole number, got 'abc'");
  ExpectError(LoadError(kTiny, {{"blocs.left.concentration", "-3"}}), "--set blocs.left.concentration=-3", {1, 26},
              "blocs[0].concentration", "out of range");
  ExpectError(LoadError(kTiny, {{"turnout", "{mean: 0.3, sd: lots}"}}), "--set turnout={mean: 0.3, sd: lots}",
              {1, 25}, "turnout.sd", "expected a number");
  ExpectError(LoadError(kTiny, {{"name", "[x"}}), "--set name=[x", {1, 6}, "name", "not valid YAML");
  ExpectError(LoadError(kTiny, {{"precision", ""}}), "--set precision=", {1, 11}, "precision", "expected a number");
  // A share set by --set rescales the other blocs (tests/unit/set_rules_test.cc);
  // shares that every bloc sets and that overfill a region are refused at the
  // last share override.
  const Error e = LoadError(kTiny, {{"blocs.left.share.North", "0.7"}, {"blocs.right.share.North", "0.4"}});
  EXPECT_EQ(e.file, "--set blocs.right.share.North=0.4");
  EXPECT_EQ(e.column, 25);
  EXPECT_EQ(e.field, "blocs.share");
  EXPECT_NE(e.message.find("in region 'North' add up to 1.1, more than 1"), std::string::npos) << e.ToString();
}

// --- The JSON Schema -------------------------------------------------------------

// The keys the loader accepts at one level, read from its "unknown key"
// message (one source of truth: the loader itself).
std::set<std::string> LoaderKeys(const std::vector<Override>& probe, const std::string& base = kTiny) {
  auto r = LoadScenarioText(base, "t", probe);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return {};
  const std::string& m = r.error().message;
  const std::string tag = "(expected one of: ";
  const size_t a = m.find(tag);
  EXPECT_NE(a, std::string::npos) << r.error().ToString();
  if (a == std::string::npos) return {};
  const size_t b = m.find(')', a);
  std::set<std::string> keys;
  std::stringstream ss(m.substr(a + tag.size(), b - a - tag.size()));
  std::string k;
  while (std::getline(ss, k, ',')) {
    while (!k.empty() && k.front() == ' ') k.erase(k.begin());
    keys.insert(k);
  }
  return keys;
}

std::set<std::string> SchemaKeys(const nlohmann::json& object_schema) {
  std::set<std::string> keys;
  for (const auto& [k, v] : object_schema.at("properties").items()) keys.insert(k);
  return keys;
}

TEST(ScenarioSchema, MatchesTheLoader) {
  std::ifstream in(kSource + "/scenarios/scenario.schema.json");
  ASSERT_TRUE(in) << "scenarios/scenario.schema.json is missing";
  nlohmann::json schema;
  ASSERT_NO_THROW(schema = nlohmann::json::parse(in));
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema.at("type"), "object");
  EXPECT_EQ(schema.at("additionalProperties"), false);

  // Top level: the schema adds `extends`, which the loader resolves first.
  std::set<std::string> top = LoaderKeys({{"zzz", "1"}});
  ASSERT_FALSE(top.empty());
  top.insert("extends");
  EXPECT_EQ(SchemaKeys(schema), top);

  const auto& defs = schema.at("$defs");
  const auto& props = schema.at("properties");
  EXPECT_EQ(props.at("regions").at("items").at("$ref"), "#/$defs/region");
  EXPECT_EQ(props.at("blocs").at("items").at("$ref"), "#/$defs/bloc");
  EXPECT_EQ(props.at("candidates").at("items").at("$ref"), "#/$defs/candidate");
  EXPECT_EQ(props.at("rule_sets").at("items").at("$ref"), "#/$defs/rule_set");
  EXPECT_EQ(defs.at("bloc").at("properties").at("behaviour").at("$ref"), "#/$defs/behaviour");
  EXPECT_EQ(defs.at("rule_set").at("properties").at("groups").at("items").at("$ref"), "#/$defs/group");

  struct Level {
    const char* def;
    std::vector<Override> probe;
  };
  const std::string with_group =
      std::string(kTiny) + "  - {name: g, rule: ers97, seats: 2, groups: [{gender: f, min: 1}]}\n";
  for (const Level& lv : std::vector<Level>{{"region", {{"regions.0.zzz", "1"}}},
                                            {"slate", {{"slates.Right.zzz", "1"}}},
                                            {"bloc", {{"blocs.0.zzz", "1"}}},
                                            {"behaviour", {{"blocs.0.behaviour.zzz", "1"}}},
                                            {"candidate", {{"candidates.0.zzz", "1"}}},
                                            {"rule_set", {{"rule_sets.0.zzz", "1"}}},
                                            {"beta", {{"turnout.zzz", "1"}}}}) {
    SCOPED_TRACE(lv.def);
    const auto& def = defs.at(lv.def);
    // Objects that may also be a plain value (beta: a number, slate: a name) list the object form in anyOf.
    const nlohmann::json* obj = &def;
    if (def.contains("anyOf")) {
      for (const auto& alt : def.at("anyOf")) {
        if (alt.contains("properties")) obj = &alt;
      }
    }
    EXPECT_EQ(obj->at("additionalProperties"), false);
    EXPECT_EQ(SchemaKeys(*obj), LoaderKeys(lv.probe));
  }
  {
    SCOPED_TRACE("card");
    EXPECT_EQ(defs.at("card").at("additionalProperties"), false);
    EXPECT_EQ(SchemaKeys(defs.at("card")), LoaderKeys({{"slates.Left.cards.la.zzz", "1"}}, WithCards()));
  }
  {
    SCOPED_TRACE("group");
    EXPECT_EQ(defs.at("group").at("additionalProperties"), false);
    EXPECT_EQ(SchemaKeys(defs.at("group")), LoaderKeys({{"rule_sets.g.groups.0.zzz", "1"}}, with_group));
  }
}

TEST(ScenarioSchema, RuleNamesMatch) {
  std::ifstream in(kSource + "/scenarios/scenario.schema.json");
  ASSERT_TRUE(in);
  const auto schema = nlohmann::json::parse(in);
  const auto& rules = schema.at("$defs").at("rule_set").at("properties").at("rule").at("enum");
  for (const auto& r : rules) EXPECT_TRUE(ParseRule(r.get<std::string>()).has_value()) << r;
  for (const char* r : {"scottish", "ers97", "meek", "warren", "wigm", "block", "fptp", "irv", "av"}) {
    EXPECT_NE(std::find(rules.begin(), rules.end(), r), rules.end()) << r;
  }
}

}  // namespace
}  // namespace necsim
