// DrawMemo: the run's drawn children, shared by the counts of one run. The
// memo must hand back exactly what was stored, forget it at Clear(), and a
// count that takes its draws from the memo must equal the same count drawn
// afresh.
#include <gtest/gtest.h>

#include <vector>

#include "counting/count.h"
#include "voters/sampler.h"
#include "scenario/scenario_yaml.h"
#include "tests/two_slate_scenario.h"

namespace necsim {
namespace {

TEST(DrawMemo, StoresFindsAndForgets) {
  DrawMemo memo;
  size_t len = 0;
  EXPECT_EQ(memo.Find(42, 10, len), nullptr);
  // Enough entries to grow the table several times (it starts at 1,024 slots).
  for (uint64_t key = 1; key <= 3000; ++key) {
    const std::vector<ChildSpec> kids = {{static_cast<CandidateId>(key % 7), static_cast<int64_t>(key), 3},
                                         {5, 1, 3}};
    memo.Store(key * 0x9E3779B97F4A7C15ULL, static_cast<int64_t>(key), kids.data(), kids.size());
  }
  EXPECT_EQ(memo.size(), 3000u);
  for (uint64_t key = 1; key <= 3000; ++key) {
    const ChildSpec* hit = memo.Find(key * 0x9E3779B97F4A7C15ULL, static_cast<int64_t>(key), len);
    ASSERT_NE(hit, nullptr) << key;
    ASSERT_EQ(len, 2u);
    EXPECT_EQ(hit[0].candidate, static_cast<CandidateId>(key % 7));
    EXPECT_EQ(hit[0].count, static_cast<int64_t>(key));
    EXPECT_EQ(hit[1].candidate, 5);
    // The same key with another number of ballots is another node.
    EXPECT_EQ(memo.Find(key * 0x9E3779B97F4A7C15ULL, static_cast<int64_t>(key) + 1, len), nullptr);
  }
  EXPECT_EQ(memo.hits(), 3000u);
  memo.Clear();
  EXPECT_EQ(memo.size(), 0u);
  EXPECT_EQ(memo.Find(0x9E3779B97F4A7C15ULL, 1, len), nullptr);
}

// The constrained ERS97 count fills the memo; the unconstrained recount then
// reads it (hits > 0) and must give exactly the count of a fresh tree with no
// memo: the same winners and the same final votes, run after run.
TEST(DrawMemo, RecountFromTheMemoEqualsAFreshRecount) {
  auto sc = LoadScenarioText(necsim_test::TwoSlateScenario("memo", 11, 40), "memo.yaml");
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  const VoterModel model = VoterModel::Build(*sc);
  const std::vector<Candidate> cands = sc->CountCandidates();
  const RuleSetConfig& rs = sc->rule_sets[1];  // stv4: ERS97, 4 seats, at least half women
  ASSERT_EQ(rs.rule, Rule::kErs97);
  CountOptions constrained;
  constrained.seats = rs.seats;
  constrained.constraints = rs.MakeConstraints(cands);
  CountOptions plain = constrained;
  plain.constraints = {};
  DrawMemo memo;
  SampledBallots first, again;
  size_t hits = 0;
  for (uint64_t run = 0; run < 40; ++run) {
    const RunSample sample = SampleRun(*sc, model, sc->seed, run);
    memo.Clear();
    first.Reset(sample, sc->seed, run, &memo);
    Stream lots1(sc->seed, run, StreamPurpose::kLots, 1);
    ASSERT_TRUE(Count(rs.rule, first.tree, cands, constrained, lots1).ok());
    const size_t stored = memo.size();
    EXPECT_GT(stored, 0u);
    again.Reset(sample, sc->seed, run, &memo);
    Stream lots2(sc->seed, run, StreamPurpose::kLots, 1);
    auto from_memo = Count(rs.rule, again.tree, cands, plain, lots2);
    hits += memo.hits();
    SampledBallots fresh(sample, sc->seed, run);  // no memo
    Stream lots3(sc->seed, run, StreamPurpose::kLots, 1);
    auto drawn = Count(rs.rule, fresh.tree, cands, plain, lots3);
    ASSERT_TRUE(from_memo.ok() && drawn.ok());
    EXPECT_EQ(from_memo->elected, drawn->elected) << "run " << run;
    EXPECT_EQ(from_memo->final_votes, drawn->final_votes) << "run " << run;
    EXPECT_EQ(from_memo->first_preferences, drawn->first_preferences) << "run " << run;
  }
  EXPECT_GT(hits, 40u);  // every recount found at least its first preferences there
}

}  // namespace
}  // namespace necsim
