// `necsim boundary` end to end: --deterministic on the real 2019 tables (skips
// with a reason when ../shared/data/uk-ge is absent), the output contract and
// reproducibility on the small fixture, exit codes and messages for bad input.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cmd_boundary.h"
#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

const std::string kFixtures = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
const std::string kSmall = kFixtures + "/small_review.yaml";
const std::string& kRealData = necsim_test::kUkGeData;
const std::string kReview = std::string(NECSIM_SOURCE_DIR) + "/scenarios/boundary_2023_review.yaml";

using necsim_test::HaveUkGe2019Tables;

class BoundaryCli : public necsim_test::TempDirTest {
 protected:
  std::string Path(const std::string& name) const { return P(name); }
  // Copies the small fixture tables into the temp dir, the new one replaced by `new_csv` when given.
  void CopyTables(const std::string& old_csv = "", const std::string& new_csv = "") {
    fs::copy_file(kFixtures + "/small_old.csv", Path("small_old.csv"));
    fs::copy_file(kFixtures + "/small_new.csv", Path("small_new.csv"));
    if (!old_csv.empty()) std::ofstream(Path("small_old.csv"), std::ios::trunc) << old_csv;
    if (!new_csv.empty()) std::ofstream(Path("small_new.csv"), std::ios::trunc) << new_csv;
  }
};

