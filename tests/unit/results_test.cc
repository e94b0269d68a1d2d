// The typed results (sim/results/results.h): a summary read back through
// RunResultsFromJson renders to the same bytes, and a missing or mistyped
// field is an error naming its path.
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

}  // namespace
}  // namespace necsim
