// Regional designs (models/regional/regional.cc, docs/regionalisation.md): members vote
// only for their own district's candidates; each gender mechanism (pairing,
// zipping, national top-up, two per region) changes the result where men lead
// and holds in every run, or fails as documented where it cannot be met;
// apportioned seats, hybrids; load-time errors with line and column; the
// shipped regionalisation_2018 scenario.
//
// Scenarios are small and built so that the outcome of interest is certain,
// not merely likely: a leading candidate's Plackett-Luce weight is e^3 or more
// times a trailing one's, with hundreds of ballots per region, so the margin
// is tens of standard errors. Every property is asserted in every run.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "regional/apportion.h"
#include "counting/constraints.h"
#include "engine/engine.h"
#include "regional/regional.h"
#include "voters/sampler.h"
#include "scenario/scenario_yaml.h"
#include "tests/feature_util.h"

namespace necsim {
namespace {

// --- Helpers -----------------------------------------------------------------

// A scenario with one bloc that ranks every candidate (stop 0) by profile
// alone; `regions`, `candidates` and `rule_sets` are the YAML list bodies.
std::string Yaml(const std::string& regions, const std::string& candidates, const std::string& rule_sets,
                 const std::string& blocs = "") {
  std::string b = blocs.empty() ? "  - {name: all, share: 1, behaviour: {stop: 0}}\n" : blocs;
  return "name: regional_test\nseed: 11\nruns: 20\nturnout: 0.3\nregions:\n" + regions + "blocs:\n" + b +
         "candidates:\n" + candidates + "rule_sets:\n" + rule_sets;
}

// Four regions of 2000 members (600 ballots each at turnout 0.3).
const char* const kFourRegions =
    "  - {name: R1, members: 2000}\n"
    "  - {name: R2, members: 2000}\n"
    "  - {name: R3, members: 2000}\n"
    "  - {name: R4, members: 2000}\n";

// In every region a man far ahead of a woman (weights e^3 : 1).
const char* const kMenLead =
    "  - {name: M1, gender: m, region: R1, profile: 3}\n"
    "  - {name: W1, gender: f, region: R1, profile: 0}\n"
    "  - {name: M2, gender: m, region: R2, profile: 3}\n"
    "  - {name: W2, gender: f, region: R2, profile: 0}\n"
    "  - {name: M3, gender: m, region: R3, profile: 3}\n"
    "  - {name: W3, gender: f, region: R3, profile: 0}\n"
    "  - {name: M4, gender: m, region: R4, profile: 3}\n"
    "  - {name: W4, gender: f, region: R4, profile: 0}\n";

Scenario Load(const std::string& text) {
  auto r = LoadScenarioText(text, "test.yaml");
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  if (!r.ok()) return {};
  return *r;
}

Error LoadError(const std::string& text) {
  auto r = LoadScenarioText(text, "test.yaml");
  EXPECT_FALSE(r.ok()) << "expected an error";
  if (r.ok()) return {};
  return r.error();
}

using feature_test::Find;
using feature_test::Pos;

// The position `offset` characters along the line from the start of `needle`.
Pos FindAt(const std::string& text, const std::string& needle, int offset) {
  Pos p = Find(text, needle);
  p.column += offset;
  return p;
}

void ExpectError(const Error& e, Pos pos, const std::string& field, const std::string& message_part) {
  feature_test::ExpectError(e, "test.yaml", pos, field, message_part);
}

int Idx(const Scenario& sc, const std::string& name) {
  for (size_t c = 0; c < sc.candidates.size(); ++c) {
    if (sc.candidates[c].name == name) return static_cast<int>(c);
  }
  ADD_FAILURE() << "no candidate " << name;
  return -1;
}

int RuleSetIdx(const Scenario& sc, const std::string& name) {
  for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
    if (sc.rule_sets[k].name == name) return static_cast<int>(k);
  }
  ADD_FAILURE() << "no rule set " << name;
  return -1;
}

std::vector<RunRecord> Runs(const Scenario& sc, int runs, SamplerKind sampler = SamplerKind::kFast) {
  const VoterModel model = VoterModel::Build(sc);
  std::vector<RunRecord> out;
  for (int i = 0; i < runs; ++i) out.push_back(SimulateRun(sc, model, sc.seed, static_cast<uint64_t>(i), sampler));
  return out;
}

int Women(const Scenario& sc, const std::vector<CandidateId>& elected) {
  int w = 0;
  for (CandidateId c : elected) w += sc.candidates[c].gender == Gender::kWoman;
  return w;
}

std::set<std::string> Names(const Scenario& sc, const std::vector<CandidateId>& elected) {
  std::set<std::string> s;
  for (CandidateId c : elected) s.insert(sc.candidates[c].name);
  return s;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
  return out;
}

// Winners per region (index) of one record.
std::vector<int> PerRegion(const Scenario& sc, const std::vector<CandidateId>& elected) {
  std::vector<int> n(sc.regions.size(), 0);
  for (CandidateId c : elected) {
    if (sc.candidates[c].region >= 0) ++n[static_cast<size_t>(sc.candidates[c].region)];
  }
  return n;
}

bool Distinct(std::vector<CandidateId> v) {
  std::sort(v.begin(), v.end());
  return std::adjacent_find(v.begin(), v.end()) == v.end();
}

// --- Members vote only for their region's candidates -------------------------

// Region A (1000 members) loves A1 (e^4 : 1 over A2); region B (10000
// members) loves A2, an A candidate, far more than its own (e^6 : e^2 : 1). Nationally A2 wins on B's votes;
// regionally A's seat goes to A1 (B's members do not vote in A) and B's seat
// to one of B's own candidates (A2 is not on B's ballot).
const char* const kTwoRegions =
    "  - {name: A, members: 1000}\n"
    "  - {name: B, members: 10000}\n";
const char* const kTwoRegionBlocs =
    "  - name: a\n"
    "    share: {A: 1, B: 0}\n"
    "    behaviour: {stop: 0, affinity: {P: 4, Q: 0}}\n"
    "  - name: b\n"
    "    share: {A: 0, B: 1}\n"
    "    behaviour: {stop: 0, affinity: {P: 0, Q: 2, S: 6}}\n";
const char* const kTwoRegionCands =
    "  - {name: A1, gender: f, region: A, slate: P}\n"
    "  - {name: A2, gender: m, region: A, slate: S}\n"
    "  - {name: B1, gender: m, region: B, slate: Q}\n"
    "  - {name: B2, gender: f, region: B, slate: P}\n"
    "  - {name: Nobody, gender: m}\n";

std::string TwoRegionYaml() {
  return "name: two\nseed: 3\nruns: 20\nturnout: 0.3\nregions:\n" + std::string(kTwoRegions) +
         "slates: [P, Q, S]\nblocs:\n" + kTwoRegionBlocs + "candidates:\n" + kTwoRegionCands +
         "rule_sets:\n"
         "  - {name: national, rule: fptp, seats: 1}\n"
         "  - name: regional\n"
         "    regional: {rule: fptp}\n";
}

TEST(RegionalBallots, EachRegionElectsOnlyItsOwnCandidatesOnItsOwnMembersVotes) {
  const Scenario sc = Load(TwoRegionYaml());
  ASSERT_EQ(sc.rule_sets.size(), 2u);
  const int a1 = Idx(sc, "A1"), a2 = Idx(sc, "A2"), b1 = Idx(sc, "B1");
  for (const RunRecord& r : Runs(sc, 20)) {
    ASSERT_EQ(r.rule_sets[0].elected, (std::vector<CandidateId>{a2}));  // national: B's members carry A2
    // Regional: districts in region order, one winner each.
    ASSERT_EQ(r.rule_sets[1].elected, (std::vector<CandidateId>{a1, b1}));
    // The candidate without a region is on no regional ballot.
    EXPECT_EQ(r.rule_sets[1].first_pref_share[static_cast<size_t>(Idx(sc, "Nobody"))], 0.0f);
  }
}

TEST(RegionalBallots, SameWithTheReferenceSampler) {
  const Scenario sc = Load(TwoRegionYaml());
  const int a1 = Idx(sc, "A1"), b1 = Idx(sc, "B1");
  for (const RunRecord& r : Runs(sc, 5, SamplerKind::kReference)) {
    ASSERT_EQ(r.rule_sets[1].elected, (std::vector<CandidateId>{a1, b1}));
  }
}

TEST(RegionalBallots, RestrictToRegionsKeepsOnlyTheDistrictsCellsAndCandidates) {
  const Scenario sc = Load(TwoRegionYaml());
  const VoterModel model = VoterModel::Build(sc);
  const RunSample s = SampleRun(sc, model, sc.seed, 0);
  const RunSample a = RestrictToRegions(sc, s, {0});
  const size_t B = sc.blocs.size(), C = sc.candidates.size();
  ASSERT_EQ(a.ballots.size(), s.ballots.size());
  for (size_t cell = 0; cell < s.ballots.size(); ++cell) {
    const size_t region = cell / B;
    EXPECT_EQ(a.ballots[cell], region == 0 ? s.ballots[cell] : 0) << "cell " << cell;
    for (size_t c = 0; c < C; ++c) {
      const bool keep = sc.candidates[c].region == 0;
      EXPECT_EQ(a.weight[cell * C + c], keep ? s.weight[cell * C + c] : 0.0) << "cell " << cell << " cand " << c;
    }
    EXPECT_EQ(a.stop[cell], s.stop[cell]);
  }
  EXPECT_GT(a.total_ballots(), 0);
}

// --- Apportioned seats -------------------------------------------------------

// 22 seats by Sainte-Lague on members, min 1: quotas 11.0, 6.6, 3.3, 1.1.
TEST(RegionalApportion, SeatsPerRegionAsApportionedInEveryRun) {
  std::ostringstream cands;
  const std::vector<std::pair<std::string, int>> stand = {{"Big", 12}, {"Mid", 8}, {"Small", 4}, {"Tiny", 2}};
  for (const auto& [region, n] : stand) {
    for (int i = 0; i < n; ++i) {
      cands << "  - {name: " << region << i << ", gender: " << (i % 2 ? "m" : "f") << ", region: " << region
            << ", profile: " << (i % 3) * 0.5 << "}\n";
    }
  }
  const std::string text = Yaml(
      "  - {name: Big, members: 5000}\n"
      "  - {name: Mid, members: 3000}\n"
      "  - {name: Small, members: 1500}\n"
      "  - {name: Tiny, members: 500}\n",
      cands.str(),
      "  - name: apportioned\n"
      "    regional:\n"
      "      rule: ers97\n"
      "      apportion: {method: sainte-lague, seats: 22, by: members, min: 1}\n");
  const Scenario sc = Load(text);
  ASSERT_EQ(sc.rule_sets.size(), 1u);
  const RuleSetConfig& rs = sc.rule_sets[0];
  ASSERT_TRUE(rs.is_regional());
  EXPECT_EQ(rs.seats, 22);
  EXPECT_EQ(rs.national_seats, 0);
  EXPECT_EQ(rs.regional.district_seats, (std::vector<int>{11, 7, 3, 1}));
  EXPECT_EQ(rs.regional.apportionment, "22 seats by sainte-lague on members, min 1");
  // The same as models/regional/apportion.h says.
  auto direct = Apportion({"Big", "Mid", "Small", "Tiny"}, {5000, 3000, 1500, 500}, 22, ApportionMethod::kSainteLague, 1);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(*direct, rs.regional.district_seats);
  for (const RunRecord& r : Runs(sc, 10)) {
    const auto& e = r.rule_sets[0].elected;
    ASSERT_EQ(e.size(), 22u);
    EXPECT_TRUE(Distinct(e));
    EXPECT_EQ(PerRegion(sc, e), (std::vector<int>{11, 7, 3, 1}));
  }
}

// With min 0 a region may get no seat: it then needs no candidates, and its
// members vote in no district (their first preferences count nowhere).
TEST(RegionalApportion, ARegionWithoutSeatsElectsNobody) {
  const std::string text = Yaml(
      "  - {name: Big, members: 5000}\n"
      "  - {name: Mid, members: 3000}\n"
      "  - {name: Tiny, members: 100}\n",
      "  - {name: B1, gender: f, region: Big}\n"
      "  - {name: B2, gender: m, region: Big}\n"
      "  - {name: M1, gender: m, region: Mid}\n"
      "  - {name: M2, gender: f, region: Mid}\n"
      "  - {name: Free, gender: f}\n",
      "  - {name: dh, regional: {rule: block, apportion: {method: dhondt, seats: 3}}}\n");
  const Scenario sc = Load(text);
  EXPECT_EQ(sc.rule_sets[0].regional.district_seats, (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(sc.rule_sets[0].regional.apportionment, "3 seats by dhondt on members");
  for (const RunRecord& r : Runs(sc, 5)) {
    EXPECT_EQ(PerRegion(sc, r.rule_sets[0].elected), (std::vector<int>{2, 1, 0}));
    EXPECT_EQ(r.rule_sets[0].first_pref_share[static_cast<size_t>(Idx(sc, "Free"))], 0.0f);
  }
}

TEST(RegionalApportion, SeatsPerRegionFixesEveryDistrict) {
  const Scenario sc = Load(Yaml(kFourRegions, kMenLead, "  - {name: two, regional: {rule: block, seats_per_region: 2}}\n"));
  ASSERT_EQ(sc.rule_sets.size(), 1u);
  EXPECT_EQ(sc.rule_sets[0].regional.district_seats, (std::vector<int>{2, 2, 2, 2}));
  EXPECT_EQ(sc.rule_sets[0].seats, 8);
  for (const RunRecord& r : Runs(sc, 5)) EXPECT_EQ(PerRegion(sc, r.rule_sets[0].elected), (std::vector<int>{2, 2, 2, 2}));
}

// --- Zipping -----------------------------------------------------------------

TEST(RegionalZipping, WithoutAMechanismMenTakeEverySeat) {
  const Scenario sc = Load(Yaml(kFourRegions, kMenLead, "  - {name: fptp, regional: {rule: fptp}}\n"));
  for (const RunRecord& r : Runs(sc, 20)) {
    EXPECT_EQ(Women(sc, r.rule_sets[0].elected), 0);
    EXPECT_FALSE(r.rule_sets[0].constraints_changed);
  }
}

// Men lead everywhere, by different margins (the woman's profile varies):
// men's first-preference shares about 0.998 (R1), 0.993 (R2), 0.88 (R3),
// 0.70 (R4). Half of 4 is 2: the two weakest men (R4, then R3) give way, each
// to his region's woman with most first preferences (W4 over W4b).
TEST(RegionalZipping, WeakestMenGiveWayToTheirRegionsLeadingWoman) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1, profile: 3}\n"
      "  - {name: W1, gender: f, region: R1, profile: -3}\n"
      "  - {name: M2, gender: m, region: R2, profile: 3}\n"
      "  - {name: W2, gender: f, region: R2, profile: -2}\n"
      "  - {name: M3, gender: m, region: R3, profile: 3}\n"
      "  - {name: W3, gender: f, region: R3, profile: 1}\n"
      "  - {name: M4, gender: m, region: R4, profile: 3}\n"
      "  - {name: W4, gender: f, region: R4, profile: 2}\n"
      "  - {name: W4b, gender: f, region: R4, profile: 0}\n";
  const Scenario sc = Load(Yaml(kFourRegions, cands,
                                "  - {name: plain, regional: {rule: fptp}}\n"
                                "  - {name: zipped, regional: {rule: fptp, gender: zipping}}\n"));
  ASSERT_EQ(sc.rule_sets.size(), 2u);
  EXPECT_EQ(sc.rule_sets[1].regional.gender, RegionalGender::kZipping);
  for (const RunRecord& r : Runs(sc, 20)) {
    EXPECT_EQ(Join(Names(sc, r.rule_sets[0].elected)), "M1,M2,M3,M4");
    EXPECT_FALSE(r.rule_sets[0].constraints_changed);
    // Region order is kept: each district's seat stays with its region.
    EXPECT_EQ(r.rule_sets[1].elected, (std::vector<CandidateId>{Idx(sc, "M1"), Idx(sc, "M2"), Idx(sc, "W3"),
                                                                Idx(sc, "W4")}));
    EXPECT_TRUE(r.rule_sets[1].constraints_changed);
  }
}

TEST(RegionalZipping, BalanceHoldsInEveryRunWithAnOddNumberOfRegions) {
  const std::string regions = std::string(kFourRegions) + "  - {name: R5, members: 2000}\n";
  const std::string cands = std::string(kMenLead) +
                            "  - {name: M5, gender: m, region: R5, profile: 3}\n"
                            "  - {name: W5, gender: f, region: R5, profile: 0}\n";
  const Scenario sc = Load(Yaml(regions, cands, "  - {name: zipped, regional: {gender: zipping}}\n"));
  for (const RunRecord& r : Runs(sc, 20)) {
    const auto& e = r.rule_sets[0].elected;
    EXPECT_EQ(Women(sc, e), WomenMinimum(5));  // 3 of 5
    EXPECT_EQ(PerRegion(sc, e), (std::vector<int>{1, 1, 1, 1, 1}));
    EXPECT_TRUE(r.rule_sets[0].constraints_changed);
  }
}

TEST(RegionalZipping, NothingChangesWhenWomenAlreadyHoldHalf) {
  const std::string cands =
      "  - {name: W1, gender: f, region: R1, profile: 3}\n"
      "  - {name: M1, gender: m, region: R1, profile: 0}\n"
      "  - {name: W2, gender: f, region: R2, profile: 3}\n"
      "  - {name: M2, gender: m, region: R2, profile: 0}\n"
      "  - {name: M3, gender: m, region: R3, profile: 3}\n"
      "  - {name: W3, gender: f, region: R3, profile: 0}\n"
      "  - {name: M4, gender: m, region: R4, profile: 3}\n"
      "  - {name: W4, gender: f, region: R4, profile: 0}\n";
  const Scenario sc = Load(Yaml(kFourRegions, cands, "  - {name: zipped, regional: {gender: zipping}}\n"));
  for (const RunRecord& r : Runs(sc, 20)) {
    EXPECT_EQ(Join(Names(sc, r.rule_sets[0].elected)), "M3,M4,W1,W2");
    EXPECT_FALSE(r.rule_sets[0].constraints_changed);
  }
}

// The documented fallback: regions without a woman candidate are passed over;
// when no region is left the shortfall stands (here 1 woman of the 2 needed).
TEST(RegionalZipping, TooFewWomenCandidatesLeaveAShortfall) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1, profile: 3}\n"
      "  - {name: W1, gender: f, region: R1, profile: 0}\n"
      "  - {name: M2, gender: m, region: R2, profile: 3}\n"
      "  - {name: M2b, gender: m, region: R2, profile: 0}\n"
      "  - {name: M3, gender: m, region: R3, profile: 3}\n"
      "  - {name: M4, gender: m, region: R4, profile: 3}\n";
  const Scenario sc = Load(Yaml(kFourRegions, cands, "  - {name: zipped, regional: {gender: zipping}}\n"));
  for (const RunRecord& r : Runs(sc, 20)) {
    EXPECT_EQ(Join(Names(sc, r.rule_sets[0].elected)), "M2,M3,M4,W1");
    EXPECT_EQ(Women(sc, r.rule_sets[0].elected), 1);  // short of WomenMinimum(4) = 2
    EXPECT_TRUE(r.rule_sets[0].constraints_changed);
  }
}

