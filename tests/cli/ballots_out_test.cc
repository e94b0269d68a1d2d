// `necsim run --ballots-out DIR --ballots-runs LIST`: the listed runs'
// ballots as BLT files, their manifest and the runs' elected sets; with
// --sampler reference `necsim count` of a run's file elects what the run
// elected; bad run indices and an existing folder are refused with nothing
// written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

// block4 and stv4 (at least 2 women of 4) and a regional block vote, one
// woman and one man in each region.
const std::string kScenario = necsim_test::TwoSlateScenario(
    "ballots", 11, 12, 0.55, "  - name: regional_block\n    regional: {rule: block, gender: two_per_region}\n");
// The candidates' genders in file order (A1 A2 A3 A4 B1 B2 B3 C1), for `necsim count --gender`.
const std::string kGenders = "1=f,2=m,3=m,4=f,5=m,6=f,7=m,8=f";

std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (!line.empty() && line.back() == ',') f.emplace_back();
    rows.push_back(f);
  }
  return rows;
}

std::set<std::string> Names(const std::string& joined) {
  std::set<std::string> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find("; ", start);
    if (end == std::string::npos) end = joined.size();
    out.insert(joined.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

class BallotsOutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("necsim_ballots_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    scenario_ = (dir_ / "ballots.yaml").string();
    std::ofstream(scenario_) << kScenario;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Out(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  std::string scenario_;
};

TEST_F(BallotsOutTest, ReferenceBallotsRecountToTheRunsResult) {
  RunResult r = RunNecsim({"run", scenario_, "--out", Out("o"), "--sampler", "reference", "--threads", "2",
                           "--ballots-out", Out("b"), "--ballots-runs", "0,1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("exactly the ballots counted"), std::string::npos) << r.out;
  for (const char* f : {"run-0.blt", "run-1.blt", "manifest.csv", "elected.csv", "README.txt"}) {
    EXPECT_TRUE(fs::exists(dir_ / "b" / f)) << f;
  }
  // elected.csv: run 1's elected set under each rule set.
  std::map<std::string, std::set<std::string>> elected;
  for (const auto& row : CsvRows(Slurp(Out("b/elected.csv")))) {
    ASSERT_EQ(row.size(), 3u);
    if (row[0] == "1") elected[row[1]] = Names(row[2]);
  }
  ASSERT_EQ(elected.size(), 3u);
  for (const auto& [name, rule] : {std::pair<std::string, std::string>{"block4", "block"}, {"stv4", "ers97"}}) {
    RunResult c = RunNecsim({"count", Out("b/run-1.blt"), "--rule", rule, "--seats", "4", "--women-min", "2",
                             "--gender", kGenders, "--json"});
    ASSERT_EQ(c.code, 0) << c.err;
    std::set<std::string> got;
    const nlohmann::json sheet = nlohmann::json::parse(c.out);
    for (const auto& n : sheet["elected"]) got.insert(n.get<std::string>());
    EXPECT_EQ(got, elected[name]) << name;
    EXPECT_EQ(got.size(), 4u);
  }
  // The manifest: the national file for each national rule set, one file per
  // region for the regional one, whose ballots add up to the run's.
  std::map<std::string, int64_t> national;
  int64_t district_ballots[2] = {0, 0};
  int districts = 0;
  const auto rows = CsvRows(Slurp(Out("b/manifest.csv")));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"run", "rule_set", "district", "file", "ballots", "rule", "seats",
                                               "source"}));
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), 8u) << i;
    EXPECT_EQ(row[7], "counted");
    EXPECT_TRUE(fs::exists(dir_ / "b" / row[3])) << row[3];
    if (row[1] != "regional_block") {
      EXPECT_EQ(row[2], "");
      EXPECT_EQ(row[3], "run-" + row[0] + ".blt");
      national[row[0]] = std::stoll(row[4]);
    } else {
      EXPECT_EQ(row[3], "run-" + row[0] + "-regional_block-" + row[2] + ".blt");
      EXPECT_EQ(row[5], "block");
      EXPECT_EQ(row[6], "2");
      district_ballots[row[0] == "1"] += std::stoll(row[4]);
      districts += row[0] == "1";
    }
  }
  EXPECT_EQ(districts, 3);
  EXPECT_EQ(district_ballots[0], national["0"]);
  EXPECT_EQ(district_ballots[1], national["1"]);
  EXPECT_GT(national["1"], 1000);
  // A district's file withdraws the candidates standing elsewhere: its count
  // elects two of the region's own.
  RunResult d = RunNecsim({"count", Out("b/run-1-regional_block-North.blt"), "--rule", "block", "--json"});
  ASSERT_EQ(d.code, 0) << d.err;
  std::set<std::string> north;
  const nlohmann::json sheet = nlohmann::json::parse(d.out);
  for (const auto& n : sheet["elected"]) north.insert(n.get<std::string>());
  EXPECT_EQ(north.size(), 2u);
  for (const std::string& n : north) EXPECT_TRUE(n == "A1" || n == "A4" || n == "B1") << n;
}

