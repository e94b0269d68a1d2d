// The typed results (sim/results/results.h): a summary read back through
// RunResultsFromJson renders to the same bytes, and a missing or mistyped
// field is an error naming its path; ReadRunResultsBySection records such an
// error for its section only, reads the rest, and lists unknown keys.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "outputs/outputs.h"
#include "results/results.h"
#include "scenario/scenario_yaml.h"

namespace necsim {
namespace {

nlohmann::ordered_json DefaultSummary(int64_t runs) {
  auto sc = LoadScenarioText(DefaultScenarioYaml(), "<built-in>");
  EXPECT_TRUE(sc.ok());
  EngineOptions opt;
  opt.runs = runs;
  opt.seed = 3;
  opt.threads = 1;
  auto res = Simulate(*sc, opt);
  EXPECT_TRUE(res.ok());
  return SummaryJson(*sc, res->tally, opt.seed, opt.sampler, false, 0);
}

TEST(RunResults, ReadBackRendersTheSameBytes) {
  const auto summary = DefaultSummary(300);
  auto back = RunResultsFromJson(summary);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back).dump(2), summary.dump(2));
  EXPECT_EQ(TidyCsv(*back), TidyCsv(summary));
  ASSERT_FALSE(back->rule_sets.empty());
  EXPECT_EQ(back->rule_sets[0].candidates.size(), summary["rule_sets"][0]["candidates"].size());
}

TEST(RunResults, MissingOrMistypedFieldsNameTheirPath) {
  auto summary = DefaultSummary(50);
  auto a = summary;
  a["rule_sets"][1]["women"].erase("mean");
  auto ra = RunResultsFromJson(a, "x/summary.json");
  ASSERT_FALSE(ra.ok());
  EXPECT_EQ(ra.error().file, "x/summary.json");
  EXPECT_EQ(ra.error().field, "rule_sets[1].women.mean");
  auto b = summary;
  b["rule_sets"][0]["slates"][0]["p5"] = "five";
  auto rb = RunResultsFromJson(b);
  ASSERT_FALSE(rb.ok());
  EXPECT_EQ(rb.error().field, "rule_sets[0].slates[0].p5");
  auto c = summary;
  c["runs"] = -4;
  EXPECT_FALSE(RunResultsFromJson(c).ok());
  EXPECT_FALSE(RunResultsFromJson(nlohmann::ordered_json::array()).ok());
}

// Every Status of a view that is not ok, as "field: message".
std::vector<std::string> Errors(const RunResultsView& v) {
  std::vector<std::string> out;
  auto add = [&](const Status& s) {
    if (!s.ok()) out.push_back(s.error().field + ": " + s.error().message);
  };
  for (const Status* s : {&v.object, &v.scenario, &v.description, &v.seed, &v.runs, &v.sampler, &v.precision_target,
                          &v.stopped_on_precision, &v.mean_ballots, &v.rule_sets_list, &v.comparisons_list}) {
    add(*s);
  }
  for (const RuleSetSections& r : v.rule_sets) {
    for (const Status* s : {&r.object, &r.name, &r.rule, &r.seats, &r.women_min, &r.candidates, &r.slates, &r.regions,
                            &r.women, &r.design, &r.loosemore_hanby, &r.gallagher, &r.nec}) {
      add(*s);
    }
  }
  for (const Status& s : v.comparisons) add(s);
  return out;
}

TEST(RunResultsBySection, AWholeSummaryReadsLikeTheStrictReader) {
  const auto summary = DefaultSummary(100);
  const RunResultsView v = ReadRunResultsBySection(summary);
  EXPECT_TRUE(Errors(v).empty()) << Errors(v).front();
  EXPECT_TRUE(v.FirstError().ok());
  EXPECT_TRUE(v.unknown_fields.empty());
  EXPECT_TRUE(v.has_comparisons);
  ASSERT_EQ(v.rule_sets.size(), v.results.rule_sets.size());
  ASSERT_EQ(v.comparisons.size(), v.results.comparisons.size());
  EXPECT_FALSE(v.results.comparisons.empty());
  for (const RuleSetSections& r : v.rule_sets) EXPECT_TRUE(r.has_disproportionality);
  EXPECT_EQ(ToJson(v.results).dump(2), summary.dump(2));
}

