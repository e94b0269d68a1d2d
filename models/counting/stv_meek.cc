// Meek STV (the Proportional Representation Foundation's reference rule) and
// Warren's variant.
//
// Meek: Hill, Wichmann & Woodall, "Algorithm 123: Single Transferable Vote by
// Meek's method", Computer Journal 30(3), 1987; counted here exactly as the PRF
// "Reference Meek Rule" (prfound.org) and the Droop package's `meek-prf` rule
// that implements it:
//   - fixed point to 9 decimal places (int64 counts of 1e-9), omega = 1e-6;
//   - B.2.a a ballot of weight w gives a candidate with keep factor kf the
//     amount w*kf rounded UP to 9 dp, and goes on with w reduced by that;
//   - B.2.b quota = sum of votes / (seats+1) truncated to 9 dp, plus 1e-9;
//   - B.2.c a hopeful with vote >= quota is elected;
//   - B.2.d surplus s = sum of (vote - quota) over the elected, not below 0;
//   - B.2.e the iteration ends on an election, when s < omega, or when s
//     stops decreasing;
//   - B.2.f kf := (kf*q rounded up) / v rounded up;
//   - B.3 defeat the lowest hopeful; candidates within s of the lowest are
//     tied, and ties go to the tie-breaking procedure (T): the candidates in
//     an order fixed before the count (--tie-order, else the BLT [tie]
//     option, else the order of the ballot file), the first of the tied in it
//     being defeated. No lots are drawn.
//
// Warren: as Meek, but a candidate with keep factor k keeps k of the ballot's
// ORIGINAL value (or whatever remains, if less), rather than k of what remains
// (Warren, "Counting in STV elections", Voting Matters 1, 1994). Counted as
// Droop's `meek.py` with the warren option and exact (rational) arithmetic:
// quota = votes/(seats+1) exactly, elected when vote > quota, omega = 1e-10
// (iteration ends when s <= omega), and Droop's default "safe" batch defeat
// of sure losers; votes are redistributed after each defeat (for reporting).
//
// Both rules read the ballots only through the BallotTree: all ballots at a
// node share their path, so the per-ballot arithmetic (with the rule's
// rounding) times count(node) is exact. Each round's iterations walk a
// compressed copy of the tree (ContinuingTree below).
//
// Constraints (Grey & Fitzgerald's guard/doom, as in OpenTally; see
// models/counting/constraints.h). The protocol shared by all STV rules here:
//   (a) a hopeful that reaches the quota is elected unless the oracle says it
//       is doomed;
//   (b) after each round's elections, if any hopeful is doomed, the next step
//       excludes all doomed hopefuls together (keep value 0) before anything
//       else;
//   (c) if the number of guarded hopefuls equals the seats left, they are all
//       elected;
//   (d) when choosing whom to exclude, guarded hopefuls are skipped.
// With no constraints the count is exactly the plain rule.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "counting/count.h"
#include "core/numeric.h"
#include "counting/tiebreak.h"

namespace necsim {
namespace {

constexpr int64_t kUnit = 1'000'000'000;  // 1.0 at 9 decimal places

// The ballot tree as one round of iterations sees it. Within a round the sets
// of elected, hopeful and excluded candidates are fixed and only keep values
// change; a ballot's weight along its path depends only on the elected
// candidates it passes (excluded ones pass it on untouched) and it stops at
// the first hopeful, who keeps everything. So nodes whose paths agree once
// the excluded candidates are struck out are merged, hopefuls become leaves,
// and every iteration of the round walks this (much smaller) tree instead of
// the ballot tree. Built with one walk of the ballot tree per change of the
// candidates' states; the ballot tree is read through children() only, so a
// lazily expanded tree is expanded just below elected and excluded
// candidates, as a direct walk would.
class ContinuingTree {
 public:
  struct Node {
    CandidateId cand;  // -1 for the root
    bool leaf;         // a hopeful: keeps all the weight that reaches it
    int64_t count;     // ballots through this node
    int32_t first, num;
  };

