// Per-candidate first preferences and block-vote marks in necsim run's
// results: the means equal the runs' own counts averaged, the marks are the
// ballots' first `seats` preferences (counted here from the reference
// sampler's ballots), the 5-95% range is the nearest-rank order statistics
// of the runs' values, and the outputs do not depend on the thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/numeric.h"
#include "engine/engine.h"
#include "outputs/outputs.h"
#include "results/results.h"
#include "scenario/scenario_yaml.h"
#include "tests/two_slate_scenario.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"

namespace necsim {
namespace {

// The two-slate scenario (block4, stv4) with a regional block vote of two
// seats per region (one woman and one man) as a third rule set.
Scenario Load(int runs) {
  auto sc = LoadScenarioText(necsim_test::TwoSlateScenario(
                                 "firstprefs", 17, runs, 0.55,
                                 "  - name: regional_block\n    regional: {rule: block, gender: two_per_region}\n"),
                             "firstprefs.yaml");
  EXPECT_TRUE(sc.ok()) << sc.error().ToString();
  return *sc;
}

EngineOptions Options(int64_t runs, SamplerKind sampler, int threads) {
  EngineOptions opt;
  opt.runs = runs;
  opt.seed = 17;
  opt.sampler = sampler;
  opt.threads = threads;
  if (threads == 1) opt.backend = Backend::kSerial;
  return opt;
}

// The q-quantile of `v` by nearest rank, computed here without QuantileRank:
// the ceil(q n)-th smallest value.
template <class T>
double NearestRank(std::vector<T> v, double q) {
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  rank = std::max<size_t>(rank, 1);
  return static_cast<double>(v[rank - 1]);
}

TEST(QuantileRank, IsTheHistogramQuantilesOrderStatistic) {
  for (int64_t n : {1, 2, 3, 19, 20, 21, 99, 100, 101, 1000, 2001}) {
    for (double q : {0.05, 0.5, 0.95, 1.0}) {
      // Values 0 .. n-1 once each: the histogram's quantile is the rank minus one.
      std::vector<int64_t> hist(static_cast<size_t>(n), 1);
      EXPECT_EQ(QuantileRank(n, q) - 1, HistogramQuantile(hist, n, q)) << n << " " << q;
    }
  }
  EXPECT_EQ(QuantileRank(20, 0.05), 1);
  EXPECT_EQ(QuantileRank(20, 0.95), 19);
  EXPECT_EQ(QuantileRank(21, 0.05), 2);
  EXPECT_EQ(QuantileRank(0, 0.5), 0);
}

// The results' means and ranges against the run records themselves, under
// both samplers.
TEST(FirstPreferences, MeansAndRangesAreThoseOfTheRuns) {
  const Scenario sc = Load(60);
  const VoterModel model = VoterModel::Build(sc);
  const size_t C = sc.candidates.size();
  for (SamplerKind kind : {SamplerKind::kFast, SamplerKind::kReference}) {
    const EngineOptions opt = Options(60, kind, 2);
    auto sim = Simulate(sc, opt);
    ASSERT_TRUE(sim.ok());
    const RunResults res = BuildRunResults(sc, sim->tally, opt.seed, opt.sampler, false, 0);
    std::vector<RunRecord> records;
    SimulateRuns(sc, model, opt, 0, opt.runs, records);
    ASSERT_EQ(records.size(), 60u);
    for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
      const bool block = sc.rule_sets[k].is_block();
      EXPECT_EQ(block, k != 1) << k;  // block4 and regional_block
      for (size_t c = 0; c < C; ++c) {
        std::vector<int64_t> first, marks;
        std::vector<float> share;
        double share_times_total = 0;
        for (const RunRecord& r : records) {
          const RuleSetRecord& x = r.rule_sets[k];
          ASSERT_EQ(x.first_preferences.size(), C);
          int64_t total = 0;
          for (int64_t f : x.first_preferences) total += f;
          EXPECT_LE(total, r.ballots);
          // The share is the count over the run's first preferences.
          EXPECT_NEAR(x.first_pref_share[c] * static_cast<double>(total), static_cast<double>(x.first_preferences[c]),
                      1e-6 * static_cast<double>(total) + 1e-9);
          share_times_total += x.first_pref_share[c] * static_cast<double>(total);
          first.push_back(x.first_preferences[c]);
          share.push_back(x.first_pref_share[c]);
          ASSERT_EQ(x.marks.size(), block ? C : 0u) << k;
          if (block) {
            marks.push_back(x.marks[c]);
            EXPECT_GE(x.marks[c], x.first_preferences[c]);  // a first preference is a mark
          }
        }
        const CandidateResult& cr = res.rule_sets[k].candidates[c];
        ASSERT_TRUE(cr.first_preferences && cr.first_preference_share);
        double sum = 0;
        for (int64_t f : first) sum += static_cast<double>(f);
        EXPECT_NEAR(cr.first_preferences->mean, sum / 60, 1e-6);
        EXPECT_NEAR(cr.first_preferences->mean, share_times_total / 60, 1e-3 * (1 + sum / 60));
        EXPECT_EQ(cr.first_preferences->p5, NearestRank(first, 0.05));
        EXPECT_EQ(cr.first_preferences->p95, NearestRank(first, 0.95));
        EXPECT_NEAR(cr.first_preference_share->mean, cr.mean_first_pref_share, 1e-12);
        EXPECT_NEAR(cr.first_preference_share->p5, NearestRank(share, 0.05), 1e-6);
        EXPECT_NEAR(cr.first_preference_share->p95, NearestRank(share, 0.95), 1e-6);
        for (const auto& r : {cr.first_preferences, cr.first_preference_share, cr.marks}) {
          if (!r) continue;
          EXPECT_LE(r->p5, r->mean + 1e-9);
          EXPECT_LE(r->mean, r->p95 + 1e-9);
        }
        EXPECT_EQ(cr.marks.has_value(), block);
        if (block) {
          double msum = 0;
          for (int64_t m : marks) msum += static_cast<double>(m);
          EXPECT_NEAR(cr.marks->mean, msum / 60, 1e-6);
          EXPECT_EQ(cr.marks->p5, NearestRank(marks, 0.05));
          EXPECT_EQ(cr.marks->p95, NearestRank(marks, 0.95));
        }
      }
    }
  }
}

// With the reference sampler a national rule set counts exactly the
// reference ballots of the run: their first preferences and their marks
// (each ballot's first `seats` preferences), counted here ballot by ballot.
TEST(FirstPreferences, ReferenceCountsAreTheBallotsOwn) {
  const Scenario sc = Load(8);
  const VoterModel model = VoterModel::Build(sc);
  const size_t C = sc.candidates.size();
  std::vector<std::vector<double>> mean_marks(2, std::vector<double>(C, 0.0));
  const EngineOptions opt = Options(8, SamplerKind::kReference, 2);
  for (uint64_t run = 0; run < 8; ++run) {
    const RunRecord rec = SimulateRun(sc, model, opt.seed, run, SamplerKind::kReference);
    const Election e = SampleBallotsReference(SampleRun(sc, model, opt.seed, run), opt.seed, run);
    for (size_t k = 0; k < 2; ++k) {  // the national rule sets
      const int seats = sc.rule_sets[k].seats;
      std::vector<int64_t> first(C, 0), marks(C, 0);
      for (const Ballot& b : e.ballots) {
        if (b.prefs.empty()) continue;
        first[static_cast<size_t>(b.prefs[0])] += b.weight;
        std::set<CandidateId> seen;
        for (size_t p = 0; p < b.prefs.size() && static_cast<int>(seen.size()) < seats; ++p) {
          if (seen.insert(b.prefs[p]).second) marks[static_cast<size_t>(b.prefs[p])] += b.weight;
        }
      }
      EXPECT_EQ(rec.rule_sets[k].first_preferences, first) << run << " " << k;
      if (k == 0) {
        EXPECT_EQ(rec.rule_sets[k].marks, marks) << run;
        for (size_t c = 0; c < C; ++c) mean_marks[0][c] += static_cast<double>(marks[c]) / 8;
      } else {
        EXPECT_TRUE(rec.rule_sets[k].marks.empty());
      }
    }
  }
  auto sim = Simulate(sc, opt);
  ASSERT_TRUE(sim.ok());
  const RunResults res = BuildRunResults(sc, sim->tally, opt.seed, opt.sampler, false, 0);
  for (size_t c = 0; c < C; ++c) {
    ASSERT_TRUE(res.rule_sets[0].candidates[c].marks.has_value());
    EXPECT_NEAR(res.rule_sets[0].candidates[c].marks->mean, mean_marks[0][c], 1e-6);
    EXPECT_FALSE(res.rule_sets[1].candidates[c].marks.has_value());
  }
}

// One thread and two give the same summary.json and CSV tables, byte for byte.
TEST(FirstPreferences, OutputsDoNotDependOnThreads) {
  const Scenario sc = Load(300);
  for (SamplerKind kind : {SamplerKind::kFast, SamplerKind::kReference}) {
    const int64_t runs = kind == SamplerKind::kFast ? 300 : 40;
    auto one = Simulate(sc, Options(runs, kind, 1));
    auto two = Simulate(sc, Options(runs, kind, 2));
    ASSERT_TRUE(one.ok() && two.ok());
    EXPECT_EQ(one->tally.rule_sets[0].first_pref_runs, two->tally.rule_sets[0].first_pref_runs);
    EXPECT_EQ(one->tally.rule_sets[0].marks_runs, two->tally.rule_sets[0].marks_runs);
    const RunResults a = BuildRunResults(sc, one->tally, 17, kind, false, 0);
    const RunResults b = BuildRunResults(sc, two->tally, 17, kind, false, 0);
    EXPECT_EQ(ToJson(a).dump(), ToJson(b).dump());
    EXPECT_EQ(TidyCsv(a), TidyCsv(b));
    EXPECT_EQ(SummaryText(a), SummaryText(b));
  }
}

// summary.json's keys, and their reading back; a summary written before them
// still reads.
TEST(FirstPreferences, JsonKeysRoundTrip) {
  const Scenario sc = Load(30);
  auto sim = Simulate(sc, Options(30, SamplerKind::kFast, 2));
  ASSERT_TRUE(sim.ok());
  const RunResults r = BuildRunResults(sc, sim->tally, 17, SamplerKind::kFast, false, 0);
  nlohmann::ordered_json j = ToJson(r);
  const auto& block = j["rule_sets"][0]["candidates"][0];
  const auto& stv = j["rule_sets"][1]["candidates"][0];
  for (const char* key : {"first_preferences", "first_preference_share", "marks"}) {
    ASSERT_TRUE(block.contains(key)) << key;
    for (const char* q : {"mean", "p5", "p95"}) EXPECT_TRUE(block[key][q].is_number()) << key << q;
  }
  EXPECT_TRUE(block["first_preferences"]["p5"].is_number_integer());
  EXPECT_TRUE(block["marks"]["p95"].is_number_integer());
  ASSERT_TRUE(stv.contains("marks"));
  EXPECT_TRUE(stv["marks"].is_null());
  auto back = RunResultsFromJson(j);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back).dump(), j.dump());
  // Older summaries: no such keys.
  for (auto& rs : j["rule_sets"]) {
    for (auto& c : rs["candidates"]) {
      c.erase("first_preferences");
      c.erase("first_preference_share");
      c.erase("marks");
    }
  }
  auto old = RunResultsFromJson(j);
  ASSERT_TRUE(old.ok()) << old.error().ToString();
  EXPECT_FALSE(old->rule_sets[0].candidates[0].first_preferences.has_value());
  EXPECT_FALSE(old->rule_sets[0].candidates[0].marks.has_value());
  // A mistyped one is named.
  j["rule_sets"][0]["candidates"][1]["marks"] = "many";
  auto bad = RunResultsFromJson(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().ToString().find("rule_sets[0].candidates[1].marks"), std::string::npos)
      << bad.error().ToString();
  // The CSV's columns.
  const auto csv = TidyCsv(r).at("candidates.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "rule_set,candidate,slate,region,gender,p_elected,se,mean_first_pref_share,first_pref_mean,first_pref_p5,"
            "first_pref_p95,first_pref_share_mean,first_pref_share_p5,first_pref_share_p95,marks_mean,marks_p5,"
            "marks_p95");
}

// A run's counts are kept in 32 bits: a scenario whose members could not
// fit is refused at load, naming `regions`.
TEST(FirstPreferences, MembersBeyondThirtyTwoBitsAreRefused) {
  std::string text = necsim_test::TwoSlateScenario("big", 1, 10);
  std::string more;
  for (int i = 0; i < 22; ++i) more += "  - {name: R" + std::to_string(i) + ", members: 100000000}\n";
  const std::string anchor = "  - {name: West, members: 1500}\n";
  text.replace(text.find(anchor), anchor.size(), anchor + more);
  EXPECT_TRUE(LoadScenarioText(necsim_test::TwoSlateScenario("small", 1, 10), "small.yaml").ok());
  auto sc = LoadScenarioText(text, "big.yaml");
  ASSERT_FALSE(sc.ok());
  EXPECT_EQ(sc.error().field, "regions");
  EXPECT_NE(sc.error().message.find("2147483647"), std::string::npos) << sc.error().message;
}

}  // namespace
}  // namespace necsim
