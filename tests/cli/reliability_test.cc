// Hostile input, end to end (issue rows of docs/reliability.md): bytes that
// are not UTF-8, YAML that expands without bound, files that are not regular
// files or never end, inputs over their size limit, numbers beyond a double
// or beyond int64. Each must give exit 2 at once, a message naming the file
// (and line where there is one), and write nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <string>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::Contains;
using necsim_test::Describe;
using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::ResultsTree;
using necsim_test::Slurp;
using necsim_test::WriterTemporaries;
namespace fs = std::filesystem;

const std::string kFixtures = NECSIM_FIXTURES_DIR;

class ReliabilityTest : public necsim_test::TempDirTest {
 protected:
  // Exit 2, nothing on stdout, every one of `parts` in the message.
  static void ExpectRefused(const RunResult& r, const std::vector<std::string>& parts) {
    EXPECT_EQ(r.code, 2) << Describe(r);
    EXPECT_TRUE(r.out.empty()) << Describe(r);
    for (const auto& p : parts) EXPECT_TRUE(Contains(r.err, p)) << "stderr lacks '" << p << "'\n" << Describe(r);
  }
  std::string Scenario() const { return necsim_test::TwoSlateScenario("tiny", 7, 20); }
  // A FIFO in the test folder (nobody writes to it: reading it would block).
  std::string Fifo(const std::string& rel) const {
    const std::string p = P(rel);
    EXPECT_EQ(::mkfifo(p.c_str(), 0600), 0);
    return p;
  }
};

TEST_F(ReliabilityTest, ACandidateNameThatIsNotUtf8IsLocatedAndNothingIsWritten) {
  std::string text = Scenario();
  text.replace(text.find("name: B2"), 8, "name: B\xff" "2");
  const std::string bad = WriteFile("bad.yaml", text);
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + text.find('\xff'), '\n'));
  const RunResult r = RunNecsim({"run", bad, "--out", P("never")});
  ExpectRefused(r, {"bad.yaml:" + std::to_string(line) + ":", "name", "not valid UTF-8", "0xFF"});
  EXPECT_FALSE(fs::exists(P("never")));
}

TEST_F(ReliabilityTest, ASlateNameThatIsNotUtf8IsLocated) {
  std::string text = Scenario();
  text.replace(text.find("slates: [Left, Right]"), 21, "slates: [Left, Ri\xc3" "ght]");  // a lead byte alone
  const RunResult r = RunNecsim({"run", WriteFile("bad.yaml", text), "--out", P("never")});
  ExpectRefused(r, {"bad.yaml:", "slates", "0xC3"});
  EXPECT_FALSE(fs::exists(P("never")));
}

TEST_F(ReliabilityTest, ExponentialYamlAliasesAreRefusedBeforeExpansion) {
  // "Billion laughs": 9 levels of 10 aliases, 10^9 nodes in 1 KB.
  std::string laughs = "a0: &a0 lol\n";
  for (int k = 1; k <= 9; ++k) {
    laughs += "a" + std::to_string(k) + ": &a" + std::to_string(k) + " [";
    for (int i = 0; i < 10; ++i) laughs += (i ? ",*a" : "*a") + std::to_string(k - 1);
    laughs += "]\n";
  }
  const RunResult r = RunNecsim({"run", WriteFile("laughs.yaml", laughs + Scenario()), "--out", P("never")});
  ExpectRefused(r, {"laughs.yaml:", "1000000 nodes"});
  EXPECT_FALSE(fs::exists(P("never")));
  // The same through --set, where the value is YAML too.
  const RunResult s = RunNecsim({"run", WriteFile("ok.yaml", Scenario()), "--out", P("never"), "--set",
                                 "description=[" + std::string(10, '[') + "]"});
  EXPECT_NE(s.code, 0) << Describe(s);  // (a sequence is no description)
}

TEST_F(ReliabilityTest, DeepNestingIsRefused) {
  const std::string deep = "description: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  const RunResult r = RunNecsim({"run", WriteFile("deep.yaml", deep + Scenario()), "--out", P("never")});
  ExpectRefused(r, {"deep.yaml:", "deep"});
}

TEST_F(ReliabilityTest, AFifoIsRefusedAsEveryKindOfInput) {
  const std::string fifo = Fifo("pipe");
  ExpectRefused(RunNecsim({"run", fifo, "--out", P("never")}), {"pipe", "not a regular file", "FIFO"});
  ExpectRefused(RunNecsim({"count", fifo, "--rule", "scottish"}), {"pipe", "not a regular file"});
  ExpectRefused(RunNecsim({"apportion", fifo, "--seats", "5", "--method", "dhondt"}), {"pipe", "not a regular file"});
  // A table named by a boundary scenario.
  fs::copy_file(kFixtures + "/boundary/small_review.yaml", P("small_review.yaml"));
  fs::copy_file(kFixtures + "/boundary/small_new.csv", P("small_new.csv"));
  Fifo("small_old.csv");
  ExpectRefused(RunNecsim({"boundary", P("small_review.yaml"), "--data", dir_.string(), "--out", P("never")}),
                {"small_old.csv", "not a regular file"});
  // A summary read by report.
  fs::create_directories(P("results"));
  Fifo("results/summary.json");
  const RunResult rep = RunNecsim({"report", P("results")});
  EXPECT_EQ(rep.code, 2) << Describe(rep);
  EXPECT_TRUE(Contains(rep.err, "not a regular file")) << Describe(rep);
  EXPECT_FALSE(fs::exists(P("results/report.html")));
  EXPECT_FALSE(fs::exists(P("never")));
}