TEST(RegionalZipping, WithNoWomanCandidateAtAllNothingChanges) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1}\n"
      "  - {name: M2, gender: m, region: R2}\n"
      "  - {name: M3, gender: m, region: R3}\n"
      "  - {name: M4, gender: m, region: R4}\n";
  const Scenario sc = Load(Yaml(kFourRegions, cands, "  - {name: zipped, regional: {gender: zipping}}\n"));
  for (const RunRecord& r : Runs(sc, 3)) {
    EXPECT_EQ(Women(sc, r.rule_sets[0].elected), 0);
    EXPECT_FALSE(r.rule_sets[0].constraints_changed);
  }
}

// --- Pairing -----------------------------------------------------------------

const char* const kPairs =
    "  - name: paired\n"
    "    regional:\n"
    "      rule: block\n"
    "      gender: pairing\n"
    "      pairs: [[R1, R2], [R3, R4]]\n";

TEST(RegionalPairing, EachPairElectsOneWomanAndOneManInEveryRun) {
  const Scenario sc = Load(Yaml(kFourRegions, kMenLead, std::string("  - {name: plain, regional: {rule: fptp}}\n") + kPairs));
  ASSERT_EQ(sc.rule_sets.size(), 2u);
  const RegionalDesign& d = sc.rule_sets[1].regional;
  EXPECT_EQ(d.gender, RegionalGender::kPairing);
  EXPECT_EQ(d.districts, (std::vector<std::vector<int>>{{0, 1}, {2, 3}}));
  EXPECT_EQ(d.district_seats, (std::vector<int>{2, 2}));
  EXPECT_EQ(sc.rule_sets[1].seats, 4);
  int changed = 0;
  for (const RunRecord& r : Runs(sc, 20)) {
    EXPECT_EQ(Women(sc, r.rule_sets[0].elected), 0);
    const auto& e = r.rule_sets[1].elected;
    ASSERT_EQ(e.size(), 4u);
    // Districts in order, so e[0..1] is the first pair, e[2..3] the second.
    for (int pair = 0; pair < 2; ++pair) {
      std::vector<CandidateId> two = {e[2 * pair], e[2 * pair + 1]};
      EXPECT_EQ(Women(sc, two), 1) << "pair " << pair;
      for (CandidateId c : two) {
        const int region = sc.candidates[c].region;
        EXPECT_TRUE(region == 2 * pair || region == 2 * pair + 1) << sc.candidates[c].name;
      }
    }
    // Without the pairing rule the two men of each pair would win.
    EXPECT_TRUE(r.rule_sets[1].constraints_changed);
    changed += r.rule_sets[1].constraints_changed;
  }
  EXPECT_EQ(changed, 20);
}

