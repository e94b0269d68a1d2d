// `necsim boundary` with stands: end to end, and seat_probabilities.csv:
// as_base gives byte-identical outputs, a withdrawn 2019 winner on the real
// tables (skips with a reason when ../shared/data/uk-ge is absent), every
// party's P(win) per seat, and located errors with exit 2 and nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

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

std::vector<std::vector<std::string>> Rows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::string x;
    std::istringstream l(line);
    while (std::getline(l, x, ',')) f.push_back(x);
    rows.push_back(f);
  }
  return rows;
}

class BoundaryStandsCli : public necsim_test::TempDirTest {};

TEST_F(BoundaryStandsCli, AsBaseIsByteIdentical) {
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", P("plain"), "--runs", "500"}).code, 0);
  RunResult r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", P("as_base"), "--runs", "500", "--set",
                           "boundary.stands={con: as_base, lab: as_base, ld: {in: as_base}}"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"summary.json", "constituencies.csv", "seat_probabilities.csv", "changes.csv", "parties.csv"}) {
    EXPECT_EQ(Slurp(P(std::string("plain/") + f)), Slurp(P(std::string("as_base/") + f))) << f;
  }
  // ...while a change of who stands changes them (the comparison can fail):
  // other, which did not stand in B02, enters it at a fixed 45% and wins it.
  r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", P("ld"), "--runs", "500", "--set",
                 "boundary.stands={other: everywhere}", "--set", "boundary.base_share_from={other: {share: 45}}"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Slurp(P("plain/summary.json")) != Slurp(P("ld/summary.json")));
  const auto s = nlohmann::json::parse(Slurp(P("ld/summary.json")));
  EXPECT_GE(s["sets"]["old"]["baseline_seats"]["other"].get<int>(), 1);
  // summary.json records who stands where it differs from the tables: other
  // in every seat, against the seats whose `other` column is above zero.
  EXPECT_FALSE(nlohmann::json::parse(Slurp(P("plain/summary.json"))).contains("stands"));
  ASSERT_TRUE(s.contains("stands")) << s.dump();
  EXPECT_EQ(s["stands"].size(), 1u) << s["stands"].dump();
  for (const char* set : {"old", "new"}) {
    const auto rows = Rows(Slurp(kFixtures + "/small_" + set + ".csv"));
    int stood = 0;
    for (size_t i = 1; i < rows.size(); ++i) stood += std::stoi(rows[i].back()) > 0;
    EXPECT_EQ(s["stands"]["other"][set]["seats"], static_cast<int>(rows.size()) - 1) << set;
    EXPECT_EQ(s["stands"]["other"][set]["as_base"], stood) << set;
    if (std::string(set) == "old") {
      EXPECT_LT(stood, static_cast<int>(rows.size()) - 1);  // A03, B02: none
    }
  }
  // The report reads the key back (the summary is read section by section).
  ASSERT_EQ(RunNecsim({"report", P("ld")}).code, 0);
}

TEST_F(BoundaryStandsCli, SeatProbabilitiesCoverEverySeatAndSumToOne) {
  ASSERT_EQ(RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", P("o"), "--runs", "700"}).code, 0);
  const auto rows = Rows(Slurp(P("o/seat_probabilities.csv")));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (std::vector<std::string>{"set", "id", "party", "p_win"}));
  std::map<std::string, double> sum;
  std::map<std::string, double> best;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 4u);
    const double p = std::stod(rows[i][3]);
    EXPECT_GT(p, 0) << "only non-zero rows";
    // p_win is a count over 700 runs.
    EXPECT_NEAR(p * 700, std::round(p * 700), 1e-6) << rows[i][1];
    const std::string key = rows[i][0] + "," + rows[i][1];
    sum[key] += p;
    best[key] = std::max(best[key], p);
  }
  EXPECT_EQ(sum.size(), 12u + 11u);  // every seat of both sets
  for (const auto& [seat, s] : sum) EXPECT_NEAR(s, 1.0, 1e-9) << seat;
  // The likeliest winner's probability is constituencies.csv's.
  const auto cons = Rows(Slurp(P("o/constituencies.csv")));
  for (size_t i = 1; i < cons.size(); ++i) {
    // (the name may hold a quoted comma: p_likeliest_winner is the last field)
    EXPECT_NEAR(std::stod(cons[i].back()), best[cons[i][0] + "," + cons[i][1]], 1e-12) << cons[i][1];
  }
}

