// Weighted inclusive Gregory method (WIGM) STV: Scottish STV and generic WIGM.
//
// Scottish STV follows the Scottish Local Government Elections Order 2007
// (SSI 2007/42), schedule 1, rules 45-52:
//   45  first preferences are counted;
//   46  quota = floor(valid ballots / (seats + 1)) + 1;
//   47  a candidate whose votes equal or exceed the quota is elected;
//   48  the surplus of an elected candidate is transferred: every ballot of the
//       candidate passes to its next continuing preference with value
//       surplus x (value of the ballot) / (candidate's votes), calculated to
//       five decimal places, any remainder being ignored (truncated);
//   49  the largest surplus goes first; equal surpluses are ordered by the
//       votes at the most recent earlier stage at which they differed, and
//       then by lot;
//   50  with no surplus to transfer the candidate with fewest votes is
//       excluded and all their ballots pass on at the value they carry, in one
//       stage;
//   51  equal lowest candidates: the one with fewer votes at the most recent
//       earlier stage at which they differed is excluded, else lot;
//   52  when the continuing candidates equal the vacancies left, they are all
//       elected and no further transfer is made.
// Where the Order is silent the count follows the Droop package's `scotland`
// rule (J. Lundell), from which the reference counts come: candidates reaching
// the quota at the same stage are elected in order of votes (equal votes: the
// later-listed candidate first); a surplus is not transferred once the count is
// complete; after an exclusion that completes the count the remaining
// candidates are elected in ballot order; an elected candidate's total is set
// back to the quota once the surplus has gone (fractions lost to truncation go
// to the non-transferable total). Arithmetic: int64 in units of 10^-5.
//
// Generic WIGM follows Droop's `wigm` rule with exact rational arithmetic:
// quota = votes / (seats + 1) exactly; a candidate is elected with MORE than
// the quota; each round first elects every candidate over the quota, then
// transfers the largest pending surplus (even when that filled the last seat),
// else excludes the candidate with fewest votes. All ties (surplus order and
// exclusion) go to the candidate listed first in the tie order: the [tie]
// order given with the ballots, else ballot order (Droop's default).
//
// Both rules read ballots only through the BallotTree: a candidate's pile is a
// list of parcels (node, value id); every ballot of a parcel stops at the
// node's candidate and carries the same value. Transfers walk to the next
// continuing preference with ForEachNextContinuing, so each stage touches
// only the transferred pile and trees expanded lazily are read only where a
// count needs them.
//
// Constraints (CountOptions::constraints) use the guard/doom protocol of Grey
// and Fitzgerald, as in OpenTally's constrained STV, shared by every STV rule
// of necsim and decided by ConstraintOracle:
//   (a) a hopeful reaching the quota is elected unless Doomed (its election
//       would make the bounds impossible); a doomed one stays hopeful;
//   (b) after each stage's elections, if any hopeful is Doomed, the next stage
//       excludes all doomed hopefuls together (ballots transferred as in an
//       exclusion) before anything else;
//   (c) if the Guarded hopefuls (without whom the bounds are impossible)
//       number exactly the seats left, they are all elected;
//   (d) when choosing whom to exclude, guarded hopefuls are skipped.
// CountResult::constraints_acted records that (a)-(d) changed the course of
// the count. With no constraints the oracle is inactive and the count is
// exactly the plain rule.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "counting/count.h"
#include "core/numeric.h"
#include "counting/tiebreak.h"

