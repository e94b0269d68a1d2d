// BallotTree: the ballot source every counting rule reads.
//
// Ballots are held as a prefix tree. Node 0 is the root (all ballots); a child
// of a node extends its prefix by one more preference. count(n) is the number
// of ballots whose ranking starts with the node's prefix; count(n) minus the
// sum of its children's counts is the number of ballots that stop there
// (exhausted after that preference).
//
// Both kinds of ballots grow the tree lazily through an Expander that creates
// a node's children the first time a count asks for them: real ballots (BLT
// files, FromElection) by sorting the node's ballots on their next
// preference, sampled ballots (the Monte Carlo engine) by drawing them. So a
// count only ever materialises the
// part of the tree it reads (see ../shared/design.md: "a lazily expanded
// prefix tree of parcels serves both"). Rules therefore never see individual
// ballots, and ballots sharing a prefix are always treated alike, which is
// exact for every rule here because each rule's arithmetic depends only on a
// ballot's path and value.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "ballots/flat_ballots.h"
#include "core/election.h"

namespace necsim {

using NodeId = int32_t;

class BallotTree;

// One child made by an Expander: `count` ballots whose next preference is
// `candidate`. `tag` labels the child's ballots (the Monte Carlo engine uses
// it for the voter cell and, for card followers, whether they still follow
// their card: RunSample in models/voters/voter_model.h); an expander gives
// each child its tag (usually its parent's; 0 for real ballots).
struct ChildSpec {
  CandidateId candidate;
  int64_t count;
  int32_t tag = 0;
};

// Creates the children of a node on demand.
//
// Expand(): children over every candidate not on the node's path; counts > 0
// summing to at most count(node) (the rest stop there).
//
// ExpandContinuing() (only when SupportsContinuing()): children for the next
// preference *among the continuing candidates*, merging away the candidates
// that are no longer in the count. This is exact for ballot models with
// independence from irrelevant alternatives (Plackett-Luce): the next
// continuing preference of a ballot is distributed in proportion to the
// continuing candidates' weights whatever was ranked before. Counts only ever
// shrink the continuing set, so a node expanded under one set stays valid
// under any later subset (its children that dropped out are descended).
class Expander {
 public:
  virtual ~Expander() = default;
  virtual void Expand(const BallotTree& tree, NodeId node, std::vector<ChildSpec>& out) = 0;
  virtual bool SupportsContinuing() const { return false; }
  // Optional shortcut for the block vote: adds to marks[c] the number of the
  // node's ballots that rank c among their next `more` preferences, drawing
  // each ballot directly instead of growing the tree. Returns false when not
  // supported (the caller then expands the tree).
  virtual bool SampleMarks(const BallotTree& tree, NodeId node, int more, std::vector<int64_t>& marks) {
    (void)tree, (void)node, (void)more, (void)marks;
    return false;
  }
  virtual void ExpandContinuing(const BallotTree& tree, NodeId node, const std::vector<char>& continuing,
                                std::vector<ChildSpec>& out) {
    (void)continuing;
    Expand(tree, node, out);
  }
  // The tree dropped its nodes from `first` on (BallotTree::Rollback): forget
  // whatever is cached about them (their ids will be reused).
  virtual void ForgetNodesFrom(NodeId first) { (void)first; }
};

// The children of a node: AddChildren makes them one after another, so they
// are the ids first, first + 1, ... (no array of child ids to read).
class ChildRange {
 public:
  class iterator {
   public:
    using value_type = NodeId;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(NodeId id) : id_(id) {}
    NodeId operator*() const { return id_; }
    iterator& operator++() { return ++id_, *this; }
    iterator operator++(int) { iterator old = *this; ++id_; return old; }
    bool operator==(const iterator&) const = default;

   private:
    NodeId id_ = 0;
  };
  ChildRange(NodeId first, size_t size) : first_(first), size_(size) {}
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  NodeId operator[](size_t i) const { return first_ + static_cast<NodeId>(i); }
  NodeId front() const { return first_; }
  NodeId back() const { return first_ + static_cast<NodeId>(size_) - 1; }
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(first_ + static_cast<NodeId>(size_)); }

 private:
  NodeId first_;
  size_t size_;
};

class BallotTree {
 public:
  static constexpr NodeId kRoot = 0;

  // An empty tree over `num_candidates` candidates with `total` ballots at the
  // root. With an expander, children are created lazily.
  BallotTree(int num_candidates, int64_t total, Expander* expander = nullptr);
  // Makes this the empty tree BallotTree(num_candidates, total, expander)
  // would be, keeping the storage (no allocation for a tree of a size seen
  // before).
  void Reset(int num_candidates, int64_t total, Expander* expander);

