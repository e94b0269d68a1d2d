// ERS97 (Electoral Reform Society, 1997, section 5) worked examples. Every
// number below can be checked by hand: votes are in hundredths of a paper,
// quota = total valid vote / (seats + 1) rounded up to 0.01 (5.1.6), transfer
// value = surplus / transferable papers truncated to 0.01 (5.3.7).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "counting/count.h"
#include "core/election.h"

namespace necsim {
namespace {

// An election from lines like {"A B C", 12}: candidates are single letters.
Election Make(int seats, int num_candidates, const std::vector<std::pair<std::string, int>>& lines) {
  Election e;
  e.seats = seats;
  for (int i = 0; i < num_candidates; ++i) {
    Candidate c;
    c.name = std::string(1, static_cast<char>('A' + i));
    e.candidates.push_back(c);
  }
  for (const auto& [prefs, weight] : lines) {
    Ballot b;
    b.weight = weight;
    for (char ch : prefs) {
      if (ch != ' ') b.prefs.push_back(ch - 'A');
    }
    e.ballots.push_back(b);
  }
  return e;
}

CountResult CountIt(const Election& e, CountOptions o = {}, uint64_t seed = 1) {
  o.seats = e.seats;
  Stream lots(seed, 0, StreamPurpose::kLots);
  auto r = CountElection(Rule::kErs97, e, o, lots);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : CountResult{};
}

std::set<CandidateId> Elected(const CountResult& r) { return {r.elected.begin(), r.elected.end()}; }

constexpr CandidateId A = 0, B = 1, C = 2, D = 3, E = 4;

TEST(Ers97Test, QuotaIsRoundedUpToTwoDecimals) {
  // 10 valid votes, 2 seats: 10 / 3 = 3.333... -> 3.34 (remainder: ignore it, add 0.01).
  EXPECT_EQ(CountIt(Make(2, 3, {{"A", 4}, {"B", 3}, {"C", 3}})).quota, "3.34");
  // 12 votes, 3 seats: 12 / 4 = 3 exactly -> 3.00.
  EXPECT_EQ(CountIt(Make(3, 4, {{"A", 3}, {"B", 3}, {"C", 3}, {"D", 3}})).quota, "3.00");
  // 10376 votes, 4 seats -> 2075.20 (Baillieston 2007).
  EXPECT_EQ(CountIt(Make(4, 5, {{"A", 3000}, {"B", 2500}, {"C", 2000}, {"D", 1876}, {"E", 1000}})).quota,
            "2075.20");
}

TEST(Ers97Test, FirstStageSurplusTransfersAllPapersTruncated) {
  // A B x8, A C x3, A x1 (A = 12), B x2, C x4, D x5: 23 votes, 2 seats.
  // Quota 23/3 = 7.666.. -> 7.67. A's surplus 12 - 7.67 = 4.33.
  // Deferral? lowest B=2: 4.33+2 = 6.33 > C's 4; B+C: 10.33 > D's 5: no.
  // Transferable papers 11 (value 11 > 4.33): 4.33/11 = 0.393.. -> 0.39.
  // B: 2 + 8 x 0.39 = 5.12; C: 4 + 3 x 0.39 = 5.17; lost to rounding 4.33 - 4.29 = 0.04.
  const auto r = CountIt(Make(2, 4, {{"A B", 8}, {"A C", 3}, {"A", 1}, {"B", 2}, {"C", 4}, {"D", 5}}));
  ASSERT_GE(r.stages.size(), 2u);
  EXPECT_EQ(r.quota, "7.67");
  EXPECT_EQ(r.stages[0].kind, "first");
  EXPECT_EQ(r.stages[0].elected, std::vector<CandidateId>{A});
  const Stage& s = r.stages[1];
  EXPECT_EQ(s.kind, "surplus");
  EXPECT_EQ(s.subjects, std::vector<CandidateId>{A});
  EXPECT_NE(s.description.find("0.39"), std::string::npos) << s.description;
  EXPECT_EQ(s.votes[A], "7.67");
  EXPECT_EQ(s.votes[B], "5.12");
  EXPECT_EQ(s.votes[C], "5.17");
  EXPECT_EQ(s.votes[D], "5.00");
  EXPECT_EQ(s.non_transferable, "0.04");
  // Stage 3: exclude D (5 <= 5.12; D+B = 10.12 > 5.17); D's papers are
  // non-transferable (NT 5.04). Total active vote 5.12 + 5.17 = 10.29; one place
  // left: 10.29 / 2 -> 5.15, and C's 5.17 reaches it (5.4.9(b)).
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[2].kind, "exclusion");
  EXPECT_EQ(r.stages[2].subjects, std::vector<CandidateId>{D});
  EXPECT_EQ(r.stages[2].non_transferable, "5.04");
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{A, C}));
  EXPECT_EQ(r.elected_stage, (std::vector<int>{1, 3}));
  EXPECT_EQ(r.final_votes[C], "5.17");
  EXPECT_EQ(r.final_votes[B], "5.12");
  EXPECT_EQ(r.stages[2].states[B], CandidateState::kExcluded);  // 5.5.2
}

