// ERS97: the Electoral Reform Society's "How to conduct an election by the
// Single Transferable Vote", 3rd edition (1997), section 5 (the counting
// rules). All arithmetic is fixed point to 2 decimal places: a vote is an
// int64 count of hundredths. docs/ers97.md maps each paragraph of section 5 to
// the code below and records the interpretations chosen.
//
// Ballots are read only through the BallotTree. A "parcel" is a tree node
// together with the value of each paper in it; the papers are the tree.count()
// ballots whose prefix ends at the node, and the candidate they currently sit
// with is the node's candidate. A "batch" (rule 6.1) is the list of parcels a
// candidate received in one transfer (or at the first stage), all of one value.
//
// Constraints (CountOptions::constraints) follow the protocol every STV rule
// in necsim shares, after Grey & Fitzgerald's "guard" and "doom" (as in
// OpenTally's constraint support), using ConstraintOracle:
//   (a) a hopeful that reaches the quota (or the 5.1.7(b) threshold) is deemed
//       elected unless the oracle says it is Doomed;
//   (b) after each stage's elections, if any hopeful is Doomed, the next stage
//       excludes all doomed hopefuls together (an exclusion transferred batch
//       by batch as in 5.4) before any surplus is transferred;
//   (c) if the number of Guarded hopefuls equals the seats left, they are all
//       deemed elected;
//   (d) when choosing whom to exclude (5.2.5, including the sure-loser batch
//       that decides deferral under 5.2.2), guarded hopefuls are skipped.
// CountResult::constraints_acted is set when (a)-(d) changed what the plain
// rule would have done. With no constraints the count is exactly ERS97.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "counting/count.h"
#include "core/numeric.h"
#include "counting/tiebreak.h"

namespace necsim {
namespace {

constexpr int kDp = 2;

struct Parcel {
  NodeId node;
  int64_t value;  // hundredths per paper
};
using Batch = std::vector<Parcel>;
// A batch filed with a candidate: a range of the count's parcel arena.
struct BatchRef {
  uint32_t begin, end;
};

int64_t CeilDiv(int64_t a, int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }

struct Held {  // parcels [begin, end) of the arena, of one value, held by owner
  int64_t value;
  CandidateId owner;
  uint32_t begin, end;
};

// The state of a count at the start of a step of its main loop, from which
// the count without constraints is resumed (CountOptions::
// resume_without_constraints). The parcels (an append-only arena) and the
// votes after each round are kept as their lengths.
struct Ers97Fork {
  bool valid = false;
  std::vector<CandidateState> state;
  std::vector<char> continuing, pending;
  std::vector<int64_t> votes;
  std::vector<std::vector<BatchRef>> batches;
  size_t arena_size = 0, history_size = 0;
  int64_t valid_total = 0, quota = 0;
  int stage_number = 0;
  std::vector<CandidateId> elected;
  std::vector<int> elected_stage;
  int ties_by_lot = 0;
  std::optional<Stream> lots;
};

// The count's working storage (kept in CountOptions::scratch between counts).
struct Ers97Buffers {
  Ers97Fork fork;
  std::vector<std::vector<BatchRef>> batches;  // per candidate, in the order received
  std::vector<Parcel> arena;                   // the parcels of every batch filed
  std::vector<Batch> fresh;  // parcels received in the transfer under way, per candidate (empty between transfers)
  std::vector<NodeId> sources;  // parcels of one exclusion sub-stage
  std::vector<Parcel> moves;
  std::vector<Held> held;
};

Ers97Buffers& BuffersOf(const CountOptions& options, Ers97Buffers& own, Ers97Buffers* shared) {
  if (shared != nullptr) return *shared;
  if (options.scratch == nullptr) return own;
  if (!options.scratch->ers97) options.scratch->ers97 = std::make_shared<Ers97Buffers>();
  return *static_cast<Ers97Buffers*>(options.scratch->ers97.get());
}

class Ers97Count {
 public:
  // `shared`: the buffers of an earlier count to resume (Resume), or null.
  Ers97Count(BallotTree& tree, const std::vector<Candidate>& candidates, const CountOptions& options,
             Stream& lots, Ers97Buffers* shared = nullptr)
      : tree_(tree),
        cands_(candidates),
        opt_(options),
        lots_(lots),
        n_(static_cast<int>(candidates.size())),
        seats_(options.seats),
        oracle_(options.constraints, static_cast<int>(candidates.size()), options.seats),
        buf_(BuffersOf(options, own_, shared)),
        batches_(buf_.batches),
        arena_(buf_.arena),
        sources_(buf_.sources),
        fresh_(buf_.fresh),
        moves_(buf_.moves),
        held_(buf_.held) {}

