// The joint outcome of a rule set (the seat splits across slates, P(at least
// k seats), seat shares) and casual vacancies (who takes a member's seat when
// they leave, the count re-run without them): the splits sum to the runs and
// give back the slates' seat distributions exactly, P(at least k) is the
// distribution's upper tail, a split known in advance is found with
// certainty, the vacancy recount is right on hand-checkable elections, the
// outputs read back, travel between MPI ranks, do not depend on threads, and
// leave every other output as it was when vacancies are off.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "ballots/blt.h"
#include "batch/run_records.h"
#include "counting/count.h"
#include "counting/result_sheet.h"
#include "counting/vacancy.h"
#include "engine/engine.h"
#include "outputs/outputs.h"
#include "results/results.h"
#include "scenario/scenario_yaml.h"
#include "tests/two_slate_scenario.h"
#include "tests/unit/tiny_election.h"

namespace necsim {
namespace {

Scenario Load(const std::string& text) {
  auto sc = LoadScenarioText(text, "joint.yaml");
  EXPECT_TRUE(sc.ok()) << sc.error().ToString();
  return *sc;
}

EngineOptions Options(int64_t runs, int threads, SamplerKind sampler = SamplerKind::kFast) {
  EngineOptions opt;
  opt.runs = runs;
  opt.seed = 5;
  opt.threads = threads;
  opt.sampler = sampler;
  if (threads == 1) opt.backend = Backend::kSerial;
  return opt;
}

// The splits' runs add up to the runs, and summed over the other slates give
// each slate's seat distribution exactly.
TEST(SeatSplits, SumToTheRunsAndGiveTheSlatesDistributions) {
  const Scenario sc = Load(necsim_test::TwoSlateScenario("joint", 5, 400));
  auto sim = Simulate(sc, Options(400, 2));
  ASSERT_TRUE(sim.ok());
  const Tally& t = sim->tally;
  for (const RuleSetTally& rt : t.rule_sets) {
    int64_t total = 0;
    std::vector<std::vector<int64_t>> marginal(rt.slate_seats.size());
    for (size_t s = 0; s < marginal.size(); ++s) marginal[s].assign(rt.slate_seats[s].size(), 0);
    for (const auto& [split, runs] : rt.seat_splits) {
      ASSERT_EQ(split.size(), rt.slate_seats.size());
      int seats = 0;
      for (size_t s = 0; s < split.size(); ++s) {
        marginal[s][static_cast<size_t>(split[s])] += runs;
        seats += split[s];
      }
      EXPECT_EQ(seats, 4);  // every split fills the 4 seats
      total += runs;
    }
    EXPECT_EQ(total, t.runs);
    EXPECT_EQ(marginal, rt.slate_seats);
    EXPECT_GT(rt.seat_splits.size(), 1u);  // the scenario is not a foregone conclusion
  }
  // The same in the results: p sums to 1 (to the rounding), splits sorted by
  // p, each slate's P(seats = k) the sum of its splits', P(at least k) the
  // upper tail, the share the mean over the seats.
  const RunResults r = BuildRunResults(sc, t, 5, SamplerKind::kFast, false, 0);
  for (const RuleSetResult& rs : r.rule_sets) {
    ASSERT_FALSE(rs.seat_splits.empty());
    EXPECT_FALSE(rs.seat_splits_other.has_value());
    double sum = 0;
    for (size_t i = 0; i < rs.seat_splits.size(); ++i) {
      sum += rs.seat_splits[i].p;
      if (i) EXPECT_GE(rs.seat_splits[i - 1].p, rs.seat_splits[i].p);
      EXPECT_NEAR(rs.seat_splits[i].se,
                  std::sqrt(rs.seat_splits[i].p * (1 - rs.seat_splits[i].p) / 400.0), 2e-6);
      ASSERT_EQ(rs.seat_splits[i].split.size(), rs.slates.size());
    }
    EXPECT_NEAR(sum, 1.0, 1e-6 * static_cast<double>(rs.seat_splits.size()));
    for (size_t s = 0; s < rs.slates.size(); ++s) {
      const SlateResult& sl = rs.slates[s];
      ASSERT_EQ(sl.p_at_least.size(), sl.seat_distribution.size());
      ASSERT_EQ(sl.p_at_least_se.size(), sl.seat_distribution.size());
      EXPECT_EQ(sl.p_at_least[0], 1.0);
      double tail = 0, mean = 0;
      for (size_t k = sl.seat_distribution.size(); k-- > 0;) {
        double from_splits = 0;
        for (const SeatSplitResult& sp : rs.seat_splits) {
          EXPECT_EQ(sp.split[s].first, sl.name);
          if (sp.split[s].second == static_cast<int>(k)) from_splits += sp.p;
        }
        EXPECT_NEAR(from_splits, sl.seat_distribution[k].second, 1e-5) << sl.name << " " << k;
        tail += sl.seat_distribution[k].second;
        mean += static_cast<double>(k) * sl.seat_distribution[k].second;
        EXPECT_NEAR(sl.p_at_least[k], tail, 1e-5) << sl.name << " " << k;
        if (k + 1 < sl.p_at_least.size()) EXPECT_GE(sl.p_at_least[k], sl.p_at_least[k + 1]);
      }
      ASSERT_TRUE(sl.seat_share.has_value());
      EXPECT_NEAR(*sl.seat_share, mean / rs.seats, 1e-5);
    }
  }
}

// The labels: initials of the slates' names, Ind for independents, in the
// order of `slates`; the split object keyed by the full names.
TEST(SeatSplits, LabelsUseShortSlateNames) {
  std::string text = necsim_test::TwoSlateScenario("labels", 5, 50);
  const auto at = text.find("slates: [Left, Right]");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 21, "slates: [Grassroots Voice, Labour to Win]");
  for (const char* from : {"Left", "Right"}) {
    const std::string to = std::string(from) == "Left" ? "Grassroots Voice" : "Labour to Win";
    for (size_t p = text.find(std::string(from) + ":"); p != std::string::npos;
         p = text.find(std::string(from) + ":", p + to.size())) {
      text.replace(p, std::string(from).size(), to);
    }
    for (size_t p = text.find(std::string("slate: ") + from); p != std::string::npos;
         p = text.find(std::string("slate: ") + from, p + to.size())) {
      text.replace(p + 7, std::string(from).size(), to);
    }
  }
  const Scenario sc = Load(text);
  auto sim = Simulate(sc, Options(50, 2));
  ASSERT_TRUE(sim.ok());
  const RunResults r = BuildRunResults(sc, sim->tally, 5, SamplerKind::kFast, false, 0);
  const SeatSplitResult& top = r.rule_sets[1].seat_splits[0];
  ASSERT_EQ(top.split.size(), 3u);
  EXPECT_EQ(top.split[0].first, "Grassroots Voice");
  EXPECT_EQ(top.split[1].first, "Labour to Win");
  EXPECT_EQ(top.split[2].first, "independent");
  EXPECT_EQ(top.label, "GV " + std::to_string(top.split[0].second) + " / LTW " + std::to_string(top.split[1].second) +
                           " / Ind " + std::to_string(top.split[2].second));
  // Single-word names stay whole.
  const Scenario plain = Load(necsim_test::TwoSlateScenario("plain", 5, 20));
  auto sim2 = Simulate(plain, Options(20, 2));
  ASSERT_TRUE(sim2.ok());
  const RunResults r2 = BuildRunResults(plain, sim2->tally, 5, SamplerKind::kFast, false, 0);
  EXPECT_EQ(r2.rule_sets[0].seat_splits[0].label.rfind("Left ", 0), 0u) << r2.rule_sets[0].seat_splits[0].label;
}

// One bloc of the whole membership, all for Left: the block vote gives Left
// its 4 candidates (2 women, so the rule holds) in every run.
TEST(SeatSplits, AKnownSplitIsCertain) {
  const std::string text = R"(name: known
seed: 3
runs: 200
turnout: {mean: 0.3, sd: 0.02}
regions:
  - {name: North, members: 3000}
  - {name: South, members: 2000}
slates: [Left, Right]
blocs:
  - name: left
    share: 1
    behaviour: {affinity: {Left: 8, Right: -8, independent: -8}, campaign_noise: 0.1, mean_preferences: 4}
candidates:
  - {name: A1, gender: f, region: North, slate: Left}
  - {name: A2, gender: m, region: South, slate: Left}
  - {name: A3, gender: m, region: North, slate: Left}
  - {name: A4, gender: f, region: South, slate: Left}
  - {name: B1, gender: m, region: North, slate: Right}
  - {name: B2, gender: f, region: South, slate: Right}
  - {name: C1, gender: f, region: North}
rule_sets:
  - {name: block4, rule: block, seats: 4, women_min: half}
  - {name: stv4, rule: ers97, seats: 4, women_min: half}
)";
  const Scenario sc = Load(text);
  auto sim = Simulate(sc, Options(200, 2));
  ASSERT_TRUE(sim.ok());
  const RunResults r = BuildRunResults(sc, sim->tally, 3, SamplerKind::kFast, false, 0);
  for (const RuleSetResult& rs : r.rule_sets) {
    ASSERT_EQ(rs.seat_splits.size(), 1u) << rs.name;
    EXPECT_EQ(rs.seat_splits[0].label, "Left 4 / Right 0 / Ind 0");
    EXPECT_EQ(rs.seat_splits[0].p, 1.0);
    EXPECT_EQ(rs.seat_splits[0].se, 0.0);
    EXPECT_EQ(rs.slates[0].p_at_least, (std::vector<double>{1, 1, 1, 1, 1}));
    EXPECT_EQ(rs.slates[1].p_at_least, (std::vector<double>{1, 0, 0, 0, 0}));
    EXPECT_EQ(*rs.slates[0].seat_share, 1.0);
  }
}

