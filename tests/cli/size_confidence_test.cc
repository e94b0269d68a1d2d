// necsim size --confidence (sim/engine/size_curve.h): on a design whose
// regional women follow a known law, the share of runs meeting the women's
// minimum at each size matches the exact binomial tail within the Monte Carlo
// error, the chosen size is the first at the confidence, the NEC curve has
// its exact end points, the runs are reproducible, and the outputs without
// --confidence are unchanged.
//
// The design: 4 regions, one FPTP seat each, each region with one woman
// (slate A) and one man (slate B) of equal utility; campaign noise sd 3 on
// each candidate decides each region (its own two shocks), so by the
// symmetry of women and men and the independence of regions the regional
// women W ~ Binomial(4, 1/2) exactly (up to sampling ties, whose chance the
// noise makes negligible). With m top-up seats (of the 4 regional losers)
// and the minimum ceil((4 + m) / 2), the minimum is met iff
// W >= ceil((4 + m) / 2) - m: P = 11/16, 11/16, 15/16, 15/16, 1 for m = 0..4.
// At m = 4 the top-up elects all four losers: 4 women whatever W, so the
// rule never acts (P(unforced) = 1); at m = 0 there is no rule (P(unforced)
// = P(met)). NEC: the section plus one seat fixed to b: at m = 0, a holds a
// majority (3 of 5) iff W >= 3 (5/16), b iff W <= 2 (11/16); at m = 4 the
// section is 4 a + 4 b, so b holds 5 of 9 in every run.
//
// Bounds: N = 4000 runs; each share's SE is at most sqrt(0.25 / 4000) =
// 0.0079; the bound 4.5 SE (two-sided false alarm 7e-6 per check, 12 checks)
// is 0.036, while the nearest wrong answers (e.g. 11/16 for 15/16) are 0.25
// away.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"

namespace {

using necsim_test::RunNecsim;

const char* const kDesign = R"(name: coin_regions
seed: 21
runs: 4000
turnout: 0.5
regions:
  - {name: R1, members: 400}
  - {name: R2, members: 400}
  - {name: R3, members: 400}
  - {name: R4, members: 400}
slates: [A, B]
blocs:
  - name: all
    share: 1
    behaviour: {campaign_noise: 3, mean_preferences: 1.5}
candidates_per_region: {A: 1, B: 1}
rule_sets:
  - name: regional
    regional: {rule: fptp}
nec:
  factions: [a, b]
  slate_faction: {A: a, B: b}
  sections:
    - {name: Other, seats: 1, fixed: {b: 1}}
)";

class SizeConfidence : public necsim_test::TempDirTest {};

