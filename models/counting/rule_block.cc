// Block vote and first past the post.
//
// Block vote (the CLP section's rule until 2018): each ballot marks up to N
// names (N = seats); with ranked ballots the first N preferences are the
// marks. The N candidates with most marks are elected. FPTP counts first
// preferences only; with N seats the top N are elected.
//
// Constraints (the party's rule: "at least half of those elected must be
// women; the highest-placed women are elected over men where needed"): the
// candidates are taken down the poll in order of votes, and each is elected
// unless electing them would leave the constraints impossible to meet with the
// seats that remain (ConstraintOracle::Doomed): a candidate whose group is
// full is skipped, and places are kept for groups below their minimum. Ties in
// the order are settled by the tie order given with the ballots, else by lot.
#include <algorithm>
#include <utility>

#include "counting/count.h"
#include "counting/tiebreak.h"
#include "counting/vacancy.h"

namespace necsim {
namespace {

// Marks per candidate: ballots that name the candidate within their first
// `depth` preferences. Level by level; on sampled trees the nodes of a level
// that share their cell and the *set* of candidates ranked so far are merged
// first (their ballots' further marks follow the same law whatever the order
// of the earlier ones), which bounds each level by cells x distinct sets.
// A node of at most kDirectBallots ballots has its remaining marks drawn
// ballot by ballot (Expander::SampleMarks: one alias draw per step, eight
// ballots side by side where the processor allows, under 2 ns a draw). A
// multinomial split costs as much as several hundred such draws and saves
// about one draw per ballot, and deep sets are mostly distinct, so the nodes
// below do not merge: only nodes of thousands of ballots are split first.
constexpr int64_t kDirectBallots = 4096;

void CountMarks(BallotTree& tree, int depth, std::vector<int64_t>& marks) {
  const bool merge = tree.mergeable() && tree.num_candidates() <= 64;
  std::vector<NodeId> level;
  std::vector<uint64_t> sets;  // ranked-set bitmask per node of `level`
  {
    const ChildRange kids = tree.children(BallotTree::kRoot);
    level.assign(kids.begin(), kids.end());
    for (NodeId c : level) sets.push_back(merge ? uint64_t{1} << tree.candidate(c) : 0);
  }
  for (int d = 1; d <= depth && !level.empty(); ++d) {
    for (NodeId c : level) marks[tree.candidate(c)] += tree.count(c);
    if (d == depth) break;
    if (merge) {
      std::vector<size_t> idx(level.size());
      for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
      std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
        if (tree.tag(level[a]) != tree.tag(level[b])) return tree.tag(level[a]) < tree.tag(level[b]);
        if (sets[a] != sets[b]) return sets[a] < sets[b];
        return a < b;
      });
      std::vector<NodeId> merged;
      std::vector<uint64_t> merged_sets;
      std::vector<NodeId> group;
      for (size_t i = 0; i < idx.size();) {
        size_t j = i;
        group.clear();
        while (j < idx.size() && tree.tag(level[idx[j]]) == tree.tag(level[idx[i]]) && sets[idx[j]] == sets[idx[i]]) {
          group.push_back(level[idx[j]]);
          ++j;
        }
        merged.push_back(tree.MergeNodes(group));
        merged_sets.push_back(sets[idx[i]]);
        i = j;
      }
      level.swap(merged);
      sets.swap(merged_sets);
    }
    std::vector<NodeId> next;
    std::vector<uint64_t> next_sets;
    for (size_t i = 0; i < level.size(); ++i) {
      // A handful of ballots: draw their remaining marks one ballot at a time.
      if (tree.count(level[i]) <= kDirectBallots && tree.SampleMarks(level[i], depth - d, marks)) continue;
      const ChildRange kids = tree.children(level[i]);
      for (NodeId c : kids) {
        next.push_back(c);
        next_sets.push_back(merge ? sets[i] | (uint64_t{1} << tree.candidate(c)) : 0);
      }
    }
    level.swap(next);
    sets.swap(next_sets);
  }
}