// A pair's two winners may both come from one of its regions (the pair, not
// each region, is the district): R1's man and woman both beat R2's candidates.
// (In R3 + R4 a man and a woman lead too, so the rule never acts.)
TEST(RegionalPairing, APairsTwoWinnersMayComeFromOneRegion) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1, profile: 4}\n"
      "  - {name: W1, gender: f, region: R1, profile: 4}\n"
      "  - {name: M2, gender: m, region: R2, profile: 0}\n"
      "  - {name: W2, gender: f, region: R2, profile: 0}\n"
      "  - {name: M3, gender: m, region: R3, profile: 3}\n"
      "  - {name: W3, gender: f, region: R3, profile: 0}\n"
      "  - {name: M4, gender: m, region: R4, profile: 0}\n"
      "  - {name: W4, gender: f, region: R4, profile: 3}\n";
  const Scenario sc = Load(Yaml(kFourRegions, cands, kPairs));
  for (const RunRecord& r : Runs(sc, 10)) {
    const std::vector<int> n = PerRegion(sc, r.rule_sets[0].elected);
    EXPECT_EQ(n[0], 2);
    EXPECT_EQ(n[1], 0);
    EXPECT_EQ(Join(Names(sc, r.rule_sets[0].elected)), "M1,M3,W1,W4");
    EXPECT_FALSE(r.rule_sets[0].constraints_changed);  // a man and a woman led anyway
  }
}