TEST_F(ReliabilityTest, DevicesAndFoldersAreRefusedAtOnce) {
  ExpectRefused(RunNecsim({"run", "/dev/zero", "--out", P("never")}), {"/dev/zero", "not a regular file", "device"});
  ExpectRefused(RunNecsim({"count", "/dev/zero", "--rule", "scottish"}), {"/dev/zero", "not a regular file"});
  ExpectRefused(RunNecsim({"run", dir_.string(), "--out", P("never")}), {"not a regular file", "directory"});
  EXPECT_FALSE(fs::exists(P("never")));
}

TEST_F(ReliabilityTest, InputsOverTheirSizeLimitAreRefusedBeforeReading) {
  // A 65 MiB scenario (sparse: the limit is checked by its size).
  const std::string big = P("big.yaml");
  { std::ofstream(big) << Scenario(); }
  fs::resize_file(big, (65ull << 20));
  ExpectRefused(RunNecsim({"run", big, "--out", P("never")}), {"big.yaml", "too large", std::to_string(64ull << 20)});
  // The ballot file limit, lowered through its environment variable.
  ::setenv("NECSIM_MAX_BALLOT_BYTES", "40", 1);
  const RunResult r = RunNecsim({"count", kFixtures + "/three_seats.blt", "--rule", "scottish"});
  ::unsetenv("NECSIM_MAX_BALLOT_BYTES");
  ExpectRefused(r, {"three_seats.blt", "too large", "at most 40", "NECSIM_MAX_BALLOT_BYTES"});
  // And the table limit.
  const std::string table = WriteFile("members.csv", "region,members\nNorth,10\nSouth,20\n");
  ::setenv("NECSIM_MAX_TABLE_BYTES", "10", 1);
  const RunResult t = RunNecsim({"apportion", table, "--seats", "3", "--method", "dhondt"});
  ::unsetenv("NECSIM_MAX_TABLE_BYTES");
  ExpectRefused(t, {"members.csv", "too large", "NECSIM_MAX_TABLE_BYTES"});
  // Unlimited by the variable's absence: the same table is read.
  EXPECT_EQ(RunNecsim({"apportion", table, "--seats", "3", "--method", "dhondt"}).code, 0);
  EXPECT_FALSE(fs::exists(P("never")));
}

TEST_F(ReliabilityTest, ASummaryNumberBeyondADoubleIsLocated) {
  ASSERT_EQ(RunNecsim({"run", WriteFile("tiny.yaml", Scenario()), "--out", P("res")}).code, 0);
  std::string s = Slurp(P("res/summary.json"));
  const size_t at = s.find("\"runs\": 20");
  ASSERT_NE(at, std::string::npos);
  s.replace(at, 10, "\"runs\": 1e999");
  const int line = 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<long>(at), '\n'));
  { std::ofstream(P("res/summary.json"), std::ios::trunc) << s; }
  const RunResult r = RunNecsim({"report", P("res")});
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "summary.json:" + std::to_string(line) + ":")) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "1e999")) << Describe(r);
  EXPECT_FALSE(fs::exists(P("res/report.html")));
}

TEST_F(ReliabilityTest, SeedsAndRunsBeyondInt64AreRefused) {
  const std::string sc = WriteFile("tiny.yaml", Scenario());
  ExpectRefused(RunNecsim({"run", sc, "--seed", "18446744073709551616", "--out", P("never")}), {"--seed", "too large"});
  ExpectRefused(RunNecsim({"run", sc, "--seed", "9223372036854775808", "--out", P("never")}), {"--seed", "too large"});
  ExpectRefused(RunNecsim({"run", sc, "--seed", "1e30", "--out", P("never")}), {"--seed"});
  ExpectRefused(RunNecsim({"count", kFixtures + "/three_seats.blt", "--rule", "scottish", "--seed",
                           "18446744073709551616"}),
                {"--seed", "too large"});
  // The largest seeds are taken.
  EXPECT_EQ(RunNecsim({"run", sc, "--seed", "9223372036854775807", "--out", P("max")}).code, 0);
  EXPECT_EQ(RunNecsim({"count", kFixtures + "/three_seats.blt", "--rule", "scottish", "--seed",
                       "18446744073709551615"}).code, 0);
  // In the scenario file.
  std::string text = Scenario();
  text.replace(text.find("seed: 7"), 7, "seed: 9223372036854775808");
  ExpectRefused(RunNecsim({"run", WriteFile("seed.yaml", text), "--out", P("never")}), {"seed.yaml:2:", "seed", "too large"});
  text = Scenario();
  text.replace(text.find("runs: 20"), 8, "runs: 1e30");
  ExpectRefused(RunNecsim({"run", WriteFile("runs.yaml", text), "--out", P("never")}), {"runs.yaml:3:", "runs"});
  EXPECT_FALSE(fs::exists(P("never")));
}

