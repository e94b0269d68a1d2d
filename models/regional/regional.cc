#include "regional/regional.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "counting/constrained_count.h"

namespace necsim {

namespace {

// One count of a district's ballots with candidates outside `eligible`
// withdrawn (CountWithConstraints decides whether the constraints changed it).
ConstrainedCount CountDistrict(Rule rule, int seats, const Constraints& constraints, DistrictBallots& ballots,
                               const std::vector<int>* regions, std::vector<Candidate> cands,
                               const std::vector<char>& eligible, uint64_t seed, uint64_t run, uint32_t lot_stream) {
  for (size_t c = 0; c < cands.size(); ++c) {
    if (!eligible[c]) cands[c].withdrawn = true;
  }
  CountOptions opt;
  opt.seats = seats;
  opt.constraints = constraints;
  const Stream lots(seed, run, StreamPurpose::kLots, lot_stream);
  auto res = CountWithConstraints(rule, *ballots.Tree(regions, lot_stream), cands, opt, lots,
                                  [&] { return ballots.Tree(regions, lot_stream); });
  if (!res.ok()) return {};  // validated at load
  return *std::move(res);
}

}  // namespace

bool StandsInDistrict(const Electorate& sc, const RegionalDesign& d, size_t district, size_t c) {
  const std::vector<int>& regions = d.districts[district];
  const int r = sc.candidates[c].region;
  return r >= 0 && std::find(regions.begin(), regions.end(), r) != regions.end();
}

RegionalCount CountRegionalRuleSet(const Electorate& sc, const RuleSetConfig& rs, size_t k,
                                   const std::vector<Candidate>& cands, DistrictBallots& ballots, uint64_t seed,
                                   uint64_t run) {
  const RegionalDesign& d = rs.regional;
  const size_t C = cands.size();
  RegionalCount rec;
  std::vector<double> first(C, 0.0);
  std::vector<int64_t> marks(d.rule == Rule::kBlock ? C : 0, 0);
  std::vector<std::vector<CandidateId>> district_elected;
  // Lot streams: one per (rule set, district) so districts never share draws.
  for (size_t di = 0; di < d.districts.size(); ++di) {
    const int seats = d.district_seats[di];
    if (seats == 0) {
      district_elected.emplace_back();
      continue;
    }
    const std::vector<int>& regions = d.districts[di];
    std::vector<char> eligible(C, 0);
    for (size_t c = 0; c < C; ++c) eligible[c] = StandsInDistrict(sc, d, di, c);
    Constraints cons;
    if (d.gender == RegionalGender::kTwoPerRegion || (d.gender == RegionalGender::kPairing && seats == 2)) {
      // One woman and one man: at least 1 of each among 2 seats.
      ConstraintGroup women{"women", {}, 1, 1};
      for (size_t c = 0; c < C; ++c) {
        if (eligible[c] && cands[c].gender == Gender::kWoman) women.members.push_back(static_cast<CandidateId>(c));
      }
      cons.groups.push_back(women);
    }
    const ConstrainedCount dr = CountDistrict(d.rule, seats, cons, ballots, &regions, cands, eligible, seed, run,
                                              DistrictStream(k, di));
    for (size_t c = 0; c < C && c < dr.first_preferences.size(); ++c) first[c] += dr.first_preferences[c];
    for (size_t c = 0; c < marks.size() && c < dr.marks.size(); ++c) marks[c] += dr.marks[c];
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
    const ConstrainedCount nr = CountDistrict(rs.national_rule, rs.national_seats, cons, ballots, nullptr, cands,
                                              eligible, seed, run, NationalSeatsStream(k));
    rec.constraints_changed |= nr.constraints_changed;
    rec.elected.insert(rec.elected.end(), nr.elected.begin(), nr.elected.end());
  }
  rec.first_preferences = std::move(first);
  rec.marks = std::move(marks);
  return rec;
}

}  // namespace necsim