// A one-region "pair" elects one, with no gender condition.
TEST(RegionalPairing, ASingleRegionPairElectsOneOfEitherGender) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: paired\n"
                                "    regional: {rule: block, gender: pairing, pairs: [[R1, R2], [R3], [R4]]}\n");
  const Scenario sc = Load(text);
  EXPECT_EQ(sc.rule_sets[0].regional.district_seats, (std::vector<int>{2, 1, 1}));
  for (const RunRecord& r : Runs(sc, 10)) {
    const std::set<std::string> names = Names(sc, r.rule_sets[0].elected);
    EXPECT_TRUE(names.count("M3") && names.count("M4"));
    EXPECT_EQ(Women(sc, r.rule_sets[0].elected), 1);
  }
}

// --- Two per region ----------------------------------------------------------

TEST(RegionalTwoPerRegion, OneWomanAndOneManFromEveryRegion) {
  std::ostringstream cands;
  for (int r = 1; r <= 4; ++r) {
    cands << "  - {name: M" << r << ", gender: m, region: R" << r << ", profile: 3}\n"
          << "  - {name: N" << r << ", gender: m, region: R" << r << ", profile: 3}\n"
          << "  - {name: W" << r << ", gender: f, region: R" << r << ", profile: 0}\n";
  }
  const Scenario sc = Load(Yaml(kFourRegions, cands.str(),
                                "  - {name: plain, regional: {rule: block, seats_per_region: 2}}\n"
                                "  - {name: two, regional: {rule: block, gender: two_per_region}}\n"));
  ASSERT_EQ(sc.rule_sets.size(), 2u);
  EXPECT_EQ(sc.rule_sets[1].regional.district_seats, (std::vector<int>{2, 2, 2, 2}));
  EXPECT_EQ(sc.rule_sets[1].seats, 8);
  for (const RunRecord& r : Runs(sc, 20)) {
    EXPECT_EQ(Women(sc, r.rule_sets[0].elected), 0);
    const auto& e = r.rule_sets[1].elected;
    EXPECT_EQ(PerRegion(sc, e), (std::vector<int>{2, 2, 2, 2}));
    for (size_t d = 0; d < 4; ++d) {
      EXPECT_EQ(Women(sc, {e[2 * d], e[2 * d + 1]}), 1) << "region " << d;
    }
    EXPECT_TRUE(r.rule_sets[1].constraints_changed);
  }
}