namespace necsim {
namespace {

// Scottish arithmetic: int64 counts of 10^-5.
struct FixedArith {
  using V = int64_t;
  static constexpr int kDp = 5;
  static V Whole(int64_t n) { return n * Pow10(kDp); }
  static V Times(int64_t n, const V& v) { return n * v; }
  // surplus x value / total, to five decimal places, remainder ignored [48(3)].
  static V TransferValue(const V& value, const V& surplus, const V& total) {
    return MulDivFloor(value, surplus, total);
  }
  static std::string Format(const V& v) { return FormatFixed(v, kDp); }
  static double Value(const V& v) { return static_cast<double>(v) / static_cast<double>(Pow10(kDp)); }
  static bool IsZero(const V& v) { return v == 0; }
};

// Exact rational arithmetic, shown to 12 places as Droop shows it.
struct ExactArith {
  using V = Rational;
  static V Whole(int64_t n) { return V(n); }
  static V Times(int64_t n, const V& v) { return v * n; }
  static V TransferValue(const V& value, const V& surplus, const V& total) {
    return value * surplus / total;
  }
  static std::string Format(const V& v) { return FormatRational(v, 12); }
  static double Value(const V& v) { return ToDouble(v); }
  static bool IsZero(const V& v) { return v == 0; }
};

enum class Flavour { kScottish, kWigm };

template <class A>
class WigmCounter {
  using V = typename A::V;

 public:
  WigmCounter(Flavour flavour, BallotTree& tree, const std::vector<Candidate>& candidates,
              const CountOptions& options, Stream& lots)
      : flavour_(flavour),
        tree_(tree),
        cands_(candidates),
        opt_(options),
        lots_(lots),
        n_(static_cast<int>(candidates.size())),
        oracle_(options.constraints, static_cast<int>(candidates.size()), options.seats) {}

  CountResult Run() {
    Setup();
    if (flavour_ == Flavour::kScottish) {
      RunScottish();
    } else {
      RunWigm();
    }
    Finish();
    return std::move(r_);
  }

 private:
  struct Parcel {
    NodeId node;    // ballots whose prefix ends at this node (held by its candidate)
    int32_t value;  // index into values_: the value of each ballot
  };

  bool Scottish() const { return flavour_ == Flavour::kScottish; }
  bool Hopeful(CandidateId c) const { return state_[c] == CandidateState::kHopeful; }
  int SeatsLeft() const { return opt_.seats - static_cast<int>(r_.elected.size()); }
  int Hopefuls() const {
    int h = 0;
    for (int c = 0; c < n_; ++c) h += Hopeful(c);
    return h;
  }
  bool HasQuota(CandidateId c) const {
    return Scottish() ? votes_[c] >= quota_ : votes_[c] > quota_;
  }
  bool Complete() const { return SeatsLeft() <= 0 || Hopefuls() <= SeatsLeft(); }

  // The standings for the constraint oracle, in a buffer reused by every query.
  const std::vector<Standing>& Standings() const {
    std::vector<Standing>& s = standings_;
    s.resize(static_cast<size_t>(n_));
    for (int c = 0; c < n_; ++c) {
      s[c] = state_[c] == CandidateState::kElected   ? Standing::kElected
             : state_[c] == CandidateState::kHopeful ? Standing::kHopeful
                                                     : Standing::kOut;
    }
    return s;
  }
  bool Doomed(CandidateId c) const { return oracle_.active() && oracle_.Doomed(Standings(), c); }
  bool Guarded(CandidateId c) const { return oracle_.active() && oracle_.Guarded(Standings(), c); }

  Stage* Current() { return opt_.record_stages && !r_.stages.empty() ? &r_.stages.back() : nullptr; }
  void Note(const std::string& s) {
    if (Stage* st = Current()) st->notes.push_back(s);
  }
  const std::string& Name(CandidateId c) const { return cands_[c].name; }

  // Closes the stage whose transfers just finished: the vote history used by
  // tie-breaks and, when recording, the result-sheet column.
  void RecordStage(const char* kind, std::string description, std::vector<CandidateId> subjects,
                   std::vector<CandidateId> excluded) {
    if (Stage* prev = Current()) prev->states = state_;
    history_.push_back(votes_);
    ++stage_no_;
    if (!opt_.record_stages) return;
    Stage s;
    s.number = stage_no_;
    s.kind = kind;
    s.description = std::move(description);
    s.subjects = std::move(subjects);
    s.quota = A::Format(quota_);
    s.votes.reserve(static_cast<size_t>(n_));
    s.votes_value.reserve(static_cast<size_t>(n_));
    for (int c = 0; c < n_; ++c) {
      s.votes.push_back(A::Format(votes_[c]));
      s.votes_value.push_back(A::Value(votes_[c]));
    }
    s.non_transferable = A::Format(non_transferable_);
    s.excluded = std::move(excluded);
    r_.stages.push_back(std::move(s));
  }

