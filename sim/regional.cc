#include "sim/regional.h"

#include <algorithm>
#include <memory>

namespace necsim {

RunSample RestrictToRegions(const Scenario& sc, const RunSample& s, const std::vector<int>& regions) {
  RunSample out = s;
  const int B = static_cast<int>(sc.blocs.size());
  const int C = s.num_candidates;
  auto in = [&](int r) { return std::find(regions.begin(), regions.end(), r) != regions.end(); };
  for (int r = 0; r < static_cast<int>(sc.regions.size()); ++r) {
    if (in(r)) continue;
    for (int b = 0; b < B; ++b) out.ballots[static_cast<size_t>(r * B + b)] = 0;
  }
  for (int c = 0; c < C; ++c) {
    if (sc.candidates[c].region >= 0 && in(sc.candidates[c].region)) continue;
    for (size_t cell = 0; cell < s.ballots.size(); ++cell) out.weight[cell * C + c] = 0.0;
  }
  return out;
}

namespace {

struct DistrictResult {
  std::vector<CandidateId> elected;
  std::vector<double> first_prefs;  // per candidate
  bool constraints_changed = false;
};

// One count of `sample` with candidates outside `eligible` withdrawn.
DistrictResult CountDistrict(Rule rule, int seats, const Constraints& constraints, const RunSample& sample,
                             std::vector<Candidate> cands, const std::vector<char>& eligible, uint64_t seed,
                             uint64_t run, uint32_t lot_stream, SamplerKind sampler) {
  DistrictResult out;
  for (size_t c = 0; c < cands.size(); ++c) {
    if (!eligible[c]) cands[c].withdrawn = true;
  }
  CountOptions opt;
  opt.seats = seats;
  opt.constraints = constraints;
  opt.record_stages = false;
  Stream lots(seed, run, StreamPurpose::kLots, lot_stream);
  // The reference sampler draws the district's voters one by one.
  std::unique_ptr<SampledBallots> fast;
  std::unique_ptr<BallotTree> full;
  auto make_tree = [&]() -> BallotTree& {
    if (sampler == SamplerKind::kReference) {
      const Election e = SampleBallotsReference(sample, seed, run ^ (uint64_t{lot_stream} << 40));
      full = std::make_unique<BallotTree>(BallotTree::FromElection(e));
      return *full;
    }
    fast = std::make_unique<SampledBallots>(sample, seed, run);
    return fast->tree;
  };
  auto res = Count(rule, make_tree(), cands, opt, lots);
  if (!res.ok()) return out;  // validated at load
  out.elected = res->elected;
  out.first_prefs = res->first_preferences;
  if (res->constraints_acted && !constraints.empty()) {
    CountOptions plain = opt;
    plain.constraints = {};
    Stream lots2(seed, run, StreamPurpose::kLots, lot_stream);
    BallotTree& again = sampler == SamplerKind::kReference ? *full : make_tree();
    auto res2 = Count(rule, again, cands, plain, lots2);
    if (res2.ok()) {
      std::vector<CandidateId> a = res->elected, b = res2->elected;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      out.constraints_changed = a != b;
    }
  }
  return out;
}

}  // namespace

RuleSetRecord CountRegionalRuleSet(const Scenario& sc, size_t k, const RunSample& sample,
                                   const std::vector<Candidate>& cands, uint64_t seed, uint64_t run,
                                   SamplerKind sampler) {
  const RuleSetConfig& rs = sc.rule_sets[k];
  const RegionalDesign& d = rs.regional;
  const size_t C = cands.size();
  RuleSetRecord rec;
  rec.first_pref_share.assign(C, 0.0f);
  std::vector<double> first(C, 0.0);
  std::vector<std::vector<CandidateId>> district_elected;
  // Lot streams: one per (rule set, district) so districts never share draws.
  const uint32_t lot_base = static_cast<uint32_t>(k) << 8;
  for (size_t di = 0; di < d.districts.size(); ++di) {
    const int seats = d.district_seats[di];
    if (seats == 0) {
      district_elected.emplace_back();
      continue;
    }
    const std::vector<int>& regions = d.districts[di];
    std::vector<char> eligible(C, 0);
    for (size_t c = 0; c < C; ++c) {
      const int r = sc.candidates[c].region;
      eligible[c] = r >= 0 && std::find(regions.begin(), regions.end(), r) != regions.end();
    }
    Constraints cons;
    if (d.gender == RegionalGender::kTwoPerRegion || (d.gender == RegionalGender::kPairing && seats == 2)) {
      // One woman and one man: at least 1 of each among 2 seats.
      ConstraintGroup women{"women", {}, 1, 1};
      for (size_t c = 0; c < C; ++c) {
        if (eligible[c] && cands[c].gender == Gender::kWoman) women.members.push_back(static_cast<CandidateId>(c));
      }
      cons.groups.push_back(women);
    }
    const RunSample restricted = RestrictToRegions(sc, sample, regions);
    DistrictResult dr = CountDistrict(d.rule, seats, cons, restricted, cands, eligible, seed, run,
                                      lot_base + static_cast<uint32_t>(di), sampler);
    for (size_t c = 0; c < C && c < dr.first_prefs.size(); ++c) first[c] += dr.first_prefs[c];
    rec.constraints_changed |= dr.constraints_changed;
    district_elected.push_back(dr.elected);
  }
  // Zipping: one winner per region; while women are short of half, the male
  // winner with the lowest share of first preferences in his region gives way
  // to his region's woman with most first preferences (regions without a
  // woman candidate are passed over; if none is left the shortfall stands).
  if (d.gender == RegionalGender::kZipping) {
    const int need = WomenMinimum(rs.regional_seats());
    auto women_now = [&] {
      int w = 0;
      for (const auto& e : district_elected) {
        for (CandidateId c : e) w += cands[c].gender == Gender::kWoman;
      }
      return w;
    };
    std::vector<char> done(district_elected.size(), 0);
    while (women_now() < need) {
      int best = -1;
      double best_share = 0;
      for (size_t di = 0; di < district_elected.size(); ++di) {
        if (done[di] || district_elected[di].size() != 1) continue;
        const CandidateId w = district_elected[di][0];
        if (cands[w].gender != Gender::kMan) continue;
        double total = 0;
        for (size_t c = 0; c < C; ++c) {
          const int r = sc.candidates[c].region;
          if (r >= 0 && std::find(d.districts[di].begin(), d.districts[di].end(), r) != d.districts[di].end()) {
            total += first[c];
          }
        }
        const double share = total > 0 ? first[w] / total : 0;
        bool has_woman = false;
        for (size_t c = 0; c < C; ++c) {
          has_woman |= sc.candidates[c].region == d.districts[di][0] && cands[c].gender == Gender::kWoman;
        }
        if (!has_woman) continue;
        if (best < 0 || share < best_share) {
          best = static_cast<int>(di);
          best_share = share;
        }
      }
      if (best < 0) break;
      CandidateId pick = -1;
      for (size_t c = 0; c < C; ++c) {
        if (sc.candidates[c].region != d.districts[best][0] || cands[c].gender != Gender::kWoman) continue;
        if (pick < 0 || first[c] > first[pick]) pick = static_cast<CandidateId>(c);
      }
      district_elected[best] = {pick};
      done[best] = 1;
      rec.constraints_changed = true;
    }
  }
  for (const auto& e : district_elected) rec.elected.insert(rec.elected.end(), e.begin(), e.end());

  // National seats on all ballots, regional winners out of the running; with
  // women_min, they must restore the section's women's minimum.
  if (rs.national_seats > 0) {
    std::vector<char> eligible(C, 1);
    int women = 0;
    for (CandidateId c : rec.elected) {
      eligible[c] = 0;
      women += cands[c].gender == Gender::kWoman;
    }
    Constraints cons;
    if (rs.women_min >= 0) {
      const int short_by = std::max(0, rs.women_min - women);
      ConstraintGroup g = WomenGroup(cands, std::min(short_by, rs.national_seats));
      g.members.erase(std::remove_if(g.members.begin(), g.members.end(), [&](CandidateId c) { return !eligible[c]; }),
                      g.members.end());
      g.min = std::min<int>(g.min, static_cast<int>(g.members.size()));
      if (g.min > 0) cons.groups.push_back(g);
    }
    DistrictResult nr = CountDistrict(rs.national_rule, rs.national_seats, cons, sample, cands, eligible, seed, run,
                                      lot_base + 0xFF, sampler);
    rec.constraints_changed |= nr.constraints_changed;
    rec.elected.insert(rec.elected.end(), nr.elected.begin(), nr.elected.end());
  }
  double total = 0;
  for (double v : first) total += v;
  for (size_t c = 0; c < C; ++c) rec.first_pref_share[c] = total > 0 ? static_cast<float>(first[c] / total) : 0.0f;
  return rec;
}

}  // namespace necsim
