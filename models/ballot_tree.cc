#include "models/ballot_tree.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <memory>

namespace necsim {

BallotTree::BallotTree(int num_candidates, int64_t total, Expander* expander)
    : num_candidates_(num_candidates), expander_(expander) {
  Node root;
  root.count = total;
  nodes_.push_back(root);
}

void BallotTree::Expand(NodeId n) {
  Node& node = nodes_[n];
  node.expanded = true;
  node.first_child = static_cast<int32_t>(child_ids_.size());
  node.num_children = 0;
  if (expander_ == nullptr) return;
  scratch_.clear();
  expander_->Expand(*this, n, scratch_);
  const int32_t depth = nodes_[n].depth + 1;
  nodes_[n].num_children = static_cast<int32_t>(scratch_.size());
  for (const auto& [cand, cnt] : scratch_) {
    assert(cnt > 0);
    Node child;
    child.count = cnt;
    child.candidate = cand;
    child.parent = n;
    child.depth = depth;
    child_ids_.push_back(static_cast<NodeId>(nodes_.size()));
    nodes_.push_back(child);
  }
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
struct TmpNode {
  int64_t count = 0;
  std::map<CandidateId, std::unique_ptr<TmpNode>> kids;  // ordered: stable ids
};
}  // namespace

BallotTree BallotTree::FromElection(const Election& election) {
  TmpNode root;
  for (const Ballot& b : election.ballots) {
    if (b.weight <= 0) continue;
    TmpNode* cur = &root;
    cur->count += b.weight;
    for (CandidateId c : b.prefs) {
      auto& slot = cur->kids[c];
      if (!slot) slot = std::make_unique<TmpNode>();
      cur = slot.get();
      cur->count += b.weight;
    }
  }
  BallotTree tree(election.num_candidates(), root.count);
  // Breadth-first flattening so that each node's children are contiguous.
  std::vector<std::pair<const TmpNode*, NodeId>> queue{{&root, kRoot}};
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    const auto [tmp, id] = queue[qi];
    const int32_t depth = tree.nodes_[id].depth + 1;
    tree.nodes_[id].expanded = true;
    tree.nodes_[id].first_child = static_cast<int32_t>(tree.child_ids_.size());
    tree.nodes_[id].num_children = static_cast<int32_t>(tmp->kids.size());
    for (const auto& [cand, kid] : tmp->kids) {
      Node child;
      child.count = kid->count;
      child.candidate = cand;
      child.parent = id;
      child.depth = depth;
      const auto cid = static_cast<NodeId>(tree.nodes_.size());
      tree.child_ids_.push_back(cid);
      tree.nodes_.push_back(child);
      queue.emplace_back(kid.get(), cid);
    }
  }
  return tree;
}

}  // namespace necsim
