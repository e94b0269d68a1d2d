#include "ballots/ballot_tree.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <memory>

namespace necsim {

BallotTree::BallotTree(int num_candidates, int64_t total, Expander* expander)
    : num_candidates_(num_candidates), expander_(expander) {
  Node root;
  root.count = total;
  nodes_.push_back(root);
}

void BallotTree::Reset(int num_candidates, int64_t total, Expander* expander) {
  num_candidates_ = num_candidates;
  expander_ = expander;
  owned_expander_.reset();
  nodes_.clear();
  StopRecording();
  Node root;
  root.count = total;
  nodes_.push_back(root);
}

void BallotTree::Expand(NodeId n) {
  scratch_.clear();
  if (expander_ != nullptr) expander_->Expand(*this, n, scratch_);
  AddChildren(n);
}

void BallotTree::ExpandContinuing(NodeId n, const std::vector<char>& continuing) {
  scratch_.clear();
  expander_->ExpandContinuing(*this, n, continuing, scratch_);
  AddChildren(n);
}

void BallotTree::Checkpoint() {
  recording_ = true;
  mark_nodes_ = nodes_.size();
  undo_.clear();
}

void BallotTree::Rollback() {
  assert(recording_);
  for (size_t i = undo_.size(); i-- > 0;) nodes_[static_cast<size_t>(undo_[i].first)] = undo_[i].second;
  nodes_.resize(mark_nodes_);
  if (expander_ != nullptr) expander_->ForgetNodesFrom(static_cast<NodeId>(mark_nodes_));
  StopRecording();
}

void BallotTree::AddChildren(NodeId n) {
  if (recording_ && static_cast<size_t>(n) < mark_nodes_) undo_.push_back({n, nodes_[n]});
  nodes_[n].expanded = true;
  nodes_[n].first_child = static_cast<NodeId>(nodes_.size());
  nodes_[n].num_children = static_cast<uint32_t>(scratch_.size()) & 0x7FFFFFFFu;
  const int32_t depth = nodes_[n].depth + 1;
  for (const ChildSpec& spec : scratch_) {
    assert(spec.count > 0);
    Node child;
    child.count = spec.count;
    child.candidate = spec.candidate;
    child.parent = n;
    child.depth = depth;
    child.tag = spec.tag;
    nodes_.push_back(child);
  }
}

NodeId BallotTree::MergeNodes(const std::vector<NodeId>& nodes) {
  assert(mergeable() && !nodes.empty());
  if (nodes.size() == 1) return nodes[0];
  Node merged = nodes_[nodes[0]];
  merged.count = 0;
  merged.expanded = false;
  merged.num_children = 0;
  for (NodeId m : nodes) {
    assert(!nodes_[m].expanded && nodes_[m].tag == merged.tag);
    merged.count += nodes_[m].count;
    merged.depth = std::max(merged.depth, nodes_[m].depth);
  }
  const auto id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(merged);
  return id;
}

void MergeByTag(BallotTree& tree, std::vector<NodeId>& nodes) {
  if (!tree.mergeable() || nodes.size() < 2) return;
  bool increasing = true;
  int32_t max_tag = tree.tag(nodes[0]);
  for (size_t i = 1; i < nodes.size(); ++i) {
    increasing = increasing && tree.tag(nodes[i]) > tree.tag(nodes[i - 1]);
    max_tag = std::max(max_tag, tree.tag(nodes[i]));
  }
  if (increasing) return;
  // Grouped by tag in linear time (tags are small numbers, 0 and up): each
  // tag's nodes chained in their order, the groups in tag order.
  BallotTree::MergeScratch& s = tree.merge_scratch_;
  std::vector<int32_t>& head = s.head;
  std::vector<int32_t>& tail = s.tail;
  std::vector<int32_t>& next = s.next;
  head.assign(static_cast<size_t>(max_tag) + 1, -1);
  tail.assign(head.size(), -1);
  next.assign(nodes.size(), -1);
  for (size_t i = 0; i < nodes.size(); ++i) {
    assert(tree.tag(nodes[i]) >= 0);
    const auto t = static_cast<size_t>(tree.tag(nodes[i]));
    if (head[t] < 0) head[t] = static_cast<int32_t>(i);
    else next[static_cast<size_t>(tail[t])] = static_cast<int32_t>(i);
    tail[t] = static_cast<int32_t>(i);
  }
  std::vector<NodeId>& out = s.out;
  std::vector<NodeId>& group = s.group;
  out.clear();
  for (int32_t first : head) {
    if (first < 0) continue;
    group.clear();
    for (int32_t i = first; i >= 0; i = next[static_cast<size_t>(i)]) group.push_back(nodes[static_cast<size_t>(i)]);
    out.push_back(tree.MergeNodes(group));
  }
  nodes.assign(out.begin(), out.end());
}

int64_t BallotTree::exhausted_at(NodeId n) {
  int64_t rest = nodes_[n].count;
  for (NodeId c : children(n)) rest -= nodes_[c].count;
  return rest;
}

void BallotTree::Path(NodeId n, std::vector<CandidateId>& out) const {
  const size_t start = out.size();
  for (; n != kRoot; n = nodes_[n].parent) out.push_back(nodes_[n].candidate);
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(start), out.end());
}