  CountResult Run();
  // The count without constraints, resumed from the fork that `with` (whose
  // buffers this count shares) kept; `first` is with's result.
  // REQUIRES: buffers().fork.valid and the tree rolled back to it.
  CountResult Resume(const Ers97Count& with, const CountResult& first);
  Ers97Buffers& buffers() { return buf_; }

 private:
  void Loop();   // the main loop (5.2 to 5.5)
  void TakeFork();
  // --- bookkeeping -------------------------------------------------------
  int SeatsLeft() const { return seats_ - static_cast<int>(result_.elected.size()); }
  // The hopefuls, in candidate order, into `h` (a buffer the caller keeps).
  void Hopefuls(std::vector<CandidateId>& h) const {
    h.clear();
    for (CandidateId c = 0; c < n_; ++c) {
      if (state_[c] == CandidateState::kHopeful) h.push_back(c);
    }
  }
  int NumHopeful() const {
    return static_cast<int>(std::count(state_.begin(), state_.end(), CandidateState::kHopeful));
  }
  bool Over() const { return SeatsLeft() <= 0 || NumHopeful() <= SeatsLeft(); }
  int64_t SumVotes() const {
    int64_t s = 0;
    for (int64_t v : votes_) s += v;
    return s;
  }
  int64_t NonTransferable() const { return valid_total_ - SumVotes(); }
  // Sum of the untransferred surpluses of candidates deemed elected.
  int64_t PendingSurplus() const {
    int64_t s = 0;
    for (CandidateId c = 0; c < n_; ++c) {
      if (pending_[c] && votes_[c] > quota_) s += votes_[c] - quota_;
    }
    return s;
  }
  // Every change of a candidate's state goes through here, so that the
  // standings the constraint oracle reads stay in step with it.
  void SetState(CandidateId c, CandidateState s) {
    state_[c] = s;
    standings_[c] = s == CandidateState::kHopeful   ? Standing::kHopeful
                    : s == CandidateState::kElected ? Standing::kElected
                                                    : Standing::kOut;
  }
  const std::vector<Standing>& Standings() const { return standings_; }
  bool IsDoomed(CandidateId c) const { return oracle_.active() && oracle_.Doomed(Standings(), c); }
  bool IsGuarded(CandidateId c) const { return oracle_.active() && oracle_.Guarded(Standings(), c); }
  std::string Name(CandidateId c) const { return cands_[c].name; }
  // True when a and b had unequal votes at some point of the count.
  bool Differ(CandidateId a, CandidateId b) const {
    for (const auto& row : history_) {
      if (row[a] != row[b]) return true;
    }
    return false;
  }
  // Order for deeming elected: more votes first; equal votes by the earliest
  // point at which they differed; then candidate number.
  bool Before(CandidateId a, CandidateId b) const {
    if (votes_[a] != votes_[b]) return votes_[a] > votes_[b];
    for (const auto& row : history_) {
      if (row[a] != row[b]) return row[a] > row[b];
    }
    return a < b;
  }
  std::string Fmt(int64_t v) const { return FormatFixed(v, kDp); }

  void Credit(CandidateId to, NodeId node, int64_t value, std::vector<Batch>& fresh) {
    votes_[to] += tree_.count(node) * value;
    fresh[to].push_back({node, value});
  }
  void FileBatches(std::vector<Batch>& fresh) {
    for (CandidateId c = 0; c < n_; ++c) {
      if (!fresh[c].empty()) {
        // Sampled ballots only: equal (cell, value) parcels as one. A batch is
        // one transfer's (one value); usually its cells are already strictly
        // increasing (the transfer visits them in order), and then there is
        // nothing to merge.
        bool increasing = true;
        for (size_t i = 1; i < fresh[c].size() && increasing; ++i) {
          increasing = tree_.tag(fresh[c][i].node) > tree_.tag(fresh[c][i - 1].node);
        }
        if (!increasing) MergeParcels(tree_, fresh[c]);
        const auto begin = static_cast<uint32_t>(arena_.size());
        arena_.insert(arena_.end(), fresh[c].begin(), fresh[c].end());  // (fresh keeps its storage)
        batches_[c].push_back({begin, static_cast<uint32_t>(arena_.size())});
        fresh[c].clear();
      }
    }
  }