// The cap: at most kSeatSplitsListed splits, the rest summed.
TEST(SeatSplits, ManySplitsAreCappedWithTheRestSummed) {
  RuleSetTally rt;
  Scenario sc = Load(necsim_test::TwoSlateScenario("cap", 5, 10));
  Tally t = Tally::Empty(sc);
  // 60 fictitious splits of one run each (the output reads only the tally).
  for (auto& r : t.rule_sets) {
    r.seat_splits.clear();
    for (int i = 0; i < 60; ++i) r.seat_splits[{i, 0, 0}] = 1 + (i == 7);
  }
  t.runs = 61;
  const RunResults res = BuildRunResults(sc, t, 5, SamplerKind::kFast, false, 0);
  const RuleSetResult& rs = res.rule_sets[0];
  ASSERT_EQ(rs.seat_splits.size(), kSeatSplitsListed);
  EXPECT_EQ(rs.seat_splits[0].split[0].second, 7);  // the likeliest first
  // Equally likely: more seats for the first slate first.
  EXPECT_EQ(rs.seat_splits[1].split[0].second, 59);
  ASSERT_TRUE(rs.seat_splits_other.has_value());
  EXPECT_EQ(rs.seat_splits_other->splits, 10);
  EXPECT_NEAR(rs.seat_splits_other->p, 10.0 / 61, 1e-6);
  auto back = RunResultsFromJson(ToJson(res));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back).dump(), ToJson(res).dump());
}