TEST(RegionalTwoPerRegion, DefaultFptpRuleElectsTheTopOfEachGender) {
  std::ostringstream cands;
  for (int r = 1; r <= 4; ++r) {
    cands << "  - {name: M" << r << ", gender: m, region: R" << r << ", profile: 3}\n"
          << "  - {name: N" << r << ", gender: m, region: R" << r << ", profile: 2}\n"
          << "  - {name: W" << r << ", gender: f, region: R" << r << ", profile: 0}\n";
  }
  const Scenario sc = Load(Yaml(kFourRegions, cands.str(), "  - {name: two, regional: {gender: two_per_region}}\n"));
  EXPECT_EQ(sc.rule_sets[0].regional.rule, Rule::kFptp);
  for (const RunRecord& r : Runs(sc, 10)) {
    EXPECT_EQ(Join(Names(sc, r.rule_sets[0].elected)), "M1,M2,M3,M4,W1,W2,W3,W4");
  }
}

// --- National seats: top-up and hybrid ---------------------------------------

// Regional FPTP elects W1 and three men; 7 seats in all, half is 4, so the
// 3 national seats must all go to women, although the national favourite is
// a man without a region (NatM).
const char* const kTopUpCands =
    "  - {name: W1, gender: f, region: R1, profile: 3}\n"
    "  - {name: M1, gender: m, region: R1, profile: 0}\n"
    "  - {name: M2, gender: m, region: R2, profile: 3}\n"
    "  - {name: W2, gender: f, region: R2, profile: 0}\n"
    "  - {name: M3, gender: m, region: R3, profile: 3}\n"
    "  - {name: W3, gender: f, region: R3, profile: 0}\n"
    "  - {name: M4, gender: m, region: R4, profile: 3}\n"
    "  - {name: W4, gender: f, region: R4, profile: 0}\n"
    "  - {name: NatM, gender: m, profile: 5}\n"
    "  - {name: NatW, gender: f, profile: 0}\n";

TEST(RegionalNational, TopUpRestoresTheWomensMinimumInEveryRun) {
  const Scenario sc = Load(Yaml(kFourRegions, kTopUpCands,
                                "  - name: hybrid\n"
                                "    regional: {rule: fptp}\n"
                                "    national: {seats: 3, rule: ers97}\n"
                                "  - name: topup\n"
                                "    regional: {rule: fptp}\n"
                                "    national: {seats: 3, rule: ers97}\n"
                                "    women_min: half\n"));
  ASSERT_EQ(sc.rule_sets.size(), 2u);
  const RuleSetConfig& topup = sc.rule_sets[1];
  EXPECT_EQ(topup.seats, 7);
  EXPECT_EQ(topup.national_seats, 3);
  EXPECT_EQ(topup.regional_seats(), 4);
  EXPECT_EQ(topup.women_min, 4);
  EXPECT_EQ(topup.national_rule, Rule::kErs97);
  EXPECT_EQ(sc.rule_sets[0].women_min, -1);
  for (const RunRecord& r : Runs(sc, 20)) {
    const auto& plain = r.rule_sets[0].elected;
    ASSERT_EQ(plain.size(), 7u);
    EXPECT_TRUE(Names(sc, plain).count("NatM"));  // without the minimum the favourite wins a national seat
    EXPECT_LT(Women(sc, plain), 4);
    const auto& e = r.rule_sets[1].elected;
    ASSERT_EQ(e.size(), 7u);
    EXPECT_TRUE(Distinct(e));
    EXPECT_EQ(std::vector<CandidateId>(e.begin(), e.begin() + 4),
              (std::vector<CandidateId>{Idx(sc, "W1"), Idx(sc, "M2"), Idx(sc, "M3"), Idx(sc, "M4")}));
    EXPECT_EQ(Women(sc, {e.begin() + 4, e.end()}), 3);
    EXPECT_EQ(Women(sc, e), 4);
    EXPECT_TRUE(r.rule_sets[1].constraints_changed);
  }
}

// When the regional seats leave women further behind than the national seats
// can make up, every national seat goes to a woman and the shortfall stands:
// regional FPTP elects 4 men, half of 6 is 3, but only 2 national seats.
TEST(RegionalNational, TopUpClampedToTheNationalSeats) {
  const Scenario sc = Load(Yaml(kFourRegions, std::string(kMenLead) + "  - {name: NatM, gender: m, profile: 5}\n",
                                "  - name: topup\n"
                                "    regional: {rule: fptp}\n"
                                "    national: {seats: 2}\n"
                                "    women_min: half\n"));
  EXPECT_EQ(sc.rule_sets[0].women_min, 3);
  for (const RunRecord& r : Runs(sc, 20)) {
    const auto& e = r.rule_sets[0].elected;
    ASSERT_EQ(e.size(), 6u);
    EXPECT_EQ(Women(sc, {e.begin(), e.begin() + 4}), 0);
    EXPECT_EQ(Women(sc, {e.begin() + 4, e.end()}), 2);
    EXPECT_EQ(Women(sc, e), 2);  // short of 3
    EXPECT_TRUE(r.rule_sets[0].constraints_changed);
  }
}