// The fast sampler: the same run's electorate drawn voter by voter (the same
// files as the reference sampler's), said to be a redraw.
TEST_F(BallotsOutTest, FastSamplerFilesAreARedrawAndSaySo) {
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("o1"), "--ballots-out", Out("fast"), "--ballots-runs", "1"}).code,
            0);
  ASSERT_EQ(RunNecsim({"run", scenario_, "--out", Out("o2"), "--sampler", "reference", "--ballots-out", Out("ref"),
                       "--ballots-runs", "1"})
                .code,
            0);
  EXPECT_EQ(Slurp(Out("fast/run-1.blt")).substr(0, 200), Slurp(Out("ref/run-1.blt")).substr(0, 200));
  const std::string manifest = Slurp(Out("fast/manifest.csv"));
  EXPECT_NE(manifest.find(",redrawn\n"), std::string::npos);
  EXPECT_EQ(manifest.find(",counted\n"), std::string::npos);
  EXPECT_NE(Slurp(Out("fast/README.txt")).find("NOT the ballots"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "fast" / "run-0.blt"));
}

TEST_F(BallotsOutTest, BadRunsAndExistingFoldersAreRefusedWithNothingWritten) {
  // Out of range (12 runs: 0 to 11), malformed, or one option without the other.
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--ballots-out", Out("b"), "--ballots-runs", "0,12"},
        {"--ballots-out", Out("b"), "--ballots-runs", "0,x"},
        {"--ballots-out", Out("b"), "--ballots-runs", "-1"},
        {"--ballots-out", Out("b"), "--ballots-runs", "0,,1"},
        {"--ballots-out", Out("b")},
        {"--ballots-runs", "0"},
        {"--ballots-out", Out("o/b"), "--ballots-runs", "0"}}) {
    std::vector<std::string> args = {"run", scenario_, "--out", Out("o")};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = RunNecsim(args);
    EXPECT_EQ(r.code, 2) << extra.back() << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "o")) << extra.back();
    EXPECT_FALSE(fs::exists(dir_ / "b")) << extra.back();
  }
  RunResult range = RunNecsim({"run", scenario_, "--out", Out("o"), "--ballots-out", Out("b"), "--ballots-runs", "12"});
  EXPECT_NE(range.err.find("--ballots-runs"), std::string::npos) << range.err;
  EXPECT_NE(range.err.find("out of range"), std::string::npos) << range.err;
  // An existing ballots folder needs --force; with it, it is replaced whole.
  fs::create_directories(dir_ / "b");
  std::ofstream(Out("b/manifest.csv")) << "old\n";
  std::ofstream(Out("b/run-7.blt")) << "old\n";
  RunResult exists = RunNecsim({"run", scenario_, "--out", Out("o"), "--ballots-out", Out("b"), "--ballots-runs", "0"});
  EXPECT_EQ(exists.code, 2);
  EXPECT_NE(exists.err.find("--force"), std::string::npos) << exists.err;
  EXPECT_FALSE(fs::exists(dir_ / "o"));
  RunResult forced = RunNecsim(
      {"run", scenario_, "--out", Out("o"), "--ballots-out", Out("b"), "--ballots-runs", "0", "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_FALSE(fs::exists(dir_ / "b" / "run-7.blt"));
  EXPECT_TRUE(fs::exists(dir_ / "b" / "run-0.blt"));
  // A folder that is not a ballots folder is not replaced, even with --force.
  fs::create_directories(dir_ / "mine");
  std::ofstream(Out("mine/notes.txt")) << "mine\n";
  RunResult theirs = RunNecsim(
      {"run", scenario_, "--out", Out("o"), "--ballots-out", Out("mine"), "--ballots-runs", "0", "--force"});
  EXPECT_EQ(theirs.code, 2);
  EXPECT_TRUE(fs::exists(dir_ / "mine" / "notes.txt"));
}

}  // namespace