  void Elect(CandidateId c, bool pending) {
    state_[c] = CandidateState::kElected;
    pending_[c] = pending;
    r_.elected.push_back(c);
    r_.elected_stage.push_back(stage_no_);
    if (Stage* st = Current()) st->elected.push_back(c);
  }

  int32_t AddValue(const V& v) {
    values_.push_back(v);
    return static_cast<int32_t>(values_.size() - 1);
  }

  // Moves every parcel of `from` to the next continuing preference of its
  // ballots. With `surplus`, each ballot's new value is
  // TransferValue(value, *surplus, total); otherwise ballots keep their value.
  // Returns the votes credited to continuing candidates; *exhausted receives
  // the votes of ballots with no further continuing preference.
  V MovePile(CandidateId from, const V* surplus, const V& total, V* exhausted) {
    std::vector<Parcel> pile = std::move(piles_[from]);
    piles_[from] = {};
    MergeParcels(tree_, pile);  // sampled ballots only: equal (cell, value) parcels as one
    std::stable_sort(pile.begin(), pile.end(),
                     [](const Parcel& a, const Parcel& b) { return a.value < b.value; });
    for (int c = 0; c < n_; ++c) continuing_[c] = Hopeful(c);
    V moved = A::Whole(0);
    *exhausted = A::Whole(0);
    for (size_t i = 0; i < pile.size();) {
      size_t j = i;
      while (j < pile.size() && pile[j].value == pile[i].value) ++j;
      const int32_t old_id = pile[i].value;
      const V value = surplus ? A::TransferValue(values_[old_id], *surplus, total) : values_[old_id];
      if (A::IsZero(value)) {  // these ballots carry nothing from here on
        i = j;
        continue;
      }
      const int32_t id = surplus ? AddValue(value) : old_id;
      int64_t ballots_out = 0;
      for (size_t k = i; k < j; ++k) {
        ballots_out += ForEachNextContinuing(tree_, pile[k].node, continuing_, [&](NodeId node) {
          const CandidateId to = tree_.candidate(node);
          piles_[to].push_back({node, id});
          if (received_[to] == 0) touched_.push_back(to);
          received_[to] += tree_.count(node);
        });
      }
      for (CandidateId to : touched_) {
        const V add = A::Times(received_[to], value);
        votes_[to] += add;
        moved += add;
        received_[to] = 0;
      }
      touched_.clear();
      *exhausted += A::Times(ballots_out, value);
      i = j;
    }
    return moved;
  }

  void Setup() {
    r_.rule = Scottish() ? "scottish" : "wigm";
    r_.seats = opt_.seats;
    state_.assign(static_cast<size_t>(n_), CandidateState::kHopeful);
    for (int c = 0; c < n_; ++c) {
      if (cands_[c].withdrawn) state_[c] = CandidateState::kWithdrawn;
    }
    pending_.assign(static_cast<size_t>(n_), 0);
    continuing_.assign(static_cast<size_t>(n_), 0);
    received_.assign(static_cast<size_t>(n_), 0);
    piles_.assign(static_cast<size_t>(n_), {});
    votes_.assign(static_cast<size_t>(n_), A::Whole(0));
    if (Scottish()) {
      quota_ = A::Whole(tree_.total() / (opt_.seats + 1) + 1);  // [46]
    } else {
      quota_ = V(tree_.total()) / V(opt_.seats + 1);  // Droop's exact quota
    }
    r_.quota = A::Format(quota_);
    if (!Scottish()) {
      tie_order_ = opt_.tie_order;
      if (tie_order_.empty()) {
        for (int c = 0; c < n_; ++c) tie_order_.push_back(c);  // Droop's default: ballot order
      }
    }

    // First stage [45]: every ballot goes to its first continuing preference.
    values_.assign(1, A::Whole(1));
    for (int c = 0; c < n_; ++c) continuing_[c] = Hopeful(c);
    int64_t none = ForEachNextContinuing(tree_, BallotTree::kRoot, continuing_, [&](NodeId node) {
      const CandidateId c = tree_.candidate(node);
      piles_[c].push_back({node, 0});
      votes_[c] += A::Whole(tree_.count(node));
    });
    non_transferable_ = A::Whole(none);
    RecordStage("first", "First preferences", {}, {});
    r_.first_preferences.resize(static_cast<size_t>(n_));
    for (int c = 0; c < n_; ++c) r_.first_preferences[c] = A::Value(votes_[c]);
  }