  // Rebuilds the tree if the candidates' states changed since the last call.
  const std::vector<Node>& Update(BallotTree& t, const std::vector<CandidateState>& state) {
    if (!nodes_.empty() && state == state_) return nodes_;
    state_ = state;
    continuing_.assign(state.size(), 0);
    for (size_t c = 0; c < state.size(); ++c) continuing_[c] = !Out(static_cast<CandidateId>(c));
    nodes_.clear();
    nodes_.push_back({-1, false, t.total(), 0, 0});
    Build(t, 0, {BallotTree::kRoot});
    return nodes_;
  }

 private:
  bool Out(CandidateId c) const {
    return state_[c] == CandidateState::kExcluded || state_[c] == CandidateState::kWithdrawn;
  }
  // Appends (candidate, node) for the next preference that is not out.
  void Collect(BallotTree& t, NodeId n, std::vector<std::pair<CandidateId, NodeId>>& out) {
    // Continuing children: a sampled tree may draw the next continuing
    // preference directly; for real ballots this is children(n).
    for (const NodeId c : t.continuing_children(n, continuing_)) {
      if (Out(t.candidate(c))) {
        Collect(t, c, out);
      } else {
        out.emplace_back(t.candidate(c), c);
      }
    }
  }
  void Build(BallotTree& t, int32_t x, const std::vector<NodeId>& origs) {
    std::vector<std::pair<CandidateId, NodeId>> next;
    for (NodeId o : origs) Collect(t, o, next);
    std::sort(next.begin(), next.end());
    const int32_t first = static_cast<int32_t>(nodes_.size());
    std::vector<size_t> starts;
    for (size_t i = 0; i < next.size(); ++i) {
      if (i == 0 || next[i].first != next[i - 1].first) {
        starts.push_back(i);
        const CandidateId c = next[i].first;
        nodes_.push_back({c, state_[c] == CandidateState::kHopeful, 0, 0, 0});
      }
      nodes_.back().count += t.count(next[i].second);
    }
    nodes_[x].first = first;
    nodes_[x].num = static_cast<int32_t>(starts.size());
    starts.push_back(next.size());
    for (size_t g = 0; g + 1 < starts.size(); ++g) {
      const int32_t y = first + static_cast<int32_t>(g);
      if (nodes_[y].leaf) continue;
      std::vector<NodeId> group;
      for (size_t i = starts[g]; i < starts[g + 1]; ++i) group.push_back(next[i].second);
      Build(t, y, group);
    }
  }

  std::vector<CandidateState> state_;
  std::vector<char> continuing_;  // hopeful or elected
  std::vector<Node> nodes_;
};

using Flat = std::vector<ContinuingTree::Node>;

// PRF reference Meek: fixed point, 9 dp.
struct PrfMeek {
  using V = int64_t;
  static constexpr const char* kName = "meek";
  static constexpr bool kClampSurplus = true;    // B.2.d "but not less than 0"
  static constexpr bool kBatchDefeat = false;    // the PRF rule defeats one at a time
  static constexpr bool kRedistributeOnDefeat = false;

  static V Zero() { return 0; }
  static V One() { return kUnit; }
  static V FromCount(int64_t n) { return n * kUnit; }
  static std::string Format(const V& v) { return FormatFixed(v, 9); }
  static double ToDbl(const V& v) { return static_cast<double>(v) / 1e9; }
  // B.2.b: truncated to 9 dp, plus 1e-9.
  static V Quota(const V& votes, int seats) { return votes / (seats + 1) + 1; }
  static bool HasQuota(const V& v, const V& q) { return v >= q; }
  static bool Converged(const V& surplus) { return surplus < kUnit / 1'000'000; }
  // B.2.f.
  static V UpdateKeep(const V& kf, const V& q, const V& v) {
    return MulDivCeil(MulDivCeil(kf, q, kUnit), kUnit, v);
  }

