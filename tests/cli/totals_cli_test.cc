// necsim fit --totals end to end on tests/fixtures/totals (written by its
// make_fixtures.py: totals the voter model expects at known parameters,
// rounded): a good fit writes its scenario and report and the scenario runs;
// the JSON keeps its contract; bad input is refused with exit 2, a located
// message and nothing written; one thread and two give the same JSON.
#include <gtest/gtest.h>

#include <cmath>
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

const std::string kDir = std::string(NECSIM_FIXTURES_DIR) + "/totals/";
const std::string kResults = kDir + "results.csv";
const std::string kContests = kDir + "contests.csv";

// The arguments of a fit of the fixture's full contest (fewer engine runs
// than the default: the scores need no more here).
std::vector<std::string> FitArgs(const std::string& results = kResults, const std::string& election = "2016-07") {
  return {"fit", "--totals", results, "--elections", kContests, "--election", election, "--blocs", "Left,Right",
          "--runs", "400"};
}

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

TEST(CliTotals, FitWritesScenarioAndReportAndTheScenarioRuns) {
  ScratchDir dir;
  const std::string yaml = dir.path() + "/fitted.yaml", html = dir.path() + "/fit.html";
  const RunResult r = RunNecsim(With(FitArgs(), {"--out", yaml, "--report", html, "--json"}));
  ASSERT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "9 of 9 reported totals within their 90% intervals")) << Describe(r);
  ASSERT_TRUE(std::filesystem::exists(yaml));
  ASSERT_TRUE(std::filesystem::exists(html));
  ASSERT_TRUE(std::filesystem::exists(dir.path() + "/fit.csv"));
  EXPECT_TRUE(Contains(Slurp(html), "<html")) << Slurp(html).substr(0, 200);
  const std::string csv = Slurp(dir.path() + "/fit.csv");
  EXPECT_EQ(csv.rfind("candidate,slate,elected,reported,fitted,p5,p95,z,p_elected\n", 0), 0u) << csv.substr(0, 200);
  EXPECT_TRUE(Contains(csv, "\nAnn Left,Left,yes,10741,")) << csv.substr(0, 400);

  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << Describe(r);
  for (const char* key : {"election", "seats", "ballots", "blocs", "candidates", "score", "notes"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["election"], "2016-07 full");
  EXPECT_EQ(j["seats"], 4);
  EXPECT_EQ(j["ballots"], 20000.0);
  ASSERT_EQ(j["blocs"].size(), 2u);
  EXPECT_EQ(j["blocs"][0]["name"], "Left");
  EXPECT_TRUE(j["notes"].is_array());
  const auto& score = j["score"];
  for (const char* key : {"reported", "within_90", "winners_among_likeliest", "real_rule", "p_actual_result"}) {
    EXPECT_TRUE(score.contains(key)) << key;
  }
  EXPECT_EQ(score["reported"], 9);
  EXPECT_EQ(score["within_90"], 9);
  EXPECT_EQ(score["winners_among_likeliest"], 4);
  EXPECT_EQ(score["real_rule"], "block_4");
  const double p_actual = score["p_actual_result"];
  EXPECT_GE(p_actual, 0.0);
  EXPECT_LE(p_actual, 1.0);
  ASSERT_EQ(j["candidates"].size(), 10u);
  int reported = 0;
  for (const auto& c : j["candidates"]) {
    for (const char* key : {"reported", "fitted", "p5", "p95", "z", "p_elected"}) {
      EXPECT_TRUE(c.contains(key)) << c["name"] << " " << key;
    }
    const double lo = c["p5"], hi = c["p95"], fitted = c["fitted"];
    EXPECT_LE(lo, fitted) << c["name"];
    EXPECT_LE(fitted, hi) << c["name"];
    if (c["reported"].is_null()) {
      // Cat Left, a winner whose total was not reported: z is null.
      EXPECT_EQ(c["name"], "Cat Left");
      EXPECT_TRUE(c["z"].is_null());
      continue;
    }
    ++reported;
    const double v = c["reported"];
    EXPECT_GE(v, lo) << c["name"];
    EXPECT_LE(v, hi) << c["name"];
  }
  EXPECT_EQ(reported, 9);

  // necsim run takes the fitted scenario unchanged.
  const RunResult run = RunNecsim({"run", yaml, "--runs", "200", "--out", dir.path() + "/run"});
  EXPECT_EQ(run.code, 0) << Describe(run);
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/run/summary.json"));
}