TEST(Ers97Test, LaterSurplusTransfersOnlyTheLastParcelReceived) {
  // A B C x12, B D x5, C x4, D x4, E x3: 28 votes, 3 seats, quota 28/4 = 7.00.
  // Stage 2: A's surplus 5.00 over 12 papers: 0.416.. -> 0.41. B = 5 + 4.92 = 9.92
  //   (elected), lost 0.08.
  // Stage 3: B's surplus 2.92 comes only from the last parcel (the 12 papers
  //   from A, now worth 0.41 each, next preference C): 2.92/12 = 0.243.. -> 0.24.
  //   C = 4 + 2.88 = 6.88; D keeps 4 (B's own B D papers are not examined);
  //   lost 0.04 (NT 0.12).
  const auto r = CountIt(Make(3, 5, {{"A B C", 12}, {"B D", 5}, {"C", 4}, {"D", 4}, {"E", 3}}));
  ASSERT_GE(r.stages.size(), 3u);
  EXPECT_EQ(r.quota, "7.00");
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{A});
  EXPECT_EQ(r.stages[1].votes[B], "9.92");
  EXPECT_EQ(r.stages[1].elected, std::vector<CandidateId>{B});
  EXPECT_EQ(r.stages[2].kind, "surplus");
  EXPECT_EQ(r.stages[2].subjects, std::vector<CandidateId>{B});
  EXPECT_NE(r.stages[2].description.find("0.24"), std::string::npos) << r.stages[2].description;
  EXPECT_EQ(r.stages[2].votes[B], "7.00");
  EXPECT_EQ(r.stages[2].votes[C], "6.88");
  EXPECT_EQ(r.stages[2].votes[D], "4.00");
  EXPECT_EQ(r.stages[2].non_transferable, "0.12");
  // 7 + 7 + 6.88 + 4 + 3 + 0.12 = 28: the result sheet balances.
  double total = 0;
  for (double v : r.stages[2].votes_value) total += v;
  EXPECT_NEAR(total + 0.12, 28.0, 1e-9);
  // Stage 4: E (3) excluded, papers non-transferable; active 10.88 / 2 -> 5.44: C elected.
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{A, B, C}));
  EXPECT_EQ(r.elected_stage, (std::vector<int>{1, 2, 4}));
}