// The results folder `dir` holds exactly `a` or exactly `b` (run_info.json aside).
::testing::AssertionResult IsOneOf(const fs::path& dir, const std::map<std::string, std::string>& a,
                                   const std::map<std::string, std::string>& b) {
  const auto now = ResultsTree(dir);
  if (now == a || now == b) return ::testing::AssertionSuccess();
  std::string names;
  for (const auto& [k, v] : now) names += k + " ";
  return ::testing::AssertionFailure() << dir << " is neither the old nor the new results: " << names;
}

TEST_F(ReliabilityTest, AFileSizeLimitMidWriteLeavesTheOldResultsAndNoTemporaries) {
  const std::string sc = WriteFile("tiny.yaml", Scenario());
  ASSERT_EQ(RunNecsim({"run", sc, "--out", P("res")}).code, 0);
  const auto before = ResultsTree(P("res"));
  // 2 KB per file at most: summary.json is larger, so a write fails part way.
  const std::string cmd = "ulimit -f 4; exec '" + necsim_test::kBinary + "' run '" + sc + "' --seed 99 --force --out '" +
                          P("res") + "' >'" + P("out.txt") + "' 2>'" + P("err.txt") + "'";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string err = Slurp(P("err.txt"));
  EXPECT_TRUE(Contains(err, "File too large")) << err;
  EXPECT_TRUE(Contains(err, "the old results are as they were")) << err;
  EXPECT_EQ(ResultsTree(P("res")), before);
  EXPECT_TRUE(WriterTemporaries(dir_).empty());
}

TEST_F(ReliabilityTest, TemporariesOfAKilledRunAreClearedByTheNext) {
  const std::string sc = WriteFile("tiny.yaml", Scenario());
  ASSERT_EQ(RunNecsim({"run", sc, "--out", P("res")}).code, 0);
  // What a run killed mid-write leaves: a half-built folder and a folder moved
  // aside, tagged with a process that no longer exists.
  const pid_t gone = fork();
  if (gone == 0) _exit(0);
  ASSERT_GT(gone, 0);
  waitpid(gone, nullptr, 0);
  const std::string tag = "res-" + std::to_string(gone);
  WriteFile(".necsim-tmp-" + tag + "/summary.json", "{");
  WriteFile(".necsim-old-" + tag + "/summary.json", "{}");
  // A live writer's temporaries (this process's) are left alone.
  WriteFile(".necsim-tmp-res-" + std::to_string(::getpid()) + "/summary.json", "{");
  ASSERT_EQ(RunNecsim({"run", sc, "--out", P("res"), "--force"}).code, 0);
  EXPECT_FALSE(fs::exists(P(".necsim-tmp-" + tag)));
  EXPECT_FALSE(fs::exists(P(".necsim-old-" + tag)));
  EXPECT_TRUE(fs::exists(P(".necsim-tmp-res-" + std::to_string(::getpid()))));
}

TEST_F(ReliabilityTest, KilledMidRunTheFolderIsOldCompleteOrNewComplete) {
  // SIGKILL at moments spread over a run's life (fixed seed); after each the
  // folder is the old results or the new, whole; the next run clears what the
  // killed one left. (scripts/crash_loop does the same 200 times at each
  // write, fsync and rename.)
  const std::string sc = WriteFile("tiny.yaml", Scenario());
  ASSERT_EQ(RunNecsim({"run", sc, "--seed", "1", "--out", P("a")}).code, 0);
  ASSERT_EQ(RunNecsim({"run", sc, "--seed", "2", "--out", P("b")}).code, 0);
  const auto old_tree = ResultsTree(P("a")), new_tree = ResultsTree(P("b"));
  ASSERT_NE(old_tree, new_tree);
  fs::copy(P("a"), P("res"));
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<int> delay_us(0, 40000);
  int killed = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string seed = (i % 2 == 0) ? "2" : "1";
    const pid_t pid = fork();
    if (pid == 0) {
      const int null_fd = open("/dev/null", O_WRONLY);
      dup2(null_fd, STDOUT_FILENO);
      dup2(null_fd, STDERR_FILENO);
      const std::string out = P("res");
      execl(necsim_test::kBinary.c_str(), "necsim", "run", sc.c_str(), "--seed", seed.c_str(), "--force", "--out",
            out.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status);
    ASSERT_TRUE(IsOneOf(P("res"), old_tree, new_tree)) << "after kill " << i;
  }
  EXPECT_GT(killed, 0);
  ASSERT_EQ(RunNecsim({"run", sc, "--seed", "2", "--force", "--out", P("res")}).code, 0);
  EXPECT_EQ(ResultsTree(P("res")), new_tree);
  EXPECT_TRUE(WriterTemporaries(dir_).empty()) << WriterTemporaries(dir_).front();
}

}  // namespace