  static void Walk(const Flat& f, int32_t x, int64_t w, const std::vector<V>& kf,
                   std::vector<V>& votes) {
    const int32_t end = f[x].first + f[x].num;
    for (int32_t i = f[x].first; i < end; ++i) {
      const auto& c = f[i];
      if (c.leaf) {
        votes[c.cand] += w * c.count;  // a hopeful keeps all (kf = 1)
        continue;
      }
      // B.2.a: keep w*kf rounded up. w, k <= 1e9, so w*k < 2^63 and the
      // division by a constant is cheap.
      const int64_t k = kf[c.cand];
      const int64_t keep = k == kUnit ? w
                           : k < kUnit ? (w * k + (kUnit - 1)) / kUnit
                                       : MulDivCeil(w, k, kUnit);
      votes[c.cand] += keep * c.count;
      if (w - keep > 0) Walk(f, i, w - keep, kf, votes);
    }
  }
  static void Distribute(const Flat& f, const std::vector<V>& kf, std::vector<V>& votes) {
    std::fill(votes.begin(), votes.end(), 0);
    Walk(f, 0, kUnit, kf, votes);
  }
};

// Warren's variant, exact rational arithmetic (Droop's meek.py, rule warren).
struct WarrenExact {
  using V = Rational;
  static constexpr const char* kName = "warren";
  static constexpr bool kClampSurplus = false;
  static constexpr bool kBatchDefeat = true;     // Droop's default defeat_batch=safe
  static constexpr bool kRedistributeOnDefeat = true;

