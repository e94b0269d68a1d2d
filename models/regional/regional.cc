#include "regional/regional.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "counting/constrained_count.h"

namespace necsim {

namespace {

// The candidates of a count: those outside `eligible` withdrawn.
std::vector<Candidate> Eligible(std::vector<Candidate> cands, const std::vector<char>& eligible) {
  for (size_t c = 0; c < cands.size(); ++c) {
    if (!eligible[c]) cands[c].withdrawn = true;
  }
  return cands;
}

// One count of a district's ballots (CountWithConstraints decides whether the
// constraints changed it).
ConstrainedCount CountDistrict(Rule rule, int seats, const Constraints& constraints, DistrictBallots& ballots,
                               const std::vector<int>* regions, const std::vector<Candidate>& cands, uint64_t seed,
                               uint64_t run, uint32_t lot_stream) {
  CountOptions opt;
  opt.seats = seats;
  opt.constraints = constraints;
  const Stream lots(seed, run, StreamPurpose::kLots, lot_stream);
  auto res = CountWithConstraints(rule, *ballots.Tree(regions, lot_stream), cands, opt, lots,
                                  [&] { return ballots.Tree(regions, lot_stream); });
  if (!res.ok()) return {};  // validated at load
  return *std::move(res);
}

// What a casual vacancy's re-run of one count needs: the count's candidates,
// constraints, lot stream and votes (for the rules whose re-run reads them).
struct CountRecord {
  std::vector<Candidate> cands;
  Constraints constraints;
  int seats = 0;
  Rule rule = Rule::kFptp;
  const std::vector<int>* regions = nullptr;  // nullptr: the national seats
  uint32_t stream = 0;
  std::vector<int64_t> votes;
  std::vector<CandidateId> elected;  // its members as they stand (a district's after zipping)
};

std::vector<int64_t> VacancyVotes(Rule rule, const ConstrainedCount& c) {
  if (rule == Rule::kBlock) return c.marks;
  std::vector<int64_t> v(c.first_preferences.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>(std::llround(c.first_preferences[i]));
  return v;
}

VacancyFill Vacancy(const CountRecord& r, Constraints constraints, DistrictBallots& ballots, uint64_t seed,
                    uint64_t run, CandidateId leaving, const std::vector<CandidateId>& seated_elsewhere) {
  CountOptions opt;
  opt.seats = r.seats;
  opt.constraints = std::move(constraints);
  const Stream lots(seed, run, StreamPurpose::kLots, r.stream);
  BallotTree* tree = VacancyFromVotes(r.rule) ? nullptr : ballots.Tree(r.regions, r.stream);
  return FillVacancy(r.rule, tree, r.votes, r.cands, opt, lots, r.elected, leaving, seated_elsewhere);
}

}  // namespace

bool StandsInDistrict(const Electorate& sc, const RegionalDesign& d, size_t district, size_t c) {
  const std::vector<int>& regions = d.districts[district];
  const int r = sc.candidates[c].region;
  return r >= 0 && std::find(regions.begin(), regions.end(), r) != regions.end();
}

RegionalCount CountRegionalRuleSet(const Electorate& sc, const RuleSetConfig& rs, size_t k,
                                   const std::vector<Candidate>& cands, DistrictBallots& ballots, uint64_t seed,
                                   uint64_t run, bool vacancies) {
  const RegionalDesign& d = rs.regional;
  const size_t C = cands.size();
  RegionalCount rec;
  std::vector<double> first(C, 0.0);
  std::vector<int64_t> marks(d.rule == Rule::kBlock ? C : 0, 0);
  std::vector<std::vector<CandidateId>> district_elected;
  std::vector<CountRecord> counts;  // with `vacancies`: per district, then the national seats
  // Lot streams: one per (rule set, district) so districts never share draws.
  for (size_t di = 0; di < d.districts.size(); ++di) {
    const int seats = d.district_seats[di];
    if (seats == 0) {
      district_elected.emplace_back();
      if (vacancies) counts.emplace_back();
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
    std::vector<Candidate> dc = Eligible(cands, eligible);
    const ConstrainedCount dr = CountDistrict(d.rule, seats, cons, ballots, &regions, dc, seed, run,
                                              DistrictStream(k, di));
    if (vacancies) {
      counts.push_back({std::move(dc), cons, seats, d.rule, &regions, DistrictStream(k, di), VacancyVotes(d.rule, dr),
                        {}});  // (members: after zipping, below)
    }
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
    std::vector<Candidate> nc = Eligible(cands, eligible);
    const ConstrainedCount nr = CountDistrict(rs.national_rule, rs.national_seats, cons, ballots, nullptr, nc, seed,
                                              run, NationalSeatsStream(k));
    rec.constraints_changed |= nr.constraints_changed;
    rec.elected.insert(rec.elected.end(), nr.elected.begin(), nr.elected.end());
    if (vacancies) {
      counts.push_back({std::move(nc), cons, rs.national_seats, rs.national_rule, nullptr, NationalSeatsStream(k),
                        VacancyVotes(rs.national_rule, nr), nr.elected});
    }
  }

  if (vacancies) {
    const auto woman = [&](CandidateId c) { return cands[static_cast<size_t>(c)].gender == Gender::kWoman; };
    int regional_women = 0;
    for (const auto& e : district_elected) {
      for (CandidateId c : e) regional_women += woman(c);
    }
    const std::vector<CandidateId> national = rs.national_seats > 0 ? counts.back().elected : std::vector<CandidateId>{};
    for (size_t di = 0; di < district_elected.size(); ++di) {
      CountRecord& r = counts[di];
      r.elected = district_elected[di];
      std::vector<CandidateId> elsewhere;
      for (CandidateId c : national) {
        if (!r.cands[static_cast<size_t>(c)].withdrawn) elsewhere.push_back(c);
      }
      for (CandidateId m : r.elected) {
        Constraints cons = r.constraints;
        if (d.gender == RegionalGender::kZipping && woman(m) &&
            regional_women - 1 < WomenMinimum(rs.regional_seats())) {
          ConstraintGroup women{"women", {}, 0, r.seats};
          for (CandidateId c : r.elected) women.min += c != m && woman(c);
          ++women.min;
          bool other = false;
          for (size_t c = 0; c < C; ++c) {
            const auto id = static_cast<CandidateId>(c);
            if (r.cands[c].withdrawn || !woman(id)) continue;
            women.members.push_back(id);
            other |= id != m && std::find(elsewhere.begin(), elsewhere.end(), id) == elsewhere.end();
          }
          if (other) cons.groups.push_back(women);
        }
        rec.vacancies.push_back(Vacancy(r, std::move(cons), ballots, seed, run, m, elsewhere));
      }
    }
    if (rs.national_seats > 0) {
      const CountRecord& r = counts.back();
      for (CandidateId m : r.elected) rec.vacancies.push_back(Vacancy(r, r.constraints, ballots, seed, run, m, {}));
    }
  }
  rec.first_preferences = std::move(first);
  rec.marks = std::move(marks);
  return rec;
}

}  // namespace necsim
