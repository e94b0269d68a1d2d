// The joint outcome and casual vacancies end to end: `necsim run` writes
// seat_splits.csv and the summary keys always, vacancies.csv and the
// `vacancies` sections with --vacancies (or `vacancies: true`) only, and the
// text summary shows them; `necsim count --exclude` counts as if the named
// candidates had withdrawn.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_util.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

const std::string kFixture = std::string(NECSIM_FIXTURES_DIR) + "/vacancy.blt";

std::vector<std::string> Elected(const std::string& json) {
  return nlohmann::json::parse(json)["elected"].get<std::vector<std::string>>();
}

TEST(CountExclude, CountsAsIfTheNamedHadWithdrawn) {
  RunResult r = RunNecsim({"count", kFixture, "--rule", "ers97", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Elected(r.out), (std::vector<std::string>{"Ann Example", "Ben Example"}));
  // Without Ann her ballots go to Cat (the fixture's header works it by hand).
  r = RunNecsim({"count", kFixture, "--rule", "ers97", "--json", "--exclude", "Ann Example"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Elected(r.out), (std::vector<std::string>{"Cat Example", "Ben Example"}));
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["candidates"][0]["withdrawn"], true);
  // By number, as --tie-order.
  r = RunNecsim({"count", kFixture, "--rule", "ers97", "--json", "--exclude", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Elected(r.out), (std::vector<std::string>{"Dan Example", "Ann Example"}));
  // Several.
  r = RunNecsim({"count", kFixture, "--rule", "meek", "--json", "--exclude", "Ann Example,Ben Example"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Elected(r.out), (std::vector<std::string>{"Cat Example", "Dan Example"}));
  // The block vote: the ballots' marks move up (Ann's 40 ballots mark Cat
  // first: Cat 55, Ben 45, Dan 45, the tie by the file's order: Ben).
  r = RunNecsim({"count", kFixture, "--rule", "block", "--json", "--exclude", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Elected(r.out).front(), "Cat Example");
  // The text sheet shows the withdrawn candidate.
  r = RunNecsim({"count", kFixture, "--rule", "ers97", "--exclude", "Ann Example"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Cat Example"), std::string::npos);
}

TEST(CountExclude, AnUnknownNameIsALocatedError) {
  RunResult r = RunNecsim({"count", kFixture, "--rule", "ers97", "--exclude", "Zed Nobody"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("--exclude"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Zed Nobody"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("vacancy.blt"), std::string::npos) << r.err;
  r = RunNecsim({"count", kFixture, "--rule", "ers97", "--exclude", ","});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--exclude"), std::string::npos) << r.err;
  // Too few left for the seats.
  r = RunNecsim({"count", kFixture, "--rule", "ers97", "--exclude", "1,2,3"});
  EXPECT_EQ(r.code, 2) << r.out;
}

class JointRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("necsim_joint_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p) << text;
    return p;
  }
  std::string Out(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(JointRun, SplitsAlwaysVacanciesOnlyWhenAsked) {
  const std::string sc = Write("s.yaml", necsim_test::TwoSlateScenario("joint", 3, 80));
  RunResult off = RunNecsim({"run", sc, "--out", Out("off"), "--threads", "2"});
  ASSERT_EQ(off.code, 0) << off.err;
  EXPECT_TRUE(fs::exists(Out("off/seat_splits.csv")));
  EXPECT_FALSE(fs::exists(Out("off/vacancies.csv")));
  EXPECT_NE(off.out.find("Likeliest seat splits: Left "), std::string::npos) << off.out;
  EXPECT_NE(off.out.find("P(at least k seats)"), std::string::npos) << off.out;
  EXPECT_EQ(off.out.find("Casual vacancies"), std::string::npos);
  const auto s = nlohmann::json::parse(Slurp(Out("off/summary.json")));
  for (const auto& rs : s["rule_sets"]) {
    EXPECT_FALSE(rs.contains("vacancies"));
    ASSERT_TRUE(rs["seat_splits"].is_array());
    EXPECT_TRUE(rs["seat_splits_other"].is_null());
    const auto& top = rs["seat_splits"][0];
    for (const char* k : {"split", "label", "p", "se"}) EXPECT_TRUE(top.contains(k)) << k;
    EXPECT_EQ(top["split"].size(), 3u);
    for (const auto& sl : rs["slates"]) {
      EXPECT_EQ(sl["p_at_least"].size(), 5u);
      EXPECT_EQ(sl["p_at_least_se"].size(), 5u);
      EXPECT_TRUE(sl["seat_share"].is_number());
    }
  }
  EXPECT_TRUE(s["comparisons"][0]["slate_shares"].is_array());
  const std::string splits = Slurp(Out("off/seat_splits.csv"));
  EXPECT_EQ(splits.substr(0, splits.find('\n')), "rule_set,rank,label,slate,seats,p,se");
  const std::string slates = Slurp(Out("off/slates.csv"));
  EXPECT_EQ(slates.substr(0, slates.find('\n')),
            "rule_set,slate,seats,probability,mean,p5,p95,p_at_least,p_at_least_se,seat_share");

  RunResult on = RunNecsim({"run", sc, "--out", Out("on"), "--threads", "2", "--vacancies"});
  ASSERT_EQ(on.code, 0) << on.err;
  EXPECT_NE(on.out.find("Casual vacancies"), std::string::npos) << on.out;
  const std::string vac = Slurp(Out("on/vacancies.csv"));
  EXPECT_EQ(vac.substr(0, vac.find('\n')), "rule_set,elected,replacement,p,se");
  EXPECT_NE(vac.find("\nblock4,"), std::string::npos);
  EXPECT_NE(vac.find("\nstv4,"), std::string::npos);
  const auto v = nlohmann::json::parse(Slurp(Out("on/summary.json")));
  for (const auto& rs : v["rule_sets"]) {
    ASSERT_TRUE(rs["vacancies"].is_array());
    const auto& first = rs["vacancies"][0];
    for (const char* k : {"elected", "runs", "p_elected", "p_unseats", "replacements"}) {
      EXPECT_TRUE(first.contains(k)) << k;
    }
    for (const char* k : {"replacement", "p", "se"}) EXPECT_TRUE(first["replacements"][0].contains(k)) << k;
  }
  // Every other file is the same as without --vacancies.
  for (const char* f : {"candidates.csv", "slates.csv", "seat_splits.csv", "regions.csv", "comparisons.csv"}) {
    EXPECT_EQ(Slurp(Out(std::string("off/") + f)), Slurp(Out(std::string("on/") + f))) << f;
  }
  // The scenario key gives the same results as the flag, on any thread count.
  const std::string keyed =
      Write("k.yaml", necsim_test::TwoSlateScenario("joint", 3, 80, 0.55, "vacancies: true\n"));
  RunResult k = RunNecsim({"run", keyed, "--out", Out("key"), "--threads", "1"});
  ASSERT_EQ(k.code, 0) << k.err;
  EXPECT_EQ(Slurp(Out("key/summary.json")), Slurp(Out("on/summary.json")));
  EXPECT_EQ(Slurp(Out("key/vacancies.csv")), vac);
  // The report draws the sections.
  RunResult rep = RunNecsim({"report", Out("on")});
  ASSERT_EQ(rep.code, 0) << rep.err;
  const std::string html = Slurp(Out("on/report.html"));
  for (const char* id : {"id=\"splits\"", "id=\"at_least\"", "id=\"vacancies\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(rep.err.find("missing"), std::string::npos) << rep.err;
}

}  // namespace