  // Orders candidates as Droop's byVote(reverse=True): most votes first, equal
  // votes with the later-listed candidate first.
  void SortByVotesDesc(std::vector<CandidateId>& v) const {
    std::sort(v.begin(), v.end(), [&](CandidateId a, CandidateId b) {
      if (votes_[a] != votes_[b]) return votes_[b] < votes_[a];
      return a > b;
    });
  }

  // (a) Elect every hopeful at the quota, unless doomed.
  void ElectQuotaReachers() {
    std::vector<CandidateId> reach;
    for (int c = 0; c < n_; ++c) {
      if (Hopeful(c) && HasQuota(c)) reach.push_back(c);
    }
    SortByVotesDesc(reach);
    for (CandidateId c : reach) {
      if (SeatsLeft() <= 0) break;
      if (Doomed(c)) {
        r_.constraints_acted = true;
        Note(Name(c) + " reached the quota but is not elected: electing them would leave the constraints "
                       "impossible to meet.");
        continue;
      }
      Elect(c, /*pending=*/true);
    }
  }

  // (c) Guarded hopefuls exactly filling the seats left are elected.
  void ElectGuarded() {
    if (!oracle_.active() || SeatsLeft() <= 0 || Hopefuls() <= SeatsLeft()) return;
    std::vector<CandidateId> guarded;
    for (int c = 0; c < n_; ++c) {
      if (Hopeful(c) && Guarded(c)) guarded.push_back(c);
    }
    if (guarded.empty() || static_cast<int>(guarded.size()) != SeatsLeft()) return;
    SortByVotesDesc(guarded);
    r_.constraints_acted = true;
    std::string names;
    for (CandidateId c : guarded) {
      names += (names.empty() ? "" : ", ") + Name(c);
      Elect(c, /*pending=*/HasQuota(c));
    }
    Note("Guarded candidates elected to meet the constraints: " + names + ".");
  }

  // (b) Hopefuls whose election would break the constraints.
  std::vector<CandidateId> DoomedHopefuls() const {
    std::vector<CandidateId> out;
    if (!oracle_.active() || SeatsLeft() <= 0) return out;
    for (int c = 0; c < n_; ++c) {
      if (Hopeful(c) && Doomed(c)) out.push_back(c);
    }
    return out;
  }

  CandidateId Pick(std::vector<CandidateId> tied, bool exclusion, std::string* note) {
    if (tied.size() == 1) return tied[0];
    if (Scottish()) {  // [49(2),(3)], [51(2)]: most recent differing stage, then lot
      return BreakTie(tied, history_, LookBack::kLatestStage, /*want_lowest=*/exclusion, opt_.tie_order,
                      lots_, cands_, note, &r_.ties_by_lot);
    }
    // Droop's wigm: every tie goes to the candidate first in the tie order
    // (the one BreakTie picks when asked for the lowest).
    const std::vector<std::vector<V>> no_history;
    return BreakTie(tied, no_history, LookBack::kNone, /*want_lowest=*/true, tie_order_, lots_, cands_,
                    note, &r_.ties_by_lot);
  }

