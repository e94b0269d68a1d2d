#include "ballots/ballot_tree.h"

#include <gtest/gtest.h>

namespace necsim {
namespace {

Election Small() {
  Election e;
  e.seats = 1;
  e.candidates.resize(3);
  e.ballots = {{4, {0, 1}}, {2, {2}}, {1, {0, 2, 1}}, {3, {}}};
  return e;
}

TEST(BallotTreeTest, CountsPrefixes) {
  Election e = Small();
  BallotTree t = BallotTree::FromElection(e);
  EXPECT_EQ(t.total(), 10);
  EXPECT_EQ(t.exhausted_at(BallotTree::kRoot), 3);
  auto kids = t.children(BallotTree::kRoot);
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(t.candidate(kids[0]), 0);
  EXPECT_EQ(t.count(kids[0]), 5);
  EXPECT_EQ(t.candidate(kids[1]), 2);
  EXPECT_EQ(t.count(kids[1]), 2);
  EXPECT_EQ(t.exhausted_at(kids[1]), 2);
}

TEST(BallotTreeTest, SkipsNonContinuing) {
  Election e = Small();
  BallotTree t = BallotTree::FromElection(e);
  const NodeId a = t.children(BallotTree::kRoot)[0];  // candidate 0, 5 ballots
  // Candidate 2 excluded: "0 2 1" flows on to 1.
  std::vector<char> continuing = {0, 1, 0};
  int64_t reached = 0;
  const int64_t exhausted = ForEachNextContinuing(t, a, continuing, [&](NodeId n) {
    EXPECT_EQ(t.candidate(n), 1);
    reached += t.count(n);
  });
  EXPECT_EQ(reached, 5);
  EXPECT_EQ(exhausted, 0);
  continuing = {0, 0, 0};
  EXPECT_EQ(ForEachNextContinuing(t, a, continuing, [](NodeId) { FAIL(); }), 5);
}

TEST(BallotTreeTest, PathOfNode) {
  Election e = Small();
  BallotTree t = BallotTree::FromElection(e);
  const NodeId a = t.children(BallotTree::kRoot)[0];
  const NodeId ac = t.children(a)[1];  // 0 -> 2
  std::vector<CandidateId> path;
  t.Path(ac, path);
  EXPECT_EQ(path, (std::vector<CandidateId>{0, 2}));
}

}  // namespace
}  // namespace necsim
