#include "counting/constraints.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <sstream>

namespace necsim {

int WomenMinimum(int seats) { return (seats + 1) / 2; }

ConstraintGroup WomenGroup(const std::vector<Candidate>& candidates, int min) {
  ConstraintGroup g;
  g.name = "women";
  g.min = min;
  for (int i = 0; i < static_cast<int>(candidates.size()); ++i) {
    if (candidates[i].gender == Gender::kWoman) g.members.push_back(i);
  }
  return g;
}

ConstraintOracle::ConstraintOracle(const Constraints& constraints, int num_candidates, int seats)
    : seats_(seats), signature_of_(static_cast<size_t>(num_candidates), 0) {
  // Signature of a candidate = the set of groups it belongs to.
  std::vector<std::vector<int>> member_of(static_cast<size_t>(num_candidates));
  for (int g = 0; g < static_cast<int>(constraints.groups.size()); ++g) {
    const auto& grp = constraints.groups[g];
    groups_.push_back({grp.name, grp.min, grp.max});
    gmin_.push_back(grp.min);
    gmax_.push_back(grp.max);
    for (CandidateId c : grp.members) {
      if (c >= 0 && c < num_candidates) member_of[c].push_back(g);
    }
  }
  std::map<std::vector<int>, int> index;
  for (int c = 0; c < num_candidates; ++c) {
    auto& m = member_of[c];
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
    auto [it, inserted] = index.emplace(m, static_cast<int>(sig_groups_.size()));
    if (inserted) sig_groups_.push_back(m);
    signature_of_[c] = it->second;
  }
  answer_.assign(9 * sig_groups_.size() + 1, -1);

  // The laminar families. A group is taken as its set of signatures (the
  // candidates of a signature are in the same groups, so one group's
  // candidates contain another's exactly when its signatures do). Two groups
  // cross when they meet and neither contains the other; when the crossing
  // graph is 2-colourable each colour is a laminar family.
  const int num_groups = static_cast<int>(groups_.size());
  const int num_sigs = static_cast<int>(sig_groups_.size());
  const size_t words = (static_cast<size_t>(num_sigs) + 63) / 64;
  std::vector<std::vector<uint64_t>> set(static_cast<size_t>(num_groups), std::vector<uint64_t>(words, 0));
  std::vector<int> size(static_cast<size_t>(num_groups), 0);
  for (int t = 0; t < num_sigs; ++t) {
    for (int g : sig_groups_[t]) {
      set[g][static_cast<size_t>(t) / 64] |= uint64_t{1} << (t % 64);
      ++size[g];
    }
  }
  auto subset = [&](int a, int b) {  // a's signatures are all b's
    for (size_t w = 0; w < words; ++w) {
      if (set[a][w] & ~set[b][w]) return false;
    }
    return true;
  };
  auto meet = [&](int a, int b) {
    for (size_t w = 0; w < words; ++w) {
      if (set[a][w] & set[b][w]) return true;
    }
    return false;
  };
  std::vector<std::vector<int>> crosses(static_cast<size_t>(num_groups));
  for (int a = 0; a < num_groups; ++a) {
    for (int b = a + 1; b < num_groups; ++b) {
      if (meet(a, b) && !subset(a, b) && !subset(b, a)) crosses[a].push_back(b), crosses[b].push_back(a);
    }
  }
  // Two colours by breadth-first search from each uncoloured group in index
  // order (its colour 0), so the split is deterministic.
  family_.assign(static_cast<size_t>(num_groups), -1);
  std::vector<int> queue;
  for (int g0 = 0; g0 < num_groups && two_laminar_; ++g0) {
    if (family_[g0] >= 0) continue;
    family_[g0] = 0;
    queue.assign(1, g0);
    for (size_t i = 0; i < queue.size() && two_laminar_; ++i) {
      const int g = queue[i];
      for (int h : crosses[g]) {
        if (family_[h] < 0) family_[h] = 1 - family_[g], queue.push_back(h);
        else if (family_[h] == family_[g]) two_laminar_ = false;
      }
    }
  }
  if (!two_laminar_) {
    family_.clear();
    return;
  }
  // Within a family the groups holding a given candidate form a chain by
  // containment. Order: larger sets first, equal sets by index; a group's
  // parent is the last group before it in that order that contains it, and a
  // signature's deepest group the last that holds it.
  auto before = [&](int h, int g) { return size[h] > size[g] || (size[h] == size[g] && h < g); };
  parent_.assign(static_cast<size_t>(num_groups), -1);
  for (int g = 0; g < num_groups; ++g) {
    for (int h = 0; h < num_groups; ++h) {
      if (h == g || family_[h] != family_[g] || !before(h, g) || !subset(g, h)) continue;
      if (parent_[g] < 0 || before(parent_[g], h)) parent_[g] = h;
    }
  }
  one_family_ = std::find(family_.begin(), family_.end(), 1) == family_.end();
  order_.resize(static_cast<size_t>(num_groups));
  for (int g = 0; g < num_groups; ++g) order_[g] = g;
  std::sort(order_.begin(), order_.end(), before);
  for (auto& deep : sig_deep_) deep.assign(static_cast<size_t>(num_sigs), -1);
  for (int t = 0; t < num_sigs; ++t) {
    for (int g : sig_groups_[t]) {
      int& d = sig_deep_[family_[g]][t];
      if (d < 0 || before(d, g)) d = g;
    }
  }
}

void ConstraintOracle::FlowNet::Reset(int nodes) {
  head.assign(static_cast<size_t>(nodes), -1);
  next.clear();
  to.clear();
  cap.clear();
}

void ConstraintOracle::FlowNet::AddEdge(int u, int v, int c) {
  to.push_back(v), cap.push_back(c), next.push_back(head[u]);
  head[u] = static_cast<int>(to.size()) - 1;
  to.push_back(u), cap.push_back(0), next.push_back(head[v]);
  head[v] = static_cast<int>(to.size()) - 1;
}

bool ConstraintOracle::FlowNet::Levels(int s, int t) {
  level.assign(head.size(), -1);
  queue.assign(1, s);
  level[s] = 0;
  for (size_t i = 0; i < queue.size(); ++i) {
    const int u = queue[i];
    for (int e = head[u]; e >= 0; e = next[e]) {
      if (cap[e] > 0 && level[to[e]] < 0) level[to[e]] = level[u] + 1, queue.push_back(to[e]);
    }
  }
  return level[t] >= 0;
}

int ConstraintOracle::FlowNet::Push(int u, int t, int f) {
  if (u == t) return f;
  for (int& e = iter[u]; e >= 0; e = next[e]) {
    const int v = to[e];
    if (cap[e] <= 0 || level[v] != level[u] + 1) continue;
    if (const int d = Push(v, t, std::min(f, cap[e])); d > 0) {
      cap[e] -= d, cap[e ^ 1] += d;
      return d;
    }
  }
  return 0;
}

int ConstraintOracle::FlowNet::MaxFlow(int s, int t) {
  int flow = 0;
  while (Levels(s, t)) {
    iter = head;
    while (const int f = Push(s, t, INT_MAX)) flow += f;
  }
  return flow;
}

// The remaining seats as a flow of `left` units with lower bounds: from the
// root of family 0 down its forest (each group an edge from its parent, or the
// root, with the bounds its elected members leave it), across each signature
// (from its deepest family-0 group to its deepest family-1 group, at most its
// hopefuls), up family 1's forest to its root, and back to the first root
// with exactly `left` units. A feasible integral circulation is a choice of
// how many hopefuls of each signature to elect, and conversely: each group's
// edge carries exactly the chosen hopefuls of its signatures. Lower bounds
// are reduced to a plain max-flow from a new source to a new sink that must
// saturate every edge out of the source.
bool ConstraintOracle::FlowFeasible(int left) const {
  const int num_groups = static_cast<int>(groups_.size());
  const int num_sigs = static_cast<int>(sig_groups_.size());
  // Nodes: 0 and 1 the roots of families 0 and 1, 2 + g group g, then the
  // source and the sink of the reduction.
  const int src = num_groups + 2, snk = num_groups + 3;
  net_.Reset(num_groups + 4);
  demand_.assign(static_cast<size_t>(num_groups + 4), 0);
  auto bounded = [&](int u, int v, int lo, int hi) {
    demand_[v] += lo, demand_[u] -= lo;
    if (hi > lo) net_.AddEdge(u, v, hi - lo);
  };
  bounded(1, 0, left, left);
  for (int g = 0; g < num_groups; ++g) {
    const int lo = std::max(0, gmin_[g] - gcount_[g]);
    const int hi = std::min(gmax_[g] - gcount_[g], left);
    if (hi < lo || lo > gpotential_[g]) return false;
    const int up = parent_[g] >= 0 ? 2 + parent_[g] : family_[g];
    if (family_[g] == 0) bounded(up, 2 + g, lo, hi);
    else bounded(2 + g, up, lo, hi);
  }
  for (int t = 0; t < num_sigs; ++t) {
    if (hopeful_[t] == 0) continue;
    const int a = sig_deep_[0][t] >= 0 ? 2 + sig_deep_[0][t] : 0;
    const int b = sig_deep_[1][t] >= 0 ? 2 + sig_deep_[1][t] : 1;
    net_.AddEdge(a, b, std::min(hopeful_[t], left));
  }
  int need = 0;
  for (int v = 0; v < num_groups + 2; ++v) {
    if (demand_[v] > 0) net_.AddEdge(src, v, demand_[v]), need += demand_[v];
    else if (demand_[v] < 0) net_.AddEdge(v, snk, -demand_[v]);
  }
  return net_.MaxFlow(src, snk) == need;
}

// With one family the flow network is a tree, and the numbers of hopefuls a
// subtree can contribute form an interval: a signature [0, its hopefuls]; a
// group the sum of its children's intervals (a sum of integer intervals is
// one) cut to its own bounds. The seats can be filled when the root's
// interval holds `left`.
bool ConstraintOracle::TreeFeasible(int left) const {
  const int num_groups = static_cast<int>(groups_.size());
  const int num_sigs = static_cast<int>(sig_groups_.size());
  // Index num_groups: the root.
  reach_lo_.assign(static_cast<size_t>(num_groups + 1), 0);
  reach_hi_.assign(static_cast<size_t>(num_groups + 1), 0);
  for (int t = 0; t < num_sigs; ++t) {
    const int d = sig_deep_[0][t];
    reach_hi_[d >= 0 ? d : num_groups] += std::min(hopeful_[t], left);
  }
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    const int g = *it;
    const int lo = std::max(reach_lo_[g], gmin_[g] - gcount_[g]);
    const int hi = std::min(reach_hi_[g], gmax_[g] - gcount_[g]);
    if (lo > hi) return false;
    const int up = parent_[g] >= 0 ? parent_[g] : num_groups;
    reach_lo_[up] += lo, reach_hi_[up] += hi;
  }
  return reach_lo_[num_groups] <= left && left <= reach_hi_[num_groups];
}