// --- Casual vacancies on hand-checkable elections.

Election Fixture() {
  auto e = ReadBltFile(std::string(NECSIM_FIXTURES_DIR) + "/vacancy.blt");
  EXPECT_TRUE(e.ok()) << e.error().ToString();
  return *e;
}

TEST(Vacancy, StvRecountOfTheFixture) {
  const Election e = Fixture();
  for (Rule rule : {Rule::kErs97, Rule::kScottish, Rule::kMeek, Rule::kWigm}) {
    BallotTree tree = BallotTree::FromElection(e);
    CountOptions opt;
    opt.seats = 2;
    opt.record_stages = false;
    Stream lots(1, 0, StreamPurpose::kLots);
    auto first = Count(rule, tree, e.candidates, opt, lots);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->elected, (std::vector<CandidateId>{0, 1})) << RuleName(rule);
    const Stream lots0(1, 0, StreamPurpose::kLots);
    // Ann leaves: her ballots go to Cat, who takes the seat.
    VacancyFill ann = FillVacancy(rule, &tree, {}, e.candidates, opt, lots0, first->elected, 0);
    EXPECT_EQ(ann.replacement, 2) << RuleName(rule);
    EXPECT_FALSE(ann.unseats);
    // Ben leaves: his go to Dan.
    VacancyFill ben = FillVacancy(rule, &tree, {}, e.candidates, opt, lots0, first->elected, 1);
    EXPECT_EQ(ben.replacement, 3) << RuleName(rule);
    EXPECT_FALSE(ben.unseats);
  }
}

