// Scottish STV and generic WIGM on tiny elections whose counts can be checked
// by hand (the arithmetic is worked in the comments).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "counting/count.h"
#include "tests/unit/tiny_election.h"

namespace necsim {
namespace {



std::vector<std::string> Names(const CountResult& r, const Election& e) {
  std::vector<std::string> out;
  for (CandidateId c : r.elected) out.push_back(e.candidates[c].name);
  return out;
}

CountResult CountIt(Rule rule, const Election& e, const Constraints& k = {}, uint64_t seed = 1,
                    std::vector<CandidateId> tie_order = {}, bool record = true) {
  CountOptions o;
  o.seats = e.seats;
  o.constraints = k;
  o.tie_order = std::move(tie_order);
  o.record_stages = record;
  Stream lots(seed, 0, StreamPurpose::kLots);
  auto r = CountElection(rule, e, o, lots);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : CountResult{};
}

Constraints AtLeastOneWoman(const Election& e) {
  Constraints k;
  k.groups.push_back(WomenGroup(e.candidates, 1));
  return k;
}

using Names_t = std::vector<std::string>;

// 11 ballots, 2 seats:  7 A B,  2 A C,  1 B,  1 C.
// Scottish quota = floor(11 / 3) + 1 = 4. Stage 1: A 9 elected.
// Stage 2, A's surplus 5 over 9 ballots: transfer value 5/9 = 0.555555...
// truncated to 0.55555 (rounding would give 0.55556).
//   B = 1 + 7 x 0.55555 = 4.88885 >= 4: elected, count complete.
//   C = 1 + 2 x 0.55555 = 2.11110.   A = quota = 4.00000.
//   Lost to truncation: 5 - 9 x 0.55555 = 0.00005 (non-transferable).
TEST(ScottishStvTest, SurplusTransferValueIsTruncatedToFivePlaces) {
  Election e = Make("mmm", 2, {{7, {0, 1}}, {2, {0, 2}}, {1, {1}}, {1, {2}}});
  CountResult r = CountIt(Rule::kScottish, e);
  EXPECT_EQ(r.rule, "scottish");
  EXPECT_EQ(r.quota, "4.00000");
  EXPECT_EQ(Names(r, e), (Names_t{"A", "B"}));
  EXPECT_EQ(r.elected_stage, (std::vector<int>{1, 2}));
  EXPECT_EQ(r.final_votes, (std::vector<std::string>{"4.00000", "4.88885", "2.11110"}));
  EXPECT_EQ(r.first_preferences, (std::vector<double>{9, 1, 1}));
  ASSERT_EQ(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[0].kind, "first");
  EXPECT_EQ(r.stages[0].votes, (std::vector<std::string>{"9.00000", "1.00000", "1.00000"}));
  EXPECT_EQ(r.stages[0].elected, (std::vector<CandidateId>{0}));
  EXPECT_EQ(r.stages[1].kind, "surplus");
  EXPECT_EQ(r.stages[1].subjects, (std::vector<CandidateId>{0}));
  EXPECT_NE(r.stages[1].description.find("0.55555"), std::string::npos) << r.stages[1].description;
  EXPECT_EQ(r.stages[1].non_transferable, "0.00005");
  EXPECT_EQ(r.stages[1].elected, (std::vector<CandidateId>{1}));
  EXPECT_EQ(r.stages[1].states, (std::vector<CandidateState>{CandidateState::kElected, CandidateState::kElected,
                                                             CandidateState::kExcluded}));
  EXPECT_EQ(r.ties_by_lot, 0);
  EXPECT_FALSE(r.constraints_acted);
}

// The same ballots under generic WIGM with exact fractions (Droop's wigm):
// quota = 11/3 = 3.666..., elected with MORE than the quota.
// Round 1: A 9 elected; surplus 9 - 11/3 = 16/3, value (16/3)/9 = 16/27.
//   B = 1 + 7 x 16/27 = 139/27 = 5.148148..., C = 1 + 2 x 16/27 = 59/27 = 2.185185...
// Round 2: B elected (last seat) and, as in Droop, B's surplus is still
// transferred in that round (all of it exhausts), so B ends on the quota.
TEST(WigmTest, ExactSurplusTransfer) {
  Election e = Make("mmm", 2, {{7, {0, 1}}, {2, {0, 2}}, {1, {1}}, {1, {2}}});
  CountResult r = CountIt(Rule::kWigm, e);
  EXPECT_EQ(r.rule, "wigm");
  EXPECT_EQ(r.quota, "3.666666666667");
  EXPECT_EQ(Names(r, e), (Names_t{"A", "B"}));
  EXPECT_EQ(r.final_votes,
            (std::vector<std::string>{"3.666666666667", "3.666666666667", "2.185185185185"}));
  ASSERT_GE(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].votes[1], "5.148148148148");
}

// Exclusion, 1 seat: 4 A, 3 B, 2 C B. Quota floor(9/2) + 1 = 5.
// Stage 1: nobody has 5. Stage 2: C (2) excluded, B = 3 + 2 = 5: elected.
TEST(ScottishStvTest, ExclusionTransfersBallotsAtFullValue) {
  Election e = Make("mmm", 1, {{4, {0}}, {3, {1}}, {2, {2, 1}}});
  CountResult r = CountIt(Rule::kScottish, e);
  EXPECT_EQ(Names(r, e), (Names_t{"B"}));
  EXPECT_EQ(r.final_votes, (std::vector<std::string>{"4.00000", "5.00000", "0.00000"}));
  ASSERT_EQ(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].kind, "exclusion");
  EXPECT_EQ(r.stages[1].excluded, (std::vector<CandidateId>{2}));
  EXPECT_EQ(r.stages[1].elected, (std::vector<CandidateId>{1}));
  EXPECT_EQ(r.stages[1].states[2], CandidateState::kExcluded);
}