TEST_F(BoundaryCli, DeterministicOnTheReal2019Tables) {
  if (!HaveUkGe2019Tables()) GTEST_SKIP() << "no " << kRealData << " (the 2019 constituency tables); skipping";
  RunResult r = RunNecsim({"boundary", kReview, "--data", kRealData, "--deterministic", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // The published counts (../shared/data/uk-ge/README.md); the Speaker is in `other`.
  const nlohmann::json old_seats = {{"con", 365}, {"lab", 202}, {"ld", 11}, {"brexit", 0}, {"green", 1},
                                    {"snp", 48},  {"pc", 4},    {"dup", 8}, {"sf", 7},     {"sdlp", 2},
                                    {"uup", 0},   {"alliance", 1}, {"other", 1}};
  const nlohmann::json new_seats = {{"con", 372}, {"lab", 200}, {"ld", 8}, {"brexit", 0}, {"green", 1},
                                    {"snp", 48},  {"pc", 2},    {"dup", 8}, {"sf", 7},     {"sdlp", 2},
                                    {"uup", 0},   {"alliance", 1}, {"other", 1}};
  EXPECT_EQ(j["old"], old_seats);
  EXPECT_EQ(j["new"], new_seats);
  EXPECT_EQ(j.size(), 2u);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(BoundaryCli, DataDirFromTheEnvironment) {
  if (!HaveUkGe2019Tables()) GTEST_SKIP() << "no " << kRealData << " (the 2019 constituency tables); skipping";
  ::setenv("NECSIM_DATA_DIR", kRealData.c_str(), 1);
  RunResult r = RunNecsim({"boundary", kReview, "--deterministic", "--json"});
  ::unsetenv("NECSIM_DATA_DIR");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["new"]["con"], 372);
}

TEST_F(BoundaryCli, RealTablesCLPsPerLabourRegion) {
  if (!HaveUkGe2019Tables()) GTEST_SKIP() << "no " << kRealData << " (the 2019 constituency tables); skipping";
  RunResult r = RunNecsim({"boundary", kReview, "--data", kRealData, "--runs", "200", "--out", Path("o"), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto s = nlohmann::json::parse(Slurp(Path("o/summary.json")));
  int64_t old_total = 0, new_total = 0;
  for (const auto& reg : s["clp"]["regions"]) {
    old_total += reg["old"]["clps"].get<int64_t>();
    new_total += reg["new"]["clps"].get<int64_t>();
    // 2023 review: Wales 40 -> 32, Scotland 59 -> 57.
    if (reg["labour_region"] == "Wales") {
      EXPECT_EQ(reg["old"]["clps"], 40);
      EXPECT_EQ(reg["new"]["clps"], 32);
    }
    if (reg["labour_region"] == "Scotland") {
      EXPECT_EQ(reg["old"]["clps"], 59);
      EXPECT_EQ(reg["new"]["clps"], 57);
    }
  }
  EXPECT_EQ(s["clp"]["regions"].size(), 11u);
  EXPECT_EQ(old_total, 632);  // 650 less Northern Ireland's 18
  EXPECT_EQ(new_total, 632);
}

TEST_F(BoundaryCli, RegionalSwingExampleOnTheRealTables) {
  if (!HaveUkGe2019Tables()) GTEST_SKIP() << "no " << kRealData << " (the 2019 constituency tables); skipping";
  const std::string example = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/boundary_regional_swing.yaml";
  RunResult r = RunNecsim({"boundary", example, "--data", kRealData, "--runs", "300", "--out", Path("o")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto s = nlohmann::json::parse(Slurp(Path("o/summary.json")));
  EXPECT_EQ(s["swing_model"], "regional");
  for (const char* set : {"old", "new"}) {
    // A 22-point net swing from con to lab turns the 2019 result around...
    EXPECT_GT(s["sets"][set]["central_seats"]["lab"].get<int>(), s["sets"][set]["central_seats"]["con"].get<int>()) << set;
    // ...and the SNP, cut from 45% to a 30% target in Scotland, loses most of its 48 seats.
    EXPECT_LT(s["sets"][set]["central_seats"]["snp"].get<int>(), 30) << set;
    // With no swing, the plurality winners of 2019.
    EXPECT_EQ(s["sets"][set]["baseline_seats"]["snp"], 48) << set;
  }
}

TEST_F(BoundaryCli, DeterministicJsonOnTheFixture) {
  RunResult r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--deterministic", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j, nlohmann::json::parse(R"({"old": {"con": 6, "lab": 6, "ld": 0, "other": 0},
                                          "new": {"con": 6, "lab": 5, "ld": 0, "other": 0}})"));
  EXPECT_FALSE(fs::exists("results/small_review")) << "--deterministic writes nothing";
}

TEST_F(BoundaryCli, WritesEveryOutputWithTheDocumentedKeys) {
  RunResult r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("o"), "--runs", "300"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"summary.json", "run_info.json", "parties.csv", "seat_distribution.csv", "changes.csv",
                        "change_distribution.csv", "constituencies.csv", "majority_lead.csv", "clp.csv"}) {
    EXPECT_TRUE(fs::exists(dir_ / "o" / f)) << f;
  }
  const auto s = nlohmann::json::parse(Slurp(Path("o/summary.json")));
  EXPECT_EQ(s["scenario"], "small_review");
  EXPECT_EQ(s["kind"], "boundary");
  EXPECT_EQ(s["runs"], 300);
  EXPECT_EQ(s["seed"], 11);
  for (const char* k : {"swing_model", "parties", "regions", "nations", "sets", "p_majority", "change",
                        "changes_of_hands", "majority_lead", "clp"}) {
    EXPECT_TRUE(s.contains(k)) << k;
  }
  for (const char* set : {"old", "new"}) {
    const auto& st = s["sets"][set];
    for (const char* k : {"label", "file", "seats", "majority", "national_share", "baseline_seats", "central_seats",
                          "parties", "mean_seats_by_region", "mean_seats_by_nation"}) {
      EXPECT_TRUE(st.contains(k)) << set << "." << k;
    }
    double total = 0;
    for (const auto& [k, p] : st["parties"]["con"]["distribution"].items()) total += p.get<double>();
    EXPECT_NEAR(total, 1.0, 1e-9);
    EXPECT_TRUE(s["p_majority"][set].contains("none"));
  }
  EXPECT_EQ(s["sets"]["old"]["baseline_seats"]["con"], 6);
  EXPECT_EQ(s["sets"]["new"]["baseline_seats"]["lab"], 5);
  for (const char* scope : {"national", "by_region", "by_nation"}) EXPECT_TRUE(s["change"].contains(scope)) << scope;
  EXPECT_TRUE(s["change"]["by_nation"].contains("Wales"));
  EXPECT_TRUE(s["change"]["by_region"].contains("Cymru"));
  EXPECT_LE(s["changes_of_hands"]["old"].size(), 5u);  // changes_listed: 5
  ASSERT_EQ(s["majority_lead"].size(), 2u);
  EXPECT_EQ(s["majority_lead"][0]["party"], "lab");
  const auto info = nlohmann::json::parse(Slurp(Path("o/run_info.json")));
  for (const char* k : {"version", "wall_time_s", "runs_per_second", "threads", "backend", "host"}) {
    EXPECT_TRUE(info.contains(k)) << k;
  }
  EXPECT_NE(r.out.find("Wrote"), std::string::npos);
}

TEST_F(BoundaryCli, SummaryIsByteIdenticalForOneAndTwoThreads) {
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("t1"), "--threads", "1"}).code, 0);
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("t2"), "--threads", "2"}).code, 0);
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("s"), "--backend", "serial"}).code, 0);
  const std::string a = Slurp(Path("t1/summary.json"));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, Slurp(Path("t2/summary.json")));
  EXPECT_EQ(a, Slurp(Path("s/summary.json")));
  EXPECT_EQ(Slurp(Path("t1/constituencies.csv")), Slurp(Path("t2/constituencies.csv")));
  // A different seed gives different results (the test can fail).
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("s2"), "--seed", "12"}).code, 0);
  EXPECT_NE(a, Slurp(Path("s2/summary.json")));
}

