// `necsim run` end to end: reproducibility across threads and backends, the
// output contract (files, keys, refusal to overwrite), and bad input.
#include <gtest/gtest.h>
#include <sched.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_util.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

// The shared scenario: 3 regions x 2 blocs, 8 candidates, block vote and STV.
const std::string kScenario = necsim_test::TwoSlateScenario("tiny", 7, 60);

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("necsim_run_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    scenario_ = (dir_ / "tiny.yaml").string();
    std::ofstream(scenario_) << kScenario;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Out(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  std::string scenario_;
};

TEST_F(RunTest, WritesEveryOutputWithTheContractKeys) {
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("o")});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"summary.json", "run_info.json", "candidates.csv", "slates.csv", "regions.csv",
                        "comparisons.csv"}) {
    EXPECT_TRUE(fs::exists(dir_ / "o" / f)) << f;
  }
  const auto s = nlohmann::json::parse(Slurp(Out("o/summary.json")));
  EXPECT_EQ(s["scenario"], "tiny");
  EXPECT_EQ(s["seed"], 7);
  EXPECT_EQ(s["runs"], 60);
  ASSERT_EQ(s["rule_sets"].size(), 2u);
  const auto& rs = s["rule_sets"][0];
  EXPECT_EQ(rs["name"], "block4");
  for (const char* k : {"candidates", "slates", "regions", "women"}) EXPECT_TRUE(rs.contains(k)) << k;
  for (const char* k : {"p_elected", "se", "mean_first_pref_share", "first_preferences", "first_preference_share",
                        "marks"}) {
    EXPECT_TRUE(rs["candidates"][0].contains(k)) << k;
  }
  EXPECT_TRUE(rs["candidates"][0]["marks"].is_object());               // block4
  EXPECT_TRUE(s["rule_sets"][1]["candidates"][0]["marks"].is_null());  // stv4
  for (const char* k : {"seat_distribution", "mean", "p5", "p95"}) EXPECT_TRUE(rs["slates"][0].contains(k)) << k;
  for (const char* k : {"p_at_least_one", "expected_elected", "members_share", "seats_share"}) {
    EXPECT_TRUE(rs["regions"][0].contains(k)) << k;
  }
  EXPECT_TRUE(rs["women"].contains("p_gender_rule_changed"));
  ASSERT_EQ(s["comparisons"].size(), 1u);
  // Seat distributions are distributions; the expected elected sum to the seats.
  for (const auto& set : s["rule_sets"]) {
    for (const auto& sl : set["slates"]) {
      double total = 0;
      for (const auto& [k, p] : sl["seat_distribution"].items()) total += p.get<double>();
      EXPECT_NEAR(total, 1.0, 1e-5);
    }
    double elected = 0;
    for (const auto& c : set["candidates"]) elected += c["p_elected"].get<double>();
    EXPECT_NEAR(elected, set["seats"].get<double>(), 1e-4);
    // At least half women in every run: P(women < 2) = 0.
    EXPECT_EQ(set["women"]["distribution"]["0"], 0.0);
    EXPECT_EQ(set["women"]["distribution"]["1"], 0.0);
  }
  // Nothing machine-dependent in the summary.
  const std::string text = Slurp(Out("o/summary.json"));
  EXPECT_EQ(text.find("threads"), std::string::npos);
  EXPECT_EQ(text.find("wall"), std::string::npos);
  const auto info = nlohmann::json::parse(Slurp(Out("o/run_info.json")));
  for (const char* k : {"version", "wall_time_s", "runs_per_second", "threads", "backend", "host"}) {
    EXPECT_TRUE(info.contains(k)) << k;
  }
  EXPECT_NE(Slurp(Out("o/candidates.csv")).find("rule_set,candidate,slate,region,gender,p_elected"), std::string::npos);
  EXPECT_NE(r.out.find("block4"), std::string::npos);  // the readable table
}