  // --- the rule's steps --------------------------------------------------
  void FirstStage();
  void EndRound();
  void ElectReached();
  void Elect(CandidateId c, const char* how);
  void Exclude(std::vector<CandidateId>& losers, const std::string& why);
  void TransferSurplus(CandidateId c);
  void SureLosers(int64_t surplus, bool skip_guarded, std::vector<CandidateId>& best) const;
  CandidateId Lowest(bool skip_guarded);
  CandidateId LargestSurplus();
  void BeginStage(const std::string& kind);
  void EndStage();
  void Finish();

  BallotTree& tree_;
  const std::vector<Candidate>& cands_;
  const CountOptions& opt_;
  Stream& lots_;
  const int n_;
  const int seats_;
  ConstraintOracle oracle_;
  std::vector<Standing> standings_;  // state_ as the oracle sees it (SetState)
  // Buffers reused by the steps of the count.
  std::vector<CandidateId> hopefuls_, pool_, losers_, plain_losers_;
  mutable std::vector<CandidateId> sorted_;
  mutable std::vector<Standing> trial_;  // SureLosers: the standings with the losers so far out
  std::vector<char> doom_noted_;


  std::vector<CandidateState> state_;
  std::vector<char> continuing_;  // hopeful, for ForEachNextContinuing
  std::vector<char> pending_;     // deemed elected, surplus not yet transferred
  std::vector<int64_t> votes_;
  Ers97Buffers own_;   // (when the options bring no scratch)
  Ers97Buffers& buf_;  // see Ers97Buffers
  std::vector<std::vector<BatchRef>>& batches_;
  std::vector<Parcel>& arena_;
  std::vector<NodeId>& sources_;
  std::vector<Batch>& fresh_;
  std::vector<Parcel>& moves_;
  std::vector<Held>& held_;
  std::vector<std::vector<int64_t>> history_;  // votes after each transfer of a batch
  int64_t valid_total_ = 0;
  int64_t quota_ = 0;
  int stage_number_ = 0;
  Stage stage_;
  std::vector<std::string> pending_notes_;  // tie notes made before a stage begins
  CountResult result_;
};

void Ers97Count::BeginStage(const std::string& kind) {
  stage_ = Stage{};
  stage_.number = ++stage_number_;
  stage_.kind = kind;
  if (opt_.record_stages) stage_.notes = std::move(pending_notes_);
  pending_notes_.clear();
}

void Ers97Count::EndStage() {
  if (!opt_.record_stages) return;
  stage_.quota = Fmt(quota_);
  stage_.votes.resize(n_);
  stage_.votes_value.resize(n_);
  for (CandidateId c = 0; c < n_; ++c) {
    stage_.votes[c] = Fmt(votes_[c]);
    stage_.votes_value[c] = static_cast<double>(votes_[c]) / 100.0;
  }
  stage_.non_transferable = Fmt(NonTransferable());
  stage_.states = state_;
  result_.stages.push_back(stage_);
}

void Ers97Count::Elect(CandidateId c, const char* how) {
  SetState(c, CandidateState::kElected);
  continuing_[c] = 0;
  pending_[c] = 1;
  result_.elected.push_back(c);
  result_.elected_stage.push_back(stage_number_);
  stage_.elected.push_back(c);
  if (opt_.record_stages && *how != '\0') stage_.notes.push_back(Name(c) + " " + how);
}

// 5.1.7, 5.3.13, 5.4.9: considering continuing candidates in descending order
// of votes, deem elected any whose vote reaches (a) the quota or (b) the total
// active vote divided by one more than the places not yet filled, up to the
// number of places left (ties for the last places: 5.6.2). Then the guard
// rule (c).
void Ers97Count::ElectReached() {
  std::vector<char>& doom_noted = doom_noted_;
  doom_noted.assign(n_, 0);
  for (;;) {
    const int left = SeatsLeft();
    if (left <= 0) return;
    // Total active vote (6.20): continuing candidates' votes plus votes
    // awaiting transfer (untransferred surpluses; papers of excluded
    // candidates not yet transferred).
    int64_t active = PendingSurplus();
    for (CandidateId c = 0; c < n_; ++c) {
      if (state_[c] == CandidateState::kHopeful || state_[c] == CandidateState::kExcluded) {
        active += votes_[c];
      }
    }
    const int64_t threshold = CeilDiv(active, left + 1);
    const int64_t need = std::max<int64_t>(std::min(quota_, threshold), 1);
    std::vector<CandidateId> reached;
    for (CandidateId c = 0; c < n_; ++c) {
      if (state_[c] != CandidateState::kHopeful || votes_[c] < need) continue;
      if (IsDoomed(c)) {  // protocol (a): a doomed hopeful is not deemed elected
        result_.constraints_acted = true;
        if (opt_.record_stages && !doom_noted[c]) {
          stage_.notes.push_back(Name(c) + " reached the quota but is doomed by the constraints.");
        }
        doom_noted[c] = 1;
        continue;
      }
      reached.push_back(c);
    }
    if (reached.empty()) break;
    // Descending order of votes; equal votes by the earliest point at which
    // they differed (5.6.2). Where the tie decides who takes the last places
    // and the look-back cannot settle it, lots are drawn (see docs/ers97.md).
    std::sort(reached.begin(), reached.end(),
              [&](CandidateId a, CandidateId b) { return Before(a, b); });
    if (static_cast<int>(reached.size()) > left &&
        votes_[reached[left - 1]] == votes_[reached[left]] && !Differ(reached[left - 1], reached[left])) {
      // The candidates tied at the boundary (equal at every point).
      std::vector<CandidateId> tied, keep;
      for (CandidateId c : reached) {
        if (votes_[c] == votes_[reached[left]] && !Differ(c, reached[left])) {
          tied.push_back(c);
        } else if (Before(c, reached[left])) {
          keep.push_back(c);
        }
      }
      while (static_cast<int>(keep.size()) < left) {
        std::string note;
        const CandidateId pick = BreakTie(tied, history_, LookBack::kEarliestStage, false, opt_.tie_order,
                                          lots_, cands_, &note, &result_.ties_by_lot);
        if (opt_.record_stages) stage_.notes.push_back(note);
        keep.push_back(pick);
        tied.erase(std::find(tied.begin(), tied.end(), pick));
      }
      reached = keep;
    }
    std::vector<CandidateId> order = reached;
    bool any = false;
    for (CandidateId c : order) {
      if (SeatsLeft() <= 0) break;
      if (IsDoomed(c)) {  // protocol (a), after the elections just made
        result_.constraints_acted = true;
        if (opt_.record_stages && !doom_noted[c]) {
          stage_.notes.push_back(Name(c) + " reached the quota but is doomed by the constraints.");
        }
        doom_noted[c] = 1;
        continue;
      }
      Elect(c, votes_[c] >= quota_ ? "" : "deemed elected on the total active vote (5.1.7(b)).");
      any = true;
    }
    if (!any) break;
  }
  // Protocol (c): guarded hopefuls exactly fill the seats left.
  if (oracle_.active() && SeatsLeft() > 0) {
    std::vector<CandidateId> guarded;
    Hopefuls(hopefuls_);
    for (CandidateId c : hopefuls_) {
      if (IsGuarded(c)) guarded.push_back(c);
    }
    if (static_cast<int>(guarded.size()) == SeatsLeft()) {
      if (NumHopeful() > SeatsLeft()) result_.constraints_acted = true;
      std::sort(guarded.begin(), guarded.end(),
                [&](CandidateId a, CandidateId b) { return votes_[a] > votes_[b]; });
      for (CandidateId c : guarded) Elect(c, "deemed elected: guarded by the constraints.");
    }
  }
}

// After every transfer of a batch (a round): record the votes for look-back,
// recalculate the quota while nobody is elected (5.4.8), deem elected.
void Ers97Count::EndRound() {
  history_.push_back(votes_);
  if (result_.elected.empty()) {
    const int64_t q = CeilDiv(valid_total_ - NonTransferable(), seats_ + 1);
    if (q != quota_ && !history_.empty() && stage_number_ > 1 && opt_.record_stages) {
      stage_.notes.push_back("Quota recalculated ignoring the non-transferable vote (5.4.8): " +
                             Fmt(q) + ".");
    }
    quota_ = q;
  }
  ElectReached();
}

// 5.1: first preferences.
void Ers97Count::FirstStage() {
  BeginStage("first");
  stage_.description = "First preferences";
  std::vector<Batch>& fresh = fresh_;
  ForEachNextContinuing(tree_, BallotTree::kRoot, continuing_, [&](NodeId node) {
    Credit(tree_.candidate(node), node, 100, fresh);
  });
  FileBatches(fresh);
  valid_total_ = SumVotes();
  result_.first_preferences.resize(n_);
  for (CandidateId c = 0; c < n_; ++c) {
    result_.first_preferences[c] = static_cast<double>(votes_[c]) / 100.0;
  }
  // 5.1.6: total valid vote / (places + 1) to 2 dp; any remainder: ignore it
  // and add 0.01 (that is, round up to the next hundredth).
  quota_ = CeilDiv(valid_total_, seats_ + 1);
  result_.quota = Fmt(quota_);
  EndRound();
  EndStage();
}

// 5.3: transfer the surplus of c from its last received batch.
void Ers97Count::TransferSurplus(CandidateId c) {
  BeginStage("surplus");
  stage_.subjects = {c};
  const int64_t surplus = votes_[c] - quota_;
  // 5.3.1 / 5.3.2: all papers if elected at the first stage (its only
  // batch), otherwise only the last batch received.
  const BatchRef last = batches_[c].empty() ? BatchRef{0, 0} : batches_[c].back();
  batches_[c].clear();
  // 5.3.3: sort into next available preferences for continuing candidates.
  std::vector<Parcel>& moves = moves_;  // (destination node, present value)
  moves.clear();
  int64_t papers = 0, value = 0, dead_papers = 0;
  for (uint32_t i = last.begin; i < last.end; ++i) {
    const Parcel p = arena_[i];
    dead_papers += ForEachNextContinuing(tree_, p.node, continuing_, [&](NodeId node) {
      moves.push_back({node, p.value});
      papers += tree_.count(node);
      value += tree_.count(node) * p.value;
    });
  }
  // 5.3.7: transfer value = surplus / transferable papers, to 2 dp ignoring
  // the remainder, when their value exceeds the surplus; else present value.
  const bool reduce = value > surplus;
  const int64_t tv = reduce ? surplus / papers : -1;
  std::vector<Batch>& fresh = fresh_;
  int64_t credited = 0;
  for (const Parcel& m : moves) {
    const int64_t v = reduce ? tv : m.value;
    Credit(tree_.candidate(m.node), m.node, v, fresh);
    credited += tree_.count(m.node) * v;
  }
  FileBatches(fresh);
  votes_[c] = quota_;
  pending_[c] = 0;
  if (opt_.record_stages) {
    stage_.description = "Surplus of " + Name(c) + " (" + Fmt(surplus) + ") transferred" +
                         (reduce ? " at a transfer value of " + Fmt(tv) : " at present value");
    stage_.notes.push_back(std::to_string(papers) + " transferable and " + std::to_string(dead_papers) +
                           " non-transferable papers; non-transferable difference " +
                           Fmt(surplus - credited) + ".");
  }
  EndRound();
  EndStage();
}

// 5.4: exclude `losers` together; their papers are transferred in batches in
// descending order of value, each batch a sub-stage after which candidates
// reaching the quota are deemed elected (and receive no more papers, 5.4.10).
void Ers97Count::Exclude(std::vector<CandidateId>& losers, const std::string& why) {
  BeginStage("exclusion");
  std::sort(losers.begin(), losers.end());
  stage_.subjects = losers;
  for (size_t i = 0; i < losers.size(); ++i) {
    SetState(losers[i], CandidateState::kExcluded);
    continuing_[losers[i]] = 0;
    stage_.excluded.push_back(losers[i]);
  }
  if (opt_.record_stages) {
    std::string names;
    for (size_t i = 0; i < losers.size(); ++i) names += (i ? ", " : "") + Name(losers[i]);
    stage_.description = "Exclusion of " + names;
    if (!why.empty()) stage_.notes.push_back(why);
  }
  // The losers' papers by value, highest first; within a value in the order
  // of losers, batches and parcels (a stable sort of runs of equal value: a
  // batch's parcels share one value, so a batch is one run).
  held_.clear();
  for (CandidateId c : losers) {
    for (const BatchRef& b : batches_[c]) {
      for (uint32_t i = b.begin; i < b.end;) {
        uint32_t j = i + 1;
        while (j < b.end && arena_[j].value == arena_[i].value) ++j;
        held_.push_back({arena_[i].value, c, i, j});
        i = j;
      }
    }
    batches_[c].clear();
  }
  std::stable_sort(held_.begin(), held_.end(), [](const Held& a, const Held& b) { return a.value > b.value; });
  size_t values = 0;
  for (size_t i = 0; i < held_.size(); ++i) values += i == 0 || held_[i].value != held_[i - 1].value;
  if (held_.empty()) {
    EndRound();
  } else {
    int sub = 0;
    std::vector<Batch>& fresh = fresh_;
    for (size_t first = 0; first < held_.size();) {
      const int64_t value = held_[first].value;  // a plain local: lambdas below capture it
      size_t last = first;
      while (last < held_.size() && held_[last].value == value) ++last;
      ++sub;
      int64_t dead = 0;
      // All papers of this value go in one transfer under one continuing set,
      // so for sampled ballots the parcels of one voter cell (from every batch
      // and every loser) are sorted as one: MergeByTag. Real ballots keep
      // their parcels.
      sources_.clear();
      for (size_t i = first; i < last; ++i) {
        const Held& h = held_[i];
        for (uint32_t j = h.begin; j < h.end; ++j) {
          votes_[h.owner] -= tree_.count(arena_[j].node) * value;
          sources_.push_back(arena_[j].node);
        }
      }
      first = last;
      MergeByTag(tree_, sources_);
      for (NodeId src : sources_) {
        dead += ForEachNextContinuing(tree_, src, continuing_, [&](NodeId node) {
          Credit(tree_.candidate(node), node, value, fresh);
        });
      }
      FileBatches(fresh);
      if (opt_.record_stages && values > 1) {
        stage_.notes.push_back("Sub-stage " + std::to_string(sub) + ": papers of value " + Fmt(value) +
                               " transferred (" + std::to_string(dead) + " non-transferable).");
      }
      EndRound();
      if (Over()) break;
    }
  }
  EndStage();
}

// 5.2.5 (with 5.2.2(b)): the largest set of lowest candidates that may be
// excluded together: their total plus `surplus` does not exceed the vote of
// the candidate next above, and enough candidates remain. Candidates with
// equal votes go together or not at all.
void Ers97Count::SureLosers(int64_t surplus, bool skip_guarded, std::vector<CandidateId>& best) const {
  std::vector<CandidateId>& h = sorted_;
  Hopefuls(h);
  std::sort(h.begin(), h.end(), [&](CandidateId a, CandidateId b) {
    return votes_[a] != votes_[b] ? votes_[a] < votes_[b] : a < b;
  });
  const int max_losers = static_cast<int>(h.size()) - SeatsLeft();
  best.clear();
  int64_t total = surplus;
  // The losers are excluded together, so together they must leave the
  // constraints possible to meet: each may be unguarded alone while two of
  // them are not (the last two women a minimum needs one of).
  const bool joint = skip_guarded && oracle_.active();
  if (joint) trial_ = standings_;
  size_t i = 0;
  while (i < h.size()) {
    size_t j = i;
    while (j < h.size() && votes_[h[j]] == votes_[h[i]]) ++j;
    if (j == h.size()) break;  // the top group is never a sure loser
    bool guarded = false;
    for (size_t k = i; k < j; ++k) {
      total += votes_[h[k]];
      if (skip_guarded && IsGuarded(h[k])) guarded = true;
      if (joint) trial_[h[k]] = Standing::kOut;
    }
    if (joint && !guarded && !oracle_.CanComplete(trial_)) guarded = true;
    if (guarded) break;
    if (total <= votes_[h[j]] && static_cast<int>(j) <= max_losers) {
      best.assign(h.begin(), h.begin() + static_cast<long>(j));
    }
    i = j;
  }
}

// 5.2.5: the candidate with the fewest votes; equal votes by the earliest
// point of the count at which they differed, then by lot.
CandidateId Ers97Count::Lowest(bool skip_guarded) {
  std::vector<CandidateId>& pool = pool_;
  pool.clear();
  Hopefuls(hopefuls_);
  for (CandidateId c : hopefuls_) {
    if (!(skip_guarded && IsGuarded(c))) pool.push_back(c);
  }
  if (pool.empty()) pool = hopefuls_;
  int64_t low = votes_[pool[0]];
  for (CandidateId c : pool) low = std::min(low, votes_[c]);
  std::vector<CandidateId> tied;
  for (CandidateId c : pool) {
    if (votes_[c] == low) tied.push_back(c);
  }
  if (tied.size() == 1) return tied[0];
  std::string note;
  const CandidateId pick = BreakTie(tied, history_, LookBack::kEarliestStage, true, opt_.tie_order,
                                    lots_, cands_, &note, &result_.ties_by_lot);
  pending_notes_.push_back(note);
  return pick;
}

// 5.2.3: the largest surplus; equal surpluses by the earliest point at which
// the candidates' votes differed, then by lot.
CandidateId Ers97Count::LargestSurplus() {
  int64_t best = 0;
  for (CandidateId c = 0; c < n_; ++c) {
    if (pending_[c]) best = std::max(best, votes_[c]);
  }
  std::vector<CandidateId> tied;
  for (CandidateId c = 0; c < n_; ++c) {
    if (pending_[c] && votes_[c] == best) tied.push_back(c);
  }
  if (tied.size() == 1) return tied[0];
  std::string note;
  const CandidateId pick = BreakTie(tied, history_, LookBack::kEarliestStage, false, opt_.tie_order,
                                    lots_, cands_, &note, &result_.ties_by_lot);
  pending_notes_.push_back(note);
  return pick;
}

// 5.5: when the count stops with places unfilled, the continuing candidates
// fill them (5.5.1); when all places are filled, the continuing candidates are
// formally excluded (5.5.2). Recorded on the last stage.
void Ers97Count::Finish() {
  std::vector<CandidateId> rest;
  Hopefuls(rest);
  std::sort(rest.begin(), rest.end(), [&](CandidateId a, CandidateId b) { return Before(a, b); });
  Stage* last = opt_.record_stages && !result_.stages.empty() ? &result_.stages.back() : nullptr;
  for (CandidateId c : rest) {
    if (SeatsLeft() > 0) {
      SetState(c, CandidateState::kElected);
      result_.elected.push_back(c);
      result_.elected_stage.push_back(stage_number_);
      if (last) {
        last->elected.push_back(c);
        last->notes.push_back(Name(c) + " deemed elected: as many continuing candidates as places (5.5.1).");
      }
    } else {
      SetState(c, CandidateState::kExcluded);
      if (last) last->excluded.push_back(c);
    }
    continuing_[c] = 0;
  }
  if (last) last->states = state_;
  result_.final_votes.resize(n_);
  result_.final_votes_value.resize(n_);
  for (CandidateId c = 0; c < n_; ++c) {
    result_.final_votes[c] = Fmt(votes_[c]);
    result_.final_votes_value[c] = static_cast<double>(votes_[c]) / 100.0;
  }
}

void Ers97Count::TakeFork() {
  Ers97Fork& f = buf_.fork;
  f.valid = true;
  f.state = state_;
  f.continuing = continuing_;
  f.pending = pending_;
  f.votes = votes_;
  f.batches.resize(static_cast<size_t>(n_));
  for (CandidateId c = 0; c < n_; ++c) f.batches[c] = batches_[c];
  f.arena_size = arena_.size();
  f.history_size = history_.size();
  f.valid_total = valid_total_;
  f.quota = quota_;
  f.stage_number = stage_number_;
  f.elected = result_.elected;
  f.elected_stage = result_.elected_stage;
  f.ties_by_lot = result_.ties_by_lot;
  f.lots.emplace(lots_);
  tree_.Checkpoint();
}

CountResult Ers97Count::Resume(const Ers97Count& with, const CountResult& first) {
  const Ers97Fork& f = buf_.fork;
  result_.rule = "ers97";
  result_.seats = seats_;
  result_.quota = first.quota;
  result_.first_preferences = first.first_preferences;
  result_.elected = f.elected;
  result_.elected_stage = f.elected_stage;
  result_.ties_by_lot = f.ties_by_lot;
  state_.assign(n_, CandidateState::kHopeful);
  standings_.assign(n_, Standing::kHopeful);
  for (CandidateId c = 0; c < n_; ++c) SetState(c, f.state[c]);
  continuing_ = f.continuing;
  pending_ = f.pending;
  votes_ = f.votes;
  for (CandidateId c = 0; c < n_; ++c) batches_[c] = f.batches[c], fresh_[c].clear();
  arena_.resize(f.arena_size);
  history_.assign(with.history_.begin(), with.history_.begin() + static_cast<std::ptrdiff_t>(f.history_size));
  valid_total_ = f.valid_total;
  quota_ = f.quota;
  stage_number_ = f.stage_number;
  Loop();
  Finish();
  return std::move(result_);
}

CountResult Ers97Count::Run() {
  result_.rule = "ers97";
  result_.seats = seats_;
  state_.assign(n_, CandidateState::kHopeful);
  standings_.assign(n_, Standing::kHopeful);
  continuing_.assign(n_, 1);
  pending_.assign(n_, 0);
  votes_.assign(n_, 0);
  // (The buffers may come from an earlier count: emptied, keeping storage.)
  batches_.resize(n_);
  fresh_.resize(n_);
  for (CandidateId c = 0; c < n_; ++c) batches_[c].clear(), fresh_[c].clear();
  arena_.clear();
  buf_.fork.valid = false;
  for (CandidateId c = 0; c < n_; ++c) {
    if (cands_[c].withdrawn) {
      SetState(c, CandidateState::kWithdrawn);
      continuing_[c] = 0;
    }
  }
  FirstStage();
  Loop();
  // The tree keeps its undo log only for a resumption (CountErs97).
  if (!(result_.constraints_acted && buf_.fork.valid)) tree_.StopRecording();
  Finish();
  return std::move(result_);
}

void Ers97Count::Loop() {
  const bool forks = opt_.resume_without_constraints && oracle_.active();
  while (!Over()) {
    // Until the constraints act, this step starts as it would without them.
    if (forks && !result_.constraints_acted) TakeFork();
    pending_notes_.clear();
    // Protocol (b): doomed hopefuls are excluded before anything else.
    std::vector<CandidateId>& doomed = losers_;
    doomed.clear();
    if (oracle_.active()) {
      Hopefuls(hopefuls_);
      for (CandidateId c : hopefuls_) {
        if (IsDoomed(c)) doomed.push_back(c);
      }
    }
    if (!doomed.empty()) {
      result_.constraints_acted = true;
      Exclude(doomed, "Excluded: doomed by the constraints.");
      continue;
    }
    // 5.2.2: surpluses are deferred while a set of sure losers exists.
    const int64_t surplus = PendingSurplus();
    std::vector<CandidateId>& losers = losers_;
    SureLosers(surplus, true, losers);
    if (oracle_.active()) {
      SureLosers(surplus, false, plain_losers_);
      if (losers != plain_losers_) result_.constraints_acted = true;
    }
    if (surplus > 0 && losers.empty()) {
      const CandidateId c = LargestSurplus();
      TransferSurplus(c);
      continue;
    }
    std::string why;
    if (surplus > 0 && opt_.record_stages) {
      why = "Surpluses totalling " + Fmt(surplus) +
            " deferred: they cannot change the order of the lowest candidates (5.2.2).";
    }
    if (losers.empty()) {
      const CandidateId pick = Lowest(oracle_.active());
      // Protocol (d) acted if a guarded hopeful was passed over.
      Hopefuls(hopefuls_);
      for (CandidateId c : hopefuls_) {
        if (c != pick && votes_[c] <= votes_[pick] && IsGuarded(c)) result_.constraints_acted = true;
      }
      losers.assign(1, pick);
    }
    if (NumHopeful() - static_cast<int>(losers.size()) <= SeatsLeft()) {
      // 5.5.1: the proposed exclusion would leave as many continuing
      // candidates as places: they are all deemed elected.
      BeginStage("elect");
      stage_.description = "Remaining candidates deemed elected (5.5.1)";
      for (CandidateId c : losers) {
        SetState(c, CandidateState::kExcluded);
        continuing_[c] = 0;
        stage_.excluded.push_back(c);
      }
      history_.push_back(votes_);
      std::vector<CandidateId> rest;
      Hopefuls(rest);
      std::sort(rest.begin(), rest.end(), [&](CandidateId a, CandidateId b) { return Before(a, b); });
      for (CandidateId c : rest) Elect(c, "");
      EndStage();
      break;
    }
    Exclude(losers, why);
  }
}

}  // namespace

CountResult CountErs97(BallotTree& ballots, const std::vector<Candidate>& candidates,
                       const CountOptions& options, Stream& lots) {
  Ers97Count with(ballots, candidates, options, lots);
  CountResult r = with.Run();
  Ers97Buffers& buf = with.buffers();
  if (options.resume_without_constraints && r.constraints_acted && buf.fork.valid) {
    // Resume without the constraints from the step in which they first acted
    // (CountOptions::resume_without_constraints), on the tree as it was then.
    ballots.Rollback();
    CountOptions plain = options;
    plain.constraints = {};
    plain.resume_without_constraints = false;
    plain.record_stages = false;
    Stream lots2 = *buf.fork.lots;
    Ers97Count without(ballots, candidates, plain, lots2, &buf);
    r.without_constraints = std::make_shared<const CountResult>(without.Resume(with, r));
  }
  return r;
}

}  // namespace necsim