double ConstraintOracle::SearchSize(const std::vector<Standing>& standing) const {
  std::vector<int> hopeful(sig_groups_.size(), 0);
  int elected = 0;
  for (size_t c = 0; c < standing.size() && c < signature_of_.size(); ++c) {
    if (standing[c] == Standing::kHopeful) ++hopeful[static_cast<size_t>(signature_of_[c])];
    else if (standing[c] == Standing::kElected) ++elected;
  }
  const int left = std::max(0, seats_ - elected);
  double size = 1;
  for (int h : hopeful) size *= std::min(h, left) + 1;
  return size;
}

namespace {

struct Search {
  const std::vector<std::vector<int>>* sig_groups;
  const std::vector<int>* gmin;
  const std::vector<int>* gmax;
  int* hopeful;      // per signature
  int num_sigs;
  int* gcount;       // elected + chosen so far, per group
  int* gpotential;   // hopefuls not yet decided, per group

  bool Feasible(int s, int left) {
    // Prune: every group must still be able to reach its minimum and be under
    // its maximum; seats left must be fillable.
    for (size_t g = 0; g < gmin->size(); ++g) {
      if (gcount[g] > (*gmax)[g]) return false;
      if (gcount[g] + std::min(gpotential[g], left) < (*gmin)[g]) return false;
    }
    if (left == 0) return true;
    if (s == num_sigs) return false;
    int avail = 0;
    for (int t = s; t < num_sigs; ++t) avail += hopeful[t];
    if (avail < left) return false;
    const auto& gs = (*sig_groups)[static_cast<size_t>(s)];
    for (int g : gs) gpotential[g] -= hopeful[s];
    const int hi = std::min(hopeful[s], left);
    bool ok = false;
    for (int x = hi; x >= 0 && !ok; --x) {
      for (int g : gs) gcount[g] += x;
      ok = Feasible(s + 1, left - x);
      for (int g : gs) gcount[g] -= x;
    }
    for (int g : gs) gpotential[g] += hopeful[s];
    return ok;
  }
};

}  // namespace

