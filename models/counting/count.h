// The counting engine's common interface: every rule takes a BallotTree (real
// or sampled ballots), the candidates, options and a lot stream, and returns a
// CountResult with a stage-by-stage record.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ballots/ballot_tree.h"
#include "counting/constraints.h"
#include "core/election.h"
#include "core/status.h"
#include "core/rng.h"

namespace necsim {

enum class Rule {
  kScottish,  // Scottish Local Government Elections Order 2007 (WIGM, 5 dp)
  kErs97,     // Electoral Reform Society rules, 1997 edition (2 dp)
  kMeek,      // Meek, Proportional Representation Foundation reference rule (9 dp)
  kWarren,    // Warren's variant of Meek (exact rationals)
  kWigm,      // generic weighted inclusive Gregory (exact rationals)
  kBlock,     // block vote: up to N marks, top N elected
  kFptp,      // first past the post (single seat; N seats = top N first preferences)
  kIrv,       // alternative vote / instant runoff (single seat)
};

// "scottish", "ers97", ... (the CLI's --rule names).
const char* RuleName(Rule rule);
std::optional<Rule> ParseRule(const std::string& name);
bool IsStv(Rule rule);

enum class CandidateState : char { kHopeful, kElected, kExcluded, kWithdrawn };
const char* StateName(CandidateState s);

// One stage of a count, as on an official result sheet.
struct Stage {
  int number = 0;
  std::string kind;         // "first", "surplus", "exclusion", "iteration", "elect", "final"
  std::string description;  // e.g. "Surplus of Ann Smith transferred (value 0.21452)"
  std::vector<CandidateId> subjects;  // whose surplus or exclusion the stage transfers
  std::string quota;                  // quota in force, at the rule's precision ("" if none)
  std::vector<std::string> votes;     // per candidate at the end of the stage
  std::vector<double> votes_value;    // the same as numbers (for aggregation)
  std::string non_transferable;       // cumulative non-transferable votes
  std::vector<CandidateId> elected;   // declared elected at this stage
  std::vector<CandidateId> excluded;  // excluded at this stage
  std::vector<CandidateState> states; // after the stage
  std::vector<std::string> notes;     // ties and how they were broken, constraint actions
};

struct CountResult {
  std::string rule;
  int seats = 0;
  std::string quota;                       // quota at the first stage ("" for non-quota rules)
  std::vector<CandidateId> elected;        // in order of election
  std::vector<int> elected_stage;          // stage number at which each was elected
  std::vector<std::string> final_votes;    // per candidate, at the rule's precision
  std::vector<double> final_votes_value;   // per candidate
  std::vector<double> first_preferences;   // per candidate (first-stage votes)
  // The block vote only (empty for other rules): per candidate, the ballots
  // that mark the candidate among their first `seats` preferences, the votes
  // the block vote elects on.
  std::vector<int64_t> marks;
  std::vector<Stage> stages;               // empty unless CountOptions::record_stages
  int ties_by_lot = 0;                     // number of ties resolved by drawing lots
  bool constraints_acted = false;          // a doom/guard or skip changed the course of the count
  // With CountOptions::resume_without_constraints, when the constraints acted:
  // the result of the same count without constraints, where the rule could
  // find it by resuming (null otherwise: the caller counts again).
  std::shared_ptr<const CountResult> without_constraints;
};

// Storage a rule may keep from one count to the next, so that a thread
// counting many elections (the Monte Carlo engine) does not allocate it
// afresh every time: each rule's buffers, created on first use. It holds
// buffers only, never anything a result depends on. One per thread.
struct CountScratch {
  std::shared_ptr<void> ers97;
};

struct CountOptions {
  int seats = 1;
  Constraints constraints;
  // Candidates in tie-break order, first listed loses (Droop's [tie] option);
  // empty: ties left after the rule's own look-back are settled by lot.
  std::vector<CandidateId> tie_order;
  bool record_stages = true;
  CountScratch* scratch = nullptr;  // optional: buffers to reuse (see CountScratch)
  // Also find the result of the count without the constraints, when they act
  // (CountResult::without_constraints). A rule that supports it
  // (ERS97) keeps the state of its count at the start of each step until the
  // constraints first act, and then resumes from that state without them on
  // the same ballots: the steps before are the same in both counts, so the
  // result is that of a count without constraints from the start. The ballot
  // tree is returned to that point (BallotTree::Rollback) and holds the
  // resumed count's expansions afterwards.
  bool resume_without_constraints = false;
};

// Whether `rule` supports CountOptions::resume_without_constraints (and so
// rarely needs a second count: only when the constraints acted before its
// main loop began).
inline bool ResumesWithoutConstraints(Rule rule) { return rule == Rule::kErs97; }

// Runs `rule` on the ballots. `lots` supplies random draws for ties settled by
// lot (keyed by the user's --seed). Errors: infeasible constraints, fewer
// candidates than seats, a rule used outside its domain.
Result<CountResult> Count(Rule rule, BallotTree& ballots, const std::vector<Candidate>& candidates,
                          const CountOptions& options, Stream& lots);

// Convenience for a whole election read from a file.
Result<CountResult> CountElection(Rule rule, const Election& election, CountOptions options,
                                  Stream& lots);

// The individual rules (same contract as Count; called after validation).
CountResult CountBlock(BallotTree& ballots, const std::vector<Candidate>& candidates,
                       const CountOptions& options, Stream& lots);
CountResult CountFptp(BallotTree& ballots, const std::vector<Candidate>& candidates,
                      const CountOptions& options, Stream& lots);
CountResult CountIrv(BallotTree& ballots, const std::vector<Candidate>& candidates,
                     const CountOptions& options, Stream& lots);
CountResult CountScottish(BallotTree& ballots, const std::vector<Candidate>& candidates,
                          const CountOptions& options, Stream& lots);
CountResult CountWigm(BallotTree& ballots, const std::vector<Candidate>& candidates,
                      const CountOptions& options, Stream& lots);
CountResult CountErs97(BallotTree& ballots, const std::vector<Candidate>& candidates,
                       const CountOptions& options, Stream& lots);
CountResult CountMeek(BallotTree& ballots, const std::vector<Candidate>& candidates,
                      const CountOptions& options, Stream& lots);
CountResult CountWarren(BallotTree& ballots, const std::vector<Candidate>& candidates,
                        const CountOptions& options, Stream& lots);

}  // namespace necsim
