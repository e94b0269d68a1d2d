#include "engine/tally.h"

#include <cmath>

#include "nec/nec.h"

namespace necsim {

Tally Tally::Empty(const Scenario& sc) {
  Tally t;
  for (const auto& r : sc.regions) t.members_total_ += r.members;
  for (const auto& c : sc.candidates) t.slate_of_.push_back(c.slate);
  const size_t C = sc.candidates.size(), S = sc.slates.size() + 1, R = sc.regions.size();
  for (const auto& rs : sc.rule_sets) {
    RuleSetTally r;
    r.elected.assign(C, 0);
    r.first_pref_sum.assign(C, 0.0);
    r.first_pref_count_sum.assign(C, 0);
    r.has_marks = rs.is_block();
    if (r.has_marks) r.marks_sum.assign(C, 0);
    r.slate_seats.assign(S, std::vector<int64_t>(static_cast<size_t>(rs.seats) + 1, 0));
    r.region_any.assign(R, 0);
    r.region_seats.assign(R, 0);
    r.region_seats_sq.assign(R, 0);
    r.women.assign(static_cast<size_t>(rs.seats) + 1, 0);
    r.has_vacancies = sc.vacancies;
    if (r.has_vacancies) {
      r.vacancy.assign(C, std::vector<int64_t>(C + 1, 0));
      r.vacancy_unseats.assign(C, 0);
    }
    r.nec_seats.assign(sc.nec.factions.size(), 0);
    r.nec_majority.assign(sc.nec.factions.size(), 0);
    t.rule_sets.push_back(r);
  }
  for (int a = 0; a < static_cast<int>(sc.rule_sets.size()); ++a) {
    for (int b = a + 1; b < static_cast<int>(sc.rule_sets.size()); ++b) {
      PairTally p;
      p.a = a;
      p.b = b;
      p.cand_d.assign(C, 0);
      p.cand_d2.assign(C, 0);
      p.slate_d.assign(S, 0);
      p.slate_d2.assign(S, 0);
      p.share_d.assign(S, 0);
      p.share_d2.assign(S, 0);
      p.region_d.assign(R, 0);
      p.region_d2.assign(R, 0);
      t.pairs.push_back(p);
    }
  }
  return t;
}

namespace {
struct Counts {
  std::vector<int> cand, slate, region;
  int women = 0;
};
Counts Summarise(const Scenario& sc, const RuleSetRecord& r) {
  Counts c;
  c.cand.assign(sc.candidates.size(), 0);
  c.slate.assign(sc.slates.size() + 1, 0);
  c.region.assign(sc.regions.size(), 0);
  for (CandidateId e : r.elected) {
    const auto& cc = sc.candidates[e];
    c.cand[e] = 1;
    ++c.slate[cc.slate >= 0 ? static_cast<size_t>(cc.slate) : sc.slates.size()];
    if (cc.region >= 0) ++c.region[cc.region];
    c.women += cc.gender == Gender::kWoman;
  }
  return c;
}
}  // namespace

void Tally::Add(const Scenario& sc, const RunRecord& rec) {
  ++runs;
  ballots_sum += rec.ballots;
  std::vector<Counts> counts;
  for (size_t k = 0; k < rule_sets.size(); ++k) {
    RuleSetTally& t = rule_sets[k];
    const RuleSetRecord& r = rec.rule_sets[k];
    counts.push_back(Summarise(sc, r));
    const Counts& c = counts.back();
    for (size_t i = 0; i < c.cand.size(); ++i) {
      t.elected[i] += c.cand[i];
      if (i < r.first_pref_share.size()) t.first_pref_sum[i] += r.first_pref_share[i];
      const int64_t first = i < r.first_preferences.size() ? r.first_preferences[i] : 0;
      t.first_pref_count_sum[i] += first;
      t.first_pref_runs.push_back(static_cast<int32_t>(first));
      if (t.has_marks) {
        const int64_t m = i < r.marks.size() ? r.marks[i] : 0;
        t.marks_sum[i] += m;
        t.marks_runs.push_back(static_cast<int32_t>(m));
      }
    }
    for (size_t s = 0; s < c.slate.size(); ++s) ++t.slate_seats[s][static_cast<size_t>(c.slate[s])];
    ++t.seat_splits[c.slate];
    if (t.has_vacancies) {
      const size_t C = sc.candidates.size();
      for (size_t i = 0; i < r.elected.size() && i < r.vacancy_replacement.size(); ++i) {
        const CandidateId who = r.elected[i], by = r.vacancy_replacement[i];
        ++t.vacancy[static_cast<size_t>(who)][by >= 0 ? static_cast<size_t>(by) : C];
        if (i < r.vacancy_unseats.size()) t.vacancy_unseats[static_cast<size_t>(who)] += r.vacancy_unseats[i] != 0;
      }
    }
    for (size_t g = 0; g < c.region.size(); ++g) {
      t.region_any[g] += c.region[g] > 0;
      t.region_seats[g] += c.region[g];
      t.region_seats_sq[g] += static_cast<int64_t>(c.region[g]) * c.region[g];
    }
    ++t.women[static_cast<size_t>(c.women)];
    t.constraints_changed += r.constraints_changed;
    {
      double lh = 0, gal = 0;
      const int seats = sc.rule_sets[k].seats;
      for (size_t g = 0; g < c.region.size(); ++g) {
        const double m = static_cast<double>(sc.regions[g].members) / static_cast<double>(members_total_);
        const double s = static_cast<double>(c.region[g]) / seats;
        lh += std::fabs(m - s);
        gal += (m - s) * (m - s);
      }
      t.loosemore_hanby.push_back(static_cast<float>(0.5 * lh));
      t.gallagher.push_back(static_cast<float>(std::sqrt(0.5 * gal)));
    }
    int16_t majority = -1;
    if (sc.nec.enabled) {
      const std::vector<int> held = NecSeatsHeld(sc.nec, rec.nec_other, r.elected, slate_of_, static_cast<int>(sc.slates.size()));
      const int total = sc.nec.other_seats() + sc.rule_sets[k].seats;
      for (size_t f = 0; f < held.size(); ++f) {
        t.nec_seats[f] += held[f];
        t.nec_majority[f] += IsMajority(held[f], total);
        if (IsMajority(held[f], total)) majority = static_cast<int16_t>(f);
      }
    }
    t.elected_by_run.push_back(r.elected);
    t.changed_by_run.push_back(r.constraints_changed ? 1 : 0);
    t.nec_majority_by_run.push_back(majority);
  }
  for (PairTally& p : pairs) {
    const Counts& A = counts[static_cast<size_t>(p.a)];
    const Counts& B = counts[static_cast<size_t>(p.b)];
    for (size_t i = 0; i < A.cand.size(); ++i) {
      const int d = A.cand[i] - B.cand[i];
      p.cand_d[i] += d;
      p.cand_d2[i] += d * d;
    }
    for (size_t s = 0; s < A.slate.size(); ++s) {
      const int d = A.slate[s] - B.slate[s];
      p.slate_d[s] += d;
      p.slate_d2[s] += d * d;
      const int64_t na = sc.rule_sets[static_cast<size_t>(p.a)].seats, nb = sc.rule_sets[static_cast<size_t>(p.b)].seats;
      const int64_t e = A.slate[s] * nb - B.slate[s] * na;
      p.share_d[s] += e;
      p.share_d2[s] += e * e;
    }
    for (size_t g = 0; g < A.region.size(); ++g) {
      const int d = (A.region[g] > 0) - (B.region[g] > 0);
      p.region_d[g] += d;
      p.region_d2[g] += d * d;
    }
    const int d = A.women - B.women;
    p.women_d += d;
    p.women_d2 += d * d;
  }
}

double Tally::MaxStandardError() const {
  if (runs < 2) return 1.0;
  const double n = static_cast<double>(runs);
  auto se = [n](int64_t k) {
    const double p = static_cast<double>(k) / n;
    return std::sqrt(p * (1 - p) / n);
  };
  double worst = 0;
  for (const auto& t : rule_sets) {
    for (int64_t k : t.elected) worst = std::max(worst, se(k));
    for (int64_t k : t.region_any) worst = std::max(worst, se(k));
    for (const auto& hist : t.slate_seats) {
      for (int64_t k : hist) worst = std::max(worst, se(k));
    }
    worst = std::max(worst, se(t.constraints_changed));
    for (int64_t k : t.nec_majority) worst = std::max(worst, se(k));
  }
  return worst;
}

}  // namespace necsim