bool ConstraintOracle::Check(const std::vector<Standing>& standing, CandidateId who, Standing as) const {
  const size_t sigs = sig_groups_.size();
  if (standing.size() != last_standing_.size() ||
      (!standing.empty() && std::memcmp(standing.data(), last_standing_.data(), standing.size() * sizeof(Standing)) != 0)) {
    // Counts per signature of the standings (kept: a count asks about many
    // candidates under the same standings).
    last_standing_ = standing;
    base_elected_ = base_hopefuls_ = 0;
    base_hopeful_sig_.assign(sigs, 0);
    base_elected_sig_.assign(sigs, 0);
    for (size_t c = 0; c < standing.size(); ++c) {
      const auto t = static_cast<size_t>(signature_of_[c]);
      if (standing[c] == Standing::kElected) ++base_elected_, ++base_elected_sig_[t];
      else if (standing[c] == Standing::kHopeful) ++base_hopefuls_, ++base_hopeful_sig_[t];
    }
    // The memo key of these standings: counts per signature packed in bytes.
    base_memo_ = sigs <= 8;
    base_key_e_ = base_key_h_ = 0;
    for (size_t t = 0; t < sigs && base_memo_; ++t) {
      base_memo_ = base_elected_sig_[t] <= 253 && base_hopeful_sig_[t] <= 253;  // (one more still fits)
      base_key_e_ |= static_cast<uint64_t>(base_elected_sig_[t]) << (8 * t);
      base_key_h_ |= static_cast<uint64_t>(base_hopeful_sig_[t]) << (8 * t);
    }
    answer_.assign(9 * sigs + 1, -1);
  }
  // The query's change to the standings: one candidate's signature counts.
  int elected = base_elected_;
  int hopefuls = base_hopefuls_;
  size_t who_sig = 0;
  int d_elected = 0, d_hopeful = 0;
  size_t answer_slot = 9 * sigs;  // (no change)
  if (who >= 0 && static_cast<size_t>(who) < standing.size() && standing[who] != as) {
    who_sig = static_cast<size_t>(signature_of_[who]);
    answer_slot = 9 * who_sig + 3 * static_cast<size_t>(standing[who]) + static_cast<size_t>(as);
    if (standing[who] == Standing::kElected) --elected, --d_elected;
    else if (standing[who] == Standing::kHopeful) --hopefuls, --d_hopeful;
    if (as == Standing::kElected) ++elected, ++d_elected;
    else if (as == Standing::kHopeful) ++hopefuls, ++d_hopeful;
  }
  const int left = seats_ - elected;
  if (left < 0 || hopefuls < left) return false;
  if (groups_.empty()) return true;
  // Under one standings the answer depends only on the signature of the
  // candidate asked about and on the change (a count asks about every
  // hopeful).
  signed char& answer = answer_[answer_slot];
  if (answer >= 0) return answer != 0;
  // The answer depends only on the elected and hopeful counts per signature:
  // remembered for up to 8 signatures and counts below 255 (a count asks the
  // same question many times, once for each hopeful of a signature).
  MemoEntry* slot = nullptr;
  if (base_memo_) {
    const uint64_t key_e = base_key_e_ + static_cast<uint64_t>(static_cast<int64_t>(d_elected) << (8 * who_sig)) + 1;
    const uint64_t key_h = base_key_h_ + static_cast<uint64_t>(static_cast<int64_t>(d_hopeful) << (8 * who_sig)) + 1;
    // (+1: never 0, so an empty slot matches nothing)
    const uint64_t hsh = (key_e * 0x9E3779B97F4A7C15ULL) ^ (key_h * 0xC2B2AE3D27D4EB4FULL);
    slot = &memo_[static_cast<size_t>(hsh >> 58)];
    if (slot->elected == key_e && slot->hopeful == key_h) {
      answer = slot->result;
      return slot->result;
    }
    slot->elected = key_e, slot->hopeful = key_h;  // (result stored below)
  }
  hopeful_ = base_hopeful_sig_;
  elected_sig_ = base_elected_sig_;
  if (who_sig < sigs) elected_sig_[who_sig] += d_elected, hopeful_[who_sig] += d_hopeful;
  gcount_.assign(groups_.size(), 0);
  gpotential_.assign(groups_.size(), 0);
  for (size_t t = 0; t < sigs; ++t) {
    for (int g : sig_groups_[t]) {
      gcount_[g] += elected_sig_[t];
      gpotential_[g] += hopeful_[t];
    }
  }
  bool ok;
  if (one_family_) {
    ok = TreeFeasible(left);
  } else if (two_laminar_) {
    ok = FlowFeasible(left);
  } else {
    Search search{&sig_groups_, &gmin_, &gmax_, hopeful_.data(), static_cast<int>(sigs), gcount_.data(),
                  gpotential_.data()};
    ok = search.Feasible(0, left);
  }
  if (slot != nullptr) slot->result = ok;
  answer = ok;
  return ok;
}