  // The pending candidate whose surplus goes next, or -1. Elected candidates
  // with no surplus (exactly the quota) have nothing to transfer [48(1)].
  CandidateId NextSurplus(std::string* note) {
    std::vector<CandidateId> with;
    for (int c = 0; c < n_; ++c) {
      if (!pending_[c]) continue;
      if (quota_ < votes_[c]) {
        with.push_back(c);
      } else {
        pending_[c] = 0;
      }
    }
    if (with.empty()) return -1;
    V high = votes_[with[0]];
    for (CandidateId c : with) high = std::max(high, votes_[c]);
    std::vector<CandidateId> tied;
    for (CandidateId c : with) {
      if (votes_[c] == high) tied.push_back(c);
    }
    return Pick(tied, /*exclusion=*/false, note);
  }

  void TransferSurplus(CandidateId x, const std::string& tie_note) {
    const V total = votes_[x];
    const V surplus = total - quota_;
    pending_[x] = 0;
    V exhausted;
    const V moved = MovePile(x, &surplus, total, &exhausted);
    votes_[x] = quota_;
    non_transferable_ += surplus - moved;  // exhausted ballots and fractions lost
    std::string desc = "Surplus of " + Name(x) + " (" + A::Format(surplus) + ") transferred";
    if (Scottish()) {
      desc += " (value of a first-preference ballot " +
              A::Format(A::TransferValue(A::Whole(1), surplus, total)) + ")";
    }
    RecordStage("surplus", desc, {x}, {});
    if (!tie_note.empty()) Note(tie_note);
    if (Scottish()) {
      const V lost = surplus - moved - exhausted;
      if (!A::IsZero(lost)) Note("Fractions lost to truncation: " + A::Format(lost) + ".");
    }
  }

  void Exclude(const std::vector<CandidateId>& xs, const std::string& why, const std::string& tie_note) {
    for (CandidateId x : xs) {
      state_[x] = CandidateState::kExcluded;
      pending_[x] = 0;
    }
    std::string names;
    for (CandidateId x : xs) {
      names += (names.empty() ? "" : ", ") + Name(x);
      V exhausted;
      const V had = votes_[x];
      const V moved = MovePile(x, nullptr, had, &exhausted);
      votes_[x] = A::Whole(0);
      non_transferable_ += had - moved;
    }
    RecordStage("exclusion", names + " excluded" + why, xs, xs);
    if (!tie_note.empty()) Note(tie_note);
  }

  // (b): returns true when a stage excluded doomed candidates.
  bool ExcludeDoomed() {
    const std::vector<CandidateId> doomed = DoomedHopefuls();
    if (doomed.empty()) return false;
    r_.constraints_acted = true;
    Exclude(doomed, " (doomed: electing them would leave the constraints impossible to meet)", "");
    return true;
  }

  // [50], [51] with (d): fewest votes among hopefuls not guarded.
  void ExcludeLowest() {
    std::vector<CandidateId> pool, guarded;
    for (int c = 0; c < n_; ++c) {
      if (!Hopeful(c)) continue;
      (Guarded(c) ? guarded : pool).push_back(c);
    }
    if (pool.empty()) pool.swap(guarded);  // cannot happen with feasible constraints
    if (pool.empty()) return;
    V low = votes_[pool[0]];
    for (CandidateId c : pool) low = std::min(low, votes_[c]);
    std::vector<CandidateId> tied;
    for (CandidateId c : pool) {
      if (votes_[c] == low) tied.push_back(c);
    }
    std::string why = " (fewest votes)";
    for (CandidateId g : guarded) {
      if (!(low < votes_[g])) {
        r_.constraints_acted = true;
        why = " (fewest votes among candidates not guarded by the constraints)";
      }
    }
    std::string note;
    const CandidateId x = Pick(tied, /*exclusion=*/true, &note);
    Exclude({x}, why, note);
  }

  void RunScottish() {
    for (;;) {
      ElectQuotaReachers();  // [47]
      ElectGuarded();
      if (Complete()) break;  // [52]
      if (ExcludeDoomed()) {
        if (Complete()) break;
        continue;
      }
      std::string note;
      if (const CandidateId x = NextSurplus(&note); x >= 0) {  // [48], [49]
        TransferSurplus(x, note);
        continue;
      }
      ExcludeLowest();  // [50], [51]
      if (Complete()) break;
    }
  }