  static V Zero() { return V(0); }
  static V One() { return V(1); }
  static V FromCount(int64_t n) { return V(n); }
  static std::string Format(const V& v) { return FormatRational(v, 12); }
  static double ToDbl(const V& v) { return ToDouble(v); }
  static V Quota(const V& votes, int seats) { return votes / (seats + 1); }
  // Exact arithmetic: the quota is not rounded up, so a candidate needs more.
  static bool HasQuota(const V& v, const V& q) { return v > q; }
  static bool Converged(const V& surplus) {
    static const V kOmega(BigInt(1), BigInt(10'000'000'000LL));
    return surplus <= kOmega;
  }
  static V UpdateKeep(const V& kf, const V& q, const V& v) { return kf * q / v; }

  static void Walk(const Flat& f, int32_t x, const V& w, const std::vector<V>& kf,
                   std::vector<V>& votes) {
    const int32_t end = f[x].first + f[x].num;
    for (int32_t i = f[x].first; i < end; ++i) {
      const auto& c = f[i];
      if (c.leaf) {
        votes[c.cand] += w * c.count;
        continue;
      }
      // Warren: keep k of the original value, or all that remains if less.
      const V& k = kf[c.cand];
      if (k < w) {
        votes[c.cand] += k * c.count;
        Walk(f, i, w - k, kf, votes);
      } else {
        votes[c.cand] += w * c.count;
      }
    }
  }
  static void Distribute(const Flat& f, const std::vector<V>& kf, std::vector<V>& votes) {
    for (auto& v : votes) v = V();
    Walk(f, 0, V(1), kf, votes);
  }
};

// Droop's "safe" batch defeat: the largest set of lowest hopefuls, never
// splitting a group of candidates within `surplus` of each other, whose
// votes plus the surplus fall short of the next hopeful, leaving at least
// `left` hopefuls. Returned in candidate (ballot) order.
template <class V>
std::vector<CandidateId> BatchDefeat(std::vector<CandidateId> hope, const std::vector<V>& votes,
                                     const V& surplus, int left) {
  std::stable_sort(hope.begin(), hope.end(),
                   [&](CandidateId a, CandidateId b) { return votes[a] < votes[b]; });
  std::vector<std::vector<CandidateId>> groups;
  std::vector<CandidateId> group;
  V base = V(0);
  for (CandidateId c : hope) {
    if (!(base + surplus < votes[c])) {
      group.push_back(c);
    } else {
      if (!group.empty()) groups.push_back(group);
      group = {c};
      base = votes[c];
    }
  }
  if (!group.empty()) groups.push_back(group);
  const int max_defeat = static_cast<int>(hope.size()) - left;
  V acc = V(0);
  int ncand = 0;
  int maxg = -1;
  for (size_t g = 0; g + 1 < groups.size(); ++g) {
    ncand += static_cast<int>(groups[g].size());
    if (ncand > max_defeat) break;
    for (CandidateId c : groups[g]) acc += votes[c];
    if (acc + surplus < votes[groups[g + 1][0]]) maxg = static_cast<int>(g);
  }
  std::vector<CandidateId> batch;
  for (int g = 0; g <= maxg; ++g) batch.insert(batch.end(), groups[g].begin(), groups[g].end());
  std::sort(batch.begin(), batch.end());
  return batch;
}

std::string JoinNames(const std::vector<CandidateId>& ids, const std::vector<Candidate>& cands) {
  std::string s;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ", ";
    s += cands[ids[i]].name;
  }
  return s;
}

template <class A>
CountResult CountIterative(BallotTree& tree, const std::vector<Candidate>& cands,
                           const CountOptions& opt, Stream& lots) {
  using V = typename A::V;
  const int n = static_cast<int>(cands.size());
  const int seats = opt.seats;

  CountResult r;
  r.rule = A::kName;
  r.seats = seats;

  std::vector<CandidateState> state(n, CandidateState::kHopeful);
  std::vector<V> kf(n, A::One());
  std::vector<V> votes(n, A::Zero());
  for (int c = 0; c < n; ++c) {
    if (cands[c].withdrawn) {
      state[c] = CandidateState::kWithdrawn;
      kf[c] = A::Zero();
    }
  }
  const ConstraintOracle oracle(opt.constraints, n, seats);
  ContinuingTree flat;
  const V total = A::FromCount(tree.total());
  V quota = A::Quota(total, seats);
  r.quota = A::Format(quota);
  int num_elected = 0;
  int stage_no = 0;

  auto hopefuls = [&] {
    std::vector<CandidateId> h;
    for (int c = 0; c < n; ++c) {
      if (state[c] == CandidateState::kHopeful) h.push_back(c);
    }
    return h;
  };
  auto standing = [&] {
    std::vector<Standing> s(n, Standing::kOut);
    for (int c = 0; c < n; ++c) {
      if (state[c] == CandidateState::kHopeful) s[c] = Standing::kHopeful;
      if (state[c] == CandidateState::kElected) s[c] = Standing::kElected;
    }
    return s;
  };
  auto elect = [&](CandidateId c) {
    state[c] = CandidateState::kElected;
    ++num_elected;
    r.elected.push_back(c);
    r.elected_stage.push_back(stage_no + 1);  // the stage about to be recorded
  };
  auto exclude = [&](CandidateId c) {
    state[c] = CandidateState::kExcluded;
    kf[c] = A::Zero();
    votes[c] = A::Zero();
  };
  auto keep_note = [&] {
    std::string s = "Keep values:";
    bool any = false;
    for (int c = 0; c < n; ++c) {
      if (state[c] != CandidateState::kElected) continue;
      s += (any ? ", " : " ") + cands[c].name + " " + A::Format(kf[c]);
      any = true;
    }
    return any ? s : std::string();
  };
  // Records a stage (when asked to) and advances the stage number.
  auto record = [&](const char* kind, std::string description, std::vector<CandidateId> subjects,
                    std::vector<CandidateId> elected, std::vector<CandidateId> excluded,
                    std::vector<std::string> notes) {
    ++stage_no;
    if (!opt.record_stages) return;
    Stage s;
    s.number = stage_no;
    s.kind = kind;
    s.description = std::move(description);
    s.subjects = std::move(subjects);
    s.quota = A::Format(quota);
    V sum = A::Zero();
    for (int c = 0; c < n; ++c) {
      s.votes.push_back(A::Format(votes[c]));
      s.votes_value.push_back(A::ToDbl(votes[c]));
      sum += votes[c];
    }
    s.non_transferable = A::Format(V(total - sum));
    s.elected = std::move(elected);
    s.excluded = std::move(excluded);
    s.states = state;
    for (auto& note : notes) {
      if (!note.empty()) s.notes.push_back(std::move(note));
    }
    r.stages.push_back(std::move(s));
  };

  // First preferences (Droop's round 0).
  {
    // Through the continuing tree: a first preference for a withdrawn
    // candidate (absent from real ballots) passes on.
    const Flat& f = flat.Update(tree, state);
    for (int32_t i = f[0].first; i < f[0].first + f[0].num; ++i) {
      votes[f[i].cand] += A::FromCount(f[i].count);
    }
    for (int c = 0; c < n; ++c) r.first_preferences.push_back(A::ToDbl(votes[c]));
    record("first", "First preferences", {}, {}, {}, {});
  }

  const std::vector<std::vector<V>> no_history;
  V surplus = A::Zero();
  int round = 0;
  for (;;) {
    std::vector<CandidateId> hope = hopefuls();
    const int left = seats - num_elected;
    // B.1: the count is complete when the seats are filled or the hopefuls
    // can just fill them.
    if (!(static_cast<int>(hope.size()) > left && left > 0)) break;

    if (oracle.active()) {
      // (b) doomed hopefuls are excluded together before anything else.
      std::vector<CandidateId> doomed;
      const auto st = standing();
      for (CandidateId c : hope) {
        if (oracle.Doomed(st, c)) doomed.push_back(c);
      }
      if (!doomed.empty()) {
        for (CandidateId c : doomed) exclude(c);
        if (A::kRedistributeOnDefeat) A::Distribute(flat.Update(tree, state), kf, votes);
        r.constraints_acted = true;
        record("exclusion", "Doomed by the constraints, excluded: " + JoinNames(doomed, cands),
               doomed, {}, doomed,
               {"Excluded because electing them would make the constraints impossible to meet."});
        continue;
      }
      // (c) guarded hopefuls that exactly fill the seats left are elected.
      std::vector<CandidateId> guarded;
      for (CandidateId c : hope) {
        if (oracle.Guarded(st, c)) guarded.push_back(c);
      }
      if (static_cast<int>(guarded.size()) == left) {
        for (CandidateId c : guarded) elect(c);
        r.constraints_acted = true;
        record("elect", "Guarded by the constraints, elected: " + JoinNames(guarded, cands), guarded,
               guarded, {}, {"Elected because the constraints need every one of them."});
        continue;
      }
    }

    // B.2: iterate.
    ++round;
    enum class End { kElected, kOmega, kStable, kBatch } end = End::kOmega;
    std::vector<CandidateId> newly, batch;
    std::vector<std::string> notes;
    V last = total;
    int iterations = 0;
    for (;;) {
      ++iterations;
      A::Distribute(flat.Update(tree, state), kf, votes);                    // B.2.a
      V sum = A::Zero();
      for (int c = 0; c < n; ++c) sum += votes[c];
      quota = A::Quota(sum, seats);                      // B.2.b
      // B.2.c find winners (in candidate order, as Droop does).
      std::vector<CandidateId> reached;
      for (CandidateId c : hopefuls()) {
        if (A::HasQuota(votes[c], quota)) reached.push_back(c);
      }
      if (!oracle.active()) {
        for (CandidateId c : reached) {
          elect(c);
          newly.push_back(c);
        }
      } else {
        // (a) highest vote first, each elected unless doomed by the ones before.
        while (!reached.empty()) {
          V best = votes[reached[0]];
          for (CandidateId c : reached) {
            if (best < votes[c]) best = votes[c];
          }
          std::vector<CandidateId> top;
          for (CandidateId c : reached) {
            if (votes[c] == best) top.push_back(c);
          }
          CandidateId pick = top[0];
          if (top.size() > 1) {
            std::string note;
            pick = BreakTie(top, no_history, LookBack::kNone, false, opt.tie_order, lots, cands,
                            &note, &r.ties_by_lot);
            notes.push_back(note);
          }
          reached.erase(std::find(reached.begin(), reached.end(), pick));
          if (oracle.Doomed(standing(), pick)) {
            r.constraints_acted = true;
            notes.push_back(cands[pick].name + " reached the quota but is doomed by the constraints.");
            continue;
          }
          elect(pick);
          newly.push_back(pick);
        }
      }
      // B.2.d total surplus.
      surplus = A::Zero();
      for (int c = 0; c < n; ++c) {
        if (state[c] == CandidateState::kElected) surplus += votes[c] - quota;
      }
      if (A::kClampSurplus && surplus < A::Zero()) surplus = A::Zero();
      // B.2.e iteration finished?
      if (!newly.empty()) {
        end = End::kElected;
        break;
      }
      if (A::Converged(surplus)) {
        end = End::kOmega;
        break;
      }
      if (!(surplus < last)) {
        end = End::kStable;
        break;
      }
      if (A::kBatchDefeat) {
        batch = BatchDefeat<V>(hopefuls(), votes, surplus, left);
        if (!batch.empty()) {
          end = End::kBatch;
          break;
        }
      }
      last = surplus;
      // B.2.f update keep factors.
      for (int c = 0; c < n; ++c) {
        // (A vote of 0 can only follow an election forced by the constraints.)
        if (state[c] == CandidateState::kElected && votes[c] > A::Zero()) {
          kf[c] = A::UpdateKeep(kf[c], quota, votes[c]);
        }
      }
    }
    const std::string head = "Round " + std::to_string(round) + ": " + std::to_string(iterations) +
                             (iterations == 1 ? " iteration" : " iterations");
    if (end == End::kElected) {
      notes.push_back(keep_note());
      record("iteration", head + "; elected " + JoinNames(newly, cands), newly, newly, {}, notes);
      continue;
    }
    const std::string why = end == End::kOmega    ? "surplus " + A::Format(surplus) + " below omega"
                            : end == End::kStable ? "stable surplus " + A::Format(surplus)
                                                  : "sure losers";
    notes.push_back(keep_note());

    if (end == End::kBatch) {
      // Droop: defeat the batch of sure losers; (d) guarded ones are spared.
      std::vector<CandidateId> out;
      for (CandidateId c : batch) {
        if (oracle.active() && oracle.Guarded(standing(), c)) {
          r.constraints_acted = true;
          notes.push_back(cands[c].name + " is guarded by the constraints and not excluded.");
          continue;
        }
        out.push_back(c);
      }
      if (!out.empty()) {
        for (CandidateId c : out) exclude(c);
        if (A::kRedistributeOnDefeat) A::Distribute(flat.Update(tree, state), kf, votes);
        record("exclusion", head + " (" + why + "); excluded " + JoinNames(out, cands), out, {}, out,
               notes);
        continue;
      }
      // Every sure loser was guarded: fall through to a single defeat.
    }

    // B.3 defeat the lowest hopeful; those within the surplus of it are tied.
    auto tied_low = [&](const std::vector<CandidateId>& pool) {
      V low = votes[pool[0]];
      for (CandidateId c : pool) {
        if (votes[c] < low) low = votes[c];
      }
      std::vector<CandidateId> tied;
      const V bound = low + surplus;
      for (CandidateId c : pool) {
        if (!(bound < votes[c])) tied.push_back(c);
      }
      return tied;
    };
    hope = hopefuls();
    std::vector<CandidateId> pool = hope;
    if (oracle.active()) {
      const auto st = standing();
      std::vector<CandidateId> unguarded;
      for (CandidateId c : hope) {
        if (!oracle.Guarded(st, c)) unguarded.push_back(c);
      }
      if (!unguarded.empty()) pool = unguarded;  // (d)
      if (tied_low(pool) != tied_low(hope)) {
        r.constraints_acted = true;
        notes.push_back("Guarded hopefuls skipped when choosing whom to exclude.");
      }
    }
    const std::vector<CandidateId> tied = tied_low(pool);
    CandidateId loser = tied[0];
    if (tied.size() > 1) {
      std::string note;
      loser = BreakTie(tied, no_history, LookBack::kNone, true, opt.tie_order, lots, cands, &note,
                       &r.ties_by_lot);
      notes.push_back(note);
    }
    exclude(loser);
    if (A::kRedistributeOnDefeat) A::Distribute(flat.Update(tree, state), kf, votes);
    record("exclusion", head + " (" + why + "); excluded " + cands[loser].name, {loser}, {},
           {loser}, notes);
  }

  // C. Elect the remaining hopefuls while seats are unfilled, defeat the rest.
  {
    std::vector<CandidateId> in, out;
    for (CandidateId c : hopefuls()) {
      if (num_elected < seats) {
        elect(c);
        in.push_back(c);
      } else {
        exclude(c);
        out.push_back(c);
      }
    }
    if (!in.empty() || !out.empty()) {
      if (A::kRedistributeOnDefeat) A::Distribute(flat.Update(tree, state), kf, votes);
      std::string d;
      if (!in.empty()) d = "Remaining hopefuls elected: " + JoinNames(in, cands);
      if (!out.empty()) {
        d += std::string(d.empty() ? "Remaining" : "; remaining") +
             " hopefuls excluded: " + JoinNames(out, cands);
      }
      std::vector<CandidateId> subjects = in;
      subjects.insert(subjects.end(), out.begin(), out.end());
      record(in.empty() ? "exclusion" : "elect", d, subjects, in, out, {keep_note()});
    }
  }

  for (int c = 0; c < n; ++c) {
    r.final_votes.push_back(A::Format(votes[c]));
    r.final_votes_value.push_back(A::ToDbl(votes[c]));
  }
  return r;
}

// The tie order of the PRF rule's procedure T: the candidates put in an order
// before the count, the tied candidate first in it being defeated. The order
// is the one given (--tie-order, Droop's [tie] option), else the order of the
// ballot file. No lots are drawn.
CountOptions WithBallotOrderTies(const CountOptions& options, int candidates) {
  CountOptions opt = options;
  if (opt.tie_order.empty()) {
    for (int c = 0; c < candidates; ++c) opt.tie_order.push_back(c);
  }
  return opt;
}

}  // namespace

CountResult CountMeek(BallotTree& ballots, const std::vector<Candidate>& candidates,
                      const CountOptions& options, Stream& lots) {
  // PRF Reference Meek Rule, B.3 and T: candidates within the total surplus
  // of the lowest vote are tied with it; the tie goes to the procedure T order.
  const CountOptions opt = WithBallotOrderTies(options, static_cast<int>(candidates.size()));
  return CountIterative<PrfMeek>(ballots, candidates, opt, lots);
}

CountResult CountWarren(BallotTree& ballots, const std::vector<Candidate>& candidates,
                        const CountOptions& options, Stream& lots) {
  // Warren's variant as in Droop (the reference implementation): with no tie
  // order given, ties go by ballot order, the first-listed candidate losing,
  // as for wigm (models/counting/stv_wigm.cc). No lots are drawn.
  const CountOptions opt = WithBallotOrderTies(options, static_cast<int>(candidates.size()));
  return CountIterative<WarrenExact>(ballots, candidates, opt, lots);
}

}  // namespace necsim