TEST(CliTotals, BadInputIsRefusedWithItsPlaceAndNothingWritten) {
  ScratchDir dir;
  const std::string outdir = dir.path() + "/out";
  std::filesystem::create_directory(outdir);
  const std::string yaml = outdir + "/s.yaml", html = outdir + "/r.html";
  // Each message must hold every one of `says` (the file, the line, the field).
  auto refused = [&](std::vector<std::string> args, const std::vector<std::string>& says) {
    args = With(args, {"--out", yaml, "--report", html});
    const RunResult r = RunNecsim(args);
    EXPECT_EQ(r.code, 2) << Describe(r);
    for (const std::string& s : says) EXPECT_TRUE(Contains(r.err, s)) << "expected '" << s << "' in\n" << Describe(r);
    EXPECT_TRUE(FilesIn(outdir).empty()) << Describe(r);
  };
  // Elections: named by the option, the file and the contests it holds.
  refused(FitArgs(kResults, "2015"), {"--election: ", "no contest 2015 in " + kResults, "2016-07 full", "2016-03 by-election"});
  refused(FitArgs(kResults, "2016"),
          {"--election: ", "more than one contest in " + kResults, "2016-07 full", "2016-03 by-election", "--contest"});
  // Rows: file:line: field.
  refused(FitArgs(kDir + "bad_two_rows.csv"), {kDir + "bad_two_rows.csv:5: candidate: ", "'Eve Right' has two rows", "line 3"});
  refused(FitArgs(kDir + "bad_negative.csv"), {kDir + "bad_negative.csv:6: votes: ", "negative", "-120"});
  refused(FitArgs(kDir + "bad_not_a_number.csv"), {kDir + "bad_not_a_number.csv:7: votes: ", "'about 900'"});
  refused(FitArgs(kDir + "bad_above_ballots.csv"),
          {kDir + "bad_above_ballots.csv:2: votes: ", "20001", "20000 valid ballots", kContests});
  refused(FitArgs(kDir + "bad_elected.csv"), {kDir + "bad_elected.csv:8: elected: ", "yes or no", "'maybe'"});
  // A slate the base scenario lacks: the first row of that slate.
  refused(With(FitArgs(), {"--base", kDir + "base.yaml"}),
          {kResults + ":3: slate: ", "slate 'Right' is not a slate of the base scenario", "base.yaml"});
  // The contest asked for does not exist.
  refused(With(FitArgs(), {"--contest", "by-election"}), {"--election: ", "no contest 2016-07 by-election"});

  // An existing output is kept without --force, and nothing else written.
  std::filesystem::remove_all(outdir);
  std::filesystem::create_directory(outdir);
  const std::string kept = dir.Write("out/s.yaml", "mine\n");
  const RunResult r = RunNecsim(With(FitArgs(), {"--out", kept, "--report", html}));
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "--out: " + kept)) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "--force")) << Describe(r);
  EXPECT_EQ(Slurp(kept), "mine\n");
  EXPECT_EQ(FilesIn(outdir), std::vector<std::string>{"s.yaml"});
  // With --force it is replaced.
  const RunResult forced = RunNecsim(With(FitArgs(), {"--out", kept, "--force"}));
  EXPECT_EQ(forced.code, 0) << Describe(forced);
  EXPECT_TRUE(Contains(Slurp(kept), "necsim fit --totals")) << Slurp(kept).substr(0, 200);
}

TEST(CliTotals, TheSameOnOneThreadAsOnTwo) {
  const RunResult one = RunNecsim(With(FitArgs(), {"--threads", "1", "--json"}));
  const RunResult two = RunNecsim(With(FitArgs(), {"--threads", "2", "--json"}));
  ASSERT_EQ(one.code, 0) << Describe(one);
  ASSERT_EQ(two.code, 0) << Describe(two);
  EXPECT_FALSE(one.out.empty());
  EXPECT_EQ(one.out, two.out);
}

}  // namespace
