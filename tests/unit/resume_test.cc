// Resuming a count without its constraints (CountOptions::
// resume_without_constraints) must give exactly the count without
// constraints from the start; and BallotTree::Rollback must return a lazily
// sampled tree to exactly its state at the checkpoint.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "counting/count.h"
#include "voters/sampler.h"
#include "scenario/scenario_yaml.h"
#include "tests/two_slate_scenario.h"

namespace necsim {
namespace {

struct Loaded {
  Scenario sc;
  VoterModel model;
  std::vector<Candidate> cands;
};

Loaded FromScenario(const Result<Scenario>& sc) {
  EXPECT_TRUE(sc.ok()) << sc.error().ToString();
  Loaded l{*sc, VoterModel::Build(*sc), {}};
  l.cands = l.sc.CountCandidates();
  return l;
}
Loaded Load(const std::string& name, double left) {
  return FromScenario(LoadScenarioText(necsim_test::TwoSlateScenario(name, 11, 40, left), name + ".yaml"));
}

struct Tally {
  int acted = 0, resumed = 0, changed = 0;
};

// Counts runs [0, runs) of rule set k both ways (see below) and compares.
void CompareRuns(const Loaded& l, size_t k, uint64_t runs, CountScratch* scratch, Tally& tally) {
  const RuleSetConfig& rs = l.sc.rule_sets[k];
  ASSERT_EQ(rs.rule, Rule::kErs97);
  CountOptions constrained;
  constrained.seats = rs.seats;
  constrained.constraints = rs.MakeConstraints(l.cands);
  constrained.record_stages = false;
  constrained.resume_without_constraints = true;
  constrained.scratch = scratch;
  CountOptions plain = constrained;
  plain.constraints = {};
  plain.resume_without_constraints = false;
  SampledBallots first, fresh;
  for (uint64_t run = 0; run < runs; ++run) {
    const RunSample sample = SampleRun(l.sc, l.model, l.sc.seed, run);
    first.Reset(sample, l.sc.seed, run);
    Stream lots1(l.sc.seed, run, StreamPurpose::kLots, 1);
    auto with = Count(rs.rule, first.tree, l.cands, constrained, lots1);
    fresh.Reset(sample, l.sc.seed, run);
    Stream lots2(l.sc.seed, run, StreamPurpose::kLots, 1);
    auto without = Count(rs.rule, fresh.tree, l.cands, plain, lots2);
    ASSERT_TRUE(with.ok() && without.ok());
    if (!with->constraints_acted) {
      EXPECT_EQ(with->without_constraints, nullptr) << "run " << run;
      EXPECT_EQ(with->elected, without->elected) << "run " << run;
      continue;
    }
    ++tally.acted;
    if (with->without_constraints == nullptr) continue;  // acted at the first stage: the caller recounts
    ++tally.resumed;
    const CountResult& resumed = *with->without_constraints;
    EXPECT_EQ(resumed.elected, without->elected) << l.sc.name << " run " << run;
    EXPECT_EQ(resumed.elected_stage, without->elected_stage) << l.sc.name << " run " << run;
    EXPECT_EQ(resumed.final_votes, without->final_votes) << l.sc.name << " run " << run;
    EXPECT_EQ(resumed.first_preferences, without->first_preferences) << l.sc.name << " run " << run;
    EXPECT_EQ(resumed.quota, without->quota) << l.sc.name << " run " << run;
    EXPECT_EQ(resumed.ties_by_lot, without->ties_by_lot) << l.sc.name << " run " << run;
    EXPECT_FALSE(resumed.constraints_acted);
    tally.changed += resumed.elected != with->elected;
  }
}

// Run by run: the constrained ERS97 count resumed without its constraints
// elects exactly (in order) what a fresh count without constraints elects, on
// the same sampled ballots; with scratch buffers reused across runs (as the
// engine does) and without. Counted: how often the constraints acted and how
// often the result was found by resuming, so that the test is not vacuous.
TEST(ResumeWithoutConstraints, Ers97EqualsAFreshCountWithoutConstraints) {
  Tally tally;
  for (const double left : {0.45, 0.55, 0.65}) {
    const Loaded l = Load("resume", left);
    CountScratch scratch;
    CompareRuns(l, 1, 60, &scratch, tally);  // stv4: ERS97, 4 seats, at least half women
    CompareRuns(l, 1, 60, nullptr, tally);
  }
  std::printf("two-slate scenario: acted %d, resumed %d, changed %d\n", tally.acted, tally.resumed, tally.changed);
  EXPECT_GT(tally.acted, 60);
  EXPECT_GT(tally.resumed, tally.acted / 2);
  EXPECT_GT(tally.changed, 10);
}

// The same on the 9-seat benchmark scenario with 15,000 ballots (30
// candidates, 33 voter cells: long counts, many transfers after the fork).
TEST(ResumeWithoutConstraints, Ers97OnTheNineSeatBenchmark) {
  const Loaded l = FromScenario(LoadScenarioFile(std::string(NECSIM_SOURCE_DIR) + "/bench/scenarios/nec9_stv_15k.yaml"));
  Tally tally;
  CountScratch scratch;
  CompareRuns(l, 0, 40, &scratch, tally);
  std::printf("nec9_stv_15k: acted %d, resumed %d, changed %d\n", tally.acted, tally.resumed, tally.changed);
  EXPECT_GT(tally.acted, 8);
  EXPECT_GT(tally.resumed, tally.acted / 2);
}

// A sampled tree rolled back to a checkpoint equals the tree as it was: same
// size, and every node of the mark unexpanded again if it was, with the same
// children otherwise; expanding it again afterwards gives the same children
// as the first time (the draws are keyed by node, not by history).
TEST(BallotTreeRollback, ReturnsTheTreeToTheCheckpoint) {
  const Loaded l = Load("rollback", 0.55);
  const RunSample sample = SampleRun(l.sc, l.model, l.sc.seed, 3);
  SampledBallots b(sample, l.sc.seed, 3);
  BallotTree& t = b.tree;
  std::vector<char> all(l.cands.size(), 1);
  const auto roots = t.continuing_children(BallotTree::kRoot, all);
  const std::vector<NodeId> firsts(roots.begin(), roots.end());
  ASSERT_GE(firsts.size(), 4u);
  // Expand the first node before the mark; after it, the others (a smaller
  // continuing set) and some grandchildren.
  std::vector<char> fewer = all;
  fewer[static_cast<size_t>(t.candidate(firsts[0]))] = 0;
  (void)t.continuing_children(firsts[0], fewer);
  t.Checkpoint();
  const size_t mark = t.size();
  std::vector<std::vector<NodeId>> before(mark);
  std::vector<char> was_expanded(mark);
  for (size_t n = 0; n < mark; ++n) {
    was_expanded[n] = t.expanded(static_cast<NodeId>(n));
    if (was_expanded[n]) {
      const auto c = t.children(static_cast<NodeId>(n));
      before[n].assign(c.begin(), c.end());
    }
  }
  std::vector<std::vector<std::pair<CandidateId, int64_t>>> drawn;
  for (size_t i = 1; i < firsts.size(); ++i) {
    std::vector<char> set = all;
    set[static_cast<size_t>(t.candidate(firsts[i]))] = 0;
    std::vector<std::pair<CandidateId, int64_t>> kids;
    for (NodeId c : t.continuing_children(firsts[i], set)) kids.push_back({t.candidate(c), t.count(c)});
    drawn.push_back(kids);
  }
  ASSERT_GT(t.size(), mark);
  t.Rollback();
  ASSERT_EQ(t.size(), mark);
  for (size_t n = 0; n < mark; ++n) {
    ASSERT_EQ(t.expanded(static_cast<NodeId>(n)), was_expanded[n] != 0) << "node " << n;
    if (!was_expanded[n]) continue;
    const auto c = t.children(static_cast<NodeId>(n));
    EXPECT_EQ(std::vector<NodeId>(c.begin(), c.end()), before[n]) << "node " << n;
  }
  for (size_t i = 1; i < firsts.size(); ++i) {
    std::vector<char> set = all;
    set[static_cast<size_t>(t.candidate(firsts[i]))] = 0;
    std::vector<std::pair<CandidateId, int64_t>> kids;
    for (NodeId c : t.continuing_children(firsts[i], set)) kids.push_back({t.candidate(c), t.count(c)});
    EXPECT_EQ(kids, drawn[i - 1]) << "first preference " << i;
  }
}

}  // namespace
}  // namespace necsim