TEST(Vacancy, BlockVoteTakesTheNextHighestUnderTheConstraints) {
  // Marks A 50, B 40, C 30, D 20; A and D women, at least one woman of 2.
  std::vector<Candidate> cands(4);
  for (int c = 0; c < 4; ++c) {
    cands[c].name = std::string(1, static_cast<char>('A' + c));
    cands[c].gender = (c == 0 || c == 3) ? Gender::kWoman : Gender::kMan;
  }
  const std::vector<int64_t> marks = {50, 40, 30, 20};
  CountOptions opt;
  opt.seats = 2;
  Stream lots(1, 0, StreamPurpose::kLots);
  const CountResult r = ElectFromVotes(Rule::kBlock, marks, cands, opt, lots);
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{0, 1}));
  const Stream lots0(1, 0, StreamPurpose::kLots);
  // No constraint: C, the next highest, takes A's seat.
  EXPECT_EQ(FillVacancy(Rule::kBlock, nullptr, marks, cands, opt, lots0, r.elected, 0).replacement, 2);
  // At least one woman: D, the highest woman left.
  opt.constraints.groups.push_back(WomenGroup(cands, 1));
  EXPECT_EQ(FillVacancy(Rule::kBlock, nullptr, marks, cands, opt, lots0, r.elected, 0).replacement, 3);
  // B leaves: C (A is a woman already).
  EXPECT_EQ(FillVacancy(Rule::kBlock, nullptr, marks, cands, opt, lots0, r.elected, 1).replacement, 2);
  // FPTP reads its first preferences the same way.
  EXPECT_EQ(FillVacancy(Rule::kFptp, nullptr, marks, cands, opt, lots0, r.elected, 1).replacement, 2);
  // A minimum no one left can meet: no replacement.
  opt.constraints.groups.back().min = 2;
  EXPECT_EQ(FillVacancy(Rule::kBlock, nullptr, marks, cands, opt, lots0, {0, 3}, 0).replacement, -1);
}

TEST(Vacancy, ReadingTheRecount) {
  // Elected A (woman), B; A leaves; the re-run elects D then C and not B.
  Constraints women;
  ConstraintGroup g;
  g.name = "women";
  g.members = {0, 2};  // A and C
  g.min = 1;
  women.groups.push_back(g);
  VacancyFill f = ReadVacancy({0, 1}, 0, {3, 2}, women);
  EXPECT_EQ(f.replacement, 2);  // D first, but B with D has no woman: C
  EXPECT_TRUE(f.unseats);       // B was left out
  f = ReadVacancy({0, 1}, 0, {3, 2}, Constraints{});
  EXPECT_EQ(f.replacement, 3);  // without the constraint the first new member
  f = ReadVacancy({0, 1}, 0, {1, 3}, Constraints{});
  EXPECT_EQ(f.replacement, 3);
  EXPECT_FALSE(f.unseats);
  f = ReadVacancy({0, 1}, 0, {1}, Constraints{});
  EXPECT_EQ(f.replacement, -1);
}

// --- Casual vacancies in runs.

std::string VacancyScenario(int runs, const std::string& extra = "vacancies: true\n") {
  return necsim_test::TwoSlateScenario("vac", 5, runs, 0.55, extra);
}

