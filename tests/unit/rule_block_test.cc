// Block vote, FPTP and IRV on tiny elections whose results can be checked by hand.
#include <gtest/gtest.h>

#include <set>

#include "counting/count.h"
#include "tests/unit/tiny_election.h"

namespace necsim {
namespace {


std::vector<std::string> Names(const CountResult& r, const Election& e) {
  std::vector<std::string> out;
  for (CandidateId c : r.elected) out.push_back(e.candidates[c].name);
  return out;
}

CountResult CountIt(Rule rule, const Election& e, const Constraints& k = {}, uint64_t seed = 1) {
  CountOptions o;
  o.seats = e.seats;
  o.constraints = k;
  Stream lots(seed, 0, StreamPurpose::kLots);
  auto r = CountElection(rule, e, o, lots);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : CountResult{};
}

// Block vote, 2 seats. Marks: A 9 (5+4), B 8 (5+3), C 4 (4), D 3 (3), E 0.
//   5: A B   4: A C   3: B D
TEST(BlockVoteTest, TopNByMarks) {
  Election e = Make("mmffm", 2, {{5, {0, 1}}, {4, {0, 2}}, {3, {1, 3}}});
  CountResult r = CountIt(Rule::kBlock, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(r.final_votes[0], "9");
  EXPECT_EQ(r.final_votes[1], "8");
  EXPECT_EQ(r.final_votes[2], "4");
  EXPECT_EQ(r.final_votes[3], "3");
  EXPECT_FALSE(r.constraints_acted);
}

// Only the first N preferences are marks: with 2 seats "A B C" marks A and B.
TEST(BlockVoteTest, OnlyFirstNPreferencesAreMarks) {
  Election e = Make("mmm", 2, {{1, {0, 1, 2}}});
  CountResult r = CountIt(Rule::kBlock, e);
  EXPECT_EQ(r.final_votes[2], "0");
}

// Same ballots, at least one woman: B (man, second) is passed over and the
// highest-placed woman C (4 marks) takes the second seat.
TEST(BlockVoteTest, WomensMinimumChangesResult) {
  Election e = Make("mmffm", 2, {{5, {0, 1}}, {4, {0, 2}}, {3, {1, 3}}});
  Constraints k;
  k.groups.push_back(WomenGroup(e.candidates, 1));
  CountResult r = CountIt(Rule::kBlock, e, k);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A", "C"}));
  EXPECT_TRUE(r.constraints_acted);
}

// A cap: at most one from region group {A, B}: B skipped for C.
TEST(BlockVoteTest, GroupMaximumSkipsCandidate) {
  Election e = Make("mmffm", 2, {{5, {0, 1}}, {4, {0, 2}}, {3, {1, 3}}});
  Constraints k;
  k.groups.push_back({"north", {0, 1}, 0, 1});
  CountResult r = CountIt(Rule::kBlock, e, k);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A", "C"}));
}

// Tie for the last seat (B and C both 5 marks) is settled by lot: the same
// seed gives the same result, and over seeds both candidates win sometimes.
TEST(BlockVoteTest, TieForLastSeatByLot) {
  Election e = Make("mmm", 2, {{6, {0}}, {5, {1}}, {5, {2}}});
  std::set<std::string> winners;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    CountResult r1 = CountIt(Rule::kBlock, e, {}, seed);
    CountResult r2 = CountIt(Rule::kBlock, e, {}, seed);
    ASSERT_EQ(Names(r1, e), Names(r2, e));
    ASSERT_EQ(r1.ties_by_lot, 1);
    winners.insert(Names(r1, e)[1]);
  }
  // P(one candidate wins all 40 lots) = 2 * 2^-40.
  EXPECT_EQ(winners.size(), 2u);
}

// The tie order given with the ballots decides before lots.
TEST(BlockVoteTest, TieOrderBeforeLots) {
  Election e = Make("mmm", 2, {{6, {0}}, {5, {1}}, {5, {2}}});
  e.tie_order = {1, 2};  // listed first loses; so C wins the tie for election
  CountResult r = CountIt(Rule::kBlock, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(r.ties_by_lot, 0);
}

TEST(FptpTest, TopFirstPreferences) {
  Election e = Make("mmm", 1, {{4, {0, 1}}, {5, {1}}, {3, {2, 0}}});
  CountResult r = CountIt(Rule::kFptp, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"B"}));
  EXPECT_EQ(r.final_votes[0], "4");
}

// IRV: A 4, B 5, C 3 of 12. No majority; C excluded, 3 go to A: A 7 > 12/2.
TEST(IrvTest, TransfersElectMajorityWinner) {
  Election e = Make("mmm", 1, {{4, {0, 1}}, {5, {1}}, {3, {2, 0}}});
  CountResult r = CountIt(Rule::kIrv, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A"}));
  EXPECT_EQ(r.final_votes[0], "7");
  EXPECT_EQ(r.final_votes[1], "5");
  ASSERT_EQ(r.stages.size(), 2u);
  EXPECT_EQ(r.stages[1].kind, "exclusion");
}

// IRV majority is of ballots still in the count: exhausted ballots drop out.
// A 4, B 3, C 2 (C's ballots exhausted): after C, A has 4 of 7 live votes.
TEST(IrvTest, MajorityOfContinuingBallots) {
  Election e = Make("mmm", 1, {{4, {0}}, {3, {1}}, {2, {2}}});
  CountResult r = CountIt(Rule::kIrv, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A"}));
  EXPECT_EQ(r.stages.back().non_transferable, "2");
}

// IRV with one woman required: men are doomed, so B (the woman) wins even
// though A leads.
TEST(IrvTest, ConstraintDoomsMen) {
  Election e = Make("mfm", 1, {{6, {0}}, {3, {1}}, {2, {2}}});
  Constraints k;
  k.groups.push_back(WomenGroup(e.candidates, 1));
  CountResult r = CountIt(Rule::kIrv, e, k);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"B"}));
  EXPECT_TRUE(r.constraints_acted);
}