std::vector<std::string> ConstraintOracle::Violations(const std::vector<CandidateId>& elected) const {
  std::vector<int> count(groups_.size(), 0);
  for (CandidateId c : elected) {
    for (int g : sig_groups_[signature_of_[c]]) ++count[g];
  }
  std::vector<std::string> out;
  for (size_t g = 0; g < groups_.size(); ++g) {
    if (count[g] < groups_[g].min || count[g] > groups_[g].max) out.push_back(groups_[g].name);
  }
  return out;
}

Status CheckFeasible(const Constraints& constraints, const std::vector<Candidate>& candidates,
                     int seats) {
  const int n = static_cast<int>(candidates.size());
  for (const auto& g : constraints.groups) {
    if (g.min < 0 || g.max < 0) {
      return MakeError("group '" + g.name + "' has a negative bound", "constraints");
    }
    if (g.min > g.max) {
      return MakeError("group '" + g.name + "': minimum " + std::to_string(g.min) +
                           " exceeds maximum " + std::to_string(g.max),
                       "constraints");
    }
    int available = 0;
    for (CandidateId c : g.members) {
      if (c < 0 || c >= n) return MakeError("group '" + g.name + "' names an unknown candidate", "constraints");
      available += !candidates[c].withdrawn;
    }
    if (g.min > available) {
      return MakeError("group '" + g.name + "' needs at least " + std::to_string(g.min) +
                           " elected but has only " + std::to_string(available) + " candidate(s)",
                       "constraints");
    }
    if (g.min > seats) {
      return MakeError("group '" + g.name + "' needs at least " + std::to_string(g.min) +
                           " elected but only " + std::to_string(seats) + " seat(s) are filled",
                       "constraints");
    }
  }
  std::vector<Standing> standing(static_cast<size_t>(n), Standing::kHopeful);
  int running = 0;
  for (int c = 0; c < n; ++c) {
    if (candidates[c].withdrawn) standing[c] = Standing::kOut;
    else ++running;
  }
  if (running < seats) {
    return MakeError(std::to_string(seats) + " seats but only " + std::to_string(running) +
                         " candidate(s) standing",
                     "seats");
  }
  ConstraintOracle oracle(constraints, n, seats);
  if (!oracle.two_laminar()) {
    // The search over signatures is exponential in them: bounded here, before
    // any counting, by the size of its space for the whole count (queries
    // during the count have fewer hopefuls and seats left).
    const double size = oracle.SearchSize(standing);
    if (size > kMaxConstraintSearch) {
      std::ostringstream text;
      text.precision(3);
      text << "the constraint groups cross in more than two families and deciding them would search up to "
           << size << " combinations (the product over membership signatures of min(candidates, seats) + 1)"
           << "; at most " << static_cast<long long>(kMaxConstraintSearch)
           << " are allowed (groups that nest, or form two families that nest within themselves, have no limit)";
      return MakeError(text.str(), "constraints");
    }
  }
  if (!oracle.CanComplete(standing)) {
    return MakeError("no set of " + std::to_string(seats) +
                         " candidates meets every group's minimum and maximum together",
                     "constraints");
  }
  return {};
}

}  // namespace necsim
