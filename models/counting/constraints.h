// Constraints on who may be elected: at least / at most k from a group.
//
// A group is any set of candidates (the women; the candidates from a region; a
// nation). A constraint set is feasible for a count when some set of exactly
// `seats` candidates meets every group's bounds. All rules share one oracle,
// CanComplete(): given who is elected and who is still in the running, can the
// remaining seats be filled so that every bound holds? From it follow the two
// notions every constrained count uses (Grey & Fitzgerald's "guard" and "doom",
// as in OpenTally's constraint support and the Oslo rules):
//   doomed  - a hopeful whose election would make the bounds impossible (for
//             example, their group is full); doomed hopefuls are excluded;
//   guarded - a hopeful without whom the bounds are impossible (needed for a
//             group's minimum); guarded hopefuls are never excluded, and when
//             the guarded hopefuls exactly fill the remaining seats they are
//             elected.
// Candidates are grouped by their membership signature (the set of groups
// they belong to). When the groups form at most two laminar families (women +
// regions; nations containing regions; women + regions + nations), the oracle
// is a max-flow with lower bounds over the two families' trees, polynomial in
// candidates and groups. Otherwise it is a depth-first search over the
// signatures, whose size CheckFeasible bounds before counting
// (kMaxConstraintSearch). See docs/constraints.md.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/election.h"
#include "core/status.h"

namespace necsim {

struct ConstraintGroup {
  std::string name;                  // for messages and result sheets
  std::vector<CandidateId> members;  // candidates in the group
  int min = 0;                       // at least this many elected
  int max = std::numeric_limits<int>::max();  // at most this many elected
};

struct Constraints {
  std::vector<ConstraintGroup> groups;
  bool empty() const { return groups.empty(); }
};

// "at least half women": the women's minimum for `seats` seats, ceil(seats/2).
int WomenMinimum(int seats);

// Builds the group of women (by Candidate::gender) with the given minimum.
ConstraintGroup WomenGroup(const std::vector<Candidate>& candidates, int min);

enum class Standing : char { kHopeful, kElected, kOut };

// The largest search CheckFeasible accepts for groups that are not two laminar
// families: the product over signatures of (min(candidates, seats) + 1).
inline constexpr double kMaxConstraintSearch = 1e7;

// Precomputed feasibility oracle over a fixed candidate list and seat count.
class ConstraintOracle {
 public:
  ConstraintOracle(const Constraints& constraints, int num_candidates, int seats);

  bool active() const { return !groups_.empty(); }

  // True when the seats not yet filled can be filled from the hopefuls so that
  // every group's bounds hold, given the candidates already elected.
  // (The queries reuse scratch buffers: one oracle serves one thread.)
  bool CanComplete(const std::vector<Standing>& standing) const { return Check(standing, -1, Standing::kHopeful); }

  // A hopeful whose election would make completion impossible.
  bool Doomed(const std::vector<Standing>& standing, CandidateId c) const {
    return !Check(standing, c, Standing::kElected);
  }
  // A hopeful without whom completion is impossible.
  bool Guarded(const std::vector<Standing>& standing, CandidateId c) const {
    return !Check(standing, c, Standing::kOut);
  }

  // Names of the groups whose bounds `elected` (a full result) violates.
  std::vector<std::string> Violations(const std::vector<CandidateId>& elected) const;

  // True when the groups split into at most two laminar families (in each,
  // any two groups are disjoint or one contains the other): the queries are
  // then decided by a max-flow. Otherwise by a search over signatures.
  bool two_laminar() const { return two_laminar_; }
  // An upper bound on that search for `standing`: the product over signatures
  // of (min(hopefuls, seats left) + 1).
  double SearchSize(const std::vector<Standing>& standing) const;

 private:
  struct Group {
    std::string name;
    int min, max;
  };
  // A max-flow network (Dinic's algorithm) with its buffers, reused from query
  // to query. Edges are stored in pairs: e ^ 1 is the reverse of e.
  struct FlowNet {
    std::vector<int> head, next, to, cap, level, iter, queue;
    void Reset(int nodes);
    void AddEdge(int u, int v, int c);
    int MaxFlow(int s, int t);
    bool Levels(int s, int t);
    int Push(int u, int t, int f);
  };
  int seats_;
  std::vector<Group> groups_;
  std::vector<int> gmin_, gmax_;  // per group, as in groups_
  std::vector<int> signature_of_;                 // candidate -> signature index
  std::vector<std::vector<int>> sig_groups_;      // signature -> groups it belongs to
  // The two laminar families (when two_laminar_): per group its family (0 or
  // 1) and its parent in that family's forest (-1: a root); per signature the
  // deepest group of each family holding it (-1: none).
  bool two_laminar_ = true;
  std::vector<int> family_, parent_;
  std::vector<int> sig_deep_[2];
  // One laminar family (no group crosses another): the groups with every
  // parent before its children.
  bool one_family_ = false;
  std::vector<int> order_;
  // CanComplete with candidate `c` (if >= 0) taken as `as`.
  bool Check(const std::vector<Standing>& standing, CandidateId c, Standing as) const;
  // The flow decision on the counts in hopeful_ / gcount_ / gpotential_.
  bool FlowFeasible(int left) const;
  // The same for one family, in linear time (see the .cc).
  bool TreeFeasible(int left) const;
  mutable FlowNet net_;
  mutable std::vector<int> demand_, reach_lo_, reach_hi_;
  // Per-query counts, kept to avoid allocating on every query.
  mutable std::vector<int> hopeful_, elected_sig_, gcount_, gpotential_;
  // The last standings asked about, with their counts (all and per signature).
  mutable std::vector<Standing> last_standing_;
  mutable std::vector<int> base_hopeful_sig_, base_elected_sig_;
  mutable int base_elected_ = 0, base_hopefuls_ = 0;
  mutable bool base_memo_ = false;                   // the counts fit the memo's key
  // Answers for the last standings by the query's change: per signature of
  // the candidate asked about, its standing and the standing it is taken as
  // (9 slots a signature, then one for no change); -1: not yet known.
  mutable std::vector<signed char> answer_;
  mutable uint64_t base_key_e_ = 0, base_key_h_ = 0;  // their memo key
  // Answers already found, by (elected, hopeful) counts per signature packed
  // in bytes (see Check); 64 slots, direct-mapped.
  struct MemoEntry {
    uint64_t elected = 0, hopeful = 0;
    bool result = false;
  };
  mutable std::array<MemoEntry, 64> memo_{};
};

// Checks that the constraints can be met at all by `seats` of the candidates
// not withdrawn (before counting). Error names the group at fault.
Status CheckFeasible(const Constraints& constraints, const std::vector<Candidate>& candidates,
                     int seats);

}  // namespace necsim