TEST(Ers97Test, SurplusDeferredWhenItCannotSaveTheLowest) {
  // A C x8, B x6, C x5, D B x2: 21 votes, 2 seats, quota 7.00. A's surplus 1.00.
  // 5.2.2: 1.00 does not exceed C - D = 5 - 2 = 3, so the transfer is deferred
  // and D is excluded: B = 6 + 2 = 8 >= 7, elected; both places filled and A's
  // surplus is never transferred (A ends on 8.00).
  const auto r = CountIt(Make(2, 4, {{"A C", 8}, {"B", 6}, {"C", 5}, {"D B", 2}}));
  ASSERT_EQ(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].kind, "exclusion");
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{D});
  bool deferred = false;
  for (const auto& n : r.stages[1].notes) deferred |= n.find("deferred") != std::string::npos;
  EXPECT_TRUE(deferred);
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{A, B}));
  EXPECT_EQ(r.final_votes[A], "8.00");
  EXPECT_EQ(r.final_votes[B], "8.00");
  EXPECT_EQ(r.final_votes[C], "5.00");
}

TEST(Ers97Test, ExclusionTransfersBatchesInDescendingValue) {
  // A C B x10, A D x10 (A = 20), B x9, C x5, D x6: 40 votes, 2 seats.
  // Quota 40/3 = 13.333.. -> 13.34; A's surplus 6.66.
  // Deferral? C: 6.66 + 5 > D's 6; C+D: 17.66 > B's 9: no.
  // Stage 2: 6.66 / 20 = 0.333 -> 0.33: C = 5 + 3.30 = 8.30, D = 6 + 3.30 = 9.30 (lost 0.06).
  // Stage 3: C (8.30) excluded. Sub-stage 1: the 5 papers of value 1.00 (C
  //   alone) are non-transferable: NT 5.06. Sub-stage 2: the 10 papers of value
  //   0.33 go to B: 9 + 3.30 = 12.30. Active vote 12.30 + 9.30 = 21.60; one
  //   place: 21.60 / 2 = 10.80, so B is elected (5.4.9(b)).
  const auto r = CountIt(Make(2, 4, {{"A C B", 10}, {"A D", 10}, {"B", 9}, {"C", 5}, {"D", 6}}));
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[1].votes[C], "8.30");
  EXPECT_EQ(r.stages[1].votes[D], "9.30");
  EXPECT_EQ(r.stages[1].non_transferable, "0.06");
  const Stage& s = r.stages[2];
  EXPECT_EQ(s.subjects, std::vector<CandidateId>{C});
  ASSERT_GE(s.notes.size(), 2u);
  EXPECT_NE(s.notes[0].find("value 1.00"), std::string::npos) << s.notes[0];
  EXPECT_NE(s.notes[1].find("value 0.33"), std::string::npos) << s.notes[1];
  EXPECT_EQ(s.votes[B], "12.30");
  EXPECT_EQ(s.votes[C], "0.00");
  EXPECT_EQ(s.non_transferable, "5.06");
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{A, B}));
  EXPECT_EQ(r.elected_stage, (std::vector<int>{1, 3}));
}

TEST(Ers97Test, SeveralCandidatesExcludedTogether) {
  // E x1, F x1, D x3, C x8, B x9, A x10 (32 votes, 2 seats, quota 32/3 -> 10.67):
  // nobody elected; 5.2.5: E + F = 2 <= D's 3 and E + F + D = 5 <= C's 8 (but
  // adding C: 13 > B's 9), so D, E and F are excluded together at stage 2
  // (their papers go nowhere). The quota is recalculated (5.4.8):
  // (32 - 5) / 3 = 9.00, and A and B are elected.
  const auto r = CountIt(Make(2, 6, {{"A", 10}, {"B", 9}, {"C", 8}, {"D", 3}, {"E", 1}, {"F", 1}}));
  ASSERT_EQ(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].subjects, (std::vector<CandidateId>{D, E, 5}));
  EXPECT_EQ(r.stages[1].non_transferable, "5.00");
  EXPECT_EQ(r.stages[1].quota, "9.00");
  EXPECT_EQ(Elected(r), (std::set<CandidateId>{A, B}));
  EXPECT_EQ(r.stages[1].states[C], CandidateState::kExcluded);  // 5.5.2
}

