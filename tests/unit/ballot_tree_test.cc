#include "ballots/ballot_tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

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

// Every node of the tree, in id order, expanding each in turn (the tree as a
// count reading all of it grows it).
std::vector<std::tuple<int64_t, CandidateId, NodeId, int>> Nodes(BallotTree& t) {
  std::vector<std::tuple<int64_t, CandidateId, NodeId, int>> out;
  for (NodeId n = 0; static_cast<size_t>(n) < t.size(); ++n) {
    t.children(n);
    out.emplace_back(t.count(n), t.candidate(n), t.parent(n), t.depth(n));
  }
  return out;
}

// FromFlat on the ballots of weight >= 1 builds the tree FromElection does.
TEST(BallotTreeTest, FromFlatIsFromElection) {
  std::mt19937 gen(5);
  for (int round = 0; round < 50; ++round) {
    Election e;
    const int n = 1 + static_cast<int>(gen() % 12);
    e.candidates.resize(static_cast<size_t>(n));
    FlatBallots flat;
    const int ballots = static_cast<int>(gen() % 300);
    for (int b = 0; b < ballots; ++b) {
      std::vector<CandidateId> prefs(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) prefs[static_cast<size_t>(c)] = c;
      std::shuffle(prefs.begin(), prefs.end(), gen);
      prefs.resize(gen() % static_cast<unsigned>(n + 1));
      const int64_t weight = static_cast<int64_t>(gen() % 4);
      e.ballots.push_back({weight, prefs});
      if (weight > 0) flat.Add(weight, prefs);
    }
    BallotTree a = BallotTree::FromElection(e);
    BallotTree b = BallotTree::FromFlat(n, std::move(flat));
    EXPECT_EQ(a.total(), b.total());
    EXPECT_EQ(Nodes(a), Nodes(b)) << "round " << round;
  }
}

// A weight above what one flat entry holds (2^30 - 1) is split over entries
// of the same list: the tree's counts are the ballots' weights all the same,
// one ballot alone or beside others.
TEST(BallotTreeTest, WeightsAboveAnEntry) {
  Election e;
  e.candidates.resize(3);
  e.ballots.push_back({3'000'000'001, {1, 0}});
  e.ballots.push_back({5, {1, 2}});
  e.ballots.push_back({4'000'000'000, {2}});
  BallotTree t = BallotTree::FromElection(e);
  EXPECT_EQ(t.total(), 7'000'000'006);
  const ChildRange first = t.children(BallotTree::kRoot);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(t.candidate(first[0]), 1);
  EXPECT_EQ(t.count(first[0]), 3'000'000'006);
  EXPECT_EQ(t.count(first[1]), 4'000'000'000);
  const ChildRange second = t.children(first[0]);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(t.count(second[0]), 3'000'000'001);
  EXPECT_EQ(t.count(second[1]), 5);
  EXPECT_EQ(t.exhausted_at(first[1]), 4'000'000'000);
  FlatBallots flat;
  flat.Add(3'000'000'001, std::vector<CandidateId>{1, 0});
  EXPECT_EQ(flat.size(), 3u);
  EXPECT_EQ(flat.total, 3'000'000'001);
  EXPECT_EQ(flat.Ranking(2), (std::vector<CandidateId>{1, 0}));
}

}  // namespace
}  // namespace necsim