TEST(Vacancy, EveryElectedMemberHasAReplacementWhoWasNotElected) {
  const Scenario sc = Load(VacancyScenario(300));
  ASSERT_TRUE(sc.vacancies);
  for (SamplerKind kind : {SamplerKind::kFast, SamplerKind::kReference}) {
    const int64_t runs = kind == SamplerKind::kFast ? 300 : 60;
    const VoterModel model = VoterModel::Build(sc);
    std::vector<RunRecord> records;
    SimulateRuns(sc, model, Options(runs, 2, kind), 0, runs, records);
    for (const RunRecord& rec : records) {
      for (const RuleSetRecord& r : rec.rule_sets) {
        ASSERT_EQ(r.vacancy_replacement.size(), r.elected.size());
        ASSERT_EQ(r.vacancy_unseats.size(), r.elected.size());
        for (size_t i = 0; i < r.elected.size(); ++i) {
          const CandidateId by = r.vacancy_replacement[i];
          std::string who;
          for (CandidateId e : r.elected) who += std::to_string(e) + " ";
          ASSERT_GE(by, 0) << (kind == SamplerKind::kFast ? "fast" : "reference") << " elected " << who << "leaving "
                           << r.elected[i];  // 8 candidates for 4 seats: always someone
          EXPECT_EQ(std::find(r.elected.begin(), r.elected.end(), by), r.elected.end());
        }
      }
    }
    auto sim = Simulate(sc, Options(runs, 2, kind));
    ASSERT_TRUE(sim.ok());
    for (const RuleSetTally& rt : sim->tally.rule_sets) {
      ASSERT_TRUE(rt.has_vacancies);
      for (size_t c = 0; c < rt.elected.size(); ++c) {
        int64_t sum = 0;
        for (int64_t k : rt.vacancy[c]) sum += k;
        EXPECT_EQ(sum, rt.elected[c]);  // the condition: the runs c was elected
        EXPECT_EQ(rt.vacancy[c][c], 0);
      }
    }
  }
}

// Off, the results are those of a scenario without the key, byte for byte;
// on, only the `vacancies` sections (and vacancies.csv) are added.
TEST(Vacancy, OffLeavesEveryOutputAsItWas) {
  const Scenario off = Load(VacancyScenario(200, ""));
  const Scenario off2 = Load(VacancyScenario(200, "vacancies: false\n"));
  const Scenario on = Load(VacancyScenario(200));
  auto a = Simulate(off, Options(200, 2));
  auto b = Simulate(off2, Options(200, 2));
  auto c = Simulate(on, Options(200, 2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  const RunResults ra = BuildRunResults(off, a->tally, 5, SamplerKind::kFast, false, 0);
  const RunResults rb = BuildRunResults(off2, b->tally, 5, SamplerKind::kFast, false, 0);
  RunResults rc = BuildRunResults(on, c->tally, 5, SamplerKind::kFast, false, 0);
  EXPECT_EQ(ToJson(ra).dump(), ToJson(rb).dump());
  EXPECT_EQ(TidyCsv(ra).count("vacancies.csv"), 0u);
  EXPECT_EQ(ToJson(ra).dump().find("vacancies"), std::string::npos);
  const auto files = TidyCsv(rc);
  ASSERT_EQ(files.count("vacancies.csv"), 1u);
  EXPECT_EQ(files.at("vacancies.csv").substr(0, files.at("vacancies.csv").find('\n')), "rule_set,elected,replacement,p,se");
  for (auto& rs : rc.rule_sets) {
    ASSERT_TRUE(rs.vacancies.has_value());
    rs.vacancies.reset();
  }
  EXPECT_EQ(ToJson(ra).dump(), ToJson(rc).dump());
  auto fa = TidyCsv(ra), fc = TidyCsv(rc);
  EXPECT_EQ(fa, fc);
}

TEST(Vacancy, ResultsDoNotDependOnThreadsAndReadBack) {
  const Scenario sc = Load(VacancyScenario(300));
  auto one = Simulate(sc, Options(300, 1));
  auto two = Simulate(sc, Options(300, 2));
  ASSERT_TRUE(one.ok() && two.ok());
  const RunResults a = BuildRunResults(sc, one->tally, 5, SamplerKind::kFast, false, 0);
  const RunResults b = BuildRunResults(sc, two->tally, 5, SamplerKind::kFast, false, 0);
  const nlohmann::ordered_json j = ToJson(a);
  EXPECT_EQ(j.dump(), ToJson(b).dump());
  EXPECT_EQ(TidyCsv(a), TidyCsv(b));
  auto back = RunResultsFromJson(j);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back).dump(), j.dump());
  // Each member's replacements: probabilities summing to 1, likeliest first.
  for (const RuleSetResult& rs : a.rule_sets) {
    ASSERT_TRUE(rs.vacancies.has_value());
    ASSERT_FALSE(rs.vacancies->empty());
    for (const VacancyResult& v : *rs.vacancies) {
      double sum = 0;
      for (size_t i = 0; i < v.replacements.size(); ++i) {
        sum += v.replacements[i].p;
        if (i) EXPECT_GE(v.replacements[i - 1].p, v.replacements[i].p);
        EXPECT_NE(v.replacements[i].name.value_or(""), v.elected);
      }
      EXPECT_NEAR(sum, 1.0, 1e-5 * static_cast<double>(v.replacements.size()));
      EXPECT_GT(v.runs, 0);
    }
  }
  // A mistyped field is named.
  nlohmann::ordered_json bad = j;
  bad["rule_sets"][1]["vacancies"][0]["replacements"][0]["p"] = "high";
  auto r = RunResultsFromJson(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("rule_sets[1].vacancies[0].replacements[0].p"), std::string::npos)
      << r.error().ToString();
  // Older summaries (no splits, shares or vacancies) still read.
  nlohmann::ordered_json old = j;
  for (auto& rs : old["rule_sets"]) {
    rs.erase("seat_splits");
    rs.erase("seat_splits_other");
    rs.erase("vacancies");
    for (auto& sl : rs["slates"]) {
      sl.erase("p_at_least");
      sl.erase("p_at_least_se");
      sl.erase("seat_share");
    }
  }
  for (auto& c : old["comparisons"]) c.erase("slate_shares");
  auto o = RunResultsFromJson(old);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_TRUE(o->rule_sets[0].seat_splits.empty());
  EXPECT_FALSE(o->rule_sets[0].vacancies.has_value());
  EXPECT_FALSE(o->rule_sets[0].slates[0].seat_share.has_value());
}