TEST(Ers97Test, ProposedExclusionLeavingAsManyAsPlacesElectsThem) {
  // A x6, B x5, C and D with no votes: 11 votes, 3 seats, quota 11/4 = 2.75.
  // A and B elected at stage 1; their surpluses (3.25, then 2.25) are
  // transferred at stages 2 and 3 but every paper is non-transferable. C and D
  // are equal at every point: one is excluded by lot, which would leave one
  // continuing candidate for one place, so it is deemed elected (5.5.1).
  const auto r = CountIt(Make(3, 4, {{"A", 6}, {"B", 5}}));
  EXPECT_EQ(r.quota, "2.75");
  ASSERT_EQ(r.stages.size(), 4u);
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{A});
  EXPECT_EQ(r.stages[2].subjects, std::vector<CandidateId>{B});
  EXPECT_EQ(r.stages[2].non_transferable, "5.50");
  EXPECT_EQ(r.stages[3].kind, "elect");
  EXPECT_EQ(r.stages[3].excluded.size(), 1u);
  EXPECT_EQ(r.stages[3].elected.size(), 1u);
  EXPECT_EQ(r.elected.size(), 3u);
  EXPECT_EQ(r.elected_stage, (std::vector<int>{1, 1, 4}));
  EXPECT_EQ(r.ties_by_lot, 1);
}

TEST(Ers97Test, TieResolvedByEarliestStageWhereVotesDiffered) {
  // A x6, B x4, C x5, D B x1, D A x1: 17 votes, 1 seat, quota 8.50.
  // Stage 2: D (2) excluded (D+B = 6 > C's 5, so alone): B = 5, A = 7.
  // Stage 3: B and C tied on 5; at stage 1 B had 4 and C had 5, so B is
  // excluded (5.2.5). B's 5 papers are non-transferable; the quota is
  // recalculated (5.4.8): (17 - 5) / 2 = 6.00, and A (7) is elected.
  const auto r = CountIt(Make(1, 4, {{"A", 6}, {"B", 4}, {"C", 5}, {"D B", 1}, {"D A", 1}}));
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{D});
  EXPECT_EQ(r.stages[1].votes[B], "5.00");
  EXPECT_EQ(r.stages[1].votes[C], "5.00");
  EXPECT_EQ(r.stages[2].subjects, std::vector<CandidateId>{B});
  EXPECT_EQ(r.stages[2].quota, "6.00");
  EXPECT_EQ(r.elected, std::vector<CandidateId>{A});
  EXPECT_EQ(r.ties_by_lot, 0);
  bool noted = false;
  for (const auto& n : r.stages[2].notes) noted |= n.find("stage 1") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(Ers97Test, TieEqualAtEveryStageSettledByLotReproducibly) {
  // A x3, B x2, C x2, D x3: 10 votes, 2 seats, quota 3.34. B and C are equal at
  // every point, so which is excluded at stage 2 is drawn by lot. Either way
  // the quota becomes (10 - 2) / 3 = 2.67 and A and D are elected.
  const Election e = Make(2, 4, {{"A", 3}, {"B", 2}, {"C", 2}, {"D", 3}});
  std::set<CandidateId> seen;
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    const auto r1 = CountIt(e, {}, seed);
    const auto r2 = CountIt(e, {}, seed);
    ASSERT_GE(r1.stages.size(), 2u);
    EXPECT_EQ(r1.stages[1].subjects, r2.stages[1].subjects);  // same seed, same draw
    EXPECT_EQ(r1.ties_by_lot, 1);
    EXPECT_EQ(Elected(r1), (std::set<CandidateId>{A, D}));
    seen.insert(r1.stages[1].subjects.at(0));
  }
  EXPECT_EQ(seen, (std::set<CandidateId>{B, C}));  // the lot is not rigged
  // A tie order, when given, settles it before lots: first listed loses.
  CountOptions o;
  o.tie_order = {C, B};
  const auto r = CountIt(e, o);
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{C});
  EXPECT_EQ(r.ties_by_lot, 0);
}

