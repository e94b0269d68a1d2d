// necsim sample and necsim fit end to end: ballots drawn from a known
// scenario (tests/fixtures/fit/three_blocs.yaml) are read by count and fitted
// back; the fitted scenario runs; bad input is refused with exit 2 and
// nothing written; a fit stopped early exits 4.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"

namespace {

using necsim_test::Contains;
using necsim_test::Describe;
using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::ScratchDir;
using necsim_test::Slurp;

const std::string kScenario = std::string(NECSIM_FIXTURES_DIR) + "/fit/three_blocs.yaml";


// The three-bloc scenario's ballots (10,000 voters), drawn once per test.
std::string Sampled(const ScratchDir& dir) {
  const std::string blt = dir.path() + "/three_blocs.blt";
  const RunResult r = RunNecsim({"sample", kScenario, "--out", blt});
  EXPECT_EQ(r.code, 0) << Describe(r);
  return blt;
}

TEST(CliSample, WritesBallotsCountReads) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  const RunResult c = RunNecsim({"count", blt, "--rule", "scottish", "--json"});
  ASSERT_EQ(c.code, 0) << Describe(c);
  const auto j = nlohmann::json::parse(c.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["seats"], 3);
  EXPECT_EQ(j["candidates"].size(), 10u);
  EXPECT_EQ(j["candidates"][0]["slate"], "Red");
  EXPECT_EQ(j["candidates"][8]["slate"], "independent");
  // Nothing a user wrote is overwritten.
  const RunResult again = RunNecsim({"sample", kScenario, "--out", blt});
  EXPECT_EQ(again.code, 2) << Describe(again);
  EXPECT_TRUE(Contains(again.err, "already exists")) << Describe(again);
  // --force replaces it. Every voter votes: round(10010 x 0.999 x share) per
  // bloc, 5,000 + 3,500 + 1,500.
  const RunResult forced = RunNecsim({"sample", kScenario, "--out", blt, "--force"});
  EXPECT_EQ(forced.code, 0) << Describe(forced);
  EXPECT_TRUE(Contains(forced.out, "10000 ballots, 10 candidates, 3 seats")) << Describe(forced);
}

TEST(CliFit, RecoversTheScenarioAndItsFitRuns) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  const std::string yaml = dir.path() + "/fitted.yaml", html = dir.path() + "/fit.html";
  const RunResult r = RunNecsim({"fit", blt, "--blocs", "3", "--out", yaml, "--report", html, "--json", "--threads", "2"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << Describe(r);
  EXPECT_EQ(j["k"], 3);
  EXPECT_TRUE(j["converged"].get<bool>());
  // The scenario's blocs (shares 0.5, 0.35, 0.15; Blue - Red affinity -3 in
  // the red bloc, +3.5 in the blue): within 4 standard errors.
  const std::vector<double> share = {0.5, 0.35, 0.15};
  for (size_t b = 0; b < 3; ++b) {
    const double est = j["blocs"][b]["share"], se = j["blocs"][b]["share_se"];
    EXPECT_LT(std::abs(est - share[b]), 4 * se) << b << ": " << est << " +- " << se;
  }
  const double red_blue = j["blocs"][0]["affinity"]["Blue"]["value"], red_blue_se = j["blocs"][0]["affinity"]["Blue"]["se"];
  EXPECT_LT(std::abs(red_blue - -3.0), 4 * red_blue_se) << red_blue;
  const double blue_blue = j["blocs"][1]["affinity"]["Blue"]["value"], blue_blue_se = j["blocs"][1]["affinity"]["Blue"]["se"];
  EXPECT_LT(std::abs(blue_blue - 3.5), 4 * blue_blue_se) << blue_blue;
  ASSERT_TRUE(std::filesystem::exists(yaml));
  EXPECT_TRUE(Contains(Slurp(html), "voter model fit"));
  const std::string csv = Slurp(dir.path() + "/fit.csv");
  EXPECT_TRUE(Contains(csv, "table,k,from,to,observed,fitted\n")) << csv.substr(0, 200);
  EXPECT_TRUE(Contains(csv, "\ntransfer,3,Red,Blue,")) << csv.substr(0, 400);
  // necsim run takes the fitted scenario unchanged.
  const RunResult run = RunNecsim({"run", yaml, "--runs", "20", "--out", dir.path() + "/run"});
  EXPECT_EQ(run.code, 0) << Describe(run);
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/run/summary.json"));
}

TEST(CliFit, AutoTriesEachKAndChoosesByBic) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  const RunResult r = RunNecsim({"fit", blt, "--max-blocs", "5", "--json"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["k"], 3) << r.err;
  ASSERT_GE(j["tries"].size(), 4u);
  for (size_t k = 0; k < j["tries"].size(); ++k) EXPECT_EQ(j["tries"][k]["k"], k + 1);
  EXPECT_TRUE(Contains(r.err, "K = 1: log-likelihood")) << Describe(r);
}

TEST(CliFit, TheSameOnOneThreadAsOnTwo) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  const RunResult one = RunNecsim({"fit", blt, "--blocs", "2", "--threads", "1", "--json"});
  const RunResult two = RunNecsim({"fit", blt, "--blocs", "2", "--threads", "2", "--json"});
  ASSERT_EQ(one.code, 0) << Describe(one);
  ASSERT_EQ(two.code, 0) << Describe(two);
  EXPECT_EQ(one.out, two.out);
}

