// One count under a rule set's constraints, and whether the constraints
// changed the result: "the gender rule changed the result" means the elected
// set differs from the count of the same ballots without the constraints.
// The one place that decides it, for national rule sets and for every
// district of a regional design alike.
#pragma once

#include <functional>
#include <vector>

#include "ballots/ballot_tree.h"
#include "core/election.h"
#include "core/rng.h"
#include "core/status.h"
#include "counting/count.h"

namespace necsim {

struct ConstrainedCount {
  std::vector<CandidateId> elected;       // in order of election
  std::vector<double> first_preferences;  // per candidate
  std::vector<int64_t> marks;             // per candidate, the block vote's marks (empty for other rules)
  bool constraints_changed = false;
};

// Whether the result without the constraints needs a second count (resumed
// or repeated) when they acted. The block vote and FPTP elect the top N by
// votes, so their result without constraints is read off the constrained
// count's votes: the constraints changed the result exactly when some winner
// has fewer votes than the N-th highest (a tie at the boundary, which lots
// could have settled either way, is no change).
bool RecountsWithoutConstraints(Rule rule, const Constraints& constraints);

// Counts `tree` under `opt` (its constraints included), then, when the
// constraints acted, finds the result without them: read off the votes
// (block, FPTP), resumed by the rule from where they first acted (rules with
// ResumesWithoutConstraints), or counted again on `fresh()`, a tree of the
// same ballots. `lots` is copied for each count, so both counts draw the same
// lots. Stage sheets are not recorded.
Result<ConstrainedCount> CountWithConstraints(Rule rule, BallotTree& tree, const std::vector<Candidate>& cands,
                                              CountOptions opt, const Stream& lots,
                                              const std::function<BallotTree*()>& fresh);

}  // namespace necsim