TEST(RunResultsBySection, ASectionErrorIsRecordedWithItsPathAndTheRestIsRead) {
  const auto summary = DefaultSummary(50);
  auto broken = summary;
  broken["rule_sets"][1]["women"].erase("mean");
  broken["comparisons"][0]["slates"][0]["se"] = "small";
  const RunResultsView v = ReadRunResultsBySection(broken, "x/summary.json");
  const std::vector<std::string> errors = Errors(v);
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "rule_sets[1].women.mean: rule_sets[1].women.mean is missing");
  EXPECT_EQ(errors[1], "comparisons[0].slates[0].se: comparisons[0].slates[0].se is not a number");
  ASSERT_FALSE(v.rule_sets[1].women.ok());
  EXPECT_EQ(v.rule_sets[1].women.error().file, "x/summary.json");
  // The unreadable section keeps its default; every other one is read.
  EXPECT_TRUE(v.results.rule_sets[1].women.distribution.empty());
  const RunResults whole = *RunResultsFromJson(summary);
  EXPECT_EQ(v.results.rule_sets[1].candidates.size(), whole.rule_sets[1].candidates.size());
  EXPECT_EQ(v.results.rule_sets[1].slates[0].mean, whole.rule_sets[1].slates[0].mean);
  EXPECT_EQ(v.results.rule_sets[0].women.mean, whole.rule_sets[0].women.mean);
  EXPECT_EQ(v.results.scenario, whole.scenario);
  EXPECT_TRUE(v.results.comparisons[0].slates.empty());
  ASSERT_GT(v.results.comparisons.size(), 1u);
  EXPECT_EQ(v.results.comparisons[1].a, whole.comparisons[1].a);
  // The strict reader fails on the same input, on the first of the errors.
  EXPECT_EQ(v.FirstError().error().field, "rule_sets[1].women.mean");
  auto strict = RunResultsFromJson(broken, "x/summary.json");
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().field, "rule_sets[1].women.mean");
  EXPECT_EQ(strict.error().file, "x/summary.json");
}

TEST(RunResultsBySection, HeaderFieldsAndRuleSetsAreReadSeparately) {
  auto s = DefaultSummary(50);
  s["runs"] = -4;
  s["rule_sets"][0] = 5;
  s["rule_sets"][1]["seats"] = 4294967301;  // beyond int: an error, not wrapped to 5
  const RunResultsView v = ReadRunResultsBySection(s);
  const std::vector<std::string> errors = Errors(v);
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "runs: runs is negative");
  EXPECT_EQ(errors[1], "rule_sets[0]: rule_sets[0] is not an object");
  EXPECT_EQ(errors[2], "rule_sets[1].seats: rule_sets[1].seats is out of range");
  EXPECT_EQ(v.results.scenario, "default");
  EXPECT_EQ(v.results.seed, 3u);
  EXPECT_TRUE(v.results.rule_sets[0].name.empty());
  EXPECT_FALSE(v.results.rule_sets[1].name.empty());
  EXPECT_FALSE(v.results.rule_sets[1].candidates.empty());
  EXPECT_EQ(RunResultsFromJson(s).error().field, "runs");
}

TEST(RunResultsBySection, AbsentOptionalPartsAreNotErrors) {
  auto s = DefaultSummary(50);
  s.erase("comparisons");
  s.erase("sampler");
  s.erase("description");
  s["rule_sets"][0].erase("disproportionality");
  const RunResultsView v = ReadRunResultsBySection(s);
  EXPECT_TRUE(Errors(v).empty()) << Errors(v).front();
  EXPECT_FALSE(v.has_comparisons);
  EXPECT_TRUE(v.results.comparisons.empty());
  EXPECT_FALSE(v.rule_sets[0].has_disproportionality);
  EXPECT_FALSE(v.results.rule_sets[0].loosemore_hanby.has_value());
  EXPECT_TRUE(v.rule_sets[1].has_disproportionality);
  EXPECT_EQ(v.results.sampler, "fast");  // the only sampler before `sampler` was written
  auto strict = RunResultsFromJson(s);
  ASSERT_TRUE(strict.ok()) << strict.error().ToString();
  EXPECT_EQ(strict->sampler, "fast");
}

TEST(RunResultsBySection, UnknownKeysAreListedInTheSummarysOrder) {
  auto s = DefaultSummary(50);
  s["quantum_flux"] = 1;
  s["rule_sets"][1]["mystery"] = {1, 2};
  s["comparisons"][0]["zz"] = true;
  s["rule_sets"][0]["candidates"][0]["deep"] = 1;  // inside a section: not listed
  const RunResultsView v = ReadRunResultsBySection(s);
  EXPECT_EQ(v.unknown_fields, (std::vector<std::string>{"quantum_flux", "rule_sets[1].mystery", "comparisons[0].zz"}));
  EXPECT_TRUE(Errors(v).empty()) << Errors(v).front();
  EXPECT_TRUE(RunResultsFromJson(s).ok());  // unknown keys are not errors
}

TEST(RunResultsBySection, ANonObjectSummaryReadsNothing) {
  const RunResultsView v = ReadRunResultsBySection(nlohmann::ordered_json::array());
  ASSERT_FALSE(v.object.ok());
  EXPECT_EQ(v.object.error().message, "the summary is not a JSON object");
  EXPECT_TRUE(v.scenario.ok());
  EXPECT_TRUE(v.rule_sets.empty());
  EXPECT_FALSE(v.FirstError().ok());
}

}  // namespace
}  // namespace necsim