TEST_F(BoundaryCli, LibraryRunnerWritesWhatTheCommandWrites) {
  // RunBoundaryToDir is what `necsim batch` calls: same files, same summary.
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("cli"), "--runs", "400"}).code, 0);
  necsim::Status st = necsim::RunBoundaryToDir(kSmall, Path("lib"), kFixtures, 400, -1, 2, false);
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  EXPECT_EQ(Slurp(Path("lib/summary.json")), Slurp(Path("cli/summary.json")));
  EXPECT_EQ(Slurp(Path("lib/changes.csv")), Slurp(Path("cli/changes.csv")));
  st = necsim::RunBoundaryToDir(kSmall, Path("lib"), kFixtures, 400, -1, 2, false);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("already exists"), std::string::npos);
  st = necsim::RunBoundaryToDir(kSmall, Path("bad"), Path("nowhere"), 10, -1, 1, false);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().line, 10);
  EXPECT_FALSE(fs::exists(Path("bad")));
}

TEST_F(BoundaryCli, RefusesAnExistingOutputFolderWithoutForce) {
  fs::create_directories(Path("o"));
  std::ofstream(Path("o/keep.txt")) << "user's file";
  RunResult r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("o"), "--runs", "10"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(Path("o/summary.json")));
  // --force replaces only a results folder: a folder of the user's files is left alone.
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("o"), "--runs", "10", "--force"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("not a necsim results folder"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(Path("o/keep.txt")));
  fs::remove(Path("o/keep.txt"));
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("o"), "--runs", "10", "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(Path("o/summary.json")));
  // And a results folder is replaced whole.
  std::ofstream(Path("o/stale.csv")) << "from another run";
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("o"), "--runs", "10", "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(fs::exists(Path("o/stale.csv")));
}