TEST(RegionalNational, HybridNationalWinnersAreNeverRegionalWinners) {
  std::ostringstream cands;
  for (int r = 1; r <= 4; ++r) {
    // Strong regional candidates, who would also top a national count.
    cands << "  - {name: A" << r << ", gender: f, region: R" << r << ", profile: " << 1 + r % 2 << "}\n"
          << "  - {name: B" << r << ", gender: m, region: R" << r << ", profile: " << 1 + (r + 1) % 2 << "}\n"
          << "  - {name: C" << r << ", gender: m, region: R" << r << ", profile: 0.5}\n";
  }
  cands << "  - {name: Free, gender: f, profile: 1}\n";
  const Scenario sc = Load(Yaml(kFourRegions, cands.str(),
                                "  - name: hybrid\n"
                                "    regional: {rule: ers97, seats_per_region: 1}\n"
                                "    national: {seats: 5, rule: meek}\n"));
  const RuleSetConfig& rs = sc.rule_sets[0];
  EXPECT_EQ(rs.seats, 9);
  EXPECT_EQ(rs.regional_seats(), 4);
  EXPECT_EQ(rs.national_rule, Rule::kMeek);
  for (const RunRecord& r : Runs(sc, 20)) {
    const auto& e = r.rule_sets[0].elected;
    ASSERT_EQ(e.size(), 9u);
    EXPECT_TRUE(Distinct(e));
    const std::vector<CandidateId> regional(e.begin(), e.begin() + 4), national(e.begin() + 4, e.end());
    EXPECT_EQ(PerRegion(sc, regional), (std::vector<int>{1, 1, 1, 1}));
    for (CandidateId c : national) {
      EXPECT_EQ(std::count(regional.begin(), regional.end(), c), 0) << sc.candidates[c].name;
    }
    EXPECT_FALSE(r.rule_sets[0].constraints_changed);
  }
}

TEST(RegionalNational, DirectCallMatchesSimulateRun) {
  const Scenario sc = Load(Yaml(kFourRegions, kTopUpCands,
                                "  - {name: topup, regional: {rule: fptp}, national: {seats: 3}, women_min: half}\n"));
  const VoterModel model = VoterModel::Build(sc);
  const RunSample s = SampleRun(sc, model, sc.seed, 4);
  // The fast sampler's trees over each district's restricted sample, as the
  // engine gives them.
  class FastDistricts final : public DistrictBallots {
   public:
    FastDistricts(const Scenario& sc, const RunSample& s) : sc_(sc), s_(s) {}
    BallotTree* Tree(const std::vector<int>* regions, uint32_t) override {
      samples_.push_back(std::make_unique<RunSample>(regions ? RestrictToRegions(sc_, s_, *regions) : s_));
      trees_.push_back(std::make_unique<SampledBallots>(*samples_.back(), sc_.seed, 4));
      return &trees_.back()->tree;
    }

   private:
    const Scenario& sc_;
    const RunSample& s_;
    std::vector<std::unique_ptr<RunSample>> samples_;
    std::vector<std::unique_ptr<SampledBallots>> trees_;
  } districts(sc, s);
  const RegionalCount direct = CountRegionalRuleSet(sc, sc.rule_sets[0], 0, sc.CountCandidates(), districts, sc.seed, 4);
  const RunRecord via = SimulateRun(sc, model, sc.seed, 4, SamplerKind::kFast);
  EXPECT_EQ(direct.elected, via.rule_sets[0].elected);
  EXPECT_EQ(direct.constraints_changed, via.rule_sets[0].constraints_changed);
  // First preferences are those of the regional counts: their shares are the
  // run's, sum to 1, and the national-only candidates have none.
  double total = 0;
  for (double v : direct.first_preferences) total += v;
  ASSERT_GT(total, 0);
  double sum = 0;
  for (size_t c = 0; c < direct.first_preferences.size(); ++c) {
    const float share = static_cast<float>(direct.first_preferences[c] / total);
    EXPECT_EQ(share, via.rule_sets[0].first_pref_share[c]) << sc.candidates[c].name;
    sum += share;
  }
  EXPECT_NEAR(sum, 1.0, 1e-5);
  EXPECT_EQ(direct.first_preferences[static_cast<size_t>(Idx(sc, "NatM"))], 0.0);
}

// --- Simulate ------------------------------------------------------------------

TEST(RegionalSimulate, TallyCountsWomenAndTheMechanismInEveryRun) {
  const Scenario sc = Load(Yaml(kFourRegions, kMenLead,
                                std::string("  - {name: plain, regional: {rule: fptp}}\n"
                                            "  - {name: zipped, regional: {gender: zipping}}\n"
                                            "  - {name: two, regional: {gender: two_per_region}}\n") +
                                    kPairs));
  EngineOptions opt;
  opt.runs = 40;
  opt.seed = sc.seed;
  opt.threads = 2;
  opt.backend = Backend::kSerial;
  auto res = Simulate(sc, opt);
  ASSERT_TRUE(res.ok()) << res.error().ToString();
  const Tally& t = res->tally;
  ASSERT_EQ(t.runs, 40);
  EXPECT_EQ(t.rule_sets[0].women[0], 40);
  EXPECT_EQ(t.rule_sets[0].constraints_changed, 0);
  EXPECT_EQ(t.rule_sets[1].women[2], 40);
  EXPECT_EQ(t.rule_sets[1].constraints_changed, 40);
  EXPECT_EQ(t.rule_sets[2].women[4], 40);
  // Two candidates for two seats in every region: nothing for the rule to change.
  EXPECT_EQ(t.rule_sets[2].constraints_changed, 0);
  EXPECT_EQ(t.rule_sets[3].women[2], 40);
  EXPECT_EQ(t.rule_sets[3].constraints_changed, 40);
  for (size_t g = 0; g < 4; ++g) {
    EXPECT_EQ(t.rule_sets[0].region_seats[g], 40);   // one seat each, every run
    EXPECT_EQ(t.rule_sets[2].region_seats[g], 80);   // two each
  }
}

// --- Load-time errors ----------------------------------------------------------

TEST(RegionalErrors, RegionWithNoCandidates) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1}\n"
      "  - {name: M2, gender: m, region: R2}\n"
      "  - {name: M3, gender: m, region: R3}\n"
      "  - {name: X, gender: m}\n";
  const std::string text = Yaml(kFourRegions, cands, "  - {name: reg, regional: {rule: fptp}}\n");
  ExpectError(LoadError(text), Find(text, "{rule: fptp}"), "rule_sets[0].regional", "region 'R4' has no candidates");
}

TEST(RegionalErrors, FewerCandidatesThanSeats) {
  const std::string cands = std::string(kMenLead) + "  - {name: M4b, gender: m, region: R4}\n";
  const std::string text = Yaml(kFourRegions, cands, "  - {name: reg, regional: {rule: block, seats_per_region: 3}}\n");
  ExpectError(LoadError(text), Find(text, "{rule: block"), "rule_sets[0].regional",
              "region 'R1' elects 3 but has only 2 candidate(s)");
}

