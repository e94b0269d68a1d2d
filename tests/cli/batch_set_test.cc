// `necsim batch --set PATH=VALUE` on every scenario of a batch, NEC and
// boundary: a boundary scenario in a batch gives exactly what `necsim boundary
// --set` gives (and differs from the unedited scenario in the expected
// direction); the overrides are part of its inputs (resume, conflicts); a PATH
// one scenario of the batch does not have (a field of the other kind, a typo)
// stops the batch before anything runs, naming the argument and the scenario;
// a VALUE every scenario rejects does too, while one only some reject fails
// those alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

const std::string kFixtures = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
const std::string kReview = kFixtures + "/small_review.yaml";

class BatchSet : public necsim_test::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    fs::create_directories(dir_ / "in");
  }
  // Writes a scenario into the batch's input folder, in/.
  std::string Write(const std::string& name, const std::string& text) { return WriteFile("in/" + name, text); }
  // A failed batch: exit 2, `expect` in stderr, nothing on stdout, no OUTDIR.
  void ExpectRefused(const std::vector<std::string>& args, const std::vector<std::string>& expect) {
    const RunResult r = RunNecsim(args);
    EXPECT_EQ(r.code, 2) << r.err;
    for (const std::string& e : expect) EXPECT_NE(r.err.find(e), std::string::npos) << "missing: " << e << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(P("out")));
  }
};

