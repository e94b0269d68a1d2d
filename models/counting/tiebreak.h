// Tie-breaking shared by the rules.
//
// Each rule says how ties are settled: most look back over earlier stages,
// then draw lots. BreakTie applies a rule's look-back to the per-stage vote
// history, then the tie order given with the ballots (Droop's [tie] option),
// then lots drawn from the seeded stream, and records what it did.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/election.h"
#include "core/rng.h"

namespace necsim {

enum class LookBack {
  kNone,           // straight to tie order / lots
  kEarliestStage,  // the first stage at which the tied candidates' votes differ
  kLatestStage,    // the most recent earlier stage at which they differ
};

// Which candidate of `tied` (size >= 2) to pick.
//   want_lowest: true when picking the candidate to exclude (fewest votes
//   wins the pick), false when picking whom to elect or whose surplus to
//   transfer first (most votes).
//   history[s][c]: votes of candidate c at the end of stage s, oldest first.
// Step 2, tie order: for want_lowest the tied candidate listed first in
// tie_order is picked; otherwise the one listed last.
// Appends a sentence to *note saying how the tie was resolved; ++*lots_drawn
// when it came to lots.
template <class V>
CandidateId BreakTie(std::vector<CandidateId> tied, const std::vector<std::vector<V>>& history,
                     LookBack look_back, bool want_lowest,
                     const std::vector<CandidateId>& tie_order, Stream& lots,
                     const std::vector<Candidate>& candidates, std::string* note, int* lots_drawn) {
  std::sort(tied.begin(), tied.end());
  auto names = [&](const std::vector<CandidateId>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i) s += (i + 1 == ids.size()) ? " and " : ", ";
      s += candidates[ids[i]].name;
    }
    return s;
  };
  const std::string who = names(tied);
  if (look_back != LookBack::kNone && !history.empty()) {
    const int n = static_cast<int>(history.size());
    for (int k = 0; k < n; ++k) {
      const int s = look_back == LookBack::kEarliestStage ? k : n - 1 - k;
      const auto& row = history[s];
      V best = row[tied[0]];
      for (CandidateId c : tied) {
        if (want_lowest ? row[c] < best : best < row[c]) best = row[c];
      }
      std::vector<CandidateId> keep;
      for (CandidateId c : tied) {
        if (row[c] == best) keep.push_back(c);
      }
      if (keep.size() < tied.size()) {
        tied = keep;
        if (tied.size() == 1) {
          if (note) *note += "Tie between " + who + " resolved by votes at stage " + std::to_string(s + 1) + ". ";
          return tied[0];
        }
      }
    }
  }
  if (!tie_order.empty()) {
    auto pos = [&](CandidateId c) {
      auto it = std::find(tie_order.begin(), tie_order.end(), c);
      return it == tie_order.end() ? static_cast<long>(tie_order.size()) + c
                                   : static_cast<long>(it - tie_order.begin());
    };
    CandidateId pick = tied[0];
    for (CandidateId c : tied) {
      if (want_lowest ? pos(c) < pos(pick) : pos(c) > pos(pick)) pick = c;
    }
    if (note) *note += "Tie between " + who + " resolved by the given tie order. ";
    return pick;
  }
  const CandidateId pick = tied[lots.Below(tied.size())];
  if (note) *note += "Tie between " + names(tied) + " resolved by lot: " + candidates[pick].name + ". ";
  if (lots_drawn) ++*lots_drawn;
  return pick;
}

}  // namespace necsim