TEST(RegionalErrors, ApportionedSeatsAboveARegionsCandidates) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: reg\n"
                                "    regional:\n"
                                "      rule: ers97\n"
                                "      apportion: {method: dhondt, seats: 12}\n");
  ExpectError(LoadError(text), Find(text, "rule: ers97"), "rule_sets[0].regional",
              "region 'R1' elects 3 but has only 2 candidate(s)");
}

TEST(RegionalErrors, UnknownRegionInPairs) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: paired\n"
                                "    regional: {gender: pairing, pairs: [[R1, R2], [R3, Atlantis]]}\n");
  ExpectError(LoadError(text), Find(text, "Atlantis"), "rule_sets[0].regional.pairs", "unknown region 'Atlantis'");
}

TEST(RegionalErrors, RegionInTwoPairs) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: paired\n"
                                "    regional: {gender: pairing, pairs: [[R1, R2], [R3, R4], [R2]]}\n");
  ExpectError(LoadError(text), FindAt(text, "[R2]]", 1), "rule_sets[0].regional.pairs", "region 'R2' is in two pairs");
}

TEST(RegionalErrors, RegionInNoPair) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: paired\n"
                                "    regional: {gender: pairing, pairs: [[R1, R2], [R3]]}\n");
  ExpectError(LoadError(text), Find(text, "[[R1"), "rule_sets[0].regional.pairs", "region 'R4' is in no pair");
}

TEST(RegionalErrors, PairingWithoutPairs) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: paired, regional: {gender: pairing}}\n");
  ExpectError(LoadError(text), Find(text, "{gender: pairing}"), "rule_sets[0].regional.pairs", "pairing needs 'pairs'");
}

TEST(RegionalErrors, PairOfThreeRegions) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: paired\n"
                                "    regional: {gender: pairing, pairs: [[R1, R2, R3], [R4]]}\n");
  ExpectError(LoadError(text), Find(text, "[R1, R2, R3]"), "rule_sets[0].regional.pairs", "one or two regions");
}

TEST(RegionalErrors, PairsWithoutPairing) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, regional: {pairs: [[R1, R2], [R3, R4]]}}\n");
  ExpectError(LoadError(text), Find(text, "[[R1"), "rule_sets[0].regional.pairs", "only for gender: pairing");
}

TEST(RegionalErrors, PairWithCandidatesOfOneGenderOnly) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1}\n"
      "  - {name: M2, gender: m, region: R2}\n"
      "  - {name: M3, gender: m, region: R3}\n"
      "  - {name: W4, gender: f, region: R4}\n";
  const std::string text = Yaml(kFourRegions, cands,
                                "  - name: paired\n"
                                "    regional: {gender: pairing, pairs: [[R1, R2], [R3, R4]]}\n");
  ExpectError(LoadError(text), Find(text, "pairing,"), "rule_sets[0].regional.gender",
              "'R1 + R2' must elect a woman and a man but has candidates of one gender only");
}

TEST(RegionalErrors, TwoPerRegionWithARegionOfOneGender) {
  const std::string cands =
      "  - {name: M1, gender: m, region: R1}\n"
      "  - {name: W1, gender: f, region: R1}\n"
      "  - {name: M2, gender: m, region: R2}\n"
      "  - {name: W2, gender: f, region: R2}\n"
      "  - {name: M3, gender: m, region: R3}\n"
      "  - {name: N3, gender: m, region: R3}\n"
      "  - {name: M4, gender: m, region: R4}\n"
      "  - {name: W4, gender: f, region: R4}\n";
  const std::string text = Yaml(kFourRegions, cands, "  - {name: two, regional: {gender: two_per_region}}\n");
  ExpectError(LoadError(text), Find(text, "two_per_region"), "rule_sets[0].regional.gender",
              "'R3' must elect a woman and a man");
}

TEST(RegionalErrors, TwoPerRegionWithSeatsPerRegion) {
  const std::string text =
      Yaml(kFourRegions, kMenLead, "  - {name: two, regional: {gender: two_per_region, seats_per_region: 2}}\n");
  ExpectError(LoadError(text), Find(text, "two_per_region"), "rule_sets[0].regional.gender", "fixes 2 seats per region");
}

TEST(RegionalErrors, ZippingWithApportionedSeats) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: z\n"
                                "    regional: {gender: zipping, apportion: {method: hamilton, seats: 4}}\n");
  ExpectError(LoadError(text), Find(text, "zipping"), "rule_sets[0].regional.gender", "uses 1 seat per region");
}

TEST(RegionalErrors, UnknownGenderMechanism) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: z, regional: {gender: alternating}}\n");
  ExpectError(LoadError(text), Find(text, "alternating"), "rule_sets[0].regional.gender",
              "unknown gender mechanism 'alternating'");
}

TEST(RegionalErrors, SeatsPerRegionAndApportionTogether) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: z\n"
                                "    regional: {seats_per_region: 1, apportion: {method: hamilton, seats: 4}}\n");
  ExpectError(LoadError(text), Find(text, "{method"), "rule_sets[0].regional", "not both");
}

TEST(RegionalErrors, ZeroMembers) {
  const std::string regions =
      "  - {name: R1, members: 2000}\n"
      "  - {name: R2, members: 0}\n"
      "  - {name: R3, members: 2000}\n"
      "  - {name: R4, members: 2000}\n";
  const std::string text = Yaml(regions, kMenLead, "  - {name: reg, regional: {rule: fptp}}\n");
  ExpectError(LoadError(text), FindAt(text, "members: 0}", 9), "regions[1].members", "region 'R2' has zero members");
}

TEST(RegionalErrors, RuleBesideRegional) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, rule: fptp, regional: {rule: fptp}}\n");
  ExpectError(LoadError(text), FindAt(text, "rule: fptp, regional", 6), "rule_sets[0].rule",
              "a regional rule set sets 'rule' inside 'regional:'");
}

TEST(RegionalErrors, SeatsBesideRegional) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, seats: 4, regional: {rule: fptp}}\n");
  ExpectError(LoadError(text), FindAt(text, "seats: 4", 7), "rule_sets[0].seats", "a regional rule set sets 'seats'");
}