TEST_F(BoundaryCli, UsageErrors) {
  RunResult r = RunNecsim({"boundary"});
  EXPECT_EQ(r.code, 2);
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--backend", "gpu", "--out", Path("o")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown backend 'gpu'"), std::string::npos) << r.err;
  r = RunNecsim({"boundary", Path("nope.yaml")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nope.yaml: cannot open the scenario file"), std::string::npos) << r.err;
  r = RunNecsim({"boundary", kSmall, "--data", Path("no_such_dir"), "--out", Path("o")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("small_review.yaml:10:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cannot open the constituency table"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(fs::exists(Path("o")));
}

TEST_F(BoundaryCli, BadTablesNameFileLineAndColumn) {
  const std::string header = "code,seat,area,nation,electorate,con,lab,ld,other\n";
  struct Case {
    std::string old_csv;
    std::string expect;
  };
  const Case cases[] = {
      {"code,seat,area,nation,electorate,con,ld,other\nA,B,South,England,1,2,3,4\n",
       "small_old.csv:1: lab: missing column 'lab'"},
      {header + "A01,X,South,England,1,2,3,4,5\nA01,Y,South,England,1,2,3,4,5\n",
       "small_old.csv:3:1: code: duplicate constituency id 'A01' (first on line 2)"},
      {header + "A01,X,South,England,1,2,-3,4,5\n", "small_old.csv:2:7: lab: votes for 'lab' in 'A01' is negative"},
      {header + "A01,X,South,England,1,2,3,many,5\n", "small_old.csv:2:8: ld: votes for 'ld' in 'A01' 'many' is not a whole number"},
  };
  for (const Case& c : cases) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    CopyTables(c.old_csv);
    RunResult r = RunNecsim({"boundary", kSmall, "--data", dir_.string(), "--out", Path("o")});
    EXPECT_EQ(r.code, 2) << c.expect;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(Path("o"))) << "no partial output";
  }
}

TEST_F(BoundaryCli, RegionsThatDoNotMatch) {
  // The new table calls the South "Southern".
  std::string csv = Slurp(kFixtures + "/small_new.csv");
  for (size_t at; (at = csv.find(",South,")) != std::string::npos;) csv.replace(at, 7, ",Southern,");
  CopyTables("", csv);
  RunResult r = RunNecsim({"boundary", kSmall, "--data", dir_.string(), "--out", Path("o")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("small_old.csv:2:3: area: region 'South' is in the old table but not in the new table"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("regions only there: Southern"), std::string::npos) << r.err;
}

TEST_F(BoundaryCli, PartyInTheSwingThatTheTableLacks) {
  CopyTables();
  std::string y = Slurp(kSmall);
  y.replace(y.find("change: {con: -1, lab: 1}"), 25, "change: {con: -1, reform: 1}");
  std::ofstream(Path("s.yaml")) << y;
  RunResult r = RunNecsim({"boundary", Path("s.yaml"), "--data", dir_.string(), "--out", Path("o")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("s.yaml:16:23: boundary.swing.change.reform: party 'reform' is not one of the tables' party columns"),
            std::string::npos)
      << r.err;
}

// --set PATH=VALUE (as `necsim run`): overriding fields gives exactly what
// editing the file gives, and differs from the unedited scenario.
TEST_F(BoundaryCli, SetOverridesActLikeEditingTheFile) {
  std::string y = Slurp(kSmall);
  y.replace(y.find("runs: 2000"), 10, "runs: 300");
  y.replace(y.find("change: {con: -1, lab: 1}"), 25, "change: {con: -6, lab: 6}");
  std::ofstream(Path("edited.yaml")) << y;
  RunResult r = RunNecsim({"boundary", Path("edited.yaml"), "--data", kFixtures, "--out", Path("edited")});
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("set"), "--set", "runs=300", "--set",
                 "boundary.swing.change.con=-6", "--set", "boundary.swing.change={con: -6, lab: 6}"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("plain"), "--runs", "300"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string edited = Slurp(Path("edited/summary.json"));
  const auto s = nlohmann::json::parse(Slurp(Path("set/summary.json")));
  EXPECT_EQ(s["runs"], 300);
  EXPECT_EQ(Slurp(Path("set/summary.json")), edited);
  EXPECT_EQ(Slurp(Path("set/constituencies.csv")), Slurp(Path("edited/constituencies.csv")));
  EXPECT_NE(Slurp(Path("plain/summary.json")), edited);
  // Labour six points up instead of one: more Labour seats on the new boundaries.
  const auto plain = nlohmann::json::parse(Slurp(Path("plain/summary.json")));
  EXPECT_GT(s["sets"]["new"]["central_seats"]["lab"].get<double>(),
            plain["sets"]["new"]["central_seats"]["lab"].get<double>());
  const auto info = nlohmann::json::parse(Slurp(Path("set/run_info.json")));
  EXPECT_EQ(info["set"], nlohmann::json::parse(R"(["runs=300", "boundary.swing.change.con=-6",
                                                   "boundary.swing.change={con: -6, lab: 6}"])"));
  // A later --set wins, and a key the file does not give yet can be added.
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("later"), "--set", "runs=50", "--set",
                 "runs=300", "--set", "boundary.swing.change.lab=6", "--set", "boundary.swing.change.con=-6"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Slurp(Path("later/summary.json")), edited);
}

// A bad --set: exit 2, a message naming the argument (file "--set PATH=VALUE",
// line 1, the column of the bad segment or value), nothing written.
TEST_F(BoundaryCli, BadSetIsLocatedInTheArgumentAndWritesNothing) {
  struct Case {
    std::string arg, expect;
  };
  const std::vector<Case> cases = {
      {"boundary.swing.chnage.lab=5",
       "necsim boundary: --set boundary.swing.chnage.lab=5:1:16: boundary.swing.chnage: unknown key 'chnage' "
       "(expected one of: change, mixture_weight, model, regions, strong_threshold, tactical, target)"},
      {"runs=many", "necsim boundary: --set runs=many:1:6: runs: expected a whole number, got 'many'"},
      {"boundary.swing.change.reform=2",
       "necsim boundary: --set boundary.swing.change.reform=2:1:23: boundary.swing.change.reform: party 'reform' "
       "is not one of the tables' party columns"},
      {"boundary.uncertainty.regional_sd=70",
       "necsim boundary: --set boundary.uncertainty.regional_sd=70:1:34: boundary.uncertainty.regional_sd: value 70 "
       "is out of range (0 to 50)"},
      {"boundary.parties.9=x",
       "necsim boundary: --set boundary.parties.9=x:1:18: boundary.parties: list index 9 is out of range"},
      {"runs", "necsim boundary: --set: expected PATH=VALUE, got 'runs'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.arg);
    RunResult r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", Path("o"), "--set", c.arg});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err.rfind(c.expect, 0), 0u) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(Path("o")));
  }
}

}  // namespace