  void RunWigm() {
    while (Hopefuls() > SeatsLeft() && SeatsLeft() > 0) {
      ElectQuotaReachers();
      ElectGuarded();
      if (ExcludeDoomed()) continue;
      std::string note;
      if (const CandidateId x = NextSurplus(&note); x >= 0) {
        TransferSurplus(x, note);
      } else if (SeatsLeft() > 0 && Hopefuls() > 0) {
        ExcludeLowest();
      } else {
        break;
      }
    }
  }

  void Finish() {
    for (int c = 0; c < n_; ++c) pending_[c] = 0;
    const int left = SeatsLeft();
    if (left > 0 && Hopefuls() > 0 && Hopefuls() <= left) {
      std::string names;
      std::vector<CandidateId> rest;
      std::vector<CandidateId> doomed;
      for (int c = 0; c < n_; ++c) {
        if (!Hopeful(c)) continue;
        (Doomed(c) ? doomed : rest).push_back(c);  // (a): never elect a doomed hopeful
      }
      for (CandidateId c : rest) names += (names.empty() ? "" : ", ") + Name(c);
      if (!rest.empty()) {
        RecordStage("elect", "Continuing candidates elected to fill the remaining seats: " + names, {}, {});
        for (CandidateId c : rest) Elect(c, false);  // in ballot order, as Droop
      }
      if (!doomed.empty()) {
        r_.constraints_acted = true;
        for (CandidateId c : doomed) {
          Note(Name(c) + " is not elected: electing them would leave the constraints impossible to meet.");
        }
      }
    }
    bool defeated = false;
    for (int c = 0; c < n_; ++c) {
      if (Hopeful(c)) {
        state_[c] = CandidateState::kExcluded;  // not elected (Droop: "defeat remaining")
        defeated = true;
      }
    }
    if (Stage* st = Current()) {
      st->states = state_;
      if (defeated) st->notes.push_back("All seats filled; the remaining candidates are not elected.");
    }
    r_.final_votes.resize(static_cast<size_t>(n_));
    r_.final_votes_value.resize(static_cast<size_t>(n_));
    for (int c = 0; c < n_; ++c) {
      r_.final_votes[c] = A::Format(votes_[c]);
      r_.final_votes_value[c] = A::Value(votes_[c]);
    }
  }

  Flavour flavour_;
  BallotTree& tree_;
  const std::vector<Candidate>& cands_;
  const CountOptions& opt_;
  Stream& lots_;
  int n_;
  ConstraintOracle oracle_;
  mutable std::vector<Standing> standings_;  // see Standings()
  CountResult r_;
  int stage_no_ = 0;
  V quota_{};
  V non_transferable_{};
  std::vector<CandidateState> state_;
  std::vector<char> pending_;     // elected, surplus not yet transferred
  std::vector<char> continuing_;  // scratch: hopeful flags for transfers
  std::vector<int64_t> received_;
  std::vector<CandidateId> touched_;
  std::vector<V> votes_;
  std::vector<std::vector<Parcel>> piles_;
  std::vector<V> values_;
  std::vector<std::vector<V>> history_;  // votes at the end of each stage
  std::vector<CandidateId> tie_order_;   // wigm: effective tie order
};

}  // namespace

CountResult CountScottish(BallotTree& ballots, const std::vector<Candidate>& candidates,
                          const CountOptions& options, Stream& lots) {
  return WigmCounter<FixedArith>(Flavour::kScottish, ballots, candidates, options, lots).Run();
}

CountResult CountWigm(BallotTree& ballots, const std::vector<Candidate>& candidates,
                      const CountOptions& options, Stream& lots) {
  return WigmCounter<ExactArith>(Flavour::kWigm, ballots, candidates, options, lots).Run();
}

}  // namespace necsim