// The records' vacancy fields cross between MPI ranks bit for bit.
TEST(Vacancy, RunRecordsCarryTheVacancies) {
  const Scenario sc = Load(VacancyScenario(20));
  const VoterModel model = VoterModel::Build(sc);
  std::vector<RunRecord> records;
  SimulateRuns(sc, model, Options(20, 2), 0, 20, records);
  std::vector<RunRecord> back;
  ASSERT_TRUE(DecodeRunRecords(EncodeRunRecords(records), back));
  ASSERT_EQ(back.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    for (size_t k = 0; k < records[i].rule_sets.size(); ++k) {
      EXPECT_FALSE(records[i].rule_sets[k].vacancy_replacement.empty());
      EXPECT_EQ(back[i].rule_sets[k].vacancy_replacement, records[i].rule_sets[k].vacancy_replacement);
      EXPECT_EQ(back[i].rule_sets[k].vacancy_unseats, records[i].rule_sets[k].vacancy_unseats);
    }
  }
  Tally a = Tally::Empty(sc), b = Tally::Empty(sc);
  for (const RunRecord& r : records) a.Add(sc, r);
  for (const RunRecord& r : back) b.Add(sc, r);
  EXPECT_EQ(a.rule_sets[1].vacancy, b.rule_sets[1].vacancy);
  EXPECT_EQ(a.rule_sets[1].seat_splits, b.rule_sets[1].seat_splits);
}

// Regional rule sets are not re-run: no vacancies section for them.
// A regional design's vacancy is its district's re-run with the district's
// constraints: under two_per_region (one woman and one man per region) a
// leaving woman is replaced by a woman of her region and a man by a man, and
// where the region has no one of that gender left (South's two candidates are
// both elected; North has one man, West one woman) there is no replacement.
TEST(Vacancy, RegionalRuleSetsReRunTheDistrict) {
  const Scenario sc = Load(necsim_test::TwoSlateScenario(
      "vacreg", 5, 30, 0.55, "  - name: regional_block\n    regional: {rule: block, gender: two_per_region}\nvacancies: true\n"));
  auto sim = Simulate(sc, Options(30, 2));
  ASSERT_TRUE(sim.ok());
  const RunResults r = BuildRunResults(sc, sim->tally, 5, SamplerKind::kFast, false, 0);
  ASSERT_EQ(r.rule_sets.size(), 3u);
  EXPECT_TRUE(r.rule_sets[0].vacancies.has_value());
  EXPECT_TRUE(r.rule_sets[1].vacancies.has_value());
  ASSERT_TRUE(r.rule_sets[2].vacancies.has_value());
  const RuleSetTally& t = sim->tally.rule_sets[2];
  const size_t C = sc.candidates.size();
  int64_t some = 0;
  for (size_t c = 0; c < C; ++c) {
    const std::string& region = sc.regions[static_cast<size_t>(sc.candidates[c].region)].name;
    for (size_t by = 0; by < C; ++by) {
      if (t.vacancy[c][by] == 0) continue;
      some += t.vacancy[c][by];
      EXPECT_EQ(sc.candidates[c].region, sc.candidates[by].region) << sc.candidates[c].name;
      EXPECT_EQ(sc.candidates[c].gender, sc.candidates[by].gender) << sc.candidates[c].name << " -> "
                                                                   << sc.candidates[by].name;
      EXPECT_NE(region, "South") << sc.candidates[c].name;
    }
    const bool alone = sc.candidates[c].name == "B1" || sc.candidates[c].name == "C1" || region == "South";
    if (alone) {
      EXPECT_EQ(t.vacancy[c][C], t.elected[c]) << sc.candidates[c].name << ": no one of that gender is left";
    }
  }
  EXPECT_GT(some, 0);
}

