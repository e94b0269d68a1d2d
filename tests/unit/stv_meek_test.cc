// Meek (PRF reference rule, 9 dp) and Warren (exact) on tiny elections whose
// results can be checked by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "counting/count.h"
#include "tests/unit/tiny_election.h"

namespace necsim {
namespace {



std::string Names(const CountResult& r, const Election& e) {
  std::string s;
  for (CandidateId c : r.elected) s += e.candidates[c].name;
  return s;
}

CountResult CountIt(Rule rule, const Election& e, const Constraints& k = {},
                    std::vector<CandidateId> tie_order = {}, uint64_t seed = 1) {
  CountOptions o;
  o.seats = e.seats;
  o.constraints = k;
  o.tie_order = std::move(tie_order);
  Stream lots(seed, 0, StreamPurpose::kLots);
  auto r = CountElection(rule, e, o, lots);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : CountResult{};
}

bool AnyNoteContains(const CountResult& r, const std::string& text) {
  for (const auto& s : r.stages) {
    for (const auto& n : s.notes) {
      if (n.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

// 4: A B   2: C   (Droop's 42.blt), 2 seats, PRF Meek.
// Quota 6/3 = 2 (truncated) + 1e-9 = 2.000000001. A is elected at once.
// Iteration 1 of round 2: kf(A) = ceil(1 x 2.000000001) / 4 = 0.50000000025,
// rounded up to 0.500000001. Iteration 2: A keeps 4 x 0.500000001 =
// 2.000000004, B gets 4 x 0.499999999 = 1.999999996, C 2; quota again
// 2.000000001; surplus 3e-9 < omega, so B (lowest, not within the surplus of
// C) is excluded and C fills the last seat. Votes are not redistributed after
// that exclusion, so C shows 2.000000000 (as in the reference count).
TEST(MeekTest, KeepValuesConvergeAsTheReferenceRuleRounds) {
  Election e = Make("mmm", 2, {{4, {0, 1}}, {2, {2}}});
  CountResult r = CountIt(Rule::kMeek, e);
  EXPECT_EQ(r.rule, "meek");
  EXPECT_EQ(r.quota, "2.000000001");
  EXPECT_EQ(Names(r, e), "AC");
  EXPECT_EQ(r.final_votes[0], "2.000000004");
  EXPECT_EQ(r.final_votes[1], "0.000000000");
  EXPECT_EQ(r.final_votes[2], "2.000000000");
  EXPECT_DOUBLE_EQ(r.first_preferences[0], 4.0);
  EXPECT_DOUBLE_EQ(r.first_preferences[2], 2.0);
  EXPECT_TRUE(AnyNoteContains(r, "Keep values: A 0.500000001"));
  ASSERT_GE(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[0].kind, "first");
  EXPECT_EQ(r.stages[1].kind, "iteration");
  EXPECT_EQ(r.elected_stage[0], 2);
  // The exclusion stage: B out after 2 iterations; 2e-9 lost to rounding.
  EXPECT_EQ(r.stages[2].kind, "exclusion");
  EXPECT_EQ(r.stages[2].excluded, std::vector<CandidateId>{1});
  EXPECT_EQ(r.stages[2].votes[1], "0.000000000");
  EXPECT_FALSE(r.constraints_acted);
  EXPECT_EQ(r.ties_by_lot, 0);
}

// Warren on the same ballots, exact: kf(A) = 2/4 = 1/2 after one update, B
// gets exactly 2 and ties with C: the tie order (first listed loses) or lots
// decide.
TEST(WarrenTest, ExactKeepValueAndTie) {
  Election e = Make("mmm", 2, {{4, {0, 1}}, {2, {2}}});
  CountResult r = CountIt(Rule::kWarren, e, {}, {1, 2});
  EXPECT_EQ(r.rule, "warren");
  EXPECT_EQ(r.quota, "2.000000000000");
  EXPECT_EQ(Names(r, e), "AC");
  EXPECT_EQ(r.final_votes[0], "2.000000000000");
  EXPECT_EQ(r.final_votes[2], "2.000000000000");
  EXPECT_TRUE(AnyNoteContains(r, "Keep values: A 0.500000000000"));
  EXPECT_TRUE(AnyNoteContains(r, "resolved by the given tie order"));
  EXPECT_EQ(r.ties_by_lot, 0);

  r = CountIt(Rule::kWarren, e, {}, {2, 1});
  EXPECT_EQ(Names(r, e), "AB");

  // No tie order: Droop's default, ballot order (the first listed, B, loses
  // the tie for exclusion), whatever the seed; no lots are drawn.
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    r = CountIt(Rule::kWarren, e, {}, {}, seed);
    EXPECT_EQ(r.ties_by_lot, 0);
    EXPECT_EQ(Names(r, e), "AC");
  }
}

// PRF Meek tie: 4: A   2: B   2: C, 2 seats. A's surplus is non-transferable,
// so the quota falls towards (4 kf + 4)/3 -> 2 and kf(A) -> 1/2; B and C stay
// at exactly 2, below the quota (at least 2.000000001), and tie for exclusion.
// Procedure T: the tied candidate first in the order fixed before the count
// is defeated: the given order, else the ballot file's. No lots, whatever
// the seed.
TEST(MeekTest, TieForExclusionUsesProcedureTOrder) {
  Election e = Make("mmm", 2, {{4, {0}}, {2, {1}}, {2, {2}}});
  CountResult r = CountIt(Rule::kMeek, e, {}, {1, 2});
  EXPECT_EQ(Names(r, e), "AC");
  r = CountIt(Rule::kMeek, e, {}, {2, 1});
  EXPECT_EQ(Names(r, e), "AB");
  for (uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
    r = CountIt(Rule::kMeek, e, {}, {}, seed);
    EXPECT_EQ(r.ties_by_lot, 0);
    EXPECT_EQ(Names(r, e), "AC") << "seed " << seed;  // B is first in the file
    EXPECT_TRUE(AnyNoteContains(r, "Tie between B and C resolved by the given tie order"));
  }
}

// Wichmann, "The computational accuracy using the Meek algorithm", Voting
// Matters 12 (2000): 3 seats, 4,003 ballots
//   333 AX, 333 AY, 333 AZ, 333 BX, 333 BY, 333 BZ, 667 X, 667 Y, 667 Z,
//   1 ABX, 1 ABY, 2 BAX.
// A and B (1001 each) are elected on the quota 1000.75. X, Y and Z then
// differ only by the few ten-millionths of a vote the last four ballots pass
// through A and B, far less than the total surplus left when the iteration
// stops, so the PRF rule (B.3) treats all three as tied and procedure T
// defeats the first of them in the file's order, X. With X gone, Y and Z
// share the remaining votes but Y keeps its tiny lead over Z and reaches the
// falling quota: A, B, Y.
TEST(MeekTest, VotingMattersIssue12TieWithinTheSurplus) {
  // Candidates A B X Y Z = 0 1 2 3 4.
  Election e = Make("mmmmm", 3,
                    {{333, {0, 2}}, {333, {0, 3}}, {333, {0, 4}}, {333, {1, 2}}, {333, {1, 3}},
                     {333, {1, 4}}, {667, {2}}, {667, {3}}, {667, {4}}, {1, {0, 1, 2}}, {1, {0, 1, 3}},
                     {2, {1, 0, 2}}});
  e.candidates[2].name = "X";
  e.candidates[3].name = "Y";
  e.candidates[4].name = "Z";
  for (uint64_t seed : {1, 2, 3}) {
    CountResult r = CountIt(Rule::kMeek, e, {}, {}, seed);
    std::vector<CandidateId> elected = r.elected;
    std::sort(elected.begin(), elected.end());
    EXPECT_EQ(elected, (std::vector<CandidateId>{0, 1, 3})) << "seed " << seed;
    EXPECT_EQ(r.ties_by_lot, 0);
    EXPECT_TRUE(AnyNoteContains(r, "Tie between X, Y and Z resolved by the given tie order"));
  }
  // The order can be given: Z first in it is defeated instead.
  CountResult r = CountIt(Rule::kMeek, e, {}, {4, 2, 3, 0, 1});
  EXPECT_TRUE(AnyNoteContains(r, "Tie between X, Y and Z resolved by the given tie order"));
  EXPECT_EQ(std::count(r.elected.begin(), r.elected.end(), 4), 0);
}

// Meek differs from Gregory (WIGM). 3 seats, 100 ballots:
//   40: A B C   20: B   14: C   19: D   7: E
// Gregory: quota 25; A's surplus 15 goes to B at 15/40 (B 35, elected); B's
// surplus 10 is spread over B's 35 votes, so C gets 15 x 10/35 = 4.29 (C
// 18.29). E is excluded (non-transferable), then C (18.29 < D 19): A B D.
// Meek: B keeps a share of A's ballots too, and the quota falls as B's own
// ballots' surplus is lost: with x = 1 - kf(B), q = (93 - 20x)/4 and
// x = (60 - 2q)/(60 - q) once E is out, giving q ~ 20.95, x ~ 0.46 and
// C = 14 + (40 - q) x ~ 22.8 > q: A B C.
TEST(MeekTest, DiffersFromGregory) {
  Election e = Make("mmmmm", 3, {{40, {0, 1, 2}}, {20, {1}}, {14, {2}}, {19, {3}}, {7, {4}}});
  CountResult r = CountIt(Rule::kMeek, e);
  EXPECT_EQ(r.quota, "25.000000001");
  EXPECT_EQ(Names(r, e), "ABC");
  // C is elected in mid-iteration (21.8 against a quota near 21) and D, the
  // last hopeful, is excluded.
  EXPECT_GT(r.final_votes_value[2], 21.0);
  EXPECT_EQ(r.final_votes[3], "0.000000000");
  EXPECT_EQ(r.stages.back().excluded, std::vector<CandidateId>{3});
}

// Warren gives later preferences less than Meek: after A (kf a) and B (kf b)
// a ballot A B C leaves C 1 - a - b under Warren but (1 - a)(1 - b) under
// Meek. 3 seats, 102 ballots:
//   40: A B C   20: B   14: C   21: D   7: E
// Once E is out, Warren: q = (95 - 20(1 - b))/4 with b = q/60 (B keeps b of
// each of its 60 ballots), so q = 18.75/(11/12) = 20.45, a = q/40 = 0.511,
// C = 14 + 40(1 - a - b) = 19.9 < D 21: A B D. Meek, as in the test above,
// gives C ~ 22.1 > D: A B C.
TEST(WarrenTest, DiffersFromMeek) {
  Election e = Make("mmmmm", 3, {{40, {0, 1, 2}}, {20, {1}}, {14, {2}}, {21, {3}}, {7, {4}}});
  EXPECT_EQ(Names(CountIt(Rule::kMeek, e), e), "ABC");
  CountResult w = CountIt(Rule::kWarren, e);
  EXPECT_EQ(Names(w, e), "ABD");
  EXPECT_EQ(w.quota, "25.500000000000");
}

// A withdrawn candidate is never counted or elected.
TEST(MeekTest, WithdrawnCandidate) {
  Election e = Make("mmm", 2, {{4, {0, 1}}, {2, {1}}});
  e.candidates[2].withdrawn = true;
  for (Rule rule : {Rule::kMeek, Rule::kWarren}) {
    CountResult r = CountIt(rule, e);
    EXPECT_EQ(Names(r, e), "AB");
    ASSERT_FALSE(r.stages.empty());
    EXPECT_EQ(r.stages.back().states[2], CandidateState::kWithdrawn);
  }
}

// At most one man among 2 seats. 12 ballots: 5 A, 4 B, 2 C, 1 D (A, B men).
// Plain Meek: A (5 >= 4.000000001) then B. With the constraint, B is doomed as
// soon as A is elected and is excluded before anything else; C then wins.
TEST(MeekTest, ConstraintExcludesDoomedCandidate) {
  Election e = Make("mmff", 2, {{5, {0}}, {4, {1}}, {2, {2}}, {1, {3}}});
  EXPECT_EQ(Names(CountIt(Rule::kMeek, e), e), "AB");
  Constraints k;
  k.groups.push_back({"men", {0, 1}, 0, 1});
  for (Rule rule : {Rule::kMeek, Rule::kWarren}) {
    CountResult r = CountIt(rule, e, k);
    EXPECT_EQ(Names(r, e), "AC");
    EXPECT_TRUE(r.constraints_acted);
    bool doomed_stage = false;
    for (const auto& s : r.stages) {
      if (s.kind == "exclusion" && s.excluded == std::vector<CandidateId>{1} &&
          s.description.find("Doomed") != std::string::npos) {
        doomed_stage = true;
      }
    }
    EXPECT_TRUE(doomed_stage);
  }
}

// At least one woman among 3 seats. 48 ballots: 11 A, 10 B, 9 C, 8 D, 7 E,
// 3 F; E is the only woman. Quota 12.000000001; nobody reaches it.
// Plain Meek excludes F (quota 45/4 = 11.25), then E (quota 38/4 = 9.5: A and
// B are elected, their surpluses are lost and the quota falls to 8.5, electing
// C): A B C. With the constraint E is guarded: after F, D is excluded instead
// of E (quota 37/4 = 9.25 elects A and B), C is then doomed and E elected.
TEST(MeekTest, ConstraintGuardsCandidate) {
  Election e = Make("mmmmfm", 3, {{11, {0}}, {10, {1}}, {9, {2}}, {8, {3}}, {7, {4}}, {3, {5}}});
  CountResult plain = CountIt(Rule::kMeek, e);
  EXPECT_EQ(Names(plain, e), "ABC");
  EXPECT_FALSE(plain.constraints_acted);
  Constraints k;
  k.groups.push_back(WomenGroup(e.candidates, 1));
  for (Rule rule : {Rule::kMeek, Rule::kWarren}) {
    CountResult r = CountIt(rule, e, k);
    std::string names = Names(r, e);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, "ABE");
    EXPECT_TRUE(r.constraints_acted);
    EXPECT_TRUE(AnyNoteContains(r, "Guarded hopefuls skipped"));
  }
}

// Constraints that never bind leave the count exactly as the plain rule.
TEST(MeekTest, SlackConstraintsChangeNothing) {
  Election e = Make("mmfmf", 3, {{40, {0, 1, 2}}, {20, {1}}, {14, {2}}, {19, {3}}, {7, {4}}});
  Constraints k;
  k.groups.push_back({"all", {0, 1, 2, 3, 4}, 0, 5});
  CountResult a = CountIt(Rule::kMeek, e);
  CountResult b = CountIt(Rule::kMeek, e, k);
  EXPECT_EQ(a.elected, b.elected);
  EXPECT_EQ(a.final_votes, b.final_votes);
  EXPECT_FALSE(b.constraints_acted);
}

// Without stage records the result is the same.
TEST(MeekTest, RecordStagesOffSameResult) {
  Election e = Make("mmmmm", 3, {{40, {0, 1, 2}}, {20, {1}}, {14, {2}}, {19, {3}}, {7, {4}}});
  CountOptions o;
  o.seats = 3;
  o.record_stages = false;
  Stream lots(1, 0, StreamPurpose::kLots);
  auto r = CountElection(Rule::kMeek, e, o, lots);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->stages.empty());
  CountResult full = CountIt(Rule::kMeek, e);
  EXPECT_EQ(r->elected, full.elected);
  EXPECT_EQ(r->elected_stage, full.elected_stage);
  EXPECT_EQ(r->final_votes, full.final_votes);
}

// Expands a node from a ballot list the first time a count asks for it.
class ListExpander : public Expander {
 public:
  explicit ListExpander(std::vector<Ballot> ballots) : ballots_(std::move(ballots)) {}
  void Expand(const BallotTree& tree, NodeId node,
              std::vector<ChildSpec>& out) override {
    ++expansions;
    std::vector<CandidateId> path;
    tree.Path(node, path);
    std::map<CandidateId, int64_t> next;
    for (const auto& b : ballots_) {
      if (b.prefs.size() > path.size() && std::equal(path.begin(), path.end(), b.prefs.begin())) {
        next[b.prefs[path.size()]] += b.weight;
      }
    }
    for (auto [c, n] : next) out.push_back({c, n});
  }
  int expansions = 0;

 private:
  std::vector<Ballot> ballots_;
};

// A lazily expanded tree gives the same count, and the count does not expand
// below candidates who are hopeful to the end (Meek: D's ballots D A B C are
// never looked at past D).
TEST(MeekTest, LazyTreeSameResult) {
  Election e = Make("mmmmm", 3,
                    {{40, {0, 1, 2, 3}}, {20, {1, 3, 4}}, {14, {2, 4}}, {19, {3, 0, 1, 2}}, {7, {4, 3}}});
  for (Rule rule : {Rule::kMeek, Rule::kWarren}) {
    CountResult full = CountIt(rule, e);
    ListExpander lazy_source(e.ballots);
    BallotTree lazy(5, e.total_ballots(), &lazy_source);
    CountOptions o;
    o.seats = 3;
    Stream lots(1, 0, StreamPurpose::kLots);
    auto r = Count(rule, lazy, e.candidates, o, lots);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->elected, full.elected);
    EXPECT_EQ(r->final_votes, full.final_votes);
    if (rule == Rule::kMeek) {
      // FromElection also grows lazily: compare with its tree expanded in full.
      BallotTree whole = BallotTree::FromElection(e);
      std::vector<NodeId> stack{BallotTree::kRoot};
      while (!stack.empty()) {
        const NodeId n = stack.back();
        stack.pop_back();
        for (NodeId c : whole.children(n)) stack.push_back(c);
      }
      EXPECT_LT(lazy.size(), whole.size());
    }
  }
}

}  // namespace
}  // namespace necsim