TEST_F(BoundaryStandsCli, BadStandsAreLocatedExit2AndWriteNothing) {
  struct Case {
    std::string yaml, expect;
  };
  std::string base = Slurp(kSmall);
  const std::vector<Case> cases = {
      {"  stands: {reform: everywhere}\n",
       "boundary.stands.reform: party 'reform' is not one of the tables' party columns"},
      {"  stands: {ld: everywhere}\n  base_share_from: {ld: {party: con, ratio: -0.5}}\n",
       "boundary.base_share_from.ld.ratio: value -0.5 is out of range (0 to 100)"},
      {"  stands:\n    ld: [A01, Atlantis]\n", "boundary.stands.ld[1]: 'Atlantis' is neither a region"},
  };
  const int first_line = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 1;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].expect);
    const std::string file = P(std::to_string(i) + ".yaml");
    std::ofstream(file) << base + cases[i].yaml;
    RunResult r = RunNecsim({"boundary", file, "--data", kFixtures, "--out", P("o")});
    EXPECT_EQ(r.code, 2);
    // FILE:LINE:COLUMN: FIELD: message, the line that of the bad value.
    const int line = first_line + (i == 0 ? 0 : 1);
    EXPECT_NE(r.err.find(file + ":" + std::to_string(line) + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(cases[i].expect), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(P("o")));
  }
  RunResult r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--out", P("o"), "--set",
                           "boundary.stands.reform=everywhere"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--set boundary.stands.reform=everywhere:1:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("o")));
}

TEST_F(BoundaryStandsCli, AWithdrawnWinnerOnTheReal2019Tables) {
  if (!HaveUkGe2019Tables()) GTEST_SKIP() << "no " << kRealData << " (the 2019 constituency tables); skipping";
  // Chorley (the Speaker's seat, E14000637 on the 2010 boundaries, E14001170
  // on the 2024 ones) is the one seat `other` won; without it standing there,
  // its vote goes to the parties that stood.
  RunResult r = RunNecsim({"boundary", kReview, "--data", kRealData, "--deterministic", "--json", "--set",
                           "boundary.stands={other: {not: [E14000637, E14001170]}}"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  RunResult plain = RunNecsim({"boundary", kReview, "--data", kRealData, "--deterministic", "--json"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  const auto p = nlohmann::json::parse(plain.out);
  for (const char* set : {"old", "new"}) {
    EXPECT_EQ(p[set]["other"], 1) << set;
    EXPECT_EQ(j[set]["other"], 0) << set;
    int total = 0, changed = 0;
    for (const auto& [party, n] : j[set].items()) {
      total += n.get<int>();
      changed += std::abs(n.get<int>() - p[set][party].get<int>());
    }
    EXPECT_EQ(total, 650) << set;
    EXPECT_EQ(changed, 2) << set;  // one seat moved from other to one party
  }
}

TEST_F(BoundaryStandsCli, TheStandsExampleOnTheReal2019Tables) {
  if (!HaveUkGe2019Tables()) GTEST_SKIP() << "no " << kRealData << " (the 2019 constituency tables); skipping";
  // The Brexit Party everywhere in Great Britain, its share taken from the
  // Conservatives where it did not stand: the Conservatives lose seats to
  // Labour against the 2019 result on both sets; Chorley is no longer other's.
  const std::string example = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/boundary_stands.yaml";
  RunResult r = RunNecsim({"boundary", example, "--data", kRealData, "--deterministic", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  RunResult plain = RunNecsim({"boundary", kReview, "--data", kRealData, "--deterministic", "--json"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  const auto p = nlohmann::json::parse(plain.out);
  for (const char* set : {"old", "new"}) {
    EXPECT_LT(j[set]["con"].get<int>(), p[set]["con"].get<int>()) << set;
    EXPECT_GT(j[set]["lab"].get<int>(), p[set]["lab"].get<int>()) << set;
    EXPECT_EQ(j[set]["other"], 0) << set;
    EXPECT_EQ(j[set]["brexit"], 0) << set;  // it enters below the leaders everywhere
  }
}

}  // namespace
