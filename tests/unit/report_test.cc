// The HTML report (sim/report/report.h) on hand-made summaries: every chart of every
// rule set present, user text escaped, no script and no external resource,
// and summaries from an older or foreign necsim (missing, mistyped or unknown
// fields) drawn as a whole page with notes naming the fields.
#include "report/report.h"
#include "report/report_shared.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace necsim {
namespace {

using J = nlohmann::ordered_json;
namespace fs = std::filesystem;

// Two rule sets of 3 seats (the second 11 seats, to test count ordering),
// three candidates, two regions, one comparison.
J Summary() {
  return J::parse(R"({
  "scenario": "tiny", "description": "two rule sets", "seed": 1, "runs": 100, "sampler": "fast",
  "mean_ballots": 1234.5,
  "rule_sets": [
    {"name": "block3", "rule": "block", "seats": 3, "women_min": 2,
     "candidates": [
       {"name": "Ann", "slate": "Left", "region": "North", "gender": "f", "p_elected": 0.9, "se": 0.03, "mean_first_pref_share": 0.4},
       {"name": "Bob", "slate": "Right", "region": "South", "gender": "m", "p_elected": 0.6, "se": 0.049, "mean_first_pref_share": 0.35},
       {"name": "Cy", "slate": "independent", "region": "South", "gender": "m", "p_elected": 0.1, "se": 0.03, "mean_first_pref_share": 0.25}],
     "slates": [
       {"name": "Left", "seat_distribution": {"0": 0.1, "1": 0.9, "2": 0, "3": 0}, "mean": 0.9, "p5": 0, "p95": 1},
       {"name": "Right", "seat_distribution": {"0": 0.4, "1": 0.6, "2": 0, "3": 0}, "mean": 0.6, "p5": 0, "p95": 1}],
     "regions": [
       {"name": "North", "p_at_least_one": 0.9, "se": 0.03, "expected_elected": 0.9, "members_share": 0.6, "seats_share": 0.3},
       {"name": "South", "p_at_least_one": 0.4, "se": 0.049, "expected_elected": 0.7, "members_share": 0.4, "seats_share": 0.23}],
     "women": {"distribution": {"0": 0.1, "1": 0.9, "2": 0, "3": 0}, "mean": 0.9, "p_gender_rule_changed": 0.25, "se": 0.04},
     "disproportionality": {"loosemore_hanby": {"mean": 0.2, "p5": 0.1, "p50": 0.2, "p95": 0.3},
                            "gallagher": {"mean": 0.1, "p5": 0.05, "p50": 0.1, "p95": 0.2}}},
    {"name": "stv11", "rule": "ers97", "seats": 11, "women_min": null,
     "candidates": [
       {"name": "Ann", "slate": "Left", "region": "North", "gender": "f", "p_elected": 0.5, "se": 0.05, "mean_first_pref_share": 0.4},
       {"name": "Bob", "slate": "Right", "region": "South", "gender": "m", "p_elected": 0.7, "se": 0.046, "mean_first_pref_share": 0.35},
       {"name": "Cy", "slate": "independent", "region": "South", "gender": "m", "p_elected": 0.4, "se": 0.049, "mean_first_pref_share": 0.25}],
     "slates": [
       {"name": "Left", "seat_distribution": {"0": 0.5, "1": 0.5, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0, "10": 0, "11": 0}, "mean": 0.5, "p5": 0, "p95": 1},
       {"name": "Right", "seat_distribution": {"0": 0.3, "1": 0.7}, "mean": 0.7, "p5": 0, "p95": 1}],
     "regions": [
       {"name": "North", "p_at_least_one": 0.5, "se": 0.05, "expected_elected": 0.5, "members_share": 0.6, "seats_share": 0.05},
       {"name": "South", "p_at_least_one": 0.8, "se": 0.04, "expected_elected": 1.1, "members_share": 0.4, "seats_share": 0.1}],
     "women": {"distribution": {"0": 0.5, "1": 0.5}, "mean": 0.5, "p_gender_rule_changed": 0, "se": 0},
     "disproportionality": {"loosemore_hanby": {"mean": 0.2, "p5": 0.1, "p50": 0.2, "p95": 0.3},
                            "gallagher": {"mean": 0.1, "p5": 0.05, "p50": 0.1, "p95": 0.2}},
     "nec": {"total_seats": 39, "factions": [{"name": "left", "mean_seats": 20.1, "p_majority": 0.55, "se": 0.05}]}}],
  "comparisons": [
    {"a": "block3", "b": "stv11",
     "slates": [{"name": "Left", "mean_seat_difference": 0.4, "se": 0.05}, {"name": "Right", "mean_seat_difference": -0.1, "se": 0.05}],
     "candidates": [{"name": "Ann", "p_elected_difference": 0.4, "se": 0.05}],
     "regions": [{"name": "North", "p_represented_difference": 0.4, "se": 0.05}],
     "women_mean_difference": 0.4, "women_se": 0.05}]
})");
}