// Rule 51: 2 seats, 1 A B, 2 B, 3 C, 4 D, 5 E (quota floor(15/3) + 1 = 6).
// Stage 2: A excluded, B = 3 = C. At stage 1 B had 2 < C's 3, so B goes
// (no lot). Stage 4: C excluded, D and E fill the two seats (ballot order).
TEST(ScottishStvTest, ExclusionTieBrokenByMostRecentStageWhereVotesDiffered) {
  Election e = Make("mmmmm", 2, {{1, {0, 1}}, {2, {1}}, {3, {2}}, {4, {3}}, {5, {4}}});
  CountResult r = CountIt(Rule::kScottish, e);
  EXPECT_EQ(Names(r, e), (Names_t{"D", "E"}));
  EXPECT_EQ(r.ties_by_lot, 0);
  ASSERT_GE(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[1].excluded, (std::vector<CandidateId>{0}));
  EXPECT_EQ(r.stages[2].excluded, (std::vector<CandidateId>{1}));
  ASSERT_FALSE(r.stages[2].notes.empty());
  EXPECT_NE(r.stages[2].notes[0].find("stage 1"), std::string::npos) << r.stages[2].notes[0];
}

// 1 seat: 3 A, 3 B, 1 C A, 1 D B. Quota floor(8/2) + 1 = 5.
// C and D tie at every stage so far: a lot decides who is excluded at stage 2.
// If C goes, A = 4; D goes at stage 3, B = 4; A and B tie, but at stage 2 B
// had fewer (3 < 4), so B is excluded and A wins (and symmetrically).
// With the tie order D, B, C, A the first listed loses: D out at stage 2
// (B = 4), C at stage 3 (A = 4), then A had fewer at stage 2: B wins.
TEST(ScottishStvTest, TieAtEveryStageIsSettledByLotOrTieOrder) {
  Election e = Make("mmmm", 1, {{3, {0}}, {3, {1}}, {1, {2, 0}}, {1, {3, 1}}});
  CountResult r1 = CountIt(Rule::kScottish, e, {}, 7);
  CountResult r2 = CountIt(Rule::kScottish, e, {}, 7);
  EXPECT_EQ(r1.elected, r2.elected);  // the same seed draws the same lots
  EXPECT_EQ(r1.ties_by_lot, 1);
  ASSERT_EQ(r1.elected.size(), 1u);
  ASSERT_GE(r1.stages.size(), 2u);
  ASSERT_EQ(r1.stages[1].excluded.size(), 1u);
  // The winner is the partner of the candidate the lot excluded first.
  EXPECT_EQ(r1.elected[0], r1.stages[1].excluded[0] == 2 ? 0 : 1);

  CountResult r3 = CountIt(Rule::kScottish, e, {}, 7, {3, 1, 2, 0});
  EXPECT_EQ(Names(r3, e), (Names_t{"B"}));
  EXPECT_EQ(r3.ties_by_lot, 0);
  ASSERT_GE(r3.stages.size(), 4u);
  EXPECT_EQ(r3.stages[1].excluded, (std::vector<CandidateId>{3}));
  EXPECT_EQ(r3.stages[3].excluded, (std::vector<CandidateId>{0}));
}