CountResult ElectDownThePoll(const char* rule, const char* what, const std::vector<int64_t>& votes,
                             int64_t non_transferable, const std::vector<Candidate>& candidates,
                             const CountOptions& options, Stream& lots) {
  const int n = static_cast<int>(candidates.size());
  CountResult r;
  r.rule = rule;
  r.seats = options.seats;
  r.final_votes.resize(static_cast<size_t>(n));
  r.final_votes_value.resize(static_cast<size_t>(n));
  r.first_preferences.assign(static_cast<size_t>(n), 0.0);
  for (int c = 0; c < n; ++c) {
    r.final_votes[c] = std::to_string(votes[c]);
    r.final_votes_value[c] = static_cast<double>(votes[c]);
  }

  // Walk down the poll. At each step the hopefuls with most votes form the
  // top group; doomed members are passed over. When the whole group can be
  // elected together it is (no lot needed); otherwise one member is chosen by
  // the tie order or by lot and the walk goes on.
  ConstraintOracle oracle(options.constraints, n, options.seats);
  std::vector<Standing> standing(static_cast<size_t>(n), Standing::kHopeful);
  for (int c = 0; c < n; ++c) {
    if (candidates[c].withdrawn) standing[c] = Standing::kOut;
  }
  std::vector<std::string> notes;
  const std::vector<std::vector<int64_t>> no_history;
  auto seats_left = [&] { return options.seats - static_cast<int>(r.elected.size()); };
  while (seats_left() > 0) {
    int64_t best = -1;
    for (int c = 0; c < n; ++c) {
      if (standing[c] == Standing::kHopeful) best = std::max(best, votes[c]);
    }
    if (best < 0) break;  // cannot happen after CheckFeasible
    std::vector<CandidateId> group;
    for (int c = 0; c < n; ++c) {
      if (standing[c] == Standing::kHopeful && votes[c] == best) group.push_back(c);
    }
    std::vector<CandidateId> electable;
    for (CandidateId c : group) {
      if (oracle.active() && oracle.Doomed(standing, c)) {
        standing[c] = Standing::kOut;
        r.constraints_acted = true;
        notes.push_back(candidates[c].name + " passed over: electing them would leave the constraints impossible to meet.");
      } else {
        electable.push_back(c);
      }
    }
    if (electable.empty()) continue;
    bool all_fit = static_cast<int>(electable.size()) <= seats_left();
    if (all_fit && oracle.active()) {
      std::vector<Standing> trial = standing;
      for (CandidateId c : electable) trial[c] = Standing::kElected;
      all_fit = oracle.CanComplete(trial);
    }
    CandidateId pick = electable[0];
    if (!all_fit) {
      std::string note;
      pick = BreakTie(electable, no_history, LookBack::kNone, /*want_lowest=*/false, options.tie_order, lots,
                      candidates, &note, &r.ties_by_lot);
      notes.push_back(note);
    }
    standing[pick] = Standing::kElected;
    r.elected.push_back(pick);
    r.elected_stage.push_back(1);
  }

  if (options.record_stages) {
    Stage s;
    s.number = 1;
    s.kind = "first";
    s.description = std::string(what) + " counted; the " + std::to_string(options.seats) +
                    " highest placed elected" + (oracle.active() ? " subject to the constraints." : ".");
    s.votes = r.final_votes;
    s.votes_value = r.final_votes_value;
    s.non_transferable = std::to_string(non_transferable);
    s.elected = r.elected;
    s.states.resize(static_cast<size_t>(n));
    for (int c = 0; c < n; ++c) {
      s.states[c] = candidates[c].withdrawn ? CandidateState::kWithdrawn
                    : standing[c] == Standing::kElected ? CandidateState::kElected
                                                         : CandidateState::kExcluded;
    }
    s.notes = notes;
    r.stages.push_back(s);
  }
  return r;
}

}  // namespace

CountResult CountBlock(BallotTree& ballots, const std::vector<Candidate>& candidates,
                       const CountOptions& options, Stream& lots) {
  std::vector<int64_t> marks(candidates.size(), 0);
  CountMarks(ballots, options.seats, marks);
  CountResult r = ElectDownThePoll("block", "Marks (up to one per seat on each ballot)", marks,
                                   ballots.exhausted_at(BallotTree::kRoot), candidates, options, lots);
  std::vector<int64_t> first(candidates.size(), 0);
  CountMarks(ballots, 1, first);
  for (size_t c = 0; c < candidates.size(); ++c) r.first_preferences[c] = static_cast<double>(first[c]);
  r.marks = std::move(marks);
  return r;
}

CountResult CountFptp(BallotTree& ballots, const std::vector<Candidate>& candidates,
                      const CountOptions& options, Stream& lots) {
  std::vector<int64_t> first(candidates.size(), 0);
  CountMarks(ballots, 1, first);
  CountResult r = ElectDownThePoll("fptp", "First preferences", first, ballots.exhausted_at(BallotTree::kRoot),
                                   candidates, options, lots);
  for (size_t c = 0; c < candidates.size(); ++c) r.first_preferences[c] = static_cast<double>(first[c]);
  return r;
}

CountResult ElectFromVotes(Rule rule, const std::vector<int64_t>& votes, const std::vector<Candidate>& candidates,
                           const CountOptions& options, Stream& lots) {
  std::vector<int64_t> v = votes;
  v.resize(candidates.size(), 0);
  const bool block = rule == Rule::kBlock;
  CountResult r = ElectDownThePoll(block ? "block" : "fptp",
                                   block ? "Marks (up to one per seat on each ballot)" : "First preferences", v, 0,
                                   candidates, options, lots);
  if (block) r.marks = v;
  return r;
}

}  // namespace necsim
