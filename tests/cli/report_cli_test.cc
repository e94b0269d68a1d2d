// `necsim report` and `necsim run --report` end to end: the page is written
// beside the results, a foreign file is never overwritten without --force,
// and folders that are not (complete) necsim results get a clear message:
// exit 2 naming the file (and line) when there is no readable summary, a whole
// page with visible notes when only parts are missing or unknown.
#include <gtest/gtest.h>

#include <filesystem>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <iomanip>
#include <sstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_util.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;
namespace fs = std::filesystem;

const char* kScenario = R"(name: tiny <&> "report"
seed: 11
runs: 40
turnout: {mean: 0.3, sd: 0.02}
regions:
  - {name: North, members: 3000}
  - {name: South, members: 2000}
slates: [Left, Right]
blocs:
  - name: left
    share: 0.55
    behaviour: {affinity: {Left: 2.5, Right: -1}, mean_preferences: 3}
  - name: right
    share: 0.45
    behaviour: {affinity: {Left: -1, Right: 2.5}, mean_preferences: 3}
candidates:
  - {name: "Ann <b>", gender: f, region: North, slate: Left}
  - {name: Bob, gender: m, region: South, slate: Left}
  - {name: Cat, gender: f, region: South, slate: Right}
  - {name: Dan, gender: m, region: North, slate: Right}
rule_sets:
  - {name: block2, rule: block, seats: 2, women_min: 1}
  - {name: stv2, rule: ers97, seats: 2, women_min: 1}
)";

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("necsim_report_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "tiny.yaml") << kScenario;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string P(const std::string& name) const { return (dir_ / name).string(); }
  // A complete results folder in `name`.
  void Results(const std::string& name) {
    RunResult r = RunNecsim({"run", P("tiny.yaml"), "--out", P(name)});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  // Edits `name`/summary.json in place, then draws that folder's report again.
  RunResult EditAndReport(const std::string& name, const std::function<void(nlohmann::ordered_json&)>& edit) {
    const std::string file = P(name + "/summary.json");
    auto s = nlohmann::ordered_json::parse(Slurp(file));
    edit(s);
    std::ofstream(file) << s.dump(1);
    return RunNecsim({"report", P(name)});
  }
  fs::path dir_;
};

void ExpectEveryChart(const std::string& html, int rule_sets) {
  for (int i = 0; i < rule_sets; ++i) {
    for (const char* kind : {"slates", "candidates", "regions", "shares", "women"}) {
      const std::string id = std::string("<svg id=\"chart-") + kind + "-" + std::to_string(i) + "\"";
      EXPECT_NE(html.find(id), std::string::npos) << id;
    }
  }
  EXPECT_NE(html.find("<svg id=\"chart-overview\""), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-diff-slates-0\""), std::string::npos);
}