TEST(CliFit, BadInputIsRefusedAndNothingWritten) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  const std::string out = dir.path() + "/s.yaml";
  auto refused = [&](std::vector<std::string> args, const std::string& says) {
    args.insert(args.begin(), "fit");
    const RunResult r = RunNecsim(args);
    EXPECT_EQ(r.code, 2) << Describe(r);
    EXPECT_TRUE(Contains(r.err, says)) << "expected '" << says << "' in\n" << Describe(r);
    EXPECT_FALSE(std::filesystem::exists(out));
  };
  refused({blt, "--blocs", "400", "--out", out}, "--blocs");
  refused({std::string(NECSIM_FIXTURES_DIR) + "/three_seats.blt", "--blocs", "2", "--out", out}, "distinct rankings");
  refused({blt, "--blocs", "two", "--out", out}, "--blocs");
  refused({blt, "--seats", "10", "--out", out}, "10 seats for 10 candidates");
  refused({blt, "--terms", "slate,region", "--out", out}, "region term");
  refused({blt, "--rule", "irv", "--out", out}, "irv elects one seat");
  refused({blt, "--terms", "slate,gender", "--out", out}, "gender term");
  refused({blt, "--terms", "slates", "--out", out}, "unknown term");
  refused({blt, "--report", dir.path() + "/r.txt", "--out", out}, ".html");
  refused({blt, "--report", dir.path() + "/no/such/r.html", "--out", out}, "does not exist");
  refused({std::string(NECSIM_FIXTURES_DIR) + "/fit/one_candidate.blt", "--out", out}, "at least two candidates");
  const std::string slates = dir.Write("slates.csv", "candidate,slate\nAnn,Red\nZed,Blue\n");
  refused({blt, "--slates", slates, "--out", out}, "slates.csv:3:");
  const std::string no_row = dir.Write("few.csv", "candidate,slate\nAnn,Red\n");
  refused({blt, "--slates", no_row, "--out", out}, "has no row");
  // An existing file is kept without --force.
  const std::string kept = dir.Write("kept.yaml", "mine\n");
  const RunResult r = RunNecsim({"fit", blt, "--blocs", "1", "--out", kept});
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_EQ(Slurp(kept), "mine\n");
}

TEST(CliFit, SlatesFileRegroupsTheCandidates) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  // The scenario's slates under other names, with genders.
  std::string csv = "candidate,slate,gender\n";
  const char* names[] = {"Ann", "Bob", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon"};
  const char* slate[] = {"R", "R", "R", "B", "B", "B", "G", "G", "independent", "independent"};
  for (int k = 0; k < 10; ++k) csv += std::string(names[k]) + "," + slate[k] + "," + (k % 2 ? "m" : "f") + "\n";
  const RunResult r = RunNecsim({"fit", blt, "--blocs", "3", "--slates", dir.Write("s.csv", csv), "--terms",
                                 "slate,gender,profile", "--json"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["candidates"][0]["slate"], "R");
  EXPECT_EQ(j["candidates"][9]["slate"], "independent");
  EXPECT_TRUE(j["blocs"][0]["affinity"].contains("B"));
  EXPECT_TRUE(j["blocs"][0].contains("women"));
  EXPECT_EQ(j["terms"], "slate,gender,profile");
}

TEST(CliFit, NotConvergedExitsFourWithTheBestValuesAndWritesNothing) {
  ScratchDir dir;
  const std::string blt = Sampled(dir);
  const std::string out = dir.path() + "/s.yaml";
  const RunResult r = RunNecsim({"fit", blt, "--blocs", "3", "--max-evaluations", "3", "--out", out});
  EXPECT_EQ(r.code, 4) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "did not converge")) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "cap of 3 evaluations")) << Describe(r);
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << Describe(r);
  EXPECT_FALSE(j["converged"].get<bool>());
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