// Rule 49(2): 4 seats, 10 A C, 8 B, 6 C, 5 D, 3 E D, 3 F D (quota 8).
// Stage 1: A and B elected. Stage 2: A's surplus 2 (value 0.2) lifts C to 8.
// E and F tie throughout: whichever goes, D reaches 8. All four end on 8.
TEST(ScottishStvTest, SurplusOrderAndLot) {
  Election e = Make("mmmmmm", 4,
                    {{10, {0, 2}}, {8, {1}}, {6, {2}}, {5, {3}}, {3, {4, 3}}, {3, {5, 3}}});
  CountResult r = CountIt(Rule::kScottish, e);
  EXPECT_EQ(Names(r, e), (Names_t{"A", "B", "C", "D"}));
  for (int c = 0; c < 4; ++c) EXPECT_EQ(r.final_votes[c], "8.00000");
  EXPECT_EQ(r.ties_by_lot, 1);
}

// Droop's 42.blt: 4 Castor Pollux, 2 Helen; 2 seats; quota 6/3 = 2.
// Castor's surplus 2 gives Pollux 4 x 1/2 = 2 = Helen. Default tie order is
// ballot order, first listed loses: Pollux out, Helen elected. With the tie
// order Helen, Pollux, Castor, Helen loses instead.
TEST(WigmTest, ExclusionTieFollowsTieOrder) {
  Election e = Make("mmm", 2, {{4, {0, 1}}, {2, {2}}});
  e.candidates[0].name = "Castor";
  e.candidates[1].name = "Pollux";
  e.candidates[2].name = "Helen";
  CountResult r = CountIt(Rule::kWigm, e);
  EXPECT_EQ(Names(r, e), (Names_t{"Castor", "Helen"}));
  EXPECT_EQ(r.final_votes[2], "2.000000000000");
  EXPECT_EQ(r.ties_by_lot, 0);
  CountResult t = CountIt(Rule::kWigm, e, {}, 1, {2, 1, 0});
  EXPECT_EQ(Names(t, e), (Names_t{"Castor", "Pollux"}));
  EXPECT_EQ(t.final_votes[1], "2.000000000000");
}