TEST_F(ReportCliTest, RunWithReportWritesThePageBesideTheResults) {
  RunResult r = RunNecsim({"run", P("tiny.yaml"), "--out", P("o"), "--report"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(fs::exists(dir_ / "o" / "report.html"));
  EXPECT_NE(r.out.find("report.html"), std::string::npos);
  const std::string html = Slurp(P("o/report.html"));
  ExpectEveryChart(html, 2);
  EXPECT_NE(html.find("tiny &lt;&amp;&gt; &quot;report&quot;"), std::string::npos);
  EXPECT_NE(html.find("Ann &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("Ann <b>"), std::string::npos);
  // The same results drawn by `necsim report` give the same page.
  RunResult again = RunNecsim({"report", P("o"), "-o", P("again.html")});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(Slurp(P("again.html")), html);
}

TEST_F(ReportCliTest, ReportDefaultsToTheFolderAndReplacesOnlyItsOwnPage) {
  Results("o");
  RunResult r = RunNecsim({"report", P("o")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // a complete folder: no notes
  ExpectEveryChart(Slurp(P("o/report.html")), 2);
  // Its own page is regenerated without --force.
  r = RunNecsim({"report", P("o")});
  EXPECT_EQ(r.code, 0) << r.err;
  // Someone else's file is not overwritten...
  std::ofstream(P("mine.html")) << "<p>my notes</p>";
  r = RunNecsim({"report", P("o"), "-o", P("mine.html")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("mine.html"), std::string::npos);
  EXPECT_NE(r.err.find("--force"), std::string::npos);
  EXPECT_EQ(Slurp(P("mine.html")), "<p>my notes</p>");
  // ...unless forced.
  r = RunNecsim({"report", P("o"), "-o", P("mine.html"), "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(Slurp(P("mine.html")).find("<svg id=\"chart-slates-0\""), std::string::npos);
  // -o - prints the page.
  r = RunNecsim({"report", P("o"), "-o", "-"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("<!DOCTYPE html>", 0), 0u);
}

TEST_F(ReportCliTest, NotAResultsFolderExits2WithNothingWritten) {
  fs::create_directories(dir_ / "empty");
  RunResult r = RunNecsim({"report", P("empty")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("summary.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not a necsim results folder"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "empty" / "report.html"));
  r = RunNecsim({"report", P("absent")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("absent"), std::string::npos);
  r = RunNecsim({"report", P("tiny.yaml")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a folder"), std::string::npos);
}

TEST_F(ReportCliTest, AFolderOfResultsFoldersNamesThem) {
  Results("batch/first");
  Results("batch/second");
  RunResult r = RunNecsim({"report", P("batch")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("holds 2 results folders"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("batch/first"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "batch" / "report.html"));
}

TEST_F(ReportCliTest, MalformedSummaryNamesFileAndLine) {
  fs::create_directories(dir_ / "bad");
  std::ofstream(P("bad/summary.json")) << "{\n  \"scenario\": \"x\",\n  \"rule_sets\": [\n    {\"name\": }\n  ]\n}\n";
  RunResult r = RunNecsim({"report", P("bad")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad/summary.json:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("malformed JSON"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(fs::exists(dir_ / "bad" / "report.html"));
}

TEST_F(ReportCliTest, ForeignJsonIsNotASummary) {
  fs::create_directories(dir_ / "foreign");
  std::ofstream(P("foreign/summary.json")) << R"({"model": "something else", "score": 0.9})";
  RunResult r = RunNecsim({"report", P("foreign")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a necsim summary"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "foreign" / "report.html"));
}

TEST_F(ReportCliTest, OlderResultsGiveAWholePageWithNotes) {
  Results("old");
  // An "older necsim": no run_info.json, no comparisons or CSV tables, a rule
  // set without women figures, and a field this version does not know.
  fs::remove(dir_ / "old" / "run_info.json");
  fs::remove(dir_ / "old" / "candidates.csv");
  RunResult r = EditAndReport("old", [](nlohmann::ordered_json& s) {
    s.erase("comparisons");
    s["rule_sets"][1].erase("women");
    s["format_version"] = 7;
  });
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("note: run_info.json is missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rule_sets[1].women is missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("comparisons is missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("format_version"), std::string::npos) << r.err;
  const std::string html = Slurp(P("old/report.html"));
  EXPECT_NE(html.find("id=\"notes\""), std::string::npos);
  EXPECT_NE(html.find("candidates.csv: <em>missing</em>"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-women-0\""), std::string::npos);
  EXPECT_EQ(html.find("<svg id=\"chart-women-1\""), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-slates-1\""), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

// Boundary results (necsim boundary on the project's small fixture tables).
class BoundaryReportCliTest : public ReportCliTest {
 protected:
  void Boundary(const std::string& name) {
    const std::string fixtures = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
    RunResult r = RunNecsim({"boundary", fixtures + "/small_review.yaml", "--data", fixtures, "--out", P(name),
                             "--runs", "200"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
};

TEST_F(BoundaryReportCliTest, EveryBoundaryChartIsDrawn) {
  Boundary("b");
  RunResult r = RunNecsim({"report", P("b")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const std::string html = Slurp(P("b/report.html"));
  const auto s = nlohmann::ordered_json::parse(Slurp(P("b/summary.json")));
  EXPECT_NE(html.find("boundary review"), std::string::npos);
  for (const char* id : {"chart-seats", "chart-majority", "chart-change-national", "chart-clp"}) {
    EXPECT_NE(html.find(std::string("<svg id=\"") + id + "\""), std::string::npos) << id;
  }
  // Seat-change distributions by party, and summaries by region and nation.
  size_t changing = 0;
  for (size_t j = 0; j < s["parties"].size(); ++j) {
    const auto& d = s["change"]["national"][s["parties"][j].get<std::string>()]["distribution"];
    if (d.size() == 1 && d.begin().key() == "0") continue;
    ++changing;
    EXPECT_NE(html.find("<svg id=\"chart-change-" + std::to_string(j) + "\""), std::string::npos) << j;
  }
  EXPECT_GT(changing, 0u);
  for (const char* scope : {"region", "nation"}) {
    const size_t n = s["change"][std::string("by_") + scope].size();
    ASSERT_GT(n, 0u);
    size_t i = 0;
    for (const auto& [area, x] : s["change"][std::string("by_") + scope].items()) {
      // One small multiple per area where some party's seats change, and
      // the area's rows in the table below them.
      const std::string id = std::string("<svg id=\"chart-change-") + scope + "-" + std::to_string(i) + "\"";
      bool changes = false;
      for (const auto& [party, d] : x.items()) {
        const bool moves = !(d["distribution"].size() == 1 && d["distribution"].contains("0"));
        changes |= moves;
        EXPECT_EQ(html.find("<tr><td>" + area + "</td><td>" + party + "</td>") != std::string::npos, moves)
            << area << " " << party;
      }
      EXPECT_EQ(html.find(id) != std::string::npos, changes) << id << " in " << area;
      ++i;
    }
  }
  // The majority lead on each set, for each pair.
  ASSERT_GT(s["majority_lead"].size(), 0u);
  for (size_t k = 0; k < s["majority_lead"].size(); ++k) {
    EXPECT_NE(html.find("<svg id=\"chart-lead-" + std::to_string(k) + "\""), std::string::npos) << k;
    std::ostringstream bias;
    bias << std::showpos << std::fixed << std::setprecision(2) << s["majority_lead"][k]["bias"].get<double>();
    EXPECT_NE(html.find("<b>" + bias.str() + "</b> points"), std::string::npos) << bias.str();
  }
}

TEST_F(BoundaryReportCliTest, PartialOrEditedBoundaryResultsGiveNotes) {
  Boundary("b");
  RunResult r = EditAndReport("b", [](nlohmann::ordered_json& s) {
    s.erase("majority_lead");
    s["change"].erase("by_region");
    s["sets"]["new"]["label"] = "<i>new</i> & improved";
  });
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("majority_lead is missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("change.by_region is missing"), std::string::npos) << r.err;
  const std::string html = Slurp(P("b/report.html"));
  EXPECT_EQ(html.find("<i>new</i>"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;new&lt;/i&gt; &amp; improved"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-change-nation-0\""), std::string::npos);
  EXPECT_EQ(html.find("<svg id=\"chart-change-region-0\""), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  // An unreachable majority (null lead) is said, not drawn as zero.
  r = EditAndReport("b", [](nlohmann::ordered_json& s) {
    s["majority_lead"] = nlohmann::ordered_json::array();
    s["majority_lead"].push_back({{"party", "ld"}, {"rival", "con"}, {"old", nullptr}, {"new", 12.5}, {"bias", nullptr}});
  });
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html2 = Slurp(P("b/report.html"));
  EXPECT_NE(html2.find("No majority reachable on the old boundaries"), std::string::npos);
  EXPECT_NE(html2.find("+12.50"), std::string::npos);
}

// The page reads its summary through the typed reader of sim/results
// (ReadBoundaryResultsView): a mistyped field anywhere in a section costs that
// section alone, with a note naming the field; a broken header field drops its
// fact with a note.
TEST_F(BoundaryReportCliTest, AMistypedFieldCostsOnlyItsSection) {
  Boundary("b");
  RunResult r = EditAndReport("b", [](nlohmann::ordered_json& s) {
    s["sets"]["old"]["parties"]["lab"]["p5"] = "five";
    s["change"]["national"]["con"]["p_gain"] = nullptr;
    s["clp"]["regions"][0]["new"]["clps"] = 2.5;
    s["runs"] = "many";
  });
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* field : {"sets.old.parties.lab.p5", "change.national.con.p_gain", "clp.regions[0].new.clps",
                            "runs"}) {
    EXPECT_NE(r.err.find(field), std::string::npos) << field << "\n" << r.err;
  }
  const std::string html = Slurp(P("b/report.html"));
  // The seats, the seat distributions and the national changes need the
  // broken sections; P(majority), the changes by area, the lead and the seats
  // changing hands do not.
  for (const char* id : {"chart-seats", "chart-dist-0", "chart-change-national", "chart-clp"}) {
    EXPECT_EQ(html.find(std::string("<svg id=\"") + id + "\""), std::string::npos) << id;
  }
  for (const char* id : {"chart-majority", "chart-change-region-0", "chart-change-nation-0", "chart-lead-0"}) {
    EXPECT_NE(html.find(std::string("<svg id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html.find("Seats most likely to change hands"), std::string::npos);
  EXPECT_NE(html.find("<span>seed <b>"), std::string::npos);
  EXPECT_EQ(html.find("<span>runs <b>"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

// Fields this necsim does not know: the first 12 named, then how many more
// (as on the NEC page).
TEST_F(BoundaryReportCliTest, UnknownFieldsNamedThenCounted) {
  Boundary("b");
  RunResult r = EditAndReport("b", [](nlohmann::ordered_json& s) {
    for (int i = 0; i < 14; ++i) s["zz_future_" + std::to_string(i)] = i;
  });
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("zz_future_0"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("zz_future_11 and 2 more"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("zz_future_12"), std::string::npos) << r.err;
  EXPECT_NE(Slurp(P("b/report.html")).find("and 2 more"), std::string::npos);
}

}  // namespace

// --- Batch and sweep folders, the scenario's assumptions, colours -----------

class BatchReportCliTest : public ReportCliTest {
 protected:
  // A batch of the tiny scenario swept over the left bloc's share.
  void Batch(const std::string& out) {
    std::ofstream(dir_ / "tiny_sweep.yaml") << "extends: tiny.yaml\nname: tiny_sweep\nsweep:\n  blocs.left.share: 0.3:0.7:0.2\n";
    RunResult r = RunNecsim({"batch", P("tiny_sweep.yaml"), "--out", P(out), "--runs", "40", "--threads", "2"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
};

TEST_F(BatchReportCliTest, ABatchFolderGivesSeatCurvesAndTheIndex) {
  Batch("b");
  RunResult r = RunNecsim({"report", P("b")});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Slurp(P("b/report.html"));
  // One seat curve per rule set, each with a band and a line per slate.
  for (const char* id : {"chart-sweep-0-0", "chart-sweep-0-1"}) {
    const size_t at = html.find(std::string("<svg id=\"") + id + "\"");
    ASSERT_NE(at, std::string::npos) << id;
    const std::string svg = html.substr(at, html.find("</svg>", at) - at);
    EXPECT_NE(svg.find("class=\"band\""), std::string::npos) << id;
    EXPECT_NE(svg.find("class=\"line\""), std::string::npos) << id;
    EXPECT_NE(svg.find(">Left<"), std::string::npos) << id;
    EXPECT_NE(svg.find(">0.7<"), std::string::npos) << id;  // the swept values label the x axis
  }
  EXPECT_EQ(html.find("chart-sweep-0-2"), std::string::npos);
  EXPECT_NE(html.find("1.96 standard errors"), std::string::npos);  // the page says what the band is
  // The index: every point and rule set, linked to its results.
  EXPECT_NE(html.find("href=\"tiny_sweep/point_002/summary.json\""), std::string::npos);
  EXPECT_NE(html.find("blocs.left.share=0.5"), std::string::npos);
  EXPECT_NE(html.find("stv2"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("http://e"), std::string::npos);
  // A point with its own report is linked to it.
  ASSERT_EQ(RunNecsim({"report", P("b/tiny_sweep/point_001")}).code, 0);
  ASSERT_EQ(RunNecsim({"report", P("b")}).code, 0);  // its own page is replaced without --force
  EXPECT_NE(Slurp(P("b/report.html")).find("href=\"tiny_sweep/point_001/report.html\""), std::string::npos);
}

TEST_F(BatchReportCliTest, ASweepFolderGivesItsCurvesAndPoints) {
  Batch("b");
  RunResult r = RunNecsim({"report", P("b/tiny_sweep"), "-o", P("sweep.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Slurp(P("sweep.html"));
  EXPECT_NE(html.find("<svg id=\"chart-sweep-0-0\""), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-sweep-0-1\""), std::string::npos);
  // Written elsewhere (-o), the page links to the points from where it is.
  EXPECT_NE(html.find("href=\"b/tiny_sweep/point_000/summary.json\""), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(P("b/tiny_sweep/point_000/summary.json")));
  EXPECT_NE(html.find("tiny_sweep"), std::string::npos);
  // Written into the sweep's folder, relative to it.
  ASSERT_EQ(RunNecsim({"report", P("b/tiny_sweep")}).code, 0);
  EXPECT_NE(Slurp(P("b/tiny_sweep/report.html")).find("href=\"point_000/summary.json\""), std::string::npos);
}

TEST_F(BatchReportCliTest, BadBatchTablesExit2NamingTheFileWithNothingWritten) {
  Batch("b");
  // A truncated row of sweep.csv.
  const std::string sweep = P("b/tiny_sweep/sweep.csv");
  std::string text = Slurp(sweep);
  std::ofstream(sweep) << text.substr(0, text.find('\n', text.find('\n') + 1)) << "\npoint_000,0.3,stv2\n";
  RunResult r = RunNecsim({"report", P("b")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("sweep.csv:3"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "b" / "report.html"));
  // A value that is not a number.
  std::ofstream(sweep) << text.substr(0, text.find('\n') + 1) << "point_000,0.3,stv2,slate_mean_seats,Left,lots,0.1\n";
  r = RunNecsim({"report", P("b/tiny_sweep")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("sweep.csv:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'lots' is not a number"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "b" / "tiny_sweep" / "report.html"));
  // An index.csv that is not a batch's.
  std::ofstream(P("b/index.csv")) << "name,value\nx,1\n";
  r = RunNecsim({"report", P("b")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("index.csv:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no column 'scenario'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "b" / "report.html"));
}

TEST_F(BatchReportCliTest, AUsersFileInTheBatchFolderIsKeptWithoutForce) {
  Batch("b");
  std::ofstream(P("b/report.html")) << "mine";
  RunResult r = RunNecsim({"report", P("b")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(P("b/report.html")), "mine");
  r = RunNecsim({"report", P("b"), "--force"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(Slurp(P("b/report.html")).find("chart-sweep-0-0"), std::string::npos);
}

TEST_F(ReportCliTest, TheBriefShowsTheAssumptionsAndTheirFirstPreferences) {
  Results("o");
  const auto s = nlohmann::ordered_json::parse(Slurp(P("o/summary.json")));
  ASSERT_TRUE(s.contains("assumptions")) << "summary.json records the scenario's assumptions";
  const auto& left = s["assumptions"]["blocs"][0];
  EXPECT_EQ(left["name"], "left");
  // Plackett-Luce: two Left candidates of weight e^2.5, two Right of e^-1.
  const double p = std::exp(2.5) / (std::exp(2.5) + std::exp(-1.0));
  EXPECT_NEAR(left["first_preferences"]["Left"].get<double>(), p, 1e-6);
  EXPECT_NEAR(left["first_preferences"]["Right"].get<double>(), 1 - p, 1e-6);
  EXPECT_NEAR(left["share"]["North"].get<double>(), 0.55, 1e-9);
  EXPECT_NEAR(s["assumptions"]["regions"][0]["turnout_mean"].get<double>(), 0.3, 1e-9);
  ASSERT_EQ(RunNecsim({"report", P("o")}).code, 0);
  const std::string html = Slurp(P("o/report.html"));
  const size_t brief = html.find("<section id=\"scenario\"");
  const std::string section = html.substr(brief, html.find("</section>", brief) - brief);
  EXPECT_NE(section.find("97.1%"), std::string::npos);  // Left's share of the left bloc's first preferences
  EXPECT_NE(section.find("2.9%"), std::string::npos);
  EXPECT_NE(section.find("55.0%"), std::string::npos);  // the bloc's share of North
  EXPECT_NE(section.find("30.0% (2.0%)"), std::string::npos);  // turnout and its sd
  EXPECT_NE(section.find("affinity Left +2.50, Right -1.00"), std::string::npos);
}

TEST_F(ReportCliTest, TheNecPageGivesPNoMajorityAndOneRuleSetSpansThePage) {
  std::string yaml = kScenario;
  yaml = yaml.substr(0, yaml.find("rule_sets:")) +
         "rule_sets:\n  - {name: stv2, rule: ers97, seats: 2, women_min: 1}\n"
         "nec:\n  factions: [left, right]\n  slate_faction: {Left: left, Right: right, independent: none}\n"
         "  sections:\n    - {name: Unions, seats: 3, alignment: {left: 0.5, right: 0.5}}\n";
  std::ofstream(dir_ / "nec.yaml") << yaml;
  RunResult r = RunNecsim({"run", P("nec.yaml"), "--out", P("o"), "--report"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Slurp(P("o/report.html"));
  const size_t at = html.find("<svg id=\"chart-nec-0\"");
  ASSERT_NE(at, std::string::npos);
  const std::string svg = html.substr(at, html.find("</svg>", at) - at);
  EXPECT_NE(svg.find(">no majority<"), std::string::npos);
  EXPECT_NE(html.find("P(no majority)"), std::string::npos);
  // One rule set: its charts are drawn across the page.
  EXPECT_NE(html.find("<div class=\"grid single\">"), std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 960 "), std::string::npos);
}

TEST_F(ReportCliTest, TwentySlatesGetTwentyColoursTheSameOnEveryChart) {
  std::ostringstream y;
  y << "name: twenty\nseed: 3\nruns: 30\nturnout: {mean: 0.3, sd: 0}\nregions:\n  - {name: A, members: 5000}\n"
    << "slates: [";
  for (int k = 0; k < 20; ++k) y << (k ? ", " : "") << "S" << k;
  y << "]\nblocs:\n  - name: all\n    share: 1\n    behaviour: {affinity: {";
  for (int k = 0; k < 20; ++k) y << (k ? ", " : "") << "S" << k << ": " << 0.1 * k;
  y << "}, mean_preferences: 3}\ncandidates:\n";
  for (int k = 0; k < 20; ++k) {
    y << "  - {name: C" << k << ", gender: " << (k % 2 ? "m" : "f") << ", region: A, slate: S" << k << "}\n";
  }
  y << "rule_sets:\n  - {name: stv5, rule: ers97, seats: 5}\n  - {name: block5, rule: block, seats: 5}\n";
  std::ofstream(dir_ / "twenty.yaml") << y.str();
  RunResult r = RunNecsim({"run", P("twenty.yaml"), "--out", P("o"), "--report"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Slurp(P("o/report.html"));
  // Every legend entry (a swatch and its name) on every chart, and every
  // swatch of the page's tables: one colour per slate throughout.
  std::map<std::string, std::set<std::string>> seen;
  int legends = 0;
  const std::regex legend("<rect [^>]*fill=\"(#[0-9a-f]{6})\"/><text class=\"lg\"[^>]*>(S[0-9]+)</text>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), legend); it != std::sregex_iterator(); ++it) {
    seen[(*it)[2]].insert((*it)[1]);
    ++legends;
  }
  const std::regex swatch("background:(#[0-9a-f]{6})\"></span>(?:<b>)?(S[0-9]+)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), swatch); it != std::sregex_iterator(); ++it) {
    seen[(*it)[2]].insert((*it)[1]);
  }
  EXPECT_GE(legends, 20 * 3);  // the overview and both rule sets' candidates charts at least
  ASSERT_EQ(seen.size(), 20u);
  std::set<std::string> colours;
  for (const auto& [slate, c] : seen) {
    EXPECT_EQ(c.size(), 1u) << slate << " has " << c.size() << " colours";
    colours.insert(*c.begin());
  }
  EXPECT_EQ(colours.size(), 20u);
}

TEST_F(ReportCliTest, DesignDescriptionsAreTrueToTheDesign) {
  RunResult r = RunNecsim({"run", std::string(NECSIM_SOURCE_DIR) + "/scenarios/regionalisation_2018.yaml", "--runs", "20", "--out", P("o"), "--report"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Slurp(P("o/report.html"));
  EXPECT_NE(html.find("each pair electing two, one woman and one man"), std::string::npos);
  EXPECT_NE(html.find("3 national seats by ers97, counted on the same ballots after the regional ones"),
            std::string::npos);
  EXPECT_EQ(html.find("1 seat per region); gender balance by pairing"), std::string::npos);
}