namespace {

// The ballots of an election as runs of one array, expanded on demand: the
// tree of real ballots grows only where a count reads it. Each node's ballots
// are a run [lo, hi) of `order_`; expanding a node at depth d sorts its run
// stably by the d-th preference (ballots that stop at d first) and makes one
// child per run of equal preference, in increasing candidate order, so the
// tree is node for node the full prefix tree, only built lazily. This is an
// MSD radix sort done one node at a time: a count that never looks below a
// node never sorts its ballots, and nothing is built per ballot but its place
// in one flat array of preferences.
//
// Pref: the stored type of a candidate, uint16_t for up to 65,535 candidates
// (the BLT reader allows 10,000). Each ballot's preferences end with kEnd, so
// the d-th preference of a ballot below a node at depth d is always there to
// read (kEnd: it stops here); `order_` holds where each ballot starts, with
// its weight, so an expansion reads one place in prefs_ per ballot.
template <class Pref>
class ElectionBallots final : public Expander {
 public:
  using Flat = BasicFlatBallots<Pref>;
  static constexpr Pref kEnd = Flat::kEnd;

  // Adopts the arrays of `ballots` (no copy).
  ElectionBallots(int num_candidates, Flat&& ballots)
      : prefs_(std::move(ballots.prefs)),
        order_(std::move(ballots.ballots)),
        counts_(static_cast<size_t>(num_candidates) + 1, 0),
        weights_(counts_.size(), 0),
        last_(counts_.size(), 0),
        total_(ballots.total) {
    // Room for a run per node of the whole tree, and for sorting the largest
    // run (the root's): address space only until used, no copies as they
    // grow.
    runs_.reserve(std::min<size_t>(num_prefs() + 1, size_t{1} << 25));
    keys_.reserve(order_.size());
    sorted_.reserve(order_.size());
    runs_.push_back({0, static_cast<uint32_t>(order_.size())});
  }

  int64_t total() const { return total_; }
  // Preferences on all ballots: one more is a bound on the tree's nodes.
  size_t num_prefs() const { return prefs_.size() - order_.size(); }

  void Expand(const BallotTree& tree, NodeId node, std::vector<ChildSpec>& out) override {
    const auto [lo, hi] = runs_[static_cast<size_t>(node)];
    assert(runs_.size() == tree.size());
    if (hi == kSingle) {  // one ballot, its next preference at prefs_[lo]: no read of order_
      const Pref p = prefs_[lo];
      if (p != kEnd) {
        runs_.push_back({lo + 1, kSingle});
        out.push_back({static_cast<CandidateId>(p), tree.count(node)});
      }
      return;
    }
    const auto depth = static_cast<size_t>(tree.depth(node));
    if (hi - lo == 1) {  // one ballot (most nodes deep down): its next preference, nothing to sort
      const Pref p = prefs_[order_[lo].start + depth];
      if (p != kEnd) {
        runs_.push_back({lo, hi});
        out.push_back({static_cast<CandidateId>(p), static_cast<int64_t>(order_[lo].weight)});
      }
      return;
    }
    // Key of each ballot in the run: its preference at `depth` + 1, or 0
    // (stops here); counts_ and weights_ by key, touched_ the keys seen.
    keys_.resize(hi - lo);
    touched_.clear();
    for (uint32_t i = lo; i < hi; ++i) {
      // The ballots' lists lie scattered over prefs_: ask for those a few
      // ahead while this one is read.
      if (i + kAhead < hi) __builtin_prefetch(&prefs_[order_[i + kAhead].start + depth]);
      const Pref p = prefs_[order_[i].start + depth];
      const uint32_t key = p == kEnd ? 0 : static_cast<uint32_t>(p) + 1;
      keys_[i - lo] = key;
      last_[key] = i;
      if (counts_[key]++ == 0) touched_.push_back(key);
      weights_[key] += static_cast<int64_t>(order_[i].weight);
    }
    std::sort(touched_.begin(), touched_.end());
    // Every node is made here, so runs_ holds one run per node of the tree,
    // and the children get the ids from tree.size() on (AddChildren).
    assert(runs_.size() == tree.size());
    // Stable counting sort of the run by key, through `sorted_`.
    uint32_t pos = 0;
    for (uint32_t key : touched_) {
      const uint32_t n = counts_[key];
      if (key > 0) {
        const size_t next = order_[last_[key]].start + depth + 1;
        if (n == 1 && next < kSingle) runs_.push_back({static_cast<uint32_t>(next), kSingle});
        else runs_.push_back({lo + pos, lo + pos + n});
        out.push_back({static_cast<CandidateId>(key - 1), weights_[key]});
      }
      counts_[key] = pos;  // now the next free place of this key
      weights_[key] = 0;
      pos += n;
    }
    if (out.empty()) return;  // every ballot stops here: nothing to sort
    sorted_.resize(hi - lo);
    for (uint32_t i = lo; i < hi; ++i) sorted_[counts_[keys_[i - lo]]++] = order_[i];
    std::copy(sorted_.begin(), sorted_.end(), order_.begin() + lo);
    for (uint32_t key : touched_) counts_[key] = 0;
  }

