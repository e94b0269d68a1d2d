// Alternative vote / instant runoff (single seat).
//
// Each round every ballot counts for its highest-ranked continuing candidate.
// A candidate with more than half of the votes still in the count (ballots not
// yet exhausted) is elected; otherwise the candidate with fewest votes is
// excluded and their ballots pass on. When only one candidate continues, that
// candidate is elected. Ties for exclusion are settled by the most recent
// earlier round at which the tied candidates' votes differed, then by the tie
// order given with the ballots, then by lot.
//
// Constraints follow the protocol shared by the STV rules (docs/constraints.md):
// doomed hopefuls are excluded first, guarded ones are never excluded.
#include <algorithm>

#include "counting/count.h"
#include "counting/tiebreak.h"

namespace necsim {

CountResult CountIrv(BallotTree& ballots, const std::vector<Candidate>& candidates,
                     const CountOptions& options, Stream& lots) {
  const int n = static_cast<int>(candidates.size());
  CountResult r;
  r.rule = "irv";
  r.seats = 1;
  ConstraintOracle oracle(options.constraints, n, 1);
  std::vector<Standing> standing(static_cast<size_t>(n), Standing::kHopeful);
  std::vector<char> continuing(static_cast<size_t>(n), 1);
  for (int c = 0; c < n; ++c) {
    if (candidates[c].withdrawn) {
      standing[c] = Standing::kOut;
      continuing[c] = 0;
    }
  }
  // Each pile holds the tree nodes whose ballots currently sit with a candidate
  // (every ballot at full value; `value` only lets MergeParcels group them).
  struct Parcel {
    NodeId node;
    int value;
  };
  std::vector<std::vector<Parcel>> piles(static_cast<size_t>(n));
  std::vector<int64_t> votes(static_cast<size_t>(n), 0);
  int64_t exhausted = ForEachNextContinuing(ballots, BallotTree::kRoot, continuing, [&](NodeId node) {
    piles[ballots.candidate(node)].push_back({node, 0});
    votes[ballots.candidate(node)] += ballots.count(node);
  });
  r.first_preferences.assign(votes.begin(), votes.end());
  std::vector<std::vector<int64_t>> history;
  std::vector<CandidateId> excluded_now;
  std::vector<std::string> notes;
  std::string kind = "first";
  std::string description = "First preferences.";
  std::vector<CandidateId> subjects;

  auto record = [&](const std::vector<CandidateId>& elected) {
    history.push_back(votes);
    if (!options.record_stages) return;
    Stage s;
    s.number = static_cast<int>(history.size());
    s.kind = kind;
    s.description = description;
    s.subjects = subjects;
    for (int c = 0; c < n; ++c) {
      s.votes.push_back(std::to_string(votes[c]));
      s.votes_value.push_back(static_cast<double>(votes[c]));
      s.states.push_back(candidates[c].withdrawn                    ? CandidateState::kWithdrawn
                         : standing[c] == Standing::kElected        ? CandidateState::kElected
                         : standing[c] == Standing::kOut            ? CandidateState::kExcluded
                                                                    : CandidateState::kHopeful);
    }
    s.non_transferable = std::to_string(exhausted);
    s.elected = elected;
    s.excluded = excluded_now;
    s.notes = notes;
    r.stages.push_back(std::move(s));
  };

  for (;;) {
    std::vector<CandidateId> hopefuls;
    int64_t live = 0;
    for (int c = 0; c < n; ++c) {
      if (standing[c] == Standing::kHopeful) {
        hopefuls.push_back(c);
        live += votes[c];
      }
    }
    // Elected: a majority of live votes, or the last one standing.
    CandidateId winner = -1;
    for (CandidateId c : hopefuls) {
      if (2 * votes[c] > live && !(oracle.active() && oracle.Doomed(standing, c))) winner = c;
    }
    if (winner < 0 && hopefuls.size() == 1) winner = hopefuls[0];
    if (winner < 0 && oracle.active()) {
      // Protocol (c): guarded hopefuls that exactly fill the seat are elected.
      std::vector<CandidateId> guarded;
      for (CandidateId c : hopefuls) {
        if (oracle.Guarded(standing, c)) guarded.push_back(c);
      }
      if (guarded.size() == 1) {
        winner = guarded[0];
        r.constraints_acted = true;
      }
    }
    if (winner >= 0) {
      standing[winner] = Standing::kElected;
      r.elected = {winner};
      r.elected_stage = {static_cast<int>(history.size()) + 1};
      record({winner});
      break;
    }
    record({});
    excluded_now.clear();
    notes.clear();
    subjects.clear();
    // Whom to exclude: doomed hopefuls first, else the lowest unguarded.
    std::vector<CandidateId> out;
    if (oracle.active()) {
      for (CandidateId c : hopefuls) {
        if (oracle.Doomed(standing, c)) out.push_back(c);
      }
      if (!out.empty()) {
        r.constraints_acted = true;
        notes.push_back("Excluded because electing them would break the constraints.");
      }
    }
    if (out.empty()) {
      std::vector<CandidateId> pool;
      for (CandidateId c : hopefuls) {
        if (!(oracle.active() && oracle.Guarded(standing, c))) pool.push_back(c);
      }
      if (pool.size() < hopefuls.size()) r.constraints_acted = true;
      int64_t low = pool.empty() ? 0 : votes[pool[0]];
      for (CandidateId c : pool) low = std::min(low, votes[c]);
      std::vector<CandidateId> tied;
      for (CandidateId c : pool) {
        if (votes[c] == low) tied.push_back(c);
      }
      CandidateId loser = tied[0];
      if (tied.size() > 1) {
        std::string note;
        // Exclude history of the current round (already recorded) to look back
        // over earlier rounds only: the current values are equal anyway.
        loser = BreakTie(tied, history, LookBack::kLatestStage, /*want_lowest=*/true, options.tie_order, lots,
                         candidates, &note, &r.ties_by_lot);
        notes.push_back(note);
      }
      out = {loser};
    }
    for (CandidateId c : out) {
      standing[c] = Standing::kOut;
      continuing[c] = 0;
    }
    for (CandidateId c : out) {
      MergeParcels(ballots, piles[c]);  // sampled ballots only
      for (const Parcel& p : piles[c]) {
        exhausted += ForEachNextContinuing(ballots, p.node, continuing, [&](NodeId next) {
          piles[ballots.candidate(next)].push_back({next, 0});
          votes[ballots.candidate(next)] += ballots.count(next);
        });
      }
      piles[c].clear();
      votes[c] = 0;
    }
    excluded_now = out;
    subjects = out;
    kind = "exclusion";
    description = "Exclusion of";
    for (CandidateId c : out) description += " " + candidates[c].name + ";";
    description += " ballots transferred.";
  }

  r.final_votes.resize(static_cast<size_t>(n));
  r.final_votes_value.resize(static_cast<size_t>(n));
  for (int c = 0; c < n; ++c) {
    r.final_votes[c] = std::to_string(votes[c]);
    r.final_votes_value[c] = static_cast<double>(votes[c]);
  }
  return r;
}

}  // namespace necsim