TEST_F(SizeConfidence, MatchesTheBinomialLaw) {
  // candidates_per_region {A: 1, B: 1} gives each region one woman and one
  // man (the woman on A in R1 and R3, on B in R2 and R4), all W needs.
  const std::string file = WriteFile("d.yaml", kDesign);
  const auto r = RunNecsim({"size", file, "--rule-set", "regional", "--confidence", "0.9", "--json", "--threads", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // The worst-case contract is unchanged.
  EXPECT_EQ(j["regional_seats"], 4);
  EXPECT_EQ(j["top_up_seats"], 4);
  const auto& c = j["confidence"];
  EXPECT_EQ(c["runs"], 4000);
  EXPECT_EQ(c["seed"], 21);
  ASSERT_EQ(c["curve"].size(), 5u);
  const double want[5] = {11.0 / 16, 11.0 / 16, 15.0 / 16, 15.0 / 16, 1.0};
  for (int m = 0; m < 5; ++m) {
    SCOPED_TRACE(m);
    const auto& p = c["curve"][m];
    EXPECT_EQ(p["top_up_seats"], m);
    EXPECT_EQ(p["total_seats"], 4 + m);
    EXPECT_EQ(p["women_needed"], (4 + m + 1) / 2);
    const double se = std::sqrt(want[m] * (1 - want[m]) / 4000);
    EXPECT_NEAR(p["p_met"].get<double>(), want[m], std::max(4.5 * se, 1e-12));
    EXPECT_NEAR(p["se_met"].get<double>(), std::sqrt(p["p_met"].get<double>() * (1 - p["p_met"].get<double>()) / 4000), 1e-12);
    EXPECT_LE(p["p_unforced"].get<double>(), p["p_met"].get<double>());
  }
  EXPECT_EQ(c["curve"][0]["p_unforced"], c["curve"][0]["p_met"]);
  EXPECT_EQ(c["curve"][4]["p_unforced"].get<double>(), 1.0);
  // The smallest at 0.9: m = 2 (15/16 >= 0.9 > 11/16).
  EXPECT_EQ(c["smallest"]["top_up_seats"], 2);
  EXPECT_EQ(c["smallest"]["total_seats"], 6);
  // Reproducible, and --runs/--seed are honoured.
  const auto again = RunNecsim({"size", file, "--rule-set", "regional", "--confidence", "0.9", "--json", "--threads", "1"});
  EXPECT_EQ(again.out, r.out);
  const auto other = RunNecsim({"size", file, "--rule-set", "regional", "--confidence", "0.9", "--json", "--seed", "5", "--runs", "300"});
  ASSERT_EQ(other.code, 0) << other.err;
  EXPECT_EQ(nlohmann::json::parse(other.out)["confidence"]["runs"], 300);
  EXPECT_NE(other.out, r.out);
}

TEST_F(SizeConfidence, NecCurveEndPoints) {
  // Women on slate A, men on slate B, one of each per region.
  std::string text = kDesign;
  const std::string gen = "candidates_per_region: {A: 1, B: 1}\n";
  text.replace(text.find(gen), gen.size(),
               "candidates:\n"
               "  - {name: W1, gender: f, region: R1, slate: A}\n  - {name: M1, gender: m, region: R1, slate: B}\n"
               "  - {name: W2, gender: f, region: R2, slate: A}\n  - {name: M2, gender: m, region: R2, slate: B}\n"
               "  - {name: W3, gender: f, region: R3, slate: A}\n  - {name: M3, gender: m, region: R3, slate: B}\n"
               "  - {name: W4, gender: f, region: R4, slate: A}\n  - {name: M4, gender: m, region: R4, slate: B}\n");
  const std::string file = WriteFile("w.yaml", text);
  const auto r = RunNecsim({"size", file, "--rule-set", "regional", "--confidence", "0.95", "--json", "--threads", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto c = nlohmann::json::parse(r.out)["confidence"];
  const auto& m0 = c["curve"][0]["nec"];
  ASSERT_EQ(m0.size(), 2u);
  EXPECT_EQ(m0[0]["name"], "a");
  const double se_a = std::sqrt(5.0 / 16 * 11.0 / 16 / 4000);
  EXPECT_NEAR(m0[0]["p_majority"].get<double>(), 5.0 / 16, 4.5 * se_a);
  EXPECT_NEAR(m0[1]["p_majority"].get<double>(), 11.0 / 16, 4.5 * se_a);
  const auto& m4 = c["curve"][4]["nec"];
  EXPECT_EQ(m4[0]["p_majority"].get<double>(), 0.0);
  EXPECT_EQ(m4[1]["p_majority"].get<double>(), 1.0);
  EXPECT_EQ(m4[0]["mean_seats"].get<double>(), 4.0);
  // 0.95 > 15/16: only the worst case meets it.
  EXPECT_EQ(c["smallest"]["top_up_seats"], 4);
  // The text output carries the same.
  const auto t = RunNecsim({"size", file, "--rule-set", "regional", "--confidence", "0.95", "--threads", "2"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("Women's minimum in 95.0% of runs (4000 runs, seed 21): top-up seats 4, section size 8"),
            std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("P(a majority)"), std::string::npos) << t.out;
}

TEST_F(SizeConfidence, WithoutConfidenceNothingChanges) {
  const std::string file = WriteFile("d.yaml", kDesign);
  const auto r = RunNecsim({"size", file, "--rule-set", "regional", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.contains("confidence"));
  EXPECT_EQ(j["runs"], 2000);  // the NEC comparison's default
  const auto t = RunNecsim({"size", file, "--rule-set", "regional"});
  EXPECT_EQ(t.out.find("Women's minimum in"), std::string::npos);
}

TEST_F(SizeConfidence, BadConfidence) {
  const std::string file = WriteFile("d.yaml", kDesign);
  for (const char* v : {"0", "1.5", "x"}) {
    const auto r = RunNecsim({"size", file, "--rule-set", "regional", "--confidence", v});
    EXPECT_EQ(r.code, 2) << v;
    EXPECT_NE(r.err.find("--confidence"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

}  // namespace