TEST(Vacancy, TheScenarioKeyIsTrueOrFalse) {
  auto sc = LoadScenarioText(VacancyScenario(10, "vacancies: maybe\n"), "vac.yaml");
  ASSERT_FALSE(sc.ok());
  EXPECT_NE(sc.error().ToString().find("vacancies"), std::string::npos) << sc.error().ToString();
  EXPECT_NE(sc.error().ToString().find("vac.yaml:"), std::string::npos) << sc.error().ToString();
}

// Seat shares between rule sets of different sizes: the paired difference of
// the shares, exact from whole-number sums.
TEST(SeatShares, ComparisonsOfRuleSetsOfDifferentSizes) {
  const Scenario sc = Load(necsim_test::TwoSlateScenario("shares", 5, 200, 0.55,
                                                         "  - {name: stv6, rule: ers97, seats: 6, women_min: half}\n"));
  auto sim = Simulate(sc, Options(200, 2));
  ASSERT_TRUE(sim.ok());
  const RunResults r = BuildRunResults(sc, sim->tally, 5, SamplerKind::kFast, false, 0);
  ASSERT_EQ(r.comparisons.size(), 3u);
  const ComparisonResult& c = r.comparisons[1];  // block4 vs stv6
  ASSERT_EQ(c.b, "stv6");
  ASSERT_EQ(c.slate_shares.size(), c.slates.size());
  for (size_t s = 0; s < c.slate_shares.size(); ++s) {
    // The mean of the paired differences is the difference of the means.
    const double a_share = *r.rule_sets[0].slates[s].seat_share, b_share = *r.rule_sets[2].slates[s].seat_share;
    EXPECT_NEAR(c.slate_shares[s].difference, a_share - b_share, 2e-6) << c.slate_shares[s].name;
    if (s < 2) EXPECT_GT(c.slate_shares[s].se, 0.0) << c.slate_shares[s].name;  // (independents never win)
  }
}

}  // namespace
}  // namespace necsim

namespace necsim {
namespace {

// ERS97's sure losers are excluded together, so together they must leave a
// minimum possible to meet. Two seats, at least one woman; C and D the only
// women, at the bottom: {D, C} are sure losers by the votes (9 + 10 <= 30),
// and neither alone is needed, but without both no woman can be elected. D
// alone goes; her ballots make C the last woman, who is then kept, and B and
// C are elected (E's ballots elect B; A is excluded when only A and C are left
// for the last seat and C is guarded).
TEST(Ers97Constraints, SureLosersTogetherKeepTheMinimumPossible) {
  const Election e = Make("mmffm", 2,
                          {{40, {0}}, {35, {1}}, {10, {2}}, {9, {3, 2}}, {30, {4, 1}}});
  CountOptions opt;
  opt.seats = 2;
  opt.constraints.groups.push_back(WomenGroup(e.candidates, 1));
  Stream lots(1, 0, StreamPurpose::kLots);
  auto r = CountElection(Rule::kErs97, e, opt, lots);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  std::vector<CandidateId> elected = r->elected;
  std::sort(elected.begin(), elected.end());
  EXPECT_EQ(elected, (std::vector<CandidateId>{1, 2})) << ResultToText(*r, e.candidates, "");
  // The first exclusion is D's alone.
  ASSERT_GE(r->stages.size(), 2u);
  EXPECT_EQ(r->stages[1].excluded, (std::vector<CandidateId>{3})) << ResultToText(*r, e.candidates, "");
}

}  // namespace
}  // namespace necsim
