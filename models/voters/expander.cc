#include "voters/expander.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>
#include <functional>
#include <numbers>
#include <random>

#include "voters/draws.h"
#include "voters/lane_kernels.h"


namespace necsim {

using draws::BinomialImpl;
using draws::MultinomialImpl;
using draws::SplitMix;
using draws::Uniform01;

// Eight char flags (zero or not) as the low 8 bits of a word: a 0x80 in each
// non-zero byte, moved to bit 0 of its byte, then the bits gathered by one
// multiply.
inline uint64_t FlagBits8(const char* flags) {
  uint64_t x;
  std::memcpy(&x, flags, 8);
  uint64_t y = ((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x;
  y = (y >> 7) & 0x0101010101010101ULL;
  return (y * 0x0102040810204080ULL) >> 56;
}

// One step of the FNV-style hash that keys a node's stream.
inline uint64_t MixHash(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 1099511628211ULL;
}

void DrawMemo::Clear() {
  used_ = 0;
  hits_ = 0;
  arena_.clear();
  if (++generation_ == 0) {  // wrapped: forget the slots for real
    for (Slot& slot : slots_) slot.generation = 0;
    generation_ = 1;
  }
}

size_t DrawMemo::Probe(uint64_t key, int64_t n) const {
  const size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>((key ^ static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL >> 20) & mask;
  while (slots_[i].generation == generation_ && !(slots_[i].key == key && slots_[i].n == n)) i = (i + 1) & mask;
  return i;
}

const ChildSpec* DrawMemo::Find(uint64_t key, int64_t n, size_t& len) const {
  if (slots_.empty()) return nullptr;
  const Slot& slot = slots_[Probe(key, n)];
  if (slot.generation != generation_) return nullptr;
  ++hits_;
  len = slot.len;
  return arena_.data() + slot.offset;
}

void DrawMemo::Store(uint64_t key, int64_t n, const ChildSpec* first, size_t len) {
  if (2 * (used_ + 1) > slots_.size()) {
    // Grow (load at most one half): reinsert the slots in use.
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(std::max<size_t>(1024, 2 * old.size()), Slot{});
    const uint32_t gen = generation_;
    for (Slot& slot : slots_) slot.generation = gen - 1;  // (empty)
    for (const Slot& slot : old) {
      if (slot.generation == gen) slots_[Probe(slot.key, slot.n)] = slot;
    }
  }
  Slot& slot = slots_[Probe(key, n)];
  if (slot.generation == generation_) return;  // (already there)
  slot = Slot{key, n, generation_, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(len)};
  arena_.insert(arena_.end(), first, first + len);
  ++used_;
}

// (The memo's key also carries the seed and run, so a memo that was not
// cleared between runs can never hand one run's draws to another.)
bool PlExpander::MemoHit(uint64_t key, int64_t n, std::vector<ChildSpec>& out) const {
  if (memo_ == nullptr) return false;
  size_t len = 0;
  const ChildSpec* hit = memo_->Find(MixHash(MixHash(key, seed_), run_), n, len);
  if (hit == nullptr) return false;
  out.insert(out.end(), hit, hit + len);
  return true;
}

void PlExpander::MemoStore(uint64_t key, int64_t n, const std::vector<ChildSpec>& out, size_t start) {
  if (memo_ != nullptr) memo_->Store(MixHash(MixHash(key, seed_), run_), n, out.data() + start, out.size() - start);
}

void PlExpander::Reset(const RunSample& sample, uint64_t seed, uint64_t run, DrawMemo* memo) {
  memo_ = memo;
  s_ = &sample;
  seed_ = seed;
  run_ = run;
  run_key_ = Stream(seed, run, StreamPurpose::kBallots, 2)();
  if (++path_generation_ == 0) {  // (after 2^32 trees: forget everything once)
    path_info_.clear();
    path_generation_ = 1;
  }
  for (ContinuingTable& t : continuing_tables_) t.valid = false;
  std::fill(alias_built_.begin(), alias_built_.end(), 0);
}

void PlExpander::Expand(const BallotTree& tree, NodeId node, std::vector<ChildSpec>& out) {
  Draw(tree, node, nullptr, out);
}

void PlExpander::ExpandContinuing(const BallotTree& tree, NodeId node, const std::vector<char>& continuing,
                                  std::vector<ChildSpec>& out) {
  Draw(tree, node, &continuing, out);
}


// The path's hash (candidates from the root down) and, for up to 64
// candidates, its set as a bit mask; kept per node, computed from the nearest
// known ancestor.
const PlExpander::PathInfo& PlExpander::Path(const BallotTree& tree, NodeId node) {
  if (path_info_.size() < tree.size()) path_info_.resize(std::max(tree.size(), 2 * path_info_.size()));
  const uint32_t known = path_generation_;
  if (path_info_[node].generation == known) return path_info_[node];
  path_stack_.clear();
  NodeId n = node;
  while (n != BallotTree::kRoot && path_info_[n].generation != known) {
    path_stack_.push_back(n);
    n = tree.parent(n);
  }
  PathInfo acc;
  if (n == BallotTree::kRoot) {
    acc.hash = 1469598103934665603ULL;
    acc.mask = 0;
  } else {
    acc = path_info_[n];
  }
  for (size_t i = path_stack_.size(); i-- > 0;) {
    const NodeId m = path_stack_[i];
    const CandidateId c = tree.candidate(m);
    acc.hash = MixHash(acc.hash, static_cast<uint64_t>(c) + 1);
    if (c < 64) acc.mask |= uint64_t{1} << c;
    acc.generation = known;
    path_info_[m] = acc;
  }
  if (node == BallotTree::kRoot) {
    root_info_ = PathInfo{1469598103934665603ULL, 0, known};
    return root_info_;
  }
  return path_info_[node];
}

void PlExpander::Draw(const BallotTree& tree, NodeId node, const std::vector<char>* continuing,
                      std::vector<ChildSpec>& out) {
  const int C = s_->num_candidates;
  // Hash of (cell, path, continuing set) keys the node's stream.
  const PathInfo& info = Path(tree, node);
  uint64_t h = info.hash;
  auto mix = [&h](uint64_t v) { h = MixHash(h, v); };
  // The candidates on the path as flags, filled only where needed (the usual
  // draw of continuing preferences reads the path's bit mask instead).
  auto fill_on_path = [&] {
    on_path_.assign(static_cast<size_t>(C), 0);
    if (C <= 64) {
      for (uint64_t m = info.mask; m != 0; m &= m - 1) on_path_[std::countr_zero(m)] = 1;
    } else {
      for (NodeId n = node; n != BallotTree::kRoot; n = tree.parent(n)) on_path_[tree.candidate(n)] = 1;
    }
  };
  mix(static_cast<uint64_t>(tree.depth(node)) << 32);
  if (continuing) {
    // The continuing set as bit words, one mix per 64 candidates.
    const char* cont = continuing->data();
    cont_words_.clear();
    for (int base = 0, i = 0; base < C; base += 64, ++i) {
      uint64_t word = 0;
      const int end = std::min(C, base + 64);
      int c = base;
      for (; c + 8 <= end; c += 8) word |= FlagBits8(cont + c) << (c - base);
      if (c < end && end - base >= 8) {
        // The last few flags: the word's last eight bytes again (the
        // overlap sets bits already set).
        word |= FlagBits8(cont + end - 8) << (end - 8 - base);
        c = end;
      }
      for (; c < end; ++c) word |= static_cast<uint64_t>(cont[c] != 0) << (c - base);
      mix(word * 3 + 7 + (static_cast<uint64_t>(i) << 58));
      cont_words_.push_back(word);
    }
  } else {
    mix(0xFFFF);
  }
  auto eligible = [&](int c) { return !on_path_[c] && (continuing == nullptr || (*continuing)[c]); };

  const size_t out_start = out.size();
  const int64_t n_node = tree.count(node);
  if (node == BallotTree::kRoot) {
    // First preferences, cell by cell; every ballot has at least one.
    const uint64_t root_key = MixHash(h, 0x524F4F54);
    if (MemoHit(root_key, n_node, out)) return;
    fill_on_path();
    const int cells = static_cast<int>(s_->ballots.size());
    for (int cell = 0; cell < cells; ++cell) {
      const int64_t plain = s_->card_voters.empty() ? s_->ballots[cell] : s_->PlainBallots(cell);
      if (plain == 0) continue;
      uint64_t hc = h;
      hc ^= (static_cast<uint64_t>(cell) + 1) * 0xD6E8FEB86659FD93ULL;
      SplitMix rng{ObjectSeed(run_key_, hc)};
      probs_.clear();
      cats_.clear();
      for (int c = 0; c < C; ++c) {
        if (!eligible(c)) continue;
        probs_.push_back(s_->weight[static_cast<size_t>(cell) * C + c]);
        cats_.push_back(c);
      }
      if (cats_.empty()) continue;
      MultinomialImpl(rng, plain, probs_, counts_);
      for (size_t i = 0; i < cats_.size(); ++i) {
        if (counts_[i] > 0) out.push_back({cats_[i], counts_[i], cell});
      }
    }
    // Card followers: their first preferences, group by group (tags above
    // every cell's, so the root's children stay in increasing tag order).
    for (size_t g = 0; g < s_->card_voters.size(); ++g) {
      const CardVoters& cv = s_->card_voters[g];
      if (cv.ballots == 0) continue;
      uint64_t hc = h;
      hc ^= (static_cast<uint64_t>(cv.first_tag) + 1) * 0xD6E8FEB86659FD93ULL;
      SplitMix rng{ObjectSeed(run_key_, hc)};
      DrawFollowing(tree, node, continuing, g, cv.ballots, rng, out);
    }
    MemoStore(root_key, n_node, out, out_start);
    return;
  }
  const int32_t tag = tree.tag(node);
  mix(static_cast<uint64_t>(tag) + 0x51ED);
  if (MemoHit(h, n_node, out)) return;
  SplitMix rng{ObjectSeed(run_key_, h)};
  const int cells = static_cast<int>(s_->ballots.size());
  if (tag >= cells) {
    const size_t g = s_->GroupOfTag(tag);
    if (tag != s_->FreeTag(g)) {
      fill_on_path();
      DrawFollowing(tree, node, continuing, g, n_node, rng, out);
      MemoStore(h, n_node, out, out_start);
      return;
    }
  }
  // Plain voters of a cell, or card followers who now rank freely: the
  // cell's Plackett-Luce ranking with stop.
  const int cell = tag < cells ? tag : s_->CellOfTag(tag);
  if (continuing != nullptr) {
    // Every candidate on the path has been elected or excluded, so the
    // categories are the continuing candidates and stop: the same for every
    // parcel of the cell in this transfer, kept with their guide table.
    bool path_continuing = false;
    if (C <= 64) {
      path_continuing = (info.mask & cont_words_[0]) != 0;
    } else {
      fill_on_path();
      for (int c = 0; c < C; ++c) path_continuing |= on_path_[c] && (*continuing)[c];
    }
    if (!path_continuing) {
      const auto tags = static_cast<size_t>(s_->num_tags());
      if (continuing_tables_.size() != tags) continuing_tables_.assign(tags, {});
      ContinuingTable& t = continuing_tables_[static_cast<size_t>(tag)];
      if (!t.valid || t.key != cont_words_) {
        t.key = cont_words_;
        t.cats.clear();
        t.probs.clear();
        const double* w = &s_->weight[static_cast<size_t>(cell) * C];
        // The continuing candidates in order, from the set's bit words.
        for (size_t i = 0; i < cont_words_.size(); ++i) {
          for (uint64_t bits = cont_words_[i]; bits != 0; bits &= bits - 1) {
            const int c = static_cast<int>(64 * i) + std::countr_zero(bits);
            t.probs.push_back(w[c]);
            t.cats.push_back(c);
          }
        }
        t.probs.push_back(s_->stop[cell]);
        t.guide.built = false;  // (keeps its storage)
        t.valid = true;
      }
      MultinomialImpl(rng, tree.count(node), t.probs, counts_, &t.guide);
      // The children with ballots, written without a branch on each count
      // (zero or not at random): every slot is written, the end advances
      // past the non-empty ones only.
      const size_t k = t.cats.size();
      out.resize(out_start + k);
      ChildSpec* dst = out.data() + out_start;
      size_t used = 0;
      for (size_t i = 0; i < k; ++i) {
        dst[used] = ChildSpec{t.cats[i], counts_[i], tag};
        used += static_cast<size_t>(counts_[i] > 0);
      }
      out.resize(out_start + used);
      MemoStore(h, n_node, out, out_start);
      return;
    }
  }
  fill_on_path();
  probs_.clear();
  cats_.clear();
  for (int c = 0; c < C; ++c) {
    if (!eligible(c)) continue;
    probs_.push_back(s_->weight[static_cast<size_t>(cell) * C + c]);
    cats_.push_back(c);
  }
  probs_.push_back(s_->stop[cell]);  // the stop category, last
  MultinomialImpl(rng, tree.count(node), probs_, counts_);
  for (size_t i = 0; i < cats_.size(); ++i) {
    if (counts_[i] > 0) out.push_back({cats_[i], counts_[i], tag});
  }
  MemoStore(h, n_node, out, out_start);
}

// The next preference among the eligible candidates (not on the path; in the
// continuing set when there is one) of `n` card followers of group g still
// following their card at `node` (so their ballot so far is the card's names
// up to the node's candidate; at the root, nothing). Let x be the card's
// first name after the node's candidate that has weight > 0 and is eligible,
// and m the number of names of weight > 0 before it that are neither eligible
// nor on the path (each ranked, out of sight, by a compliant step). A voter
// ranks x still following with probability q^(m+1) (m+1 compliant steps in a
// row); otherwise it leaves the card at one of those steps and ranks freely:
// by independence from irrelevant alternatives its next eligible preference
// is j with probability w_j / (W + s) and it stops with s / (W + s), W the
// eligible candidates' weight, s the stop weight (0 at the root: the first
// preference is always given), whichever step it left at. With no such x the
// card runs out before the next eligible preference, and every voter ranks
// freely. One multinomial split over (x following, each j free, stop).
// REQUIRES: on_path_ filled for `node`.
void PlExpander::DrawFollowing(const BallotTree& tree, NodeId node, const std::vector<char>* continuing, size_t g,
                               int64_t n, SplitMix& rng, std::vector<ChildSpec>& out) {
  const int C = s_->num_candidates;
  const CardVoters& cv = s_->card_voters[g];
  const std::vector<CandidateId>& card = s_->cards[static_cast<size_t>(cv.card)];
  const double* w = &s_->weight[static_cast<size_t>(cv.cell) * C];
  auto eligible = [&](int c) { return !on_path_[c] && (continuing == nullptr || (*continuing)[c]); };
  const size_t from = node == BallotTree::kRoot ? 0 : static_cast<size_t>(tree.tag(node) - cv.first_tag) + 1;
  CandidateId next = -1;
  size_t next_pos = 0;
  int skipped = 0;
  for (size_t i = from; i < card.size(); ++i) {
    const CandidateId c = card[i];
    if (w[c] <= 0 || on_path_[c]) continue;
    if (eligible(c)) {
      next = c;
      next_pos = i;
      break;
    }
    ++skipped;
  }
  const double p_follow = next < 0 ? 0.0 : std::pow(cv.compliance, skipped + 1);
  const double stop = node == BallotTree::kRoot ? 0.0 : s_->stop[cv.cell];
  probs_.clear();
  cats_.clear();
  double mass = 0;
  for (int c = 0; c < C; ++c) {
    if (!eligible(c)) continue;
    cats_.push_back(c);
    mass += w[c];
  }
  probs_.push_back(p_follow);
  const double free_share = 1.0 - p_follow;
  for (CandidateId c : cats_) probs_.push_back(mass + stop > 0 ? free_share * (w[c] / (mass + stop)) : 0.0);
  probs_.push_back(mass + stop > 0 ? free_share * (stop / (mass + stop)) : free_share);  // stop (or nothing left)
  MultinomialImpl(rng, n, probs_, counts_);
  if (counts_[0] > 0) out.push_back({next, counts_[0], s_->FollowingTag(g, next_pos)});
  const int32_t free_tag = s_->FreeTag(g);
  for (size_t i = 0; i < cats_.size(); ++i) {
    if (counts_[i + 1] > 0) out.push_back({cats_[i], counts_[i + 1], free_tag});
  }
}

// The cell's tables for SampleMarks (BuildMarksTables, models/voters/lane_kernels.h).
void PlExpander::BuildAlias(int cell) {
  const int C = s_->num_candidates;
  const int cols = 1 << MarksTableBits(C);
  const size_t cells = s_->ballots.size();
  if (alias_built_.size() != cells) {
    alias_built_.assign(cells, 0);
    alias_threshold_.assign(cells * static_cast<size_t>(cols), 0);
    alias_other_.assign(cells * static_cast<size_t>(cols), 0);
    alias_total_.assign(cells, 0.0);
    by_weight_.assign(cells * static_cast<size_t>(C), 0);
  }
  const double* w = &s_->weight[static_cast<size_t>(cell) * C];
  alias_total_[cell] = BuildMarksTables(w, C, s_->stop[cell], &alias_threshold_[static_cast<size_t>(cell) * cols],
                                        &alias_other_[static_cast<size_t>(cell) * cols],
                                        &by_weight_[static_cast<size_t>(cell) * C]);
  if (C <= 63) {  // SampleMarks' weights by column: zero for stop and padding
    if (alias_wpad_.size() != cells * 64) alias_wpad_.assign(cells * 64, 0.0);
    double* wpad = &alias_wpad_[static_cast<size_t>(cell) * 64];
    std::fill(wpad, wpad + 64, 0.0);
    for (int c = 0; c < C; ++c) wpad[c] = w[c];
  }
  alias_built_[cell] = 1;
}

bool PlExpander::SampleMarks(const BallotTree& tree, NodeId node, int more, std::vector<int64_t>& marks) {
  if (node == BallotTree::kRoot) return false;
  const int C = s_->num_candidates;
  if (C + 1 > (1 << 15)) return false;
  const bool one_word = C <= 63;  // candidates as bits of one word (below), else flags
  if (!one_word) on_path_.assign(static_cast<size_t>(C), 0);
  uint64_t path = 0;
  uint64_t h = 0x6D61726B73ULL;  // "marks"
  int left_at_node = C;
  for (NodeId n = node; n != BallotTree::kRoot; n = tree.parent(n)) {
    if (one_word) path |= uint64_t{1} << tree.candidate(n);
    else on_path_[tree.candidate(n)] = 1;
    --left_at_node;
    h = (h ^ (static_cast<uint64_t>(tree.candidate(n)) + 1)) * 1099511628211ULL;
  }
  const int32_t tag = tree.tag(node);
  h = (h ^ (static_cast<uint64_t>(tag) + 0x51ED)) * 1099511628211ULL;
  h = (h ^ static_cast<uint64_t>(node)) * 1099511628211ULL;
  const uint64_t node_seed = ObjectSeed(run_key_, h);
  const int cells = static_cast<int>(s_->ballots.size());
  if (tag >= cells && tag != s_->FreeTag(s_->GroupOfTag(tag))) {
    if (one_word) {
      on_path_.assign(static_cast<size_t>(C), 0);
      for (uint64_t m = path; m != 0; m &= m - 1) on_path_[std::countr_zero(m)] = 1;
    }
    FollowingMarks(tree, node, s_->GroupOfTag(tag), more, node_seed, marks);
    return true;
  }
  const int cell = tag < cells ? tag : s_->CellOfTag(tag);
  if (alias_built_.size() != s_->ballots.size() || !alias_built_[cell]) BuildAlias(cell);
  const int bits = MarksTableBits(C);
  const int cols = 1 << bits;
  const int frac_bits = 64 - bits;
  const uint64_t frac_mask = frac_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << frac_bits) - 1;
  const uint64_t* thr = &alias_threshold_[static_cast<size_t>(cell) * cols];
  const int16_t* other = &alias_other_[static_cast<size_t>(cell) * cols];
  const double total = alias_total_[cell];
  const double* w = &s_->weight[static_cast<size_t>(cell) * C];
  const double stop = s_->stop[cell];
  double base = 0;
  const int64_t ballots = tree.count(node);
  if (one_word) {
    // Candidates as bits of one word: the ballots one by one, eight at a
    // time where the processor allows (models/voters/lane_kernels.h; the same marks
    // either way).
    int positive_left = 0;  // untaken candidates that can still be drawn
    for (int c = 0; c < C; ++c) {
      if (path >> c & 1) continue;
      base += w[c];
      positive_left += w[c] > 0;
    }
    MarksCell t;
    t.num_candidates = C;
    t.bits = bits;
    t.threshold = thr;
    t.other = other;
    t.wpad = &alias_wpad_[static_cast<size_t>(cell) * 64];
    t.weight = w;
    t.by_weight = &by_weight_[static_cast<size_t>(cell) * C];
    t.stop = stop;
    t.total = total;
    MarksNode nd;
    nd.seed = node_seed;
    nd.path = path;
    nd.ballots = ballots;
    nd.limit = std::min(more, positive_left);
    nd.base = base;
    int64_t local[64] = {0};
    DrawNodeMarks(t, nd, local);
    for (int c = 0; c < C; ++c) marks[c] += local[c];
    return true;
  }
  SplitMix rng{node_seed};
  for (int c = 0; c < C; ++c) {
    if (!on_path_[c]) base += w[c];
  }
  std::vector<char>& taken = on_path_;
  int picked[64];
  std::vector<int> picked_big;
  for (int64_t b = 0; b < ballots; ++b) {
    double mass = base;
    int left = left_at_node;
    int npicked = 0;
    for (int k = 0; k < more && left > 0; ++k) {
      // The next preference among the untaken candidates and stop, in
      // proportion to their weights. While they hold at least a quarter of
      // the cell's weight: alias draws over all categories, redrawn when a
      // taken candidate comes up (exactly the conditional law); else one
      // inversion over the untaken ones.
      int pick = -1;
      if (mass + stop >= 0.25 * total) {
        for (;;) {
          const uint64_t r = rng();
          const int col = static_cast<int>(r >> frac_bits);
          const int cat = (r & frac_mask) < thr[col] ? col : other[col];
          if (cat >= C) break;  // stop
          if (taken[cat]) continue;
          pick = cat;
          break;
        }
      } else {
        double u = rng.Uniform() * (mass + stop);
        for (int c = 0; c < C; ++c) {
          if (taken[c]) continue;
          u -= w[c];
          if (u < 0) {
            pick = c;
            break;
          }
        }
        if (pick < 0 && stop <= 0) {  // rounding past the end with no stop: the last one left
          for (int c = C - 1; c >= 0 && pick < 0; --c) {
            if (!taken[c]) pick = c;
          }
        }
      }
      if (pick < 0) break;  // stop
      taken[pick] = 1;
      if (npicked < 64) picked[npicked++] = pick;
      else picked_big.push_back(pick);
      mass -= w[pick];
      --left;
      ++marks[pick];
    }
    for (int i = 0; i < npicked; ++i) taken[picked[i]] = 0;
    for (int c : picked_big) taken[c] = 0;
    picked_big.clear();
  }
  return true;
}

// SampleMarks for card followers still following their card at `node`: each
// ballot drawn step by step as the reference sampler draws it (the card's
// next name not yet ranked of weight > 0 with probability `compliance`, else
// free Plackett-Luce steps with stop from then on). REQUIRES: on_path_ holds
// the node's path.
void PlExpander::FollowingMarks(const BallotTree& tree, NodeId node, size_t g, int more, uint64_t seed,
                                std::vector<int64_t>& marks) {
  const int C = s_->num_candidates;
  const CardVoters& cv = s_->card_voters[g];
  const std::vector<CandidateId>& card = s_->cards[static_cast<size_t>(cv.card)];
  const double* w = &s_->weight[static_cast<size_t>(cv.cell) * C];
  const double stop = s_->stop[cv.cell];
  const size_t from = static_cast<size_t>(tree.tag(node) - cv.first_tag) + 1;
  double base = 0;
  for (int c = 0; c < C; ++c) {
    if (!on_path_[c]) base += w[c];
  }
  SplitMix rng{seed};
  std::vector<char>& taken = on_path_;
  std::vector<int> picked;
  const int64_t ballots = tree.count(node);
  for (int64_t b = 0; b < ballots; ++b) {
    double mass = base;
    bool following = true;
    size_t pos = from;
    for (int k = 0; k < more; ++k) {
      int pick = -1;
      if (following) {
        while (pos < card.size() && (taken[card[pos]] || w[card[pos]] <= 0)) ++pos;
        if (pos == card.size()) following = false;
      }
      if (following && Uniform01(rng) < cv.compliance) {
        pick = card[pos++];
      } else {
        following = false;
        if (mass + stop <= 0) break;
        double u = Uniform01(rng) * (mass + stop);
        for (int c = 0; c < C; ++c) {
          if (taken[c] || w[c] <= 0) continue;
          u -= w[c];
          if (u < 0) {
            pick = c;
            break;
          }
        }
        if (pick < 0 && stop <= 0) {  // rounding past the end with no stop: the last one left
          for (int c = C - 1; c >= 0 && pick < 0; --c) {
            if (!taken[c] && w[c] > 0) pick = c;
          }
        }
      }
      if (pick < 0) break;  // stop
      taken[pick] = 1;
      picked.push_back(pick);
      mass -= w[pick];
      ++marks[pick];
    }
    for (int c : picked) taken[c] = 0;
    picked.clear();
  }
}

}  // namespace necsim