TEST(Ers97Test, DoomedCandidateIsNotElectedButExcluded) {
  // A x5, B C x4, C x2, D x1: 12 votes, 2 seats, quota 4.00. Group {A, B} at most 1.
  // Plain rule: A (5) and B (4) elected at stage 1.
  const Election e = Make(2, 4, {{"A", 5}, {"B C", 4}, {"C", 2}, {"D", 1}});
  const auto plain = CountIt(e);
  EXPECT_EQ(Elected(plain), (std::set<CandidateId>{A, B}));
  EXPECT_FALSE(plain.constraints_acted);
  // Constrained: A is elected, B reaches the quota but is doomed (a); stage 2
  // excludes B (b): C = 2 + 4 = 6, elected.
  CountOptions o;
  o.constraints.groups.push_back({"AB", {A, B}, 0, 1});
  const auto r = CountIt(e, o);
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{A, C}));
  EXPECT_TRUE(r.constraints_acted);
  ASSERT_GE(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].kind, "exclusion");
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{B});
  EXPECT_EQ(r.stages[1].votes[C], "6.00");
}

TEST(Ers97Test, GuardedCandidateIsSkippedForExclusionAndElected) {
  // A x5, B x4, C x4, E D x2, E B x1, D x1: 17 votes, 2 seats, quota 17/3 -> 5.67.
  // Plain rule, stage 2: D (1) + E (3) = 4 <= the next (B, C on 4), so D and
  // E are excluded together; D's and E's papers are non-transferable except
  // E B, so B = 5 and NT = 3; quota (17 - 3) / 3 = 4.67: A and B elected.
  const Election e = Make(2, 5, {{"A", 5}, {"B", 4}, {"C", 4}, {"E D", 2}, {"E B", 1}, {"D", 1}});
  const auto plain = CountIt(e);
  ASSERT_GE(plain.stages.size(), 2u);
  EXPECT_EQ(plain.stages[1].subjects, (std::vector<CandidateId>{D, E}));
  EXPECT_EQ(Elected(plain), (std::set<CandidateId>{A, B}));
  // With "at least one of {D}", D is guarded and never excluded (d): stage 2
  // excludes E alone: D = 1 + 2 = 3, B = 5. Stage 3 excludes C (4); its papers
  // are non-transferable, quota (17 - 4) / 3 = 4.34: A (5, ahead of B at
  // stage 1) is elected; B is then doomed (a); D alone is guarded for the last
  // place and is elected (c).
  CountOptions o;
  o.constraints.groups.push_back({"D", {D}, 1});
  const auto r = CountIt(e, o);
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[1].subjects, std::vector<CandidateId>{E});
  EXPECT_EQ(r.stages[1].votes[D], "3.00");
  EXPECT_EQ(r.stages[1].votes[B], "5.00");
  EXPECT_EQ(r.stages[2].subjects, std::vector<CandidateId>{C});
  EXPECT_EQ(r.stages[2].quota, "4.34");
  EXPECT_EQ(r.elected, (std::vector<CandidateId>{A, D}));
  EXPECT_TRUE(r.constraints_acted);
}

TEST(Ers97Test, WithdrawnCandidateIsNeverElected) {
  Election e = Make(1, 3, {{"A", 5}, {"B", 2}, {"C", 1}});
  e.candidates[A].withdrawn = true;
  e.ballots = {{2, {B}}, {1, {C}}};  // the reader removes withdrawn candidates' preferences
  const auto r = CountIt(e);
  EXPECT_EQ(r.elected, std::vector<CandidateId>{B});
  ASSERT_FALSE(r.stages.empty());
  EXPECT_EQ(r.stages.back().states[A], CandidateState::kWithdrawn);
  EXPECT_EQ(r.final_votes.size(), 3u);
  EXPECT_EQ(r.first_preferences[B], 2.0);
  EXPECT_EQ(r.rule, "ers97");
}

}  // namespace
}  // namespace necsim