// At least one woman among 2 seats. A, B men; C, D women.
// 6 A B, 5 B D, 2 C D, 1 D C: quota floor(14/3) + 1 = 5.
// Plain: A (6) and B (5) both elected at stage 1.
// Constrained: A elected; B reaches the quota but is doomed (two men would
// leave no seat for a woman), so stage 2 excludes B: B's 5 ballots go to D,
// D = 6 >= 5 elected.
TEST(ScottishStvTest, DoomedCandidateIsExcluded) {
  Election e = Make("mmff", 2, {{6, {0, 1}}, {5, {1, 3}}, {2, {2, 3}}, {1, {3, 2}}});
  CountResult plain = CountIt(Rule::kScottish, e);
  EXPECT_EQ(Names(plain, e), (Names_t{"A", "B"}));
  EXPECT_FALSE(plain.constraints_acted);

  CountResult r = CountIt(Rule::kScottish, e, AtLeastOneWoman(e));
  EXPECT_EQ(Names(r, e), (Names_t{"A", "D"}));
  EXPECT_TRUE(r.constraints_acted);
  ASSERT_EQ(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[0].elected, (std::vector<CandidateId>{0}));
  EXPECT_EQ(r.stages[1].kind, "exclusion");
  EXPECT_EQ(r.stages[1].excluded, (std::vector<CandidateId>{1}));
  EXPECT_EQ(r.final_votes, (std::vector<std::string>{"6.00000", "0.00000", "2.00000", "6.00000"}));

  CountResult w = CountIt(Rule::kWigm, e, AtLeastOneWoman(e));
  EXPECT_EQ(Names(w, e), (Names_t{"A", "D"}));
}

// At least one woman among 3 seats; D is the only woman.
// 6 A, 5 B, 4 C B, 3 E C, 2 D: quota floor(20/4) + 1 = 6.
// Stage 1: A (6) elected, on the quota (no surplus). D has fewest votes but
// is guarded (no woman without her), so stage 2 excludes E instead: C = 7,
// elected. One seat left and one guarded candidate: D is elected.
// Plain: D excluded at stage 2, E at stage 3 (C = 7); then B and C are the
// only continuing candidates for the two seats left, elected in ballot order.
TEST(ScottishStvTest, GuardedCandidateIsNotExcluded) {
  Election e = Make("mmmfm", 3, {{6, {0}}, {5, {1}}, {4, {2, 1}}, {3, {4, 2}}, {2, {3}}});
  CountResult plain = CountIt(Rule::kScottish, e);
  EXPECT_EQ(Names(plain, e), (Names_t{"A", "B", "C"}));
  EXPECT_FALSE(plain.constraints_acted);

  CountResult r = CountIt(Rule::kScottish, e, AtLeastOneWoman(e));
  EXPECT_EQ(Names(r, e), (Names_t{"A", "C", "D"}));
  EXPECT_TRUE(r.constraints_acted);
  ASSERT_GE(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].excluded, (std::vector<CandidateId>{4}));
  EXPECT_EQ(r.stages[1].votes[2], "7.00000");
  EXPECT_EQ(r.stages[1].elected, (std::vector<CandidateId>{2, 3}));
}

// A withdrawn candidate is never counted or elected; with as many hopefuls as
// seats both are elected at once (rule 52).
TEST(ScottishStvTest, WithdrawnCandidateAndLastVacancies) {
  Election e = Make("mmm", 2, {{3, {0}}, {2, {1}}});
  e.candidates[2].withdrawn = true;
  CountResult r = CountIt(Rule::kScottish, e);
  EXPECT_EQ(Names(r, e), (Names_t{"A", "B"}));
  ASSERT_FALSE(r.stages.empty());
  EXPECT_EQ(r.stages.back().states[2], CandidateState::kWithdrawn);
}

// Recording stages or not gives the same count.
TEST(ScottishStvTest, RecordStagesDoesNotChangeTheCount) {
  Election e = Make("mmmmmm", 4,
                    {{10, {0, 2}}, {8, {1}}, {6, {2}}, {5, {3}}, {3, {4, 3}}, {3, {5, 3}}});
  CountResult a = CountIt(Rule::kScottish, e, {}, 3, {}, true);
  CountResult b = CountIt(Rule::kScottish, e, {}, 3, {}, false);
  EXPECT_EQ(a.elected, b.elected);
  EXPECT_EQ(a.final_votes, b.final_votes);
  EXPECT_TRUE(b.stages.empty());
}

}  // namespace
}  // namespace necsim