TEST_F(RunTest, SummaryIdenticalForThreadCountsAndBackends) {
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("t1"), "--threads", "1"}).code, 0);
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("t2"), "--threads", "2"}).code, 0);
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("t3"), "--threads", "3", "--backend", "tbb"}).code, 0);
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("t4"), "--backend", "serial"}).code, 0);
  const std::string a = Slurp(Out("t1/summary.json"));
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, Slurp(Out("t2/summary.json")));
  EXPECT_EQ(a, Slurp(Out("t3/summary.json")));
  EXPECT_EQ(a, Slurp(Out("t4/summary.json")));
  EXPECT_EQ(Slurp(Out("t1/candidates.csv")), Slurp(Out("t2/candidates.csv")));
}

TEST_F(RunTest, SeedAndRunsOptionsChangeTheResult) {
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("a")}).code, 0);
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("b"), "--seed", "8"}).code, 0);
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("c"), "--runs", "30"}).code, 0);
  EXPECT_NE(Slurp(Out("a/summary.json")), Slurp(Out("b/summary.json")));
  EXPECT_EQ(nlohmann::json::parse(Slurp(Out("c/summary.json")))["runs"], 30);
}

TEST_F(RunTest, RefusesExistingOutputUnlessForced) {
  fs::create_directories(dir_ / "mine");
  std::ofstream(dir_ / "mine" / "notes.txt") << "keep me";
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("mine")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "mine" / "summary.json"));
  // A folder that is not a results folder is the user's: --force leaves it.
  r = RunNecsim({"run", scenario_, "--out", Out("mine"), "--force"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a necsim results folder"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(Out("mine/notes.txt")), "keep me");
  EXPECT_FALSE(fs::exists(dir_ / "mine" / "summary.json"));
  // A results folder is replaced whole, with no temporaries left beside it.
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("res")}).code, 0);
  std::ofstream(dir_ / "res" / "nec.csv") << "another scenario's file";
  r = RunNecsim({"run", scenario_, "--out", Out("res"), "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "res" / "summary.json"));
  EXPECT_FALSE(fs::exists(dir_ / "res" / "nec.csv"));
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".necsim-"), std::string::npos) << e.path();
  }
}

