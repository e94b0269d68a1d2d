#include "counting/constraints.h"

#include <algorithm>
#include <cstring>
#include <map>

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
  }
  // The query's change to the standings: one candidate's signature counts.
  int elected = base_elected_;
  int hopefuls = base_hopefuls_;
  size_t who_sig = 0;
  int d_elected = 0, d_hopeful = 0;
  if (who >= 0 && static_cast<size_t>(who) < standing.size() && standing[who] != as) {
    who_sig = static_cast<size_t>(signature_of_[who]);
    if (standing[who] == Standing::kElected) --elected, --d_elected;
    else if (standing[who] == Standing::kHopeful) --hopefuls, --d_hopeful;
    if (as == Standing::kElected) ++elected, ++d_elected;
    else if (as == Standing::kHopeful) ++hopefuls, ++d_hopeful;
  }
  const int left = seats_ - elected;
  if (left < 0) return false;
  if (groups_.empty()) return hopefuls >= left;
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
    if (slot->elected == key_e && slot->hopeful == key_h) return slot->result;
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
  Search search{&sig_groups_, &gmin_, &gmax_, hopeful_.data(), static_cast<int>(sigs), gcount_.data(),
                gpotential_.data()};
  const bool ok = search.Feasible(0, left);
  if (slot != nullptr) slot->result = ok;
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
  if (!oracle.CanComplete(standing)) {
    return MakeError("no set of " + std::to_string(seats) +
                         " candidates meets every group's minimum and maximum together",
                     "constraints");
  }
  return {};
}

}  // namespace necsim