  void ForgetNodesFrom(NodeId first) override {
    if (runs_.size() > static_cast<size_t>(first)) runs_.resize(static_cast<size_t>(first));
  }

 private:
  using Entry = typename Flat::Entry;
  std::vector<Pref> prefs_;        // every ballot's preferences, each list ended by kEnd
  std::vector<Entry> order_;       // the ballots, each node's a run of it
  // By node: its run [lo, hi) of order_, or for a node of one ballot whose
  // next preference lies below 2^32 in prefs_, {that place, kSingle}: a
  // chain of one ballot is followed down its list without reading order_.
  static constexpr uint32_t kAhead = 16;
  static constexpr uint32_t kSingle = std::numeric_limits<uint32_t>::max();
  std::vector<std::pair<uint32_t, uint32_t>> runs_;
  std::vector<uint32_t> counts_;   // by key, zero between expansions
  std::vector<int64_t> weights_;   // by key, zero between expansions
  std::vector<uint32_t> last_;     // by key, the last ballot of the run with it
  std::vector<uint32_t> keys_, touched_;
  std::vector<Entry> sorted_;
  int64_t total_ = 0;
};

// An election's ballots of weight >= 1 as flat arrays.
template <class Pref>
BasicFlatBallots<Pref> Flatten(const Election& election) {
  BasicFlatBallots<Pref> flat;
  size_t prefs = 0, kept = 0;
  for (const Ballot& b : election.ballots) {
    if (b.weight > 0) prefs += b.prefs.size() + 1, ++kept;
  }
  flat.prefs.reserve(prefs);
  flat.ballots.reserve(kept);
  for (const Ballot& b : election.ballots) {
    if (b.weight > 0) flat.Add(b.weight, b.prefs);
  }
  return flat;
}

}  // namespace

template <class Pref>
BallotTree BallotTree::FromBallots(int num_candidates, BasicFlatBallots<Pref>&& flat) {
  auto ballots = std::make_unique<ElectionBallots<Pref>>(num_candidates, std::move(flat));
  BallotTree tree(num_candidates, ballots->total(), ballots.get());
  // Room for the whole tree (up to 2^25 nodes) from the start: address
  // space only until the count grows the tree, and no copies as it grows.
  const size_t bound = std::min<size_t>(ballots->num_prefs() + 1, size_t{1} << 25);
  tree.nodes_.reserve(bound);
  tree.owned_expander_ = std::move(ballots);
  return tree;
}

BallotTree BallotTree::FromElection(const Election& election) {
  const int n = election.num_candidates();
  if (n <= 65'535) return FromBallots(n, Flatten<uint16_t>(election));
  return FromBallots(n, Flatten<int32_t>(election));
}

BallotTree BallotTree::FromFlat(int num_candidates, FlatBallots&& ballots) {
  assert(num_candidates <= 65'535);
  return FromBallots(num_candidates, std::move(ballots));
}

}  // namespace necsim