  // The tree of an election's ballots (withdrawn candidates must already be
  // absent from the preferences). It holds its own copy of the ballots (one
  // flat array) and builds each node's children the first time a count asks
  // for them, in increasing candidate order: the same tree as building all
  // of it up front, grown only where the count reads it.
  static BallotTree FromElection(const Election& election);
  // The same tree from ballots already flat (ParseBltFlat): the tree adopts
  // their arrays, no copy. REQUIRES: num_candidates <= 65,535, every
  // preference below it.
  static BallotTree FromFlat(int num_candidates, FlatBallots&& ballots);

  int num_candidates() const { return num_candidates_; }
  int64_t total() const { return nodes_[kRoot].count; }
  int64_t count(NodeId n) const { return nodes_[n].count; }
  // The candidate this node's prefix ends with (-1 for the root).
  CandidateId candidate(NodeId n) const { return nodes_[n].candidate; }
  NodeId parent(NodeId n) const { return nodes_[n].parent; }
  int32_t tag(NodeId n) const { return nodes_[n].tag; }
  bool expanded(NodeId n) const { return nodes_[n].expanded; }
  // True for sampled trees whose expander draws next continuing preferences
  // directly (see Expander::ExpandContinuing).
  bool draws_continuing() const { return expander_ != nullptr && expander_->SupportsContinuing(); }
  // True when nodes may be merged (MergeNodes): the ballots' futures depend
  // only on (tag, candidate) and the continuing set, never on the rest of the
  // path. Holds for sampled trees drawing continuing preferences; never for
  // real ballots.
  bool mergeable() const { return draws_continuing(); }
  // See Expander::SampleMarks.
  bool SampleMarks(NodeId n, int more, std::vector<int64_t>& marks) {
    return expander_ != nullptr && !nodes_[n].expanded && expander_->SampleMarks(*this, n, more, marks);
  }
  int depth(NodeId n) const { return nodes_[n].depth; }
  size_t size() const { return nodes_.size(); }

  // Children of n, expanding it first if needed (ids that stay valid as the
  // tree grows).
  ChildRange children(NodeId n) {
    if (!nodes_[n].expanded) Expand(n);
    return {nodes_[n].first_child, static_cast<size_t>(nodes_[n].num_children)};
  }
  // The i-th child of an expanded node n.
  NodeId child(NodeId n, size_t i) const { return nodes_[n].first_child + static_cast<NodeId>(i); }
  // Ballots that stop at n (no further preference).
  int64_t exhausted_at(NodeId n);

  // The children of n for the next preference among `continuing` candidates
  // (expanding n under that set if it was not expanded yet). For trees that
  // do not draw continuing preferences this is children(n).
  ChildRange continuing_children(NodeId n, const std::vector<char>& continuing) {
    if (!nodes_[n].expanded) {
      if (draws_continuing()) ExpandContinuing(n, continuing);
      else Expand(n);
    }
    return {nodes_[n].first_child, static_cast<size_t>(nodes_[n].num_children)};
  }

  // REQUIRES: mergeable(); all nodes share their tag and are not expanded yet,
  // and the caller treats their ballots alike from here on (same candidate and
  // value in a count; or, for full expansion, the same set of candidates on
  // the path). Returns one node holding all their ballots, with the first
  // node's candidate and path.
  NodeId MergeNodes(const std::vector<NodeId>& nodes);

  // Appends the prefix (path from the root) of node n to `out`.
  void Path(NodeId n, std::vector<CandidateId>& out) const;

  // An undo log, for a count that is resumed from an earlier point on the
  // same ballots (CountOptions::resume_without_constraints). Checkpoint()
  // marks the tree as it is now and records every later change to the nodes
  // it has; Rollback() returns the tree to the last mark (nodes added since
  // are dropped, nodes expanded since are unexpanded: exactly the tree as it
  // was then) and stops recording, as does StopRecording().
  void Checkpoint();
  void Rollback();
  void StopRecording() { recording_ = false, undo_.clear(); }

 private:
  struct Node {
    int64_t count = 0;
    CandidateId candidate = -1;
    NodeId parent = -1;
    int32_t depth = 0;
    int32_t tag = 0;
    NodeId first_child = 0;  // its children are first_child, first_child + 1, ...
    // 32 bytes a node: a tree of real ballots can hold millions.
    uint32_t num_children : 31 = 0;
    uint32_t expanded : 1 = 0;
  };
  template <class Pref>
  static BallotTree FromBallots(int num_candidates, BasicFlatBallots<Pref>&& ballots);
  void Expand(NodeId n);
  void ExpandContinuing(NodeId n, const std::vector<char>& continuing);
  void AddChildren(NodeId n);