ReportInput Input(J summary) {
  ReportInput in;
  in.summary = std::move(summary);
  in.run_info = J::parse(R"({"version": "0.1.0", "wall_time_s": 1.5, "finished_at": "2026-01-01T00:00:00Z"})");
  in.version = "0.1.0";
  in.files = {"summary.json", "run_info.json", "candidates.csv", "slates.csv", "regions.csv", "comparisons.csv",
              "disproportionality.csv"};
  return in;
}

Report Render(J summary) {
  auto r = RenderReport(Input(std::move(summary)));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : Report{};
}

bool HasChart(const Report& r, const std::string& id) {
  return std::find(r.charts.begin(), r.charts.end(), id) != r.charts.end() &&
         r.html.find("<svg id=\"" + id + "\"") != std::string::npos;
}

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(HtmlEscape("Ynys Môn"), "Ynys Môn");
}

TEST(ReportTest, EveryRuleSetHasEveryChart) {
  const Report r = Render(Summary());
  EXPECT_TRUE(r.notes.empty()) << r.notes.front();
  for (const char* kind : {"slates", "candidates", "regions", "shares", "women"}) {
    for (int i : {0, 1}) EXPECT_TRUE(HasChart(r, std::string("chart-") + kind + "-" + std::to_string(i))) << kind << i;
  }
  EXPECT_TRUE(HasChart(r, "chart-nec-1"));
  EXPECT_FALSE(HasChart(r, "chart-nec-0"));  // no nec block in the first rule set
  EXPECT_TRUE(HasChart(r, "chart-overview"));
  for (const char* kind : {"diff-slates", "diff-candidates", "diff-regions"}) {
    EXPECT_TRUE(HasChart(r, std::string("chart-") + kind + "-0")) << kind;
  }
  // Every <svg> on the page is a listed chart, and vice versa.
  const std::regex svg_id("<svg id=\"([^\"]+)\"");
  size_t n = 0;
  for (auto it = std::sregex_iterator(r.html.begin(), r.html.end(), svg_id); it != std::sregex_iterator(); ++it) ++n;
  EXPECT_EQ(n, r.charts.size());
}

