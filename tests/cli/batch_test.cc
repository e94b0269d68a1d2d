// `necsim batch` end to end: results equal `necsim run`'s, the index, resume
// after SIGKILL, Ctrl-C and SIGTERM (every file equal to an uninterrupted
// batch's), bad input, a boundary table edited in place counting as a changed
// input, and a sweep of a bloc's share giving that bloc's slate a
// non-decreasing seat curve.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::ResultsTree;  // every file but the run_info.json files (timings, host)
using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

// The shared two-slate scenario; `extra` is appended (e.g. a sweep: block).
using necsim_test::TwoSlateScenario;

class BatchTest : public necsim_test::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    fs::create_directories(dir_ / "in");
  }
  // Writes a scenario into the batch's input folder, in/.
  std::string Write(const std::string& name, const std::string& text) { return WriteFile("in/" + name, text); }
};

void ExpectSameTree(const fs::path& a, const fs::path& b) {
  const auto ta = ResultsTree(a), tb = ResultsTree(b);
  std::vector<std::string> na, nb;
  for (const auto& [k, v] : ta) na.push_back(k);
  for (const auto& [k, v] : tb) nb.push_back(k);
  ASSERT_EQ(na, nb);
  for (const auto& [k, v] : ta) EXPECT_TRUE(v == tb.at(k)) << k << " differs";
}