// IRV tie for exclusion, settled by the most recent earlier round at which
// the tied candidates' votes differed:
//   7 A   4 B   3 C B   1 D C B      (15 ballots)
// Round 1: A 7, B 4, C 3, D 1; D goes, C has 4. Round 2: B and C tie on 4;
// in round 1 C had fewer (3 < 4), so C goes and B reaches 8 of 15: B wins.
// (Excluding B instead would exhaust B's 4 and give A 7 of 11.)
TEST(IrvTest, ExclusionTieByMostRecentRoundWhereVotesDiffered) {
  Election e = Make("mmmm", 1, {{7, {0}}, {4, {1}}, {3, {2, 1}}, {1, {3, 2, 1}}});
  for (uint64_t seed : {1, 2, 3, 4}) {
    CountResult r = CountIt(Rule::kIrv, e, {}, seed);
    EXPECT_EQ(Names(r, e), (std::vector<std::string>{"B"}));
    EXPECT_EQ(r.ties_by_lot, 0);
  }
}

// FPTP tie for the seat: the tie order decides (the first listed loses),
// else lots drawn from the seed, reproducibly; over seeds both win.
TEST(FptpTest, TieForTheSeatByTieOrderElseLot) {
  Election e = Make("mmm", 1, {{5, {0}}, {5, {1}}, {3, {2}}});
  e.tie_order = {0, 1};
  CountResult r = CountIt(Rule::kFptp, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"B"}));
  EXPECT_EQ(r.ties_by_lot, 0);
  e.tie_order = {1, 0};
  r = CountIt(Rule::kFptp, e);
  EXPECT_EQ(Names(r, e), (std::vector<std::string>{"A"}));
  e.tie_order.clear();
  std::set<std::string> winners;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    CountResult r1 = CountIt(Rule::kFptp, e, {}, seed);
    ASSERT_EQ(Names(r1, e), Names(CountIt(Rule::kFptp, e, {}, seed), e));
    ASSERT_EQ(r1.ties_by_lot, 1);
    winners.insert(Names(r1, e)[0]);
  }
  EXPECT_EQ(winners, (std::set<std::string>{"A", "B"}));  // fails with probability 2^-39
}

TEST(IrvTest, RejectsMoreThanOneSeat) {
  Election e = Make("mmm", 2, {{1, {0}}});
  CountOptions o;
  o.seats = 2;
  Stream lots(1, 0, StreamPurpose::kLots);
  auto r = CountElection(Rule::kIrv, e, o, lots);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "seats");
}

TEST(CountTest, InfeasibleConstraintsRejectedBeforeCounting) {
  Election e = Make("mmf", 2, {{1, {0}}});
  CountOptions o;
  o.seats = 2;
  o.constraints.groups.push_back(WomenGroup(e.candidates, 2));
  Stream lots(1, 0, StreamPurpose::kLots);
  auto r = CountElection(Rule::kBlock, e, o, lots);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("women"), std::string::npos);
}

}  // namespace
}  // namespace necsim
