// `necsim boundary backtest` end to end: the files and their columns on the
// small fixture (tests/fixtures/boundary/small_actual.csv: the small_old.csv
// constituencies in another order, a later "actual" result: con 3 seats, lab
// 8, ld 1), the scores' identities when there is no uncertainty, thread
// independence, bad input (ids that do not match, an unknown model: exit 2,
// nothing written), and the development pair (2017 -> 2019 on the 2010
// boundaries; skips with a printed reason when ../shared/data/uk-ge is absent).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::Slurp;
namespace fs = std::filesystem;

const std::string kFixtures = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
const std::string kSmall = kFixtures + "/small_review.yaml";
const std::string kActual = kFixtures + "/small_actual.csv";
const std::string kRealData = std::string(NECSIM_SHARED_DIR) + "/data/uk-ge";

class BacktestCli : public necsim_test::TempDirTest {};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out;
  std::string f;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      out.push_back(f);
      f.clear();
    } else {
      f += line[i];
    }
  }
  return out;
}

TEST_F(BacktestCli, WritesTheTableMissesAndReport) {
  const auto r = RunNecsim({"boundary", "backtest", kSmall, "--actual", kActual, "--set", "old", "--data", kFixtures,
                            "--runs", "400", "--out", P("bt")});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"backtest.csv", "misses.csv", "backtest.json", "backtest.html", "run_info.json"}) {
    EXPECT_TRUE(fs::exists(P(std::string("bt/") + f))) << f;
  }
  const auto lines = Lines(Slurp(P("bt/backtest.csv")));
  ASSERT_EQ(lines.size(), 8u);  // header, actual, 6 default models
  EXPECT_EQ(lines[0],
            "model,swing_model,tactical,parameter,by,runs,seats,seats_right,seats_right_share,brier,log_score,seat_error,"
            "seats_con,seats_lab,seats_ld,seats_other");
  EXPECT_EQ(lines[1], "actual,,,,national,,12,,,,,,3,8,1,0");
  const char* models[] = {"uniform", "proportional", "regional", "transition", "strong", "mixture"};
  for (int i = 0; i < 6; ++i) {
    const auto f = Fields(lines[static_cast<size_t>(i + 2)]);
    ASSERT_EQ(f.size(), 16u) << lines[static_cast<size_t>(i + 2)];
    EXPECT_EQ(f[0], models[i]);
    EXPECT_EQ(f[4], "national");
    EXPECT_EQ(f[5], "400");
    const int right = std::stoi(f[7]);
    EXPECT_GE(right, 0);
    EXPECT_LE(right, 12);
    const double brier = std::stod(f[9]), logs = std::stod(f[10]);
    EXPECT_GE(brier, 0);
    EXPECT_LE(brier, 2);
    EXPECT_GE(logs, 0);
    EXPECT_LE(logs, std::log(800.0) + 1e-9);
    // Expected seats add up to 12.
    EXPECT_NEAR(std::stod(f[12]) + std::stod(f[13]) + std::stod(f[14]) + std::stod(f[15]), 12, 0.05);
  }
  EXPECT_EQ(Lines(Slurp(P("bt/misses.csv")))[0],
            "model,id,name,region,actual_winner,likeliest_winner,p_actual_winner,p_likeliest_winner");
  const std::string html = Slurp(P("bt/backtest.html"));
  EXPECT_NE(html.find("Misses: uniform"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(r.out.find("seats right"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(Slurp(P("bt/backtest.json")));
  EXPECT_EQ(j["actual_seats"]["lab"], 8);
  EXPECT_EQ(j["models"].size(), 6u);
}

TEST_F(BacktestCli, WithoutUncertaintyTheScoresCountTheMisses) {
  // P(win) is 0 or 1: Brier = 2 misses / seats, log score = misses ln(2 runs) / seats.
  fs::copy_file(kFixtures + "/small_old.csv", P("small_old.csv"));
  fs::copy_file(kFixtures + "/small_new.csv", P("small_new.csv"));
  std::ofstream(P("s.yaml")) << "name: s\nseed: 1\nruns: 50\nboundary:\n"
                                "  old: small_old.csv\n  new: small_new.csv\n"
                                "  columns: {id: code, name: seat, region: area, country: nation, electorate: electorate}\n"
                                "  parties: [con, lab, ld, other]\n";
  const auto r = RunNecsim({"boundary", "backtest", P("s.yaml"), "--actual", kActual, "--set", "old", "--data", P(""),
                            "--models", "uniform,strong:30,mixture:0.25,transition", "--by", "region", "--out", P("bt")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = Lines(Slurp(P("bt/backtest.csv")));
  ASSERT_EQ(lines.size(), 6u);
  for (size_t i = 2; i < lines.size(); ++i) {
    const auto f = Fields(lines[i]);
    const int misses = 12 - std::stoi(f[7]);
    EXPECT_NEAR(std::stod(f[9]), 2.0 * misses / 12, 1e-6) << lines[i];
    EXPECT_NEAR(std::stod(f[10]), misses * std::log(100.0) / 12, 1e-6) << lines[i];
    EXPECT_EQ(f[4], "region");
  }
  EXPECT_EQ(Fields(lines[2])[1], "regional");  // uniform by region is the regional model
  EXPECT_EQ(Fields(lines[3])[3], "30");
  EXPECT_EQ(Fields(lines[4])[3], "0.25");
  // misses.csv lists exactly the misses.
  int total = 0;
  for (size_t i = 2; i < lines.size(); ++i) total += 12 - std::stoi(Fields(lines[i])[7]);
  EXPECT_EQ(static_cast<int>(Lines(Slurp(P("bt/misses.csv"))).size()), 1 + total);
}

// --stands-as-actual: parties stand where the actual table has votes for
// them. In S1 the Conservatives led the base (60%) but did not stand in the
// actual election (a Speaker's seat): as in the base they keep S1 under the
// national swing and, with their national share falling, lose S2; standing
// as in the actual election, their S1 vote goes to Labour and the other
// candidate in proportion, the national base shares are recomputed, and
// every seat is right (by hand: S1 lab 0.69 v other 0.32, S2 con 0.50 v lab
// 0.24, S3 lab 0.44 v con 0.30).
TEST_F(BacktestCli, StandsAsActualWithdrawsThePartiesThatDidNotStand) {
  std::ofstream(P("base.csv")) << "code,seat,area,nation,electorate,con,lab,ld,other\n"
                                  "S1,One,South,England,1000,600,300,0,100\n"
                                  "S2,Two,South,England,1000,500,300,200,0\n"
                                  "S3,Three,South,England,1000,300,500,200,0\n";
  std::ofstream(P("actual.csv")) << "code,seat,area,nation,electorate,con,lab,ld,other\n"
                                    "S1,One,South,England,1000,0,550,0,450\n"
                                    "S2,Two,South,England,1000,480,320,200,0\n"
                                    "S3,Three,South,England,1000,310,490,200,0\n";
  std::ofstream(P("s.yaml")) << "name: s\nseed: 1\nruns: 20\nboundary:\n"
                                "  old: base.csv\n  new: base.csv\n"
                                "  columns: {id: code, name: seat, region: area, country: nation, electorate: electorate}\n"
                                "  parties: [con, lab, ld, other]\n";
  const auto as_base = RunNecsim({"boundary", "backtest", P("s.yaml"), "--actual", P("actual.csv"), "--data", P(""),
                                  "--models", "uniform", "--out", P("a")});
  ASSERT_EQ(as_base.code, 0) << as_base.err;
  const auto actual = RunNecsim({"boundary", "backtest", P("s.yaml"), "--actual", P("actual.csv"), "--data", P(""),
                                 "--models", "uniform", "--stands-as-actual", "--out", P("b")});
  ASSERT_EQ(actual.code, 0) << actual.err;
  EXPECT_EQ(Fields(Lines(Slurp(P("a/backtest.csv")))[2])[7], "1");
  EXPECT_EQ(Fields(Lines(Slurp(P("b/backtest.csv")))[2])[7], "3");
  EXPECT_EQ(nlohmann::json::parse(Slurp(P("a/backtest.json")))["stands"], "scenario");
  EXPECT_EQ(nlohmann::json::parse(Slurp(P("b/backtest.json")))["stands"], "actual");
  EXPECT_NE(actual.out.find("stand where they stood in the actual election"), std::string::npos) << actual.out;
}

// More than five unmatched ids: the first five listed, then how many more.
TEST_F(BacktestCli, ManyUnmatchedIdsAreCounted) {
  std::ofstream(P("base.csv")) << "code,seat,area,nation,electorate,con,lab\n"
                                  "S1,One,South,England,1000,600,400\n";
  std::ofstream actual(P("actual.csv"));
  actual << "code,seat,area,nation,electorate,con,lab\nS1,One,South,England,1000,500,500\n";
  for (int i = 1; i <= 8; ++i) actual << "X" << i << ",Extra,South,England,1000,500,500\n";
  actual.close();
  std::ofstream(P("s.yaml")) << "name: s\nseed: 1\nruns: 20\nboundary:\n"
                                "  old: base.csv\n  new: base.csv\n"
                                "  columns: {id: code, name: seat, region: area, country: nation, electorate: electorate}\n"
                                "  parties: [con, lab]\n";
  const auto r = RunNecsim({"boundary", "backtest", P("s.yaml"), "--actual", P("actual.csv"), "--data", P(""),
                            "--out", P("bt")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("actual.csv:3:1: code: 8 id(s) of the actual table are not in the base table"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("X1, X2, X3, X4, X5 and 3 more. The tables must hold the same constituencies"),
            std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("bt")));
}

TEST_F(BacktestCli, SameTableForAnyThreadCount) {
  std::string csv[2];
  for (int t = 1; t <= 2; ++t) {
    const std::string out = P("bt" + std::to_string(t));
    const auto r = RunNecsim({"boundary", "backtest", kSmall, "--actual", kActual, "--set", "old", "--data", kFixtures,
                              "--runs", "300", "--threads", std::to_string(t), "--out", out});
    ASSERT_EQ(r.code, 0) << r.err;
    csv[t - 1] = Slurp(out + "/backtest.csv") + Slurp(out + "/misses.csv") + Slurp(out + "/backtest.json");
  }
  EXPECT_EQ(csv[0], csv[1]);
}

TEST_F(BacktestCli, IdsMissingFromTheBaseAreLocatedAndNothingIsWritten) {
  std::string text = Slurp(kActual);
  text += "Z99,Nowhere,South,England,1000,10,20,30,0\nZ98,Elsewhere,South,England,1000,10,20,30,0\n";
  std::ofstream(P("actual.csv")) << text;
  const auto r = RunNecsim({"boundary", "backtest", kSmall, "--actual", P("actual.csv"), "--set", "old", "--data",
                            kFixtures, "--out", P("bt")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("actual.csv:14:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 id(s) of the actual table are not in the base table"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Z99, Z98"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("bt")));
  // The new set's ids are not the actual table's at all.
  const auto n = RunNecsim({"boundary", "backtest", kSmall, "--actual", kActual, "--data", kFixtures, "--out", P("bt")});
  EXPECT_EQ(n.code, 2);
  EXPECT_NE(n.err.find("12 id(s) of the actual table are not in the base table"), std::string::npos) << n.err;
  EXPECT_NE(n.err.find("C04, A01, A02, A03, A04 and 7 more."), std::string::npos) << n.err;
  EXPECT_FALSE(fs::exists(P("bt")));
}

TEST_F(BacktestCli, BaseIdsMissingFromTheActualTable) {
  std::string text = Slurp(kActual);
  text = text.substr(0, text.rfind("C03,"));
  std::ofstream(P("actual.csv")) << text;
  const auto r = RunNecsim({"boundary", "backtest", kSmall, "--actual", P("actual.csv"), "--set", "old", "--data",
                            kFixtures, "--out", P("bt")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("small_old.csv:12:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("are not in the actual table"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(P("bt")));
}

TEST_F(BacktestCli, BadModelsAndOptions) {
  const auto a = RunNecsim({"boundary", "backtest", kSmall, "--actual", kActual, "--set", "old", "--data", kFixtures,
                            "--models", "uniform,wobbly", "--out", P("bt")});
  EXPECT_EQ(a.code, 2);
  EXPECT_NE(a.err.find("unknown model 'wobbly'"), std::string::npos) << a.err;
  const auto b = RunNecsim({"boundary", "backtest", kSmall, "--actual", kActual, "--set", "old", "--data", kFixtures,
                            "--models", "strong+tactical", "--out", P("bt")});
  EXPECT_EQ(b.code, 2);
  EXPECT_NE(b.err.find("no tactical terms"), std::string::npos) << b.err;
  const auto c = RunNecsim({"boundary", "backtest", kSmall, "--actual", kActual, "--set", "middle", "--out", P("bt")});
  EXPECT_EQ(c.code, 2);
  const auto d = RunNecsim({"boundary", "backtest", kSmall, "--set", "old", "--data", kFixtures, "--out", P("bt")});
  EXPECT_EQ(d.code, 2);  // --actual is required
  EXPECT_FALSE(fs::exists(P("bt")));
}

TEST_F(BacktestCli, DevelopmentPair2017To2019) {
  const std::string a17 = kRealData + "/ge2017_results_2010_boundaries.csv";
  const std::string a19 = kRealData + "/ge2019_results_2010_boundaries.csv";
  if (!fs::exists(a17) || !fs::exists(a19)) {
    GTEST_SKIP() << "the 2017 and 2019 tables are not in " << kRealData << " (../shared is absent)";
  }
  const std::string sc = std::string(NECSIM_SOURCE_DIR) + "/scenarios/examples/backtest_2017_2019.yaml";
  const auto r = RunNecsim({"boundary", "backtest", sc, "--actual", a19, "--data", kRealData, "--runs", "200",
                            "--models", "uniform,regional,strong,transition+tactical", "--out", P("bt")});
  ASSERT_EQ(r.code, 0) << r.err;
  std::cout << r.out;
  const auto lines = Lines(Slurp(P("bt/backtest.csv")));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(Fields(lines[1])[6], "650");
  EXPECT_EQ(Fields(lines[1])[12], "365");  // Conservative seats in 2019
  EXPECT_EQ(Fields(lines[1])[13], "202");
  for (size_t i = 2; i < lines.size(); ++i) {
    const auto f = Fields(lines[i]);
    EXPECT_GE(std::stoi(f[7]), 560) << lines[i];  // every model gets most seats right
    EXPECT_LT(std::stod(f[9]), 0.25) << lines[i];
  }
}

}  // namespace

namespace {

class BoundaryModelsCli : public necsim_test::TempDirTest {};

// `necsim boundary` under the new models: the lead under the model in
// summary.json and majority_lead_model.csv, byte-identical results for one
// and two threads, and a report that reads it.
TEST_F(BoundaryModelsCli, StrongAndTacticalWriteTheLeadUnderTheModel) {
  std::string tree[2];
  for (int t = 1; t <= 2; ++t) {
    const std::string out = P("o" + std::to_string(t));
    const auto r = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--runs", "500", "--threads", std::to_string(t),
                              "--set", "boundary.swing.model=strong", "--set",
                              "boundary.swing.tactical=[{against: con, share: 10, from: [ld]}]", "--out", out});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("by uniform transfer;"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("under the strong+tactical model"), std::string::npos) << r.out;
    for (const auto& [name, text] : necsim_test::ResultsTree(out)) tree[t - 1] += name + "\n" + text;
  }
  EXPECT_EQ(tree[0], tree[1]);
  const auto lines = Lines(Slurp(P("o1/majority_lead_model.csv")));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "party,rival,model,old,new,bias");
  EXPECT_EQ(Fields(lines[1])[2], "strong+tactical");
  const auto j = nlohmann::json::parse(Slurp(P("o1/summary.json")));
  EXPECT_EQ(j["swing_model"], "strong");
  EXPECT_EQ(j["majority_lead"][0]["under_model"]["model"], "strong+tactical");
  EXPECT_TRUE(j["majority_lead"][0]["under_model"]["old"].is_number());
  const auto rep = RunNecsim({"report", P("o1")});
  EXPECT_EQ(rep.code, 0) << rep.err;
  // Plain uniform swing writes no such file.
  const auto u = RunNecsim({"boundary", kSmall, "--data", kFixtures, "--runs", "100", "--out", P("u")});
  ASSERT_EQ(u.code, 0) << u.err;
  EXPECT_FALSE(fs::exists(P("u/majority_lead_model.csv")));
  EXPECT_FALSE(nlohmann::json::parse(Slurp(P("u/summary.json")))["majority_lead"][0].contains("under_model"));
}

}  // namespace