  int num_candidates_;
  Expander* expander_;
  std::unique_ptr<Expander> owned_expander_;  // FromElection's ballots
  std::vector<Node> nodes_;
  std::vector<ChildSpec> scratch_;
  // Buffers of MergeByTag, kept with the tree so that merging allocates nothing.
  struct MergeScratch {
    std::vector<int32_t> head, tail, next;
    std::vector<NodeId> out, group;
  };
  MergeScratch merge_scratch_;
  friend void MergeByTag(BallotTree& tree, std::vector<NodeId>& nodes);
  // The undo log (Checkpoint): the mark's sizes and the nodes changed since.
  bool recording_ = false;
  size_t mark_nodes_ = 0;
  std::vector<std::pair<NodeId, Node>> undo_;
};

// Calls f(node) for every node reached from `n` by following each ballot to
// its next preference for which continuing[candidate] is true, descending
// through non-continuing candidates. Returns the number of ballots that run out
// of preferences on the way (non-transferable).
template <class F>
int64_t ForEachNextContinuing(BallotTree& tree, NodeId n, const std::vector<char>& continuing, F&& f) {
  const ChildRange kids = tree.continuing_children(n, continuing);
  int64_t exhausted = tree.count(n);
  for (NodeId c : kids) exhausted -= tree.count(c);
  for (NodeId c : kids) {
    if (continuing[tree.candidate(c)]) {
      f(c);
    } else {
      exhausted += ForEachNextContinuing(tree, c, continuing, f);
    }
  }
  return exhausted;
}

// For mergeable (sampled) trees: replaces `nodes` (none expanded, all about
// to be transferred under the same continuing set) by one node per tag, in
// increasing tag order, each with the path of its group's first node. Exact
// for Plackett-Luce ballots: the papers' next continuing preferences depend
// only on their tag (the voter cell; for card followers also their place on
// the card, docs/cards.md) and the continuing set, and a multinomial split of
// the sum is a sum of multinomial splits. A no-op for real ballots. REQUIRES:
// tags >= 0.
void MergeByTag(BallotTree& tree, std::vector<NodeId>& nodes);

// For mergeable (sampled) trees: replaces parcels that share candidate, tag
// and value by one parcel on a merged node, so a pile's size is bounded by
// cells x distinct values instead of growing with every transfer. P has
// members `node` and `value` (ordered by <). REQUIRES: no parcel's node has
// been expanded (parcels waiting on a candidate never are). A no-op for real
// ballots, whose paths differ.
template <class P>
void MergeParcels(BallotTree& tree, std::vector<P>& parcels) {
  if (!tree.mergeable() || parcels.size() < 2) return;
  // The common case, a batch of one transfer (one value, one candidate):
  // grouped by tag alone (MergeByTag), exactly as the stable sort below would
  // group them. Usually the tags are already strictly increasing (a transfer
  // visits the cells in order), and then there is nothing to merge.
  bool uniform = true, increasing = true;
  const CandidateId cand0 = tree.candidate(parcels[0].node);
  int32_t prev_tag = -1;
  for (const P& p : parcels) {
    uniform = uniform && !(p.value < parcels[0].value) && !(parcels[0].value < p.value) &&
              tree.candidate(p.node) == cand0;
    increasing = increasing && tree.tag(p.node) > prev_tag;
    prev_tag = tree.tag(p.node);
  }
  if (uniform && increasing) return;
  std::vector<P> out;
  std::vector<NodeId> group;
  if (uniform) {
    group.reserve(parcels.size());
    for (const P& p : parcels) group.push_back(p.node);
    MergeByTag(tree, group);
    for (NodeId m : group) {
      P merged = parcels[0];  // (P is a node and a value, the same for all here)
      merged.node = m;
      out.push_back(merged);
    }
    parcels.swap(out);
    return;
  }
  std::stable_sort(parcels.begin(), parcels.end(), [&](const P& a, const P& b) {
    if (a.value < b.value) return true;
    if (b.value < a.value) return false;
    if (tree.candidate(a.node) != tree.candidate(b.node)) return tree.candidate(a.node) < tree.candidate(b.node);
    return tree.tag(a.node) < tree.tag(b.node);
  });
  for (size_t i = 0; i < parcels.size();) {
    size_t j = i;
    group.clear();
    while (j < parcels.size() && !(parcels[i].value < parcels[j].value) && !(parcels[j].value < parcels[i].value) &&
           tree.candidate(parcels[j].node) == tree.candidate(parcels[i].node) &&
           tree.tag(parcels[j].node) == tree.tag(parcels[i].node)) {
      group.push_back(parcels[j].node);
      ++j;
    }
    P merged = parcels[i];
    merged.node = tree.MergeNodes(group);
    out.push_back(merged);
    i = j;
  }
  parcels.swap(out);
}

}  // namespace necsim