TEST(RegionalErrors, MaxPerRegionBesideRegional) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, max_per_region: 1, regional: {rule: fptp}}\n");
  ExpectError(LoadError(text), FindAt(text, "max_per_region: 1", 16), "rule_sets[0].max_per_region",
              "a regional rule set sets 'max_per_region'");
}

TEST(RegionalErrors, WomenMinWithoutNationalSeats) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, regional: {rule: fptp}, women_min: half}\n");
  ExpectError(LoadError(text), Find(text, "half"), "rule_sets[0].women_min", "national top-up seats");
}

TEST(RegionalErrors, NationalWithoutRegional) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: n, rule: ers97, seats: 3, national: {seats: 2}}\n");
  ExpectError(LoadError(text), Find(text, "{seats: 2}"), "rule_sets[0].national", "need a 'regional' design");
}

TEST(RegionalErrors, NationalWithoutSeats) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: n, regional: {rule: fptp}, national: {rule: meek}}\n");
  ExpectError(LoadError(text), Find(text, "{rule: meek}"), "rule_sets[0].national.seats", "missing 'seats'");
}

TEST(RegionalErrors, IrvWithTwoSeatsPerRegion) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, regional: {rule: irv, seats_per_region: 2}}\n");
  ExpectError(LoadError(text), Find(text, "irv"), "rule_sets[0].regional.rule", "irv elects one; 'R1' elects 2");
}

TEST(RegionalErrors, IrvPairing) {
  const std::string text = Yaml(kFourRegions, kMenLead,
                                "  - name: paired\n"
                                "    regional: {rule: irv, gender: pairing, pairs: [[R1, R2], [R3, R4]]}\n");
  ExpectError(LoadError(text), Find(text, "irv"), "rule_sets[0].regional.rule", "irv elects one; 'R1 + R2' elects 2");
}

TEST(RegionalErrors, NationalIrvWithTwoSeats) {
  const std::string text = Yaml(kFourRegions, kMenLead + std::string("  - {name: X, gender: f}\n"),
                                "  - {name: n, regional: {rule: fptp}, national: {seats: 2, rule: irv}}\n");
  ExpectError(LoadError(text), Find(text, "{seats: 2, rule: irv}"), "rule_sets[0].national.rule", "irv elects one");
}

TEST(RegionalErrors, UnknownKeyInRegional) {
  const std::string text = Yaml(kFourRegions, kMenLead, "  - {name: reg, regional: {rule: fptp, seat: 2}}\n");
  ExpectError(LoadError(text), Find(text, "seat:"), "rule_sets[0].regional.seat", "unknown key 'seat'");
}

// irv in single-seat districts is valid: the "irv elects exactly one" check
// applies to each district, not to the rule set's total seats (regression:
// the rule-set loop once applied it to the total and refused this design).
TEST(RegionalLoad, IrvWithOneSeatPerRegionLoadsAndCounts) {
  auto r = LoadScenarioText(Yaml(kFourRegions, kMenLead, "  - {name: reg, regional: {rule: irv}}\n"), "test.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->rule_sets[0].regional.rule, Rule::kIrv);
  EXPECT_EQ(r->rule_sets[0].seats, 4);
  for (const RunRecord& rec : Runs(*r, 3)) EXPECT_EQ(Join(Names(*r, rec.rule_sets[0].elected)), "M1,M2,M3,M4");
}

// --- The shipped scenario ------------------------------------------------------

TEST(RegionalScenario, Regionalisation2018Loads) {
  auto r = LoadScenarioFile(std::string(NECSIM_SOURCE_DIR) + "/scenarios/regionalisation_2018.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const Scenario& sc = *r;
  EXPECT_EQ(sc.name, "regionalisation_2018");
  ASSERT_EQ(sc.regions.size(), 11u);
  ASSERT_EQ(sc.rule_sets.size(), 5u);
  EXPECT_FALSE(sc.rule_sets[0].is_regional());
  EXPECT_FALSE(sc.rule_sets[1].is_regional());

  const RuleSetConfig& fptp = sc.rule_sets[static_cast<size_t>(RuleSetIdx(sc, "regional_fptp_11"))];
  ASSERT_TRUE(fptp.is_regional());
  EXPECT_EQ(fptp.seats, 11);
  EXPECT_EQ(fptp.regional.rule, Rule::kFptp);
  EXPECT_EQ(fptp.regional.districts.size(), 11u);

  const RuleSetConfig& pairing = sc.rule_sets[static_cast<size_t>(RuleSetIdx(sc, "regional_pairing_11"))];
  EXPECT_EQ(pairing.regional.gender, RegionalGender::kPairing);
  EXPECT_EQ(pairing.regional.district_seats, (std::vector<int>{2, 2, 2, 2, 2, 1}));
  EXPECT_EQ(pairing.seats, 11);

  const RuleSetConfig& hybrid = sc.rule_sets[static_cast<size_t>(RuleSetIdx(sc, "hybrid_topup"))];
  EXPECT_EQ(hybrid.seats, 14);
  EXPECT_EQ(hybrid.national_seats, 3);
  EXPECT_EQ(hybrid.regional_seats(), 11);
  EXPECT_EQ(hybrid.women_min, 7);
  EXPECT_EQ(hybrid.national_rule, Rule::kErs97);

  // A few runs: the structural properties hold.
  const int kp = RuleSetIdx(sc, "regional_pairing_11"), kh = RuleSetIdx(sc, "hybrid_topup");
  const int kf = RuleSetIdx(sc, "regional_fptp_11");
  for (const RunRecord& rec : Runs(sc, 5)) {
    EXPECT_EQ(PerRegion(sc, rec.rule_sets[static_cast<size_t>(kf)].elected), std::vector<int>(11, 1));
    const auto& p = rec.rule_sets[static_cast<size_t>(kp)].elected;
    ASSERT_EQ(p.size(), 11u);
    for (size_t pair = 0; pair < 5; ++pair) EXPECT_EQ(Women(sc, {p[2 * pair], p[2 * pair + 1]}), 1);
    const auto& h = rec.rule_sets[static_cast<size_t>(kh)].elected;
    ASSERT_EQ(h.size(), 14u);
    EXPECT_TRUE(Distinct(h));
    const int regional_women = Women(sc, {h.begin(), h.begin() + 11});
    EXPECT_GE(Women(sc, {h.begin() + 11, h.end()}), std::min(3, std::max(0, 7 - regional_women)));
  }
}

}  // namespace
}  // namespace necsim
