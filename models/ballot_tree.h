// BallotTree: the ballot source every counting rule reads.
//
// Ballots are held as a prefix tree. Node 0 is the root (all ballots); a child
// of a node extends its prefix by one more preference. count(n) is the number
// of ballots whose ranking starts with the node's prefix; count(n) minus the
// sum of its children's counts is the number of ballots that stop there
// (exhausted after that preference).
//
// Real ballots (BLT files) build the whole tree up front. Sampled ballots (the
// Monte Carlo engine) supply an Expander that creates a node's children the
// first time a count asks for them, so a count only ever materialises the
// part of the tree it reads (see ../shared/design.md: "a lazily expanded
// prefix tree of parcels serves both"). Rules therefore never see individual
// ballots, and ballots sharing a prefix are always treated alike, which is
// exact for every rule here because each rule's arithmetic depends only on a
// ballot's path and value.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "models/election.h"

namespace necsim {

using NodeId = int32_t;

class BallotTree;

// Creates the children of a node on demand. `out` receives (candidate, count)
// pairs with distinct candidates not already on the node's path and counts > 0
// summing to at most count(node).
class Expander {
 public:
  virtual ~Expander() = default;
  virtual void Expand(const BallotTree& tree, NodeId node,
                      std::vector<std::pair<CandidateId, int64_t>>& out) = 0;
};

class BallotTree {
 public:
  static constexpr NodeId kRoot = 0;

  // An empty tree over `num_candidates` candidates with `total` ballots at the
  // root. With an expander, children are created lazily.
  BallotTree(int num_candidates, int64_t total, Expander* expander = nullptr);

  // The full tree of an election's ballots (withdrawn candidates must already
  // be absent from the preferences).
  static BallotTree FromElection(const Election& election);

  int num_candidates() const { return num_candidates_; }
  int64_t total() const { return nodes_[kRoot].count; }
  int64_t count(NodeId n) const { return nodes_[n].count; }
  // The candidate this node's prefix ends with (-1 for the root).
  CandidateId candidate(NodeId n) const { return nodes_[n].candidate; }
  NodeId parent(NodeId n) const { return nodes_[n].parent; }
  int depth(NodeId n) const { return nodes_[n].depth; }
  size_t size() const { return nodes_.size(); }

  // Children of n, expanding it first if needed. The span is valid until the
  // next call that may expand a node.
  std::span<const NodeId> children(NodeId n) {
    if (!nodes_[n].expanded) Expand(n);
    return {child_ids_.data() + nodes_[n].first_child,
            static_cast<size_t>(nodes_[n].num_children)};
  }
  // Ballots that stop at n (no further preference).
  int64_t exhausted_at(NodeId n);

  // Appends the prefix (path from the root) of node n to `out`.
  void Path(NodeId n, std::vector<CandidateId>& out) const;

 private:
  struct Node {
    int64_t count = 0;
    CandidateId candidate = -1;
    NodeId parent = -1;
    int32_t depth = 0;
    int32_t first_child = 0;
    int32_t num_children = 0;
    bool expanded = false;
  };
  void Expand(NodeId n);

  int num_candidates_;
  Expander* expander_;
  std::vector<Node> nodes_;
  std::vector<NodeId> child_ids_;
  std::vector<std::pair<CandidateId, int64_t>> scratch_;
};

// Calls f(node) for every node reached from `n` by following each ballot to
// its next preference for which continuing[candidate] is true, descending
// through non-continuing candidates. Returns the number of ballots that run out
// of preferences on the way (non-transferable).
template <class F>
int64_t ForEachNextContinuing(BallotTree& tree, NodeId n,
                              const std::vector<char>& continuing, F&& f) {
  int64_t exhausted = tree.exhausted_at(n);
  // Copy: expanding a grandchild may reallocate the child array.
  const auto span = tree.children(n);
  std::vector<NodeId> kids(span.begin(), span.end());
  for (NodeId c : kids) {
    if (continuing[tree.candidate(c)]) {
      f(c);
    } else {
      exhausted += ForEachNextContinuing(tree, c, continuing, f);
    }
  }
  return exhausted;
}

}  // namespace necsim