TEST(ReportTest, SelfContainedPhoneAndPrintReady) {
  const Report r = Render(Summary());
  EXPECT_EQ(r.html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(r.html.find("</html>"), std::string::npos);
  EXPECT_NE(r.html.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(r.html.find("@media print"), std::string::npos);
  EXPECT_NE(r.html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(r.html.find("viewBox=\"0 0 "), std::string::npos);
  EXPECT_EQ(r.html.find("<script"), std::string::npos);
  EXPECT_EQ(r.html.find(" src="), std::string::npos);
  EXPECT_EQ(r.html.find("url("), std::string::npos);
  EXPECT_EQ(r.html.find("@import"), std::string::npos);
  // The only absolute URL is the SVG namespace name, which is never fetched.
  std::string rest = r.html;
  for (size_t p; (p = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(p, 26);
  EXPECT_EQ(rest.find("http://"), std::string::npos);
  EXPECT_EQ(rest.find("https://"), std::string::npos);
}

// On a 390 px phone a 480-unit chart is scaled to about 0.78: the page's
// phone-width styles must reach every piece of chart text (each <text> has a
// role class they set) and make it at least 10 px there, larger than the
// SVG's own size, while no style outside that block touches the roles
// (desktop and print keep the SVG's sizes).
TEST(ReportTest, ChartTextIsReadableOnAPhone) {
  const Report r = Render(Summary());
  const std::string& html = r.html;
  const std::string open = "@media screen and (max-width:480px){";
  const size_t b = html.find(open);
  ASSERT_NE(b, std::string::npos);
  const size_t e = html.find("\n}\n", b);
  ASSERT_NE(e, std::string::npos);
  const std::string phone = html.substr(b, e - b);
  std::smatch m;
  // The chart's drawn width at 390 px: the page less the body's and the card's side padding (1rem = 16px).
  ASSERT_TRUE(std::regex_search(phone, m, std::regex(R"(body\{padding:[.\d]+rem ([.\d]+)rem)")));
  const double body_pad = std::stod(m[1]) * 16;
  ASSERT_TRUE(std::regex_search(phone, m, std::regex(R"(\.card\{padding:[.\d]+rem ([.\d]+)rem)")));
  const double card_pad = std::stod(m[1]) * 16;
  ASSERT_TRUE(std::regex_search(html, m, std::regex(R"re(viewBox="0 0 ([.\d]+) )re")));
  const double scale = (390 - 2 * (body_pad + card_pad)) / std::stod(m[1]);
  EXPECT_LT(scale, 0.85);  // the reason for the phone styles
  // Phone font sizes by role.
  std::map<std::string, double> size;
  const std::regex rule(R"(((?:svg\.chart \.[a-z]+,?)+)\{font-size:([.\d]+)px\})");
  for (auto it = std::sregex_iterator(phone.begin(), phone.end(), rule); it != std::sregex_iterator(); ++it) {
    const std::string sel = (*it)[1];
    const std::regex cls(R"(svg\.chart \.([a-z]+))");
    for (auto c = std::sregex_iterator(sel.begin(), sel.end(), cls); c != std::sregex_iterator(); ++c) {
      size[(*c)[1]] = std::stod((*it)[2]);
    }
  }
  ASSERT_FALSE(size.empty());
  // Every chart text element: its role, its desktop size, its size on the phone.
  const std::regex text(R"re(<text( class="([a-z]+)")?[^>]* font-size="([.\d]+)")re");
  size_t n = 0;
  std::set<std::string> roles;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), text); it != std::sregex_iterator(); ++it, ++n) {
    const std::string role = (*it)[2];
    ASSERT_FALSE(role.empty()) << (*it)[0];
    ASSERT_TRUE(size.count(role)) << "no phone size for ." << role;
    roles.insert(role);
    EXPECT_GT(size[role], std::stod((*it)[3])) << role;
    EXPECT_GE(size[role] * scale, 10.0) << role << ": " << size[role] * scale << " px at 390 px";
  }
  EXPECT_GT(n, 50u);
  EXPECT_GE(roles.size(), 6u);  // legends, row labels, ticks, axis titles, values, categories at least
  // Outside the phone block no style names a role.
  const std::string rest = html.substr(0, b) + html.substr(e);
  for (const auto& [role, px] : size) EXPECT_EQ(rest.find("." + role + "{"), std::string::npos) << role;
  for (const auto& [role, px] : size) EXPECT_EQ(rest.find("." + role + ","), std::string::npos) << role;
}

TEST(ReportTest, ShowsTheNumbers) {
  const Report r = Render(Summary());
  EXPECT_NE(r.html.find("90.0%"), std::string::npos);           // Ann's P(elected) under block3
  EXPECT_NE(r.html.find("minimum 2"), std::string::npos);       // the women's minimum marker
  EXPECT_NE(r.html.find("25.0%"), std::string::npos);           // gender rule changed the result
  EXPECT_NE(r.html.find("block3</a>"), std::string::npos);      // rule set table
  const size_t nec = r.html.find("<svg id=\"chart-nec-1\"");
  ASSERT_NE(nec, std::string::npos);
  EXPECT_NE(r.html.find("55.0%", nec), std::string::npos);      // P(majority) of the left
}

TEST(ReportTest, CountsAreOrderedNumericallyNotAsText) {
  const Report r = Render(Summary());
  // In stv11's seat chart, 9 seats comes before 10 and 11 (text order would put "10" after "1").
  const size_t start = r.html.find("<svg id=\"chart-slates-1\"");
  const size_t end = r.html.find("</svg>", start);
  const std::string svg = r.html.substr(start, end - start);
  const size_t p9 = svg.find(">9</text>"), p10 = svg.find(">10</text>"), p2 = svg.find(">2</text>");
  ASSERT_NE(p9, std::string::npos);
  ASSERT_NE(p10, std::string::npos);
  EXPECT_LT(p2, p9);
  EXPECT_LT(p9, p10);
}

TEST(ReportTest, UserTextIsEscaped) {
  J s = Summary();
  s["scenario"] = "<script>alert(1)</script>";
  s["description"] = "Tom & Jerry's \"plan\"";
  s["rule_sets"][0]["name"] = "<b>bold</b>";
  s["rule_sets"][0]["candidates"][0]["name"] = "Ann <img src=x onerror=alert(2)>";
  s["rule_sets"][0]["slates"][0]["name"] = "Left\"><svg onload=alert(3)>";
  s["rule_sets"][0]["regions"][0]["name"] = "North</text><script>x</script>";
  const Report r = Render(s);
  EXPECT_EQ(r.html.find("<script"), std::string::npos);
  EXPECT_EQ(r.html.find("<img"), std::string::npos);
  EXPECT_EQ(r.html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(r.html.find("<svg onload"), std::string::npos);
  EXPECT_NE(r.html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.html.find("Tom &amp; Jerry&#39;s &quot;plan&quot;"), std::string::npos);
  EXPECT_NE(r.html.find("Ann &lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
}

TEST(ReportTest, AMissingSectionBecomesANoteAndTheRestIsDrawn) {
  J s = Summary();
  s["rule_sets"][0].erase("women");
  const Report r = Render(s);
  ASSERT_FALSE(r.notes.empty());
  bool named = false;
  for (const auto& n : r.notes) named |= n.find("rule_sets[0].women is missing") != std::string::npos;
  EXPECT_TRUE(named);
  EXPECT_NE(r.html.find("class=\"note\""), std::string::npos);
  EXPECT_FALSE(HasChart(r, "chart-women-0"));
  EXPECT_TRUE(HasChart(r, "chart-women-1"));
  EXPECT_TRUE(HasChart(r, "chart-slates-0"));
  EXPECT_NE(r.html.find("</html>"), std::string::npos);
}

TEST(ReportTest, AMistypedFieldIsNamed) {
  J s = Summary();
  s["rule_sets"][1]["candidates"][2]["p_elected"] = "high";
  s["rule_sets"][0]["slates"][1]["seat_distribution"] = {{"one", 1.0}};
  const Report r = Render(s);
  std::string all;
  for (const auto& n : r.notes) all += n + "\n";
  EXPECT_NE(all.find("rule_sets[1].candidates[2].p_elected is not a number"), std::string::npos) << all;
  EXPECT_NE(all.find("rule_sets[0].slates[1].seat_distribution has a key 'one'"), std::string::npos) << all;
  EXPECT_FALSE(HasChart(r, "chart-candidates-1"));
  EXPECT_TRUE(HasChart(r, "chart-candidates-0"));
}

TEST(ReportTest, AbsurdCountsAreRefusedPerSectionNotDrawn) {
  J s = Summary();
  s["rule_sets"][1]["seats"] = 1e12;        // would be a trillion bars
  s["rule_sets"][0]["women_min"] = 2.5;     // not a count
  s["rule_sets"][0]["slates"][0]["seat_distribution"] = {{"0", 0.5}, {"9999", 0.5}};
  const Report r = Render(s);
  std::string all;
  for (const auto& n : r.notes) all += n + "\n";
  EXPECT_NE(all.find("rule_sets[1].seats is not a whole number"), std::string::npos) << all;
  EXPECT_NE(all.find("rule_sets[0].women_min is not a whole number"), std::string::npos) << all;
  EXPECT_FALSE(HasChart(r, "chart-slates-1"));
  EXPECT_TRUE(HasChart(r, "chart-candidates-1"));  // sections not needing the seat count still drawn
  EXPECT_LT(r.html.size(), 2'000'000u);
  EXPECT_NE(r.html.find("</html>"), std::string::npos);
}

TEST(ReportTest, AnOlderSummaryWithoutComparisonsOrDesignStillRenders) {
  J s = Summary();
  s.erase("comparisons");
  s.erase("mean_ballots");
  for (auto& rs : s["rule_sets"]) {
    rs.erase("disproportionality");
    rs.erase("women_min");
  }
  const Report r = Render(s);
  std::string all;
  for (const auto& n : r.notes) all += n + "\n";
  EXPECT_NE(all.find("comparisons is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("rule_sets[0].disproportionality is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("the page header: mean_ballots is missing"), std::string::npos) << all;
  EXPECT_EQ(r.html.find("mean ballots per run"), std::string::npos);
  EXPECT_TRUE(HasChart(r, "chart-slates-0"));
  EXPECT_NE(r.html.find("</html>"), std::string::npos);
}

// A section is drawn from the typed results (sim/results): a field of its
// section that the chart itself does not show still makes it a note.
TEST(ReportTest, ASectionNeedsEveryFieldOfItsTypedSection) {
  J s = Summary();
  s["rule_sets"][1]["candidates"][0].erase("se");
  s["comparisons"][0].erase("women_se");
  const Report r = Render(s);
  std::string all;
  for (const auto& n : r.notes) all += n + "\n";
  EXPECT_NE(all.find("the candidates of stv11: rule_sets[1].candidates[0].se is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("comparison 1: comparisons[0].women_se is missing"), std::string::npos) << all;
  EXPECT_FALSE(HasChart(r, "chart-candidates-1"));
  EXPECT_FALSE(HasChart(r, "chart-diff-slates-0"));
  EXPECT_TRUE(HasChart(r, "chart-candidates-0"));
  EXPECT_TRUE(HasChart(r, "chart-overview"));
}

TEST(ReportTest, ADesignIsDescribedAndAMistypedOneNamed) {
  J s = Summary();
  s["rule_sets"][0]["design"] = J::parse(
      R"({"regional_rule": "fptp", "regional_seats": 3, "seats": "apportioned", "gender": "pairing",
          "national_seats": 2, "national_rule": "ers97"})");
  const Report good = Render(s);
  EXPECT_TRUE(good.notes.empty()) << good.notes.front();
  // Said as the design works (models/regional/rule_set.h): a pair elects
  // two, and the national seats are counted after the regional ones.
  EXPECT_NE(good.html.find("<td>regional: members vote only for their own district's candidates; 3 seats by fptp, "
                           "regions twinned in pairs, each pair electing two, one woman and one man (a region alone "
                           "elects one); then 2 national seats by ers97, counted on the same ballots after the "
                           "regional ones and restoring the section's minimum of 2 women</td>"),
            std::string::npos)
      << good.html;
  s["rule_sets"][0]["design"]["seats"] = {{"North", 2}};
  const Report bad = Render(s);
  ASSERT_EQ(bad.notes.size(), 1u);
  EXPECT_NE(bad.notes[0].find("the scenario's rule sets: rule_sets[0].design.seats is not a string"), std::string::npos)
      << bad.notes[0];
  EXPECT_EQ(bad.html.find("by fptp"), std::string::npos);
  EXPECT_TRUE(HasChart(bad, "chart-slates-0"));
}

TEST(ReportTest, ARuleSetThatIsNotAnObjectIsLeftOut) {
  J s = Summary();
  s["rule_sets"][0] = "block3";
  s["rule_sets"][1]["women"]["mean"] = "half";
  const Report r = Render(s);
  std::string all;
  for (const auto& n : r.notes) all += n + "\n";
  EXPECT_NE(all.find("rule_sets[0] is not an object; it is left out"), std::string::npos) << all;
  // The path names the rule set's place in the summary, not among those drawn.
  EXPECT_NE(all.find("the women elected of stv11: rule_sets[1].women.mean is not a number"), std::string::npos) << all;
  EXPECT_TRUE(HasChart(r, "chart-slates-0"));  // stv11, the only rule set drawn
  EXPECT_FALSE(HasChart(r, "chart-slates-1"));
  EXPECT_FALSE(HasChart(r, "chart-women-0"));
}

TEST(ReportTest, UnknownFieldsAreListed) {
  J s = Summary();
  s["quantum_flux"] = 1;
  s["rule_sets"][1]["mystery"] = {1, 2};
  const Report r = Render(s);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("quantum_flux"), std::string::npos);
  EXPECT_NE(r.notes[0].find("rule_sets[1].mystery"), std::string::npos);
  EXPECT_NE(r.html.find("id=\"notes\""), std::string::npos);
  EXPECT_TRUE(HasChart(r, "chart-slates-1"));
}

TEST(ReportTest, ADifferentVersionIsNoted) {
  ReportInput in = Input(Summary());
  in.run_info["version"] = "0.0.9";
  auto r = RenderReport(in);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_NE(r->notes[0].find("necsim 0.0.9"), std::string::npos);
}

TEST(ReportTest, ANonSummaryIsRefused) {
  EXPECT_EQ(DetectResultsKind(J::array()), ResultsKind::kUnknown);
  EXPECT_EQ(DetectResultsKind(J::parse(R"({"rule_sets": 3})")), ResultsKind::kUnknown);
  EXPECT_EQ(DetectResultsKind(Summary()), ResultsKind::kNec);
  EXPECT_FALSE(RenderReport(Input(J::parse(R"({"hello": "world"})"))).ok());
}

class ReportFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("necsim_report_unit_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  fs::path dir_;
};

TEST_F(ReportFilesTest, MalformedJsonNamesLineAndColumn) {
  const std::string p = Write("summary.json", "{\n  \"scenario\": \"x\",\n  \"runs\": 12,,\n}\n");
  auto j = ReadJsonFile(p);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().file, p);
  EXPECT_EQ(j.error().line, 3);
  EXPECT_EQ(j.error().column, 14);
  EXPECT_NE(j.error().message.find("malformed JSON"), std::string::npos);
}

TEST_F(ReportFilesTest, FolderWithoutSummaryIsNotAResultsFolder) {
  Write("notes.txt", "hello");
  auto in = ReadResultsFolder(dir_.string(), "0.1.0");
  ASSERT_FALSE(in.ok());
  EXPECT_NE(in.error().file.find("summary.json"), std::string::npos);
  EXPECT_NE(in.error().message.find("not a necsim results folder"), std::string::npos);
  EXPECT_FALSE(ReadResultsFolder((dir_ / "nope").string(), "0.1.0").ok());
  EXPECT_FALSE(ReadResultsFolder((dir_ / "notes.txt").string(), "0.1.0").ok());
}

TEST_F(ReportFilesTest, MissingRunInfoIsANote) {
  Write("summary.json", Summary().dump());
  auto in = ReadResultsFolder(dir_.string(), "0.1.0");
  ASSERT_TRUE(in.ok()) << in.error().ToString();
  ASSERT_EQ(in->read_notes.size(), 1u);
  EXPECT_NE(in->read_notes[0].find("run_info.json is missing"), std::string::npos);
  auto r = RenderReport(*in);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->html.find("run_info.json is missing"), std::string::npos);
  EXPECT_NE(r->html.find("candidates.csv: <em>missing</em>"), std::string::npos);
}

TEST_F(ReportFilesTest, OverwritesOnlyItsOwnReportsUnlessForced) {
  const std::string page = Render(Summary()).html;
  const std::string mine = (dir_ / "report.html").string();
  ASSERT_TRUE(WriteReportFile(mine, page, false).ok());
  EXPECT_TRUE(IsNecsimReport(mine));
  EXPECT_TRUE(WriteReportFile(mine, page + "<!-- again -->", false).ok());  // its own: replaced
  EXPECT_NE(Read(mine).find("again"), std::string::npos);

  const std::string theirs = Write("theirs.html", "<html>my own notes</html>");
  EXPECT_FALSE(IsNecsimReport(theirs));
  const Status refused = WriteReportFile(theirs, page, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("--force"), std::string::npos);
  EXPECT_EQ(Read(theirs), "<html>my own notes</html>");
  EXPECT_TRUE(WriteReportFile(theirs, page, true).ok());
  EXPECT_TRUE(IsNecsimReport(theirs));

  EXPECT_FALSE(WriteReportFile(dir_.string(), page, true).ok());                   // a folder
  EXPECT_FALSE(WriteReportFile((dir_ / "no/such/r.html").string(), page, true).ok());  // no parent
  // No temporary left behind.
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos);
}

// The slate palette: 20 slates get 20 distinct colours, assigned by slate
// order, the same slate always the same one; none is the independents' grey
// or a colour the page uses for something other than a slate.
TEST(SlateColoursTest, TwentySlatesTwentyDistinctColoursByOrder) {
  report_detail::SlateColours colours;
  std::vector<std::string> slates;
  for (int k = 0; k < 20; ++k) slates.push_back("S" + std::to_string(k));
  colours.Assign(slates);
  std::set<std::string> distinct;
  for (int k = 0; k < 20; ++k) {
    const std::string c = colours(slates[static_cast<size_t>(k)]);
    EXPECT_EQ(c, report_detail::kSlatePalette[k]) << "assigned in slate order";
    distinct.insert(c);
  }
  EXPECT_EQ(distinct.size(), 20u);
  // Asked again, in any order, each slate keeps its colour.
  for (int k = 19; k >= 0; --k) EXPECT_EQ(colours(slates[static_cast<size_t>(k)]), report_detail::kSlatePalette[k]);
  EXPECT_EQ(colours("independent"), report_detail::kIndependentColour);
  for (const char* other : {report_detail::kIndependentColour, report_detail::kMeasureColour,
                            report_detail::kShortfallColour, report_detail::kMembersColour,
                            report_detail::kFirstHigherColour, report_detail::kSecondHigherColour}) {
    EXPECT_EQ(distinct.count(other), 0u) << other << " is also a slate's colour";
  }
  const std::set<std::string> others = {report_detail::kMeasureColour, report_detail::kShortfallColour,
                                        report_detail::kMembersColour, report_detail::kFirstHigherColour,
                                        report_detail::kSecondHigherColour};
  EXPECT_EQ(others.size(), 5u) << "one meaning per colour";
}

// A line chart: a band under each line, a dot per point, the swept values on
// the x axis, and the series' names at their ends.
TEST(LineChartTest, BandsLinesAndLabels) {
  LineChart c;
  c.id = "chart-x";
  c.title = "t";
  c.x_ticks = {{0.4, "0.4"}, {0.5, "0.5"}};
  LineSeries s{"Red <b>", "#0072b2", {}};
  for (const auto& [x, label] : c.x_ticks) {
    LinePoint p;
    p.x = x;
    p.y = 2 * x;
    p.lo = p.y - 0.1;
    p.hi = p.y + 0.1;
    p.tip = label;
    s.points.push_back(p);
  }
  c.series.push_back(s);
  const std::string svg = RenderLineChart(c);
  EXPECT_NE(svg.find("<svg id=\"chart-x\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"band\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"line\""), std::string::npos);
  EXPECT_NE(svg.find(">0.4<"), std::string::npos);
  EXPECT_NE(svg.find(">0.5<"), std::string::npos);
  EXPECT_NE(svg.find("Red &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("Red <b>"), std::string::npos);
  size_t circles = 0;
  for (size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) ++circles;
  EXPECT_EQ(circles, 2u);
}

}  // namespace
}  // namespace necsim
