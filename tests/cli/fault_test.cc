// Fault injection (io/io_faults.h, as LevelDB's fault-injection Env): for
// every n, the n-th write, fsync or rename of `necsim run`, `boundary`,
// `batch` and `count --out` fails; afterwards the old results are intact and
// no temporary is left. n runs from 1 until a run sees no fault (every
// injection point of the command has then been tried).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::Describe;
using necsim_test::ResultsTree;
using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

const std::string kFixtures = NECSIM_FIXTURES_DIR;

// Runs necsim with NECSIM_FAULT=spec.
RunResult WithFault(const std::string& spec, const std::vector<std::string>& args) {
  ::setenv("NECSIM_FAULT", spec.c_str(), 1);
  RunResult r = RunNecsim(args);
  ::unsetenv("NECSIM_FAULT");
  return r;
}

class FaultTest : public necsim_test::TempDirTest {
 protected:
  std::vector<std::string> Temporaries() const { return necsim_test::WriterTemporaries(dir_); }
  // For each n and each kind of operation, `args` with the n-th operation
  // failing: exit `fail_code`, `check()` holds, no temporaries; until the
  // command succeeds with no fault hit. Returns the points tried per kind.
  template <class Check>
  void EveryPoint(const std::vector<std::string>& args, int fail_code, Check check) {
    for (const char* op : {"write", "sync", "rename"}) {
      int n = 1;
      for (;; ++n) {
        ASSERT_LT(n, 500) << op << ": the command never ran out of injection points";
        const RunResult r = WithFault(std::string(op) + ":" + std::to_string(n), args);
        if (r.code == 0) break;  // n is past the command's last operation of this kind
        EXPECT_EQ(r.code, fail_code) << op << ":" << n << "\n" << Describe(r);
        EXPECT_NE(r.err.find("Input/output error"), std::string::npos) << op << ":" << n << "\n" << Describe(r);
        check(std::string(op) + ":" + std::to_string(n));
        const auto t = Temporaries();
        EXPECT_TRUE(t.empty()) << op << ":" << n << " left " << t.front();
        if (::testing::Test::HasFailure()) return;
      }
      points_[op] = n - 1;
      Restore();
    }
    EXPECT_GT(points_["write"], 0);
    EXPECT_GT(points_["sync"], 0);
    EXPECT_GT(points_["rename"], 0);
    std::printf("injection points survived: write %d, sync %d, rename %d\n", points_["write"], points_["sync"],
                points_["rename"]);
  }
  virtual void Restore() {}
  std::map<std::string, int> points_;
};

class RunFaultTest : public FaultTest {
 protected:
  void Restore() override {
    fs::remove_all(P("res"));
    fs::copy(P("old"), P("res"));
  }
};

TEST_F(RunFaultTest, EveryWriteFsyncAndRenameOfRunFailsSafely) {
  const std::string sc = WriteFile("tiny.yaml", necsim_test::TwoSlateScenario("tiny", 7, 20));
  ASSERT_EQ(RunNecsim({"run", sc, "--seed", "1", "--out", P("old")}).code, 0);
  Restore();
  const auto old_tree = ResultsTree(P("old"));
  EveryPoint({"run", sc, "--seed", "2", "--force", "--out", P("res")}, 2,
             [&](const std::string& at) { EXPECT_EQ(ResultsTree(P("res")), old_tree) << at; });
  // A write fails at each of the 8 files.
  EXPECT_GE(points_["write"], 7);
}

TEST_F(RunFaultTest, EveryWriteFsyncAndRenameOfBoundaryFailsSafely) {
  const std::vector<std::string> base = {"boundary", kFixtures + "/boundary/small_review.yaml", "--data",
                                         kFixtures + "/boundary", "--runs", "20"};
  std::vector<std::string> first = base, second = base;
  first.insert(first.end(), {"--seed", "1", "--out", P("old")});
  second.insert(second.end(), {"--seed", "2", "--force", "--out", P("res")});
  ASSERT_EQ(RunNecsim(first).code, 0);
  Restore();
  const auto old_tree = ResultsTree(P("old"));
  EveryPoint(second, 2, [&](const std::string& at) { EXPECT_EQ(ResultsTree(P("res")), old_tree) << at; });
}

class CountFaultTest : public FaultTest {
 protected:
  void Restore() override { WriteFile("sheet.txt", "the old sheet\n"); }
};

TEST_F(CountFaultTest, EveryWriteFsyncAndRenameOfCountOutFailsSafely) {
  Restore();
  EveryPoint({"count", kFixtures + "/three_seats.blt", "--rule", "scottish", "--out", P("sheet.txt"), "--force"}, 2,
             [&](const std::string& at) { EXPECT_EQ(Slurp(P("sheet.txt")), "the old sheet\n") << at; });
  const RunResult r = RunNecsim({"count", kFixtures + "/three_seats.blt", "--rule", "scottish"});
  ASSERT_EQ(RunNecsim({"count", kFixtures + "/three_seats.blt", "--rule", "scottish", "--out", P("sheet.txt"),
                       "--force"}).code, 0);
  EXPECT_EQ(Slurp(P("sheet.txt")), r.out);
  // Without --force an existing file is kept.
  const RunResult again = RunNecsim({"count", kFixtures + "/three_seats.blt", "--rule", "scottish", "--out", P("sheet.txt")});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << Describe(again);
}

class BatchFaultTest : public FaultTest {
 protected:
  void Restore() override {}
};

TEST_F(BatchFaultTest, EveryWriteOfABatchFailsSafelyAndTheRerunFinishesTheSame) {
  WriteFile("in/alpha.yaml", necsim_test::TwoSlateScenario("alpha", 7, 40));
  WriteFile("in/beta.yaml", necsim_test::TwoSlateScenario("beta", 8, 40, 0.45));
  ASSERT_EQ(RunNecsim({"batch", P("in"), "--out", P("clean")}).code, 0);
  const auto clean = ResultsTree(P("clean"));
  // For each n: a fresh batch whose n-th operation fails, then the same
  // command again (it resumes): the result is the uninterrupted batch's.
  for (const char* op : {"write", "sync", "rename"}) {
    int n = 1;
    for (;; ++n) {
      ASSERT_LT(n, 500);
      fs::remove_all(P("out"));
      const RunResult r = WithFault(std::string(op) + ":" + std::to_string(n), {"batch", P("in"), "--out", P("out")});
      if (r.code == 0) break;
      EXPECT_NE(r.code, 0);
      // Every scenario folder there is whole: manifest and summary together.
      for (const char* s : {"alpha", "beta"}) {
        if (fs::exists(P(std::string("out/") + s))) {
          EXPECT_TRUE(fs::exists(P(std::string("out/") + s + "/manifest.json"))) << op << ":" << n;
          EXPECT_TRUE(fs::exists(P(std::string("out/") + s + "/summary.json"))) << op << ":" << n;
        }
      }
      const RunResult resumed = RunNecsim({"batch", P("in"), "--out", P("out")});
      ASSERT_EQ(resumed.code, 0) << op << ":" << n << "\n" << Describe(resumed);
      EXPECT_EQ(ResultsTree(P("out")), clean) << op << ":" << n;
      EXPECT_TRUE(Temporaries().empty()) << op << ":" << n;
      if (HasFailure()) return;
    }
    points_[op] = n - 1;
  }
  EXPECT_GT(points_["write"], 0);
  EXPECT_GT(points_["rename"], 0);
  std::printf("injection points survived: write %d, sync %d, rename %d\n", points_["write"], points_["sync"],
              points_["rename"]);
}

}  // namespace