TEST_F(BatchSet, TakesEffectOnABoundaryScenario) {
  const std::vector<std::string> sets{"--set", "boundary.swing.change.lab=6", "--set", "boundary.swing.change.con=-6",
                                      "--set", "runs=300"};
  std::vector<std::string> args{"batch", kReview, "--data", kFixtures, "--out", P("out")};
  args.insert(args.end(), sets.begin(), sets.end());
  RunResult r = RunNecsim(args);
  ASSERT_EQ(r.code, 0) << r.err;
  // Exactly the results of necsim boundary with the same overrides ...
  std::vector<std::string> single{"boundary", kReview, "--data", kFixtures, "--out", P("single")};
  single.insert(single.end(), sets.begin(), sets.end());
  RunResult s = RunNecsim(single);
  ASSERT_EQ(s.code, 0) << s.err;
  const std::string got = Slurp(P("out/small_review/summary.json"));
  EXPECT_EQ(got, Slurp(P("single/summary.json")));
  EXPECT_EQ(Slurp(P("out/small_review/constituencies.csv")), Slurp(P("single/constituencies.csv")));
  // ... and not those of the file as written (runs 2000, lab +1, con -1):
  // Labour six points up instead of one wins more seats on both boundary sets.
  RunResult plain = RunNecsim({"batch", kReview, "--data", kFixtures, "--out", P("plain"), "--runs", "300"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  const auto with = nlohmann::json::parse(got);
  const auto without = nlohmann::json::parse(Slurp(P("plain/small_review/summary.json")));
  EXPECT_EQ(with["runs"], 300);
  for (const char* set : {"old", "new"}) {
    EXPECT_GT(with["sets"][set]["central_seats"]["lab"].get<double>(),
              without["sets"][set]["central_seats"]["lab"].get<double>())
        << set;
  }
  // The overrides are inputs of the folder: in its manifest and run_info, a
  // rerun skips it, other overrides are refused without --force.
  const auto manifest = nlohmann::json::parse(Slurp(P("out/small_review/manifest.json")));
  EXPECT_EQ(manifest["overrides"], nlohmann::json::parse(R"(["boundary.swing.change.lab=6",
                                                            "boundary.swing.change.con=-6", "runs=300"])"));
  const auto info = nlohmann::json::parse(Slurp(P("out/small_review/run_info.json")));
  EXPECT_EQ(info["set"], manifest["overrides"]);
  r = RunNecsim(args);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("small_review: done before, skipped"), std::string::npos) << r.out;
  std::vector<std::string> other = args;
  other.back() = "runs=301";
  r = RunNecsim(other);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("made from other inputs"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(P("out/small_review/summary.json")), got);
}

// A path the boundary scenario does not have: located in the argument, as
// `necsim boundary --set` locates it, and nothing is written. The same for a
// path one of two NEC scenarios lacks (a bloc only the other has).
TEST_F(BatchSet, BadPathStopsTheBatch) {
  ExpectRefused({"batch", kReview, "--data", kFixtures, "--out", P("out"), "--set", "boundary.swing.chnage.lab=5"},
                {"necsim batch: --set boundary.swing.chnage.lab=5 does not apply to the boundary scenario " + kReview +
                     ": --set boundary.swing.chnage.lab=5:1:16: boundary.swing.chnage: unknown key 'chnage' "
                     "(expected one of: change, mixture_weight, model, regions, strong_threshold, tactical, target)",
                 "nothing was run"});
  const std::string alpha = Write("alpha.yaml", necsim_test::TwoSlateScenario("alpha", 7, 40));
  std::string text = necsim_test::TwoSlateScenario("gamma", 7, 40);
  text.replace(text.find("- name: left"), 12, "- name: centre");
  const std::string gamma = Write("gamma.yaml", text);
  ExpectRefused({"batch", alpha, gamma, "--out", P("out"), "--set", "blocs.left.concentration=100"},
                {"necsim batch: --set blocs.left.concentration=100 does not apply to the NEC scenario " + gamma +
                     ": --set blocs.left.concentration=100:1:7: blocs: no element named 'left' in this list",
                 "nothing was run"});
}

// A batch of both kinds: a path both have applies to both; a path only one
// kind has stops the batch, naming each scenario of the other kind; a value
// every scenario rejects stops it too; a value that leaves one scenario
// invalid fails that scenario only.
TEST_F(BatchSet, MixedBatch) {
  const std::string alpha = Write("alpha.yaml", necsim_test::TwoSlateScenario("alpha", 7, 40));
  const std::string beta = Write("beta.yaml", necsim_test::TwoSlateScenario("beta", 8, 40, 0.45));
  {
    RunResult r = RunNecsim({"batch", kReview, alpha, "--data", kFixtures, "--out", P("both"), "--set", "runs=120"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(Slurp(P("both/small_review/summary.json")))["runs"], 120);
    EXPECT_EQ(nlohmann::json::parse(Slurp(P("both/alpha/summary.json")))["runs"], 120);
  }
  // An NEC path: the boundary scenario does not have it (the NEC ones do).
  ExpectRefused({"batch", alpha, kReview, beta, "--data", kFixtures, "--out", P("out"), "--set", "runs=50", "--set",
                 "blocs.left.concentration=100"},
                {"--set blocs.left.concentration=100 does not apply to the boundary scenario " + kReview +
                     ": --set blocs.left.concentration=100:1:1: blocs: unknown key 'blocs'",
                 "--set applies to every scenario of the batch, NEC and boundary; nothing was run"});
  {
    const RunResult r = RunNecsim({"batch", alpha, kReview, beta, "--data", kFixtures, "--out", P("out"), "--set",
                                   "blocs.left.concentration=100"});
    EXPECT_EQ(r.err.find("alpha.yaml"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("beta.yaml"), std::string::npos) << r.err;
  }
  // A boundary path: both NEC scenarios lack it, each named.
  ExpectRefused({"batch", alpha, kReview, beta, "--data", kFixtures, "--out", P("out"), "--set",
                 "boundary.swing.change.lab=6"},
                {"--set boundary.swing.change.lab=6 does not apply to the NEC scenario " + alpha +
                     ": --set boundary.swing.change.lab=6:1:1: boundary: unknown key 'boundary'",
                 "--set boundary.swing.change.lab=6 does not apply to the NEC scenario " + beta});
  // A value no scenario takes.
  ExpectRefused({"batch", alpha, kReview, "--data", kFixtures, "--out", P("out"), "--set", "runs=many"},
                {"--set runs=many:1:6: runs: expected a whole number, got 'many'", "in every scenario; nothing was run"});
  // A value one scenario takes: 8 seats need 8 candidates; alpha has 7 (C1
  // dropped), beta 8.
  {
    std::string text = necsim_test::TwoSlateScenario("alpha", 7, 40);
    text.erase(text.find("  - {name: C1"), text.find("rule_sets:") - text.find("  - {name: C1"));
    const std::string alpha7 = Write("alpha.yaml", text);
    const RunResult r = RunNecsim({"batch", alpha7, beta, "--out", P("some"), "--set", "rule_sets.0.seats=8"});
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find(alpha + ": --set rule_sets.0.seats=8:1:19: rule_sets[0].seats: 8 seats but only 7 candidates"),
              std::string::npos)
        << r.err;
    const auto index = nlohmann::json::parse(Slurp(P("some/index.json")));
    ASSERT_EQ(index["scenarios"].size(), 2u);
    EXPECT_EQ(index["scenarios"][0]["status"], "failed");
    EXPECT_EQ(index["scenarios"][1]["status"], "ok");
    EXPECT_TRUE(fs::exists(P("some/beta/summary.json")));
    EXPECT_FALSE(fs::exists(P("some/alpha")));
  }
}

}  // namespace
