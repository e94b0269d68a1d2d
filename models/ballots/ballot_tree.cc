#include "ballots/ballot_tree.h"

#include <algorithm>
#include <cassert>

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
  nodes_.clear();
  child_ids_.clear();
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
  mark_child_ids_ = child_ids_.size();
  undo_.clear();
}

void BallotTree::Rollback() {
  assert(recording_);
  for (size_t i = undo_.size(); i-- > 0;) nodes_[static_cast<size_t>(undo_[i].first)] = undo_[i].second;
  nodes_.resize(mark_nodes_);
  child_ids_.resize(mark_child_ids_);
  if (expander_ != nullptr) expander_->ForgetNodesFrom(static_cast<NodeId>(mark_nodes_));
  StopRecording();
}

void BallotTree::AddChildren(NodeId n) {
  if (recording_ && static_cast<size_t>(n) < mark_nodes_) undo_.push_back({n, nodes_[n]});
  nodes_[n].expanded = true;
  nodes_[n].first_child = static_cast<int32_t>(child_ids_.size());
  nodes_[n].num_children = static_cast<int32_t>(scratch_.size());
  const int32_t depth = nodes_[n].depth + 1;
  const int32_t parent_tag = nodes_[n].tag;
  for (const ChildSpec& spec : scratch_) {
    assert(spec.count > 0);
    Node child;
    child.count = spec.count;
    child.candidate = spec.candidate;
    child.parent = n;
    child.depth = depth;
    child.tag = n == kRoot ? spec.tag : parent_tag;
    child_ids_.push_back(static_cast<NodeId>(nodes_.size()));
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
  // Grouped by tag in linear time (tags are voter cells, 0 and up): each
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

BallotTree BallotTree::FromElection(const Election& election) {
  // Sort ballot groups lexicographically by preferences; then the ballots
  // below any node form one contiguous run, and a node's children are the
  // runs of equal next preference within it. Building each node's children
  // together keeps them contiguous. O(total preferences) after the sort.
  const auto& ballots = election.ballots;
  std::vector<int32_t> order;
  order.reserve(ballots.size());
  int64_t total = 0;
  for (size_t i = 0; i < ballots.size(); ++i) {
    if (ballots[i].weight > 0) {
      order.push_back(static_cast<int32_t>(i));
      total += ballots[i].weight;
    }
  }
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const auto& pa = ballots[a].prefs;
    const auto& pb = ballots[b].prefs;
    return std::lexicographical_compare(pa.begin(), pa.end(), pb.begin(), pb.end());
  });
  BallotTree tree(election.num_candidates(), total);
  struct Work {
    NodeId node;
    size_t lo, hi;  // run of `order` below the node
  };
  std::vector<Work> stack{{kRoot, 0, order.size()}};
  while (!stack.empty()) {
    const Work w = stack.back();
    stack.pop_back();
    const auto depth = static_cast<size_t>(tree.nodes_[w.node].depth);
    Node& parent = tree.nodes_[w.node];
    parent.expanded = true;
    parent.first_child = static_cast<int32_t>(tree.child_ids_.size());
    parent.num_children = 0;
    // Ballots that end at this node sort first in the run.
    size_t i = w.lo;
    while (i < w.hi && ballots[order[i]].prefs.size() <= depth) ++i;
    const size_t first_work = stack.size();
    while (i < w.hi) {
      const CandidateId cand = ballots[order[i]].prefs[depth];
      size_t j = i;
      int64_t count = 0;
      while (j < w.hi && ballots[order[j]].prefs[depth] == cand) count += ballots[order[j++]].weight;
      Node child;
      child.count = count;
      child.candidate = cand;
      child.parent = w.node;
      child.depth = static_cast<int32_t>(depth) + 1;
      const auto cid = static_cast<NodeId>(tree.nodes_.size());
      tree.child_ids_.push_back(cid);
      tree.nodes_.push_back(child);
      ++tree.nodes_[w.node].num_children;
      stack.push_back({cid, i, j});
      i = j;
    }
    std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first_work), stack.end());
  }
  return tree;
}

}  // namespace necsim