TEST_F(BatchTest, ResultsEqualNecsimRunAndRerunSkips) {
  const std::string a = Write("alpha.yaml", TwoSlateScenario("alpha", 7, 150));
  Write("beta.yaml", TwoSlateScenario("beta", 8, 120, 0.45));
  const std::string g = Write("gamma.yaml", "precision: 0.03\n" + TwoSlateScenario("gamma", 9, 5000));
  RunResult r = RunNecsim({"batch", P("in"), "--out", P("out"), "--threads", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  RunResult run = RunNecsim({"run", a, "--out", P("single"), "--threads", "1"});
  ASSERT_EQ(run.code, 0) << run.err;
  for (const char* f : {"summary.json", "candidates.csv", "slates.csv", "regions.csv", "comparisons.csv",
                        "disproportionality.csv"}) {
    EXPECT_EQ(Slurp(P(std::string("out/alpha/") + f)), Slurp(P(std::string("single/") + f))) << f;
  }
  // A scenario stopped by its precision target stops at the same checkpoint.
  RunResult precise = RunNecsim({"run", g, "--out", P("single_gamma")});
  ASSERT_EQ(precise.code, 0) << precise.err;
  EXPECT_EQ(Slurp(P("out/gamma/summary.json")), Slurp(P("single_gamma/summary.json")));
  EXPECT_TRUE(nlohmann::json::parse(Slurp(P("out/gamma/summary.json")))["stopped_on_precision"].get<bool>());
  EXPECT_TRUE(fs::exists(P("out/alpha/run_info.json")));
  EXPECT_TRUE(fs::exists(P("out/alpha/manifest.json")));
  const auto before = ResultsTree(P("out"));
  RunResult again = RunNecsim({"batch", P("in"), "--out", P("out")});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("alpha: done before, skipped"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("beta: done before, skipped"), std::string::npos) << again.out;
  EXPECT_EQ(ResultsTree(P("out")), before);

  // The index: one row per (scenario, rule set), with key figures equal to the summaries'.
  const std::string csv = Slurp(P("out/index.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "scenario,file,kind,point,sweep,status,message,folder,name,runs,seed,rule_set,rule,seats,women_mean,"
            "p_gender_rule_changed,mean_seats:Left,mean_seats:Right,mean_seats:independent");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
  const auto index = nlohmann::json::parse(Slurp(P("out/index.json")));
  const auto summary = nlohmann::json::parse(Slurp(P("out/alpha/summary.json")));
  ASSERT_EQ(index["scenarios"].size(), 3u);
  const auto& e = index["scenarios"][0];
  EXPECT_EQ(e["scenario"], "alpha");
  EXPECT_EQ(e["status"], "ok");
  EXPECT_EQ(e["runs"], 150);
  EXPECT_EQ(e["seed"], 7);
  EXPECT_EQ(e["rule_sets"][1]["name"], "stv4");
  EXPECT_EQ(e["rule_sets"][1]["mean_seats"]["Left"], summary["rule_sets"][1]["slates"][0]["mean"]);

  // Changed inputs are not silently mixed with old results.
  Write("alpha.yaml", TwoSlateScenario("alpha", 9, 150));
  RunResult changed = RunNecsim({"batch", P("in"), "--out", P("out")});
  EXPECT_EQ(changed.code, 2);
  EXPECT_NE(changed.err.find("made from other inputs"), std::string::npos) << changed.err;
  EXPECT_NE(changed.err.find("--force"), std::string::npos) << changed.err;
  RunResult forced = RunNecsim({"batch", P("in"), "--out", P("out"), "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(forced.out.find("beta: done before, skipped"), std::string::npos) << forced.out;
  EXPECT_NE(forced.out.find("alpha: ok"), std::string::npos) << forced.out;
  EXPECT_EQ(nlohmann::json::parse(Slurp(P("out/alpha/summary.json")))["seed"], 9);
}

TEST_F(BatchTest, OneBadScenarioIsReportedAndTheOthersRun) {
  Write("a_good.yaml", TwoSlateScenario("good", 7, 50));
  // Shares summing to 1.1: fails validation.
  std::string bad = TwoSlateScenario("bad", 7, 50);
  bad.replace(bad.find("share: 0.450000"), 15, "share: 0.550000");
  Write("b_bad.yaml", bad);
  Write("c_good.yaml", TwoSlateScenario("good2", 8, 50));
  RunResult r = RunNecsim({"batch", P("in"), "--out", P("out")});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("b_bad.yaml"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(P("out/a_good/summary.json")));
  EXPECT_TRUE(fs::exists(P("out/c_good/summary.json")));
  EXPECT_FALSE(fs::exists(P("out/b_bad")));
  const auto index = nlohmann::json::parse(Slurp(P("out/index.json")));
  ASSERT_EQ(index["scenarios"].size(), 3u);
  EXPECT_EQ(index["scenarios"][0]["status"], "ok");
  EXPECT_EQ(index["scenarios"][2]["status"], "ok");
  const auto& bad_entry = index["scenarios"][1];
  EXPECT_EQ(bad_entry["status"], "failed");
  const std::string msg = bad_entry["message"];
  EXPECT_NE(msg.find("b_bad.yaml:"), std::string::npos) << msg;  // file:line:column
  EXPECT_NE(msg.find("sum to 1.1"), std::string::npos) << msg;
  const std::string csv = Slurp(P("out/index.csv"));
  EXPECT_NE(csv.find("b_bad,"), std::string::npos);
  EXPECT_NE(csv.find(",failed,"), std::string::npos);
}

TEST_F(BatchTest, BadCommandLinesWriteNothing) {
  Write("a.yaml", TwoSlateScenario("a", 7, 20));
  fs::create_directories(dir_ / "empty");
  {
    RunResult r = RunNecsim({"batch", P("empty"), "--out", P("out")});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no scenario files"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("empty"), std::string::npos) << r.err;
  }
  {
    RunResult r = RunNecsim({"batch", P("in"), "--out", P("out"), "--sweep", "blocs.left.loyalty=1,2"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown key 'loyalty'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("blocs.left.loyalty"), std::string::npos) << r.err;
  }
  {
    RunResult r = RunNecsim({"batch", P("in"), "--out", P("out"), "--sweep", "blocs.left.share=0.6:0.4:0.05"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("empty range"), std::string::npos) << r.err;
  }
  {
    RunResult r = RunNecsim({"batch", P("in/missing.yaml"), "--out", P("out")});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("missing.yaml"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(P("out")));
  // An output folder someone else made is not written into.
  fs::create_directories(dir_ / "mine");
  std::ofstream(dir_ / "mine" / "notes.txt") << "keep\n";
  RunResult r = RunNecsim({"batch", P("in"), "--out", P("mine")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not written by necsim batch"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("mine/a")));
}

TEST_F(BatchTest, SweepBlockErrorsAreLocatedAndReported) {
  Write("a_unknown.yaml", TwoSlateScenario("u", 7, 20, 0.55, "sweep:\n  blocs.left.loyalty: [1, 2]\n"));
  Write("b_empty.yaml", TwoSlateScenario("e", 7, 20, 0.55, "sweep:\n  blocs.left.share: \"0.6:0.4:0.1\"\n"));
  Write("c_ok.yaml", TwoSlateScenario("ok", 7, 20));
  RunResult r = RunNecsim({"batch", P("in"), "--out", P("out")});
  EXPECT_EQ(r.code, 3) << r.err;
  const auto index = nlohmann::json::parse(Slurp(P("out/index.json")));
  ASSERT_EQ(index["scenarios"].size(), 3u);
  const std::string unknown = index["scenarios"][0]["message"];
  EXPECT_NE(unknown.find("a_unknown.yaml:"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("unknown key 'loyalty'"), std::string::npos) << unknown;
  const std::string empty = index["scenarios"][1]["message"];
  EXPECT_NE(empty.find("b_empty.yaml:"), std::string::npos) << empty;
  EXPECT_NE(empty.find("empty range"), std::string::npos) << empty;
  EXPECT_EQ(index["scenarios"][2]["status"], "ok");
}

// The sanity scenario scenarios/examples/two_slates_share_sweep.yaml sweeps
// the left bloc's share from 0.40 to 0.60 (the right bloc's share is rescaled
// to keep the sum 1); the left bloc's slate (Red) should win at least as many
// seats as its share grows. Consecutive points i, i+1: with common random
// numbers (the same seed at every point) their means are positively
// correlated, so SE(m[i+1] - m[i]) <= sqrt(se[i]^2 + se[i+1]^2), the
// independent case; a drop beyond 3 such SEs has probability below 0.00135
// per step under a truly non-decreasing curve (8 steps: < 1.1% in all, and
// the seed is fixed). se is each point's standard error of the mean seats,
// sqrt(var / runs) from its seat distribution.
TEST_F(BatchTest, SweepOfABlocShareGivesANonDecreasingSeatCurve) {
  const std::string sanity = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/two_slates_share_sweep.yaml";
  RunResult r = RunNecsim({"batch", sanity, "--out", P("out"), "--runs", "400"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string csv = Slurp(P("out/two_slates_share_sweep/sweep.csv"));
  ASSERT_EQ(csv.substr(0, csv.find('\n')), "point,blocs.left.share,rule_set,measure,entity,value,se");
  std::map<std::string, std::vector<std::pair<double, double>>> curve;  // rule set -> (mean, se) by point
  std::map<std::string, std::vector<std::pair<double, double>>> changes;  // rule set -> (change, se) from point 1
  std::vector<std::string> shares;
  std::istringstream in(csv.substr(csv.find('\n') + 1));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, ',')) f.push_back(x);
    ASSERT_EQ(f.size(), 7u) << line;
    if (f[3] == "slate_mean_seats_change" && f[4] == "Red") changes[f[2]].emplace_back(std::stod(f[5]), std::stod(f[6]));
    if (f[3] != "slate_mean_seats" || f[4] != "Red") continue;
    curve[f[2]].emplace_back(std::stod(f[5]), std::stod(f[6]));
    if (f[2] == "block_4") shares.push_back(f[1]);
  }
  EXPECT_EQ(shares, (std::vector<std::string>{"0.4", "0.45", "0.5", "0.55", "0.6"}));
  ASSERT_EQ(curve.size(), 2u);
  for (const auto& [rs, pts] : curve) {
    SCOPED_TRACE(rs);
    ASSERT_EQ(pts.size(), 5u);
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const double se = std::hypot(pts[i].second, pts[i + 1].second);
      EXPECT_GE(pts[i + 1].first - pts[i].first, -3 * se) << "step " << i;
    }
    // And the curve does rise: a flat or broken sweep fails here.
    EXPECT_GT(pts.back().first - pts.front().first, 3 * std::hypot(pts.back().second, pts.front().second));
    // The changes between neighbouring points: the difference of their
    // means (each rounded to 6 places), with the paired standard error,
    // which common random numbers make no larger than the independent one;
    // a drop beyond 3 paired SEs is as unlikely as above.
    const auto& ch = changes[rs];
    ASSERT_EQ(ch.size(), 4u);
    for (size_t i = 0; i < ch.size(); ++i) {
      EXPECT_NEAR(ch[i].first, pts[i + 1].first - pts[i].first, 2.1e-6) << "step " << i;
      EXPECT_GT(ch[i].second, 0.0) << "step " << i;
      EXPECT_LE(ch[i].second, std::hypot(pts[i].second, pts[i + 1].second)) << "step " << i;
      EXPECT_GE(ch[i].first, -3 * ch[i].second) << "step " << i;
    }
  }
  // The right bloc's share was rescaled so the point is valid.
  const auto manifest = nlohmann::json::parse(Slurp(P("out/two_slates_share_sweep/point_000/manifest.json")));
  const std::string overrides = manifest["overrides"].dump();
  EXPECT_NE(overrides.find("blocs.left.share=0.4"), std::string::npos) << overrides;
  EXPECT_NE(overrides.find("blocs.right.share={\\\"Capital\\\": 0.6"), std::string::npos) << overrides;
  const auto index = nlohmann::json::parse(Slurp(P("out/index.json")));
  ASSERT_EQ(index["scenarios"].size(), 5u);
  EXPECT_EQ(index["scenarios"][4]["point"], "point_004");
  EXPECT_EQ(index["scenarios"][4]["sweep"]["blocs.left.share"], "0.6");
}

// Boundary scenarios (a top-level `boundary:` key) run through `necsim
// boundary`'s library function, with the same results and resume.
TEST_F(BatchTest, BoundaryScenariosRunBesideNecOnes) {
  const std::string fixtures = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
  const std::string review = fixtures + "/small_review.yaml";
  Write("alpha.yaml", TwoSlateScenario("alpha", 7, 40));
  const std::vector<std::string> args{"batch", review, P("in/alpha.yaml"), "--out", P("out"), "--data", fixtures,
                                      "--runs", "200"};
  RunResult r = RunNecsim(args);
  ASSERT_EQ(r.code, 0) << r.err;
  RunResult single = RunNecsim({"boundary", review, "--data", fixtures, "--runs", "200", "--out", P("single")});
  ASSERT_EQ(single.code, 0) << single.err;
  // The same files as necsim boundary writes (but run_info.json), plus the manifest.
  auto batch_files = ResultsTree(P("out/small_review"));
  ASSERT_EQ(batch_files.erase("manifest.json"), 1u);
  EXPECT_GT(batch_files.size(), 5u);
  EXPECT_TRUE(batch_files == ResultsTree(P("single")));
  const auto index = nlohmann::json::parse(Slurp(P("out/index.json")));
  ASSERT_EQ(index["scenarios"].size(), 2u);
  const auto& b = index["scenarios"][0];
  EXPECT_EQ(b["kind"], "boundary");
  EXPECT_EQ(b["status"], "ok");
  ASSERT_EQ(b["boundary_sets"].size(), 2u);
  const auto summary = nlohmann::json::parse(Slurp(P("out/small_review/summary.json")));
  EXPECT_EQ(b["boundary_sets"][1]["name"], "new");
  EXPECT_EQ(b["boundary_sets"][1]["p_majority"]["lab"], summary["sets"]["new"]["parties"]["lab"]["p_majority"]);
  EXPECT_EQ(index["scenarios"][1]["kind"], "nec");
  RunResult again = RunNecsim(args);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("small_review: done before, skipped"), std::string::npos) << again.out;
  // A boundary scenario that cannot load is reported like any other.
  RunResult nodata = RunNecsim({"batch", review, "--out", P("nodata"), "--data", P("in")});
  EXPECT_EQ(nodata.code, 3);
  const auto idx = nlohmann::json::parse(Slurp(P("nodata/index.json")));
  EXPECT_EQ(idx["scenarios"][0]["status"], "failed");
  EXPECT_NE(idx["scenarios"][0]["message"].get<std::string>().find("small_old.csv"), std::string::npos)
      << idx.dump();
}

// A boundary scenario's results depend on its tables' contents: a table
// edited in place is a changed input (refused, then recomputed with --force),
// while the scenario reading untouched tables is still skipped, and the same
// tables found under another --data count as unchanged.
TEST_F(BatchTest, EditedConstituencyTableIsAChangedInput) {
  const fs::path fixtures = fs::path(NECSIM_FIXTURES_DIR) / "boundary";
  fs::create_directories(dir_ / "data");
  for (const char* t : {"small_old.csv", "small_new.csv"}) fs::copy_file(fixtures / t, dir_ / "data" / t);
  fs::copy_file(fixtures / "small_old.csv", dir_ / "data" / "b_old.csv");
  fs::copy_file(fixtures / "small_new.csv", dir_ / "data" / "b_new.csv");
  const std::string review = Slurp((fixtures / "small_review.yaml").string());
  Write("review_a.yaml", review);
  std::string b = review;
  b.replace(b.find("file: small_old.csv"), 19, "file: b_old.csv");
  b.replace(b.find("file: small_new.csv"), 19, "file: b_new.csv");
  Write("review_b.yaml", b);
  auto batch = [&](const std::string& data, bool force) {
    std::vector<std::string> args{"batch", P("in"), "--out", P("out"), "--data", data, "--runs", "200"};
    if (force) args.push_back("--force");
    return RunNecsim(args);
  };
  RunResult first = batch(P("data"), false);
  ASSERT_EQ(first.code, 0) << first.err;
  const auto manifest = nlohmann::json::parse(Slurp(P("out/review_a/manifest.json")));
  ASSERT_TRUE(manifest.contains("data_files")) << manifest.dump();
  EXPECT_EQ(manifest["data_files"]["old"].get<std::string>().size(), 16u);
  EXPECT_NE(manifest["data_files"]["old"], manifest["data_files"]["new"]);
  const std::string summary_before = Slurp(P("out/review_a/summary.json"));

  // Unchanged tables, here or copied under another --data: both skipped.
  RunResult again = batch(P("data"), false);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("review_a: done before, skipped"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("review_b: done before, skipped"), std::string::npos) << again.out;
  fs::copy(dir_ / "data", dir_ / "data_copy");
  RunResult moved = batch(P("data_copy"), false);
  ASSERT_EQ(moved.code, 0) << moved.err;
  EXPECT_NE(moved.out.find("review_a: done before, skipped"), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("review_b: done before, skipped"), std::string::npos) << moved.out;

  // review_a's new table edited in place (N08 now a safe con seat).
  std::string table = Slurp(P("data/small_new.csv"));
  const std::string row = "N08,Hexley South,North,England,70000,18000,18200";
  ASSERT_NE(table.find(row), std::string::npos);
  table.replace(table.find(row), row.size(), "N08,Hexley South,North,England,70000,26000,12000");
  std::ofstream(P("data/small_new.csv"), std::ios::binary | std::ios::trunc) << table;
  RunResult edited = batch(P("data"), false);
  EXPECT_EQ(edited.code, 2) << edited.out;
  EXPECT_NE(edited.err.find(P("out/review_a")), std::string::npos) << edited.err;
  EXPECT_EQ(edited.err.find("review_b"), std::string::npos) << edited.err;
  EXPECT_EQ(Slurp(P("out/review_a/summary.json")), summary_before);
  RunResult forced = batch(P("data"), true);
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(forced.out.find("review_a: ok"), std::string::npos) << forced.out;
  EXPECT_NE(forced.out.find("review_b: done before, skipped"), std::string::npos) << forced.out;
  // The recomputed folder holds the edited table's results, as necsim boundary gives them.
  RunResult single =
      RunNecsim({"boundary", P("in/review_a.yaml"), "--data", P("data"), "--runs", "200", "--out", P("single")});
  ASSERT_EQ(single.code, 0) << single.err;
  EXPECT_NE(Slurp(P("out/review_a/summary.json")), summary_before);
  EXPECT_EQ(Slurp(P("out/review_a/summary.json")), Slurp(P("single/summary.json")));
  RunResult after = batch(P("data"), false);
  ASSERT_EQ(after.code, 0) << after.err;
  EXPECT_NE(after.out.find("review_a: done before, skipped"), std::string::npos) << after.out;
}

// Starts necsim without waiting; stdout and stderr to files.
pid_t Start(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  std::vector<std::string> store{necsim_test::kBinary};
  store.insert(store.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    execv(store[0].c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Interrupts a batch once its first scenario is finished, checks it stopped
// part-way, reruns it, and compares every file with an uninterrupted batch.
void InterruptAndResume(const std::string& in, const fs::path& out, const fs::path& reference, int sig,
                        const std::string& logs) {
  const std::vector<std::string> args{"batch", in, "--out", out.string(), "--threads", "1"};
  const pid_t pid = Start(args, logs + ".out", logs + ".err");
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(out / "k1" / "manifest.json") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(fs::exists(out / "k1" / "manifest.json")) << "the first scenario never finished";
  kill(pid, sig);
  const int code = Wait(pid);
  ASSERT_FALSE(fs::exists(out / "k4")) << "the batch finished before it could be interrupted";
  EXPECT_FALSE(fs::exists(out / "index.csv"));
  if (sig == SIGINT || sig == SIGTERM) {
    EXPECT_EQ(code, 128 + sig);
    const std::string err = Slurp(logs + ".err");
    EXPECT_NE(err.find("Run the same command again to resume"), std::string::npos) << err;
    for (const auto& e : fs::directory_iterator(out)) {
      EXPECT_EQ(e.path().filename().string().rfind(".necsim-tmp", 0), std::string::npos)
          << "a temporary left behind after Ctrl-C: " << e.path();
    }
  } else {
    EXPECT_EQ(code, 128 + SIGKILL);
  }
  RunResult again = RunNecsim(args);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("k1: done before, skipped"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("k4: ok"), std::string::npos) << again.out;
  ExpectSameTree(out, reference);
}

TEST_F(BatchTest, InterruptedBatchesResumeToTheSameFiles) {
  // Four scenarios of about half a second each on one thread.
  for (const std::string name : {"k1", "k2", "k3", "k4"}) {
    const int k = name[1] - '0';
    Write(name + ".yaml", TwoSlateScenario(name, k, 800, 0.5 + 0.02 * k));
  }
  RunResult ref = RunNecsim({"batch", P("in"), "--out", P("reference"), "--threads", "2"});
  ASSERT_EQ(ref.code, 0) << ref.err;
  {
    SCOPED_TRACE("SIGKILL");
    InterruptAndResume(P("in"), P("killed"), P("reference"), SIGKILL, P("killed_log"));
  }
  {
    SCOPED_TRACE("SIGINT");
    InterruptAndResume(P("in"), P("interrupted"), P("reference"), SIGINT, P("interrupted_log"));
  }
  {
    SCOPED_TRACE("SIGTERM");  // as Slurm sends at a job's time limit
    InterruptAndResume(P("in"), P("terminated"), P("reference"), SIGTERM, P("terminated_log"));
  }
}

}  // namespace