TEST_F(RunTest, BadScenarioExits2WithLocationAndWritesNothing) {
  std::string text = kScenario;
  text.replace(text.find("concentration: 300"), 13, "concentraton");
  const std::string bad = Out("bad.yaml");
  std::ofstream(bad) << text;
  RunResult r = RunNecsim({"run", bad, "--out", Out("never")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("concentraton"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(fs::exists(dir_ / "never"));
}

// How-to-vote cards: the example runs with six cards and, through --set,
// with one; both samplers; a bad card is a located error (exit 2) and writes
// nothing.
TEST_F(RunTest, HowToVoteCardsExample) {
  const std::string example = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/six_cards_2020.yaml";
  RunResult r = RunNecsim({"run", example, "--out", Out("six"), "--runs", "20"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunNecsim({"run", example, "--out", Out("one"), "--runs", "20", "--set", "blocs.left.behaviour.follow={card_1: 0.9}"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunNecsim({"run", example, "--out", Out("ref"), "--runs", "3", "--sampler", "reference"});
  ASSERT_EQ(r.code, 0) << r.err;
  // First preferences: one card puts most of the left's on its first name.
  const auto six = nlohmann::json::parse(Slurp(Out("six/summary.json")));
  const auto one = nlohmann::json::parse(Slurp(Out("one/summary.json")));
  const double six_ava = six["rule_sets"][0]["candidates"][0]["mean_first_pref_share"];
  const double one_ava = one["rule_sets"][0]["candidates"][0]["mean_first_pref_share"];
  EXPECT_GT(one_ava, 2 * six_ava);

  r = RunNecsim({"run", example, "--out", Out("bad"), "--set", "blocs.left.behaviour.follow={card_9: 0.5}"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--set blocs.left.behaviour.follow={card_9: 0.5}:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("blocs[0].behaviour.follow: unknown card 'card_9'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "bad"));
  std::string text = Slurp(example);
  text.replace(text.find("compliance: 0.9"), 15, "compliance: 1.2");
  const std::string bad = Out("bad_cards.yaml");
  std::ofstream(bad) << text;
  r = RunNecsim({"run", bad, "--out", Out("never")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_cards.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("blocs[0].behaviour.compliance: value 1.2 is out of range (0 to 1)"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(fs::exists(dir_ / "never"));
}

TEST_F(RunTest, SetOverridesAField) {
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("s"), "--set", "rule_sets.stv4.seats=3"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto s = nlohmann::json::parse(Slurp(Out("s/summary.json")));
  EXPECT_EQ(s["rule_sets"][1]["seats"], 3);
  r = RunNecsim({"run", scenario_, "--out", Out("s2"), "--set", "blocs.left.nonsense=1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nonsense"), std::string::npos) << r.err;
}

TEST_F(RunTest, PrecisionStopsAtACheckpoint) {
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("p"), "--precision", "0.05", "--runs", "5000"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto s = nlohmann::json::parse(Slurp(Out("p/summary.json")));
  // The first checkpoint is 1000 runs; SE <= sqrt(0.25/1000) = 0.0158 < 0.05.
  EXPECT_EQ(s["runs"], 1000);
  EXPECT_TRUE(s["stopped_on_precision"].get<bool>());
}

TEST_F(RunTest, UnknownBackendAndSampler) {
  EXPECT_EQ(RunNecsim({"run", scenario_, "--out", Out("x"), "--backend", "gpu"}).code, 2);
  EXPECT_EQ(RunNecsim({"run", scenario_, "--out", Out("y"), "--sampler", "magic"}).code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "x"));
}

TEST_F(RunTest, ReferenceSamplerRuns) {
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("ref"), "--sampler", "reference", "--runs", "20"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(Slurp(Out("ref/summary.json")))["sampler"], "reference");
}

}  // namespace

namespace {

// `necsim run` on a scenario with a `sweep:` runs the scenario itself and says
// on stderr that the grid is `necsim batch`'s; `sweep: none` says nothing.
TEST_F(RunTest, SweepBlockIsNotedNotRun) {
  const std::string swept = Out("swept.yaml");
  std::ofstream(swept) << "extends: tiny.yaml\nname: swept\nsweep:\n  seed: [1, 2, 3]\n";
  RunResult r = RunNecsim({"run", swept, "--out", Out("o")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("has a sweep: of 1 axis"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("necsim batch " + swept), std::string::npos) << r.err;
  const auto s = nlohmann::json::parse(Slurp(Out("o/summary.json")));
  EXPECT_EQ(s["seed"], 7);  // the scenario's own seed, not a grid point's

  const std::string dropped = Out("dropped.yaml");
  std::ofstream(dropped) << "extends: swept.yaml\nname: dropped\nsweep: none\n";
  r = RunNecsim({"run", dropped, "--out", Out("o2")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("sweep"), std::string::npos) << r.err;
}

}  // namespace

namespace {

// The default thread count of every command is the CPUs of the affinity mask
// (taskset, cpusets, Slurm), not the machine's: with the mask cut to one CPU,
// `necsim run` and `necsim boundary` record one thread.
TEST_F(RunTest, DefaultThreadsFollowTheAffinityMask) {
  cpu_set_t all;
  ASSERT_EQ(sched_getaffinity(0, sizeof(all), &all), 0);
  if (CPU_COUNT(&all) < 2) GTEST_SKIP() << "this process may use one CPU only: nothing to cut";
  int first = 0;
  while (!CPU_ISSET(first, &all)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
  const std::string fixtures = NECSIM_FIXTURES_DIR;
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("pinned")});
  RunResult b = RunNecsim({"boundary", fixtures + "/boundary/small_review.yaml", "--data", fixtures + "/boundary",
                           "--runs", "200", "--out", Out("pinned_boundary")});
  RunResult free_run = (sched_setaffinity(0, sizeof(all), &all), RunNecsim({"run", scenario_, "--out", Out("free")}));
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(b.code, 0) << b.err;
  ASSERT_EQ(free_run.code, 0) << free_run.err;
  EXPECT_EQ(nlohmann::json::parse(Slurp(Out("pinned/run_info.json")))["threads"], 1);
  EXPECT_EQ(nlohmann::json::parse(Slurp(Out("pinned_boundary/run_info.json")))["threads"], 1);
  EXPECT_EQ(nlohmann::json::parse(Slurp(Out("free/run_info.json")))["threads"], CPU_COUNT(&all));
  // The results do not depend on the thread count.
  EXPECT_EQ(Slurp(Out("pinned/summary.json")), Slurp(Out("free/summary.json")));
}

}  // namespace
