// The fast sampler: a run's ballots as a lazily expanded ballot tree
// (voters/voter_model.h describes the model). A parcel of ballots sitting on
// a candidate is split among the continuing candidates and stop by one
// multinomial draw (voters/draws.h), valid because Plackett-Luce has
// independence from irrelevant alternatives; the block vote's marks are drawn
// ballot by ballot in lanes (voters/lane_kernels.h).
#pragma once

#include <cstdint>
#include <vector>

#include "ballots/ballot_tree.h"
#include "core/rng.h"
#include "voters/draws.h"
#include "voters/voter_model.h"

namespace necsim {

// The children already drawn in one run, by node key. A node's children are a
// function of its key (the hash of its cell, path and continuing set that
// also seeds its stream) and its number of ballots, so a later count in the
// same run (another rule set, or the recount without constraints) takes them
// from here instead of drawing them again: the same result with less work.
class DrawMemo {
 public:
  // Forgets everything (a new run); keeps the storage.
  void Clear();
  // The children stored for (key, n), or nullptr; `len` receives their number.
  const ChildSpec* Find(uint64_t key, int64_t n, size_t& len) const;
  void Store(uint64_t key, int64_t n, const ChildSpec* first, size_t len);
  size_t size() const { return used_; }  // entries stored since Clear()
  size_t hits() const { return hits_; }  // successful Find()s since Clear()

 private:
  struct Slot {
    uint64_t key = 0;
    int64_t n = 0;
    uint32_t generation = 0;  // the slot is in use when it equals generation_
    uint32_t offset = 0, len = 0;
  };
  size_t Probe(uint64_t key, int64_t n) const;  // the slot of (key, n), or the empty one where it goes
  std::vector<Slot> slots_;  // open addressing, a power of two
  size_t used_ = 0;
  mutable size_t hits_ = 0;
  uint32_t generation_ = 1;
  std::vector<ChildSpec> arena_;
};

// The fast sampler: children of a node are drawn with a stream keyed by
// (seed, run, the node's cell, path and continuing set), so equal nodes in
// the trees of different rule sets get equal ballots (common random numbers)
// and the result does not depend on the order nodes are expanded in.
class PlExpander : public Expander {
 public:
  PlExpander() = default;
  PlExpander(const RunSample& sample, uint64_t seed, uint64_t run) { Reset(sample, seed, run); }
  // Starts a new tree over `sample` (which must outlive the expander's use),
  // keeping the storage of the previous one: the engine reuses one expander
  // per thread so that a run allocates (and page-faults) almost nothing.
  void Reset(const RunSample& sample, uint64_t seed, uint64_t run, DrawMemo* memo = nullptr);
  void Expand(const BallotTree& tree, NodeId node, std::vector<ChildSpec>& out) override;
  bool SupportsContinuing() const override { return true; }
  void ExpandContinuing(const BallotTree& tree, NodeId node, const std::vector<char>& continuing,
                        std::vector<ChildSpec>& out) override;
  bool SampleMarks(const BallotTree& tree, NodeId node, int more, std::vector<int64_t>& marks) override;
  void ForgetNodesFrom(NodeId first) override {
    for (size_t i = static_cast<size_t>(first); i < path_info_.size(); ++i) path_info_[i].generation = 0;
  }

 private:
  void Draw(const BallotTree& tree, NodeId node, const std::vector<char>* continuing, std::vector<ChildSpec>& out);
  void DrawFollowing(const BallotTree& tree, NodeId node, const std::vector<char>* continuing, size_t group,
                     int64_t n, draws::SplitMix& rng, std::vector<ChildSpec>& out);
  void FollowingMarks(const BallotTree& tree, NodeId node, size_t group, int more, uint64_t seed,
                      std::vector<int64_t>& marks);
  void BuildAlias(int cell);
  const RunSample* s_ = nullptr;
  DrawMemo* memo_ = nullptr;  // shared by the counts of one run (may be null)
  bool MemoHit(uint64_t key, int64_t n, std::vector<ChildSpec>& out) const;
  void MemoStore(uint64_t key, int64_t n, const std::vector<ChildSpec>& out, size_t start);
  uint64_t seed_ = 0;
  uint64_t run_ = 0;
  uint64_t run_key_ = 0;  // the run's ballot key (see ObjectSeed)
  std::vector<double> probs_;
  std::vector<CandidateId> cats_;
  std::vector<int64_t> counts_;
  std::vector<char> on_path_;
  // Per cell, built on first use by SampleMarks: an alias table over the
  // candidates and stop (Walker/Vose), kAliasCols columns per cell.
  std::vector<uint64_t> alias_threshold_;
  std::vector<int16_t> alias_other_;
  std::vector<double> alias_total_;
  std::vector<double> alias_wpad_;  // [cell][64]: weights by column, zero for stop and padding
  std::vector<int16_t> by_weight_;  // [cell][rank]: candidates by decreasing weight
  std::vector<char> alias_built_;
  // Per cell, the categories (continuing candidates, then stop) of the last
  // continuing set seen, with their guide table: every parcel of one transfer
  // shares them.
  struct ContinuingTable {
    bool valid = false;
    std::vector<uint64_t> key;  // the continuing set as bit words
    std::vector<CandidateId> cats;
    std::vector<double> probs;
    GuideCache guide;
  };
  std::vector<ContinuingTable> continuing_tables_;
  struct PathInfo {
    uint64_t hash = 0;
    uint64_t mask = 0;
    uint32_t generation = 0;  // known when it equals path_generation_ (so a new tree needs no clearing)
  };
  const PathInfo& Path(const BallotTree& tree, NodeId node);
  std::vector<PathInfo> path_info_;  // per node of the tree
  uint32_t path_generation_ = 1;
  PathInfo root_info_;
  std::vector<NodeId> path_stack_;
  std::vector<uint64_t> cont_words_;
};

// The run's ballots as a lazily sampled tree. Owns its expander. Reset()
// starts the next run's tree in the same storage.
struct SampledBallots {
  PlExpander expander;
  BallotTree tree;
  SampledBallots() : tree(0, 0, &expander) {}
  SampledBallots(const RunSample& sample, uint64_t seed, uint64_t run)
      : expander(sample, seed, run), tree(sample.num_candidates, sample.total_ballots(), &expander) {}
  SampledBallots(const SampledBallots&) = delete;  // the tree points at the expander
  SampledBallots& operator=(const SampledBallots&) = delete;
  void Reset(const RunSample& sample, uint64_t seed, uint64_t run, DrawMemo* memo = nullptr) {
    expander.Reset(sample, seed, run, memo);
    tree.Reset(sample.num_candidates, sample.total_ballots(), &expander);
  }
};

}  // namespace necsim
