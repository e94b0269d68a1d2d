#include "outputs/outputs.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <unistd.h>

#include "core/numeric.h"
#include "io/atomic_write.h"
#include "io/csv.h"
#include "voters/voter_model.h"

namespace necsim {
namespace {

// Probabilities and means are rounded to 6 decimals in the outputs: far below
// any Monte Carlo error, and it keeps files readable and diffs meaningful.
double R6(double x) { return std::round(x * 1e6) / 1e6; }

double Se(int64_t k, int64_t n) {
  if (n < 2) return 0;
  const double p = static_cast<double>(k) / static_cast<double>(n);
  return std::sqrt(p * (1 - p) / static_cast<double>(n));
}

double PairSe(int64_t s1, int64_t s2, int64_t n) {
  if (n < 2) return 0;
  const double dn = static_cast<double>(n);
  const double var = (static_cast<double>(s2) - static_cast<double>(s1) * static_cast<double>(s1) / dn) / (dn - 1);
  return std::sqrt(std::max(0.0, var) / dn);
}

// Candidate c's values over the runs of a [run * candidates + candidate]
// table, in increasing order.
std::vector<int32_t> SortedColumn(const std::vector<int32_t>& runs, size_t candidates, size_t c) {
  std::vector<int32_t> v;
  if (candidates == 0) return v;
  v.reserve(runs.size() / candidates);
  for (size_t i = c; i < runs.size(); i += candidates) v.push_back(runs[i]);
  std::sort(v.begin(), v.end());
  return v;
}

// The mean (of the exact sum) and the 5% and 95% nearest-rank quantiles of
// sorted per-run counts.
RangeResult CountRange(int64_t sum, const std::vector<int32_t>& sorted) {
  RangeResult r;
  const int64_t n = static_cast<int64_t>(sorted.size());
  if (n == 0) return r;
  r.mean = R6(static_cast<double>(sum) / static_cast<double>(n));
  r.p5 = sorted[static_cast<size_t>(QuantileRank(n, 0.05) - 1)];
  r.p95 = sorted[static_cast<size_t>(QuantileRank(n, 0.95) - 1)];
  return r;
}

// The first-preference shares of each run (a candidate's first preferences
// over all the run's first preferences, as the run record computes them),
// column c of the table, in increasing order.
std::vector<float> SortedShares(const std::vector<int32_t>& runs, size_t candidates, size_t c) {
  std::vector<float> v;
  if (candidates == 0) return v;
  v.reserve(runs.size() / candidates);
  for (size_t base = 0; base + candidates <= runs.size(); base += candidates) {
    double total = 0;
    for (size_t i = 0; i < candidates; ++i) total += static_cast<double>(runs[base + i]);
    v.push_back(total > 0 ? static_cast<float>(static_cast<double>(runs[base + c]) / total) : 0.0f);
  }
  std::sort(v.begin(), v.end());
  return v;
}

// A slate's short label for the seat splits' labels: the initials of a name of
// two or more words of letters (Grassroots Voice: GV; Labour to Win: LTW),
// Ind for independents, else the name itself.
std::string ShortSlateLabel(const std::string& name, bool independent) {
  if (independent) return "Ind";
  std::string initials;
  bool start = true;
  int words = 0;
  for (char ch : name) {
    const unsigned char u = static_cast<unsigned char>(ch);
    if (ch == ' ') {
      start = true;
      continue;
    }
    if (!std::isalpha(u)) return name;
    if (start) {
      initials += static_cast<char>(std::toupper(u));
      ++words;
    }
    start = false;
  }
  return words >= 2 ? initials : name;
}

// The labels of the listed slates: short ones (ShortSlateLabel) unless two
// of them coincide, or one is another slate's name, in which case the names.
std::vector<std::string> SlateLabels(const std::vector<std::string>& names, const std::vector<bool>& independent) {
  std::vector<std::string> out;
  for (size_t i = 0; i < names.size(); ++i) out.push_back(ShortSlateLabel(names[i], independent[i]));
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t j = 0; j < out.size(); ++j) {
      if (i != j && (out[i] == out[j] || out[i] == names[j])) return names;
    }
  }
  return out;
}

// The scenario's assumptions and what its blocs' behaviour implies for their
// first preferences (results.h, AssumptionsResult). A plain voter of bloc b
// in region r gives candidate j the first preference with probability
// w_j / W (Plackett-Luce: stop never comes first; w_j = exp(utility) without
// campaign noise, over every candidate, as on a national ballot); a follower
// of a card ranks its first name first with probability `compliance`, else
// chooses as a plain voter (docs/cards.md). Regions are weighted by the
// bloc's expected voters there (members x share x mean turnout).
AssumptionsResult BuildAssumptions(const Scenario& sc) {
  AssumptionsResult a;
  const VoterModel m = VoterModel::Build(sc);
  for (const RegionConfig& g : sc.regions) a.regions.push_back({g.name, g.members, R6(g.turnout.mean), R6(g.turnout.sd)});
  bool any_independent = false;
  for (const CandidateConfig& c : sc.candidates) any_independent |= c.slate < 0;
  const size_t slates = sc.slates.size() + (any_independent ? 1 : 0);
  auto slate_name = [&](size_t k) { return k < sc.slates.size() ? sc.slates[k].name : std::string("independent"); };
  for (size_t b = 0; b < sc.blocs.size(); ++b) {
    const BlocConfig& bc = sc.blocs[b];
    BlocAssumption x;
    x.name = bc.name;
    for (size_t r = 0; r < sc.regions.size(); ++r) x.share.emplace_back(sc.regions[r].name, R6(bc.share[r]));
    x.concentration = R6(bc.concentration);
    x.turnout_factor = R6(bc.turnout_factor);
    for (size_t k = 0; k < slates; ++k) {
      const size_t at = k < sc.slates.size() ? k : bc.affinity.size() - 1;
      x.affinity.emplace_back(slate_name(k), R6(at < bc.affinity.size() ? bc.affinity[at] : 0.0));
    }
    x.home_region = R6(bc.home_region);
    x.women = R6(bc.women);
    x.campaign_noise = R6(bc.campaign_noise);
    x.stop = R6(m.stop[b]);
    for (const BlocConfig::Follow& f : bc.follow) {
      const CardConfig& card = sc.cards[static_cast<size_t>(f.card)];
      x.follow.push_back({card.name, card.slate >= 0 ? sc.slates[static_cast<size_t>(card.slate)].name : "", R6(f.share)});
    }
    x.compliance = R6(bc.compliance);
    std::vector<double> split(slates, 0.0);
    double voters_sum = 0;
    const size_t n = sc.candidates.size();
    for (size_t r = 0; r < sc.regions.size(); ++r) {
      const RegionConfig& g = sc.regions[r];
      const double shift = r < bc.turnout_shift.size() ? bc.turnout_shift[r] : 0.0;
      const double turnout = std::clamp(g.turnout.mean * bc.turnout_factor + shift, 0.0, 0.999);
      const double voters = static_cast<double>(g.members) * bc.share[r] * turnout;
      if (!(voters > 0) || n == 0) continue;
      std::vector<double> p(n);
      double total = 0;
      for (size_t c = 0; c < n; ++c) {
        p[c] = std::exp(m.base_utility[(b * sc.regions.size() + r) * n + c]);
        total += p[c];
      }
      for (double& v : p) v /= total;
      std::vector<double> first(n);
      for (size_t c = 0; c < n; ++c) first[c] = p[c];  // every voter's free choice ...
      for (const BlocConfig::Follow& f : bc.follow) {  // ... and a card's first name
        const CardConfig& card = sc.cards[static_cast<size_t>(f.card)];
        if (card.order.empty()) continue;
        const size_t top = static_cast<size_t>(card.order[0]);
        for (size_t c = 0; c < n; ++c) first[c] -= f.share * bc.compliance * p[c];
        first[top] += f.share * bc.compliance;
      }
      for (size_t c = 0; c < n; ++c) {
        const int sl = sc.candidates[c].slate;
        split[sl >= 0 ? static_cast<size_t>(sl) : slates - 1] += voters * first[c];
      }
      voters_sum += voters;
    }
    for (size_t k = 0; k < slates; ++k) {
      x.first_preferences.emplace_back(slate_name(k), R6(voters_sum > 0 ? split[k] / voters_sum : 0.0));
    }
    a.blocs.push_back(std::move(x));
  }
  return a;
}

}  // namespace

RunResults BuildRunResults(const Scenario& sc, const Tally& t, uint64_t seed, SamplerKind sampler,
                           bool stopped_on_precision, double precision) {
  const int64_t n = t.runs;
  const double dn = static_cast<double>(std::max<int64_t>(n, 1));
  RunResults r;
  r.scenario = sc.name;
  r.description = sc.description;
  r.seed = seed;
  r.runs = n;
  r.sampler = sampler == SamplerKind::kFast ? "fast" : "reference";
  if (precision > 0) {
    r.precision_target = precision;
    r.stopped_on_precision = stopped_on_precision;
  }
  r.mean_ballots = R6(static_cast<double>(t.ballots_sum) / dn);
  r.assumptions = BuildAssumptions(sc);
  int64_t members = 0;
  for (const auto& g : sc.regions) members += g.members;
  std::vector<std::string> slate_names;
  for (const auto& s : sc.slates) slate_names.push_back(s.name);
  slate_names.push_back("independent");
  auto distribution = [&](const std::vector<int64_t>& hist, double& mean) {
    Distribution d;
    mean = 0;
    for (size_t k = 0; k < hist.size(); ++k) {
      d.emplace_back(std::to_string(k), R6(static_cast<double>(hist[k]) / dn));
      mean += static_cast<double>(k) * static_cast<double>(hist[k]) / dn;
    }
    mean = R6(mean);
    return d;
  };
  auto spread = [&](std::vector<float> v) -> std::optional<SpreadResult> {
    if (v.empty()) return std::nullopt;
    double sum = 0;
    for (float x : v) sum += x;
    std::sort(v.begin(), v.end());
    auto q = [&](double p) { return static_cast<double>(v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)]); };
    SpreadResult s;
    s.mean = R6(sum / static_cast<double>(v.size()));
    s.p5 = R6(q(0.05));
    s.p50 = R6(q(0.5));
    s.p95 = R6(q(0.95));
    return s;
  };
  for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
    const RuleSetConfig& rs = sc.rule_sets[k];
    const RuleSetTally& rt = t.rule_sets[k];
    RuleSetResult o;
    o.name = rs.name;
    o.rule = RuleName(rs.rule);
    o.seats = rs.seats;
    if (rs.women_min >= 0) o.women_min = rs.women_min;
    for (size_t c = 0; c < sc.candidates.size(); ++c) {
      const auto& cc = sc.candidates[c];
      CandidateResult x;
      x.name = cc.name;
      x.slate = cc.slate >= 0 ? sc.slates[cc.slate].name : "independent";
      x.region = cc.region >= 0 ? sc.regions[cc.region].name : "";
      x.gender = cc.gender == Gender::kWoman ? "f" : cc.gender == Gender::kMan ? "m" : "";
      x.p_elected = R6(static_cast<double>(rt.elected[c]) / dn);
      x.se = R6(Se(rt.elected[c], n));
      x.mean_first_pref_share = R6(rt.first_pref_sum[c] / dn);
      const size_t C = sc.candidates.size();
      x.first_preferences = CountRange(rt.first_pref_count_sum[c], SortedColumn(rt.first_pref_runs, C, c));
      {
        const std::vector<float> shares = SortedShares(rt.first_pref_runs, C, c);
        RangeResult sh;
        sh.mean = x.mean_first_pref_share;
        if (!shares.empty()) {
          const int64_t m = static_cast<int64_t>(shares.size());
          sh.p5 = R6(shares[static_cast<size_t>(QuantileRank(m, 0.05) - 1)]);
          sh.p95 = R6(shares[static_cast<size_t>(QuantileRank(m, 0.95) - 1)]);
        }
        x.first_preference_share = sh;
      }
      if (rt.has_marks) x.marks = CountRange(rt.marks_sum[c], SortedColumn(rt.marks_runs, C, c));
      o.candidates.push_back(x);
    }
    std::vector<size_t> listed;  // the slates listed (those with candidates)
    for (size_t s = 0; s < slate_names.size(); ++s) {
      const auto& hist = rt.slate_seats[s];
      bool any_candidate = false;
      for (const auto& cc : sc.candidates) {
        any_candidate |= (cc.slate >= 0 ? static_cast<size_t>(cc.slate) : sc.slates.size()) == s;
      }
      if (!any_candidate) continue;
      SlateResult x;
      x.name = slate_names[s];
      x.seat_distribution = distribution(hist, x.mean);
      x.p5 = HistogramQuantile(hist, n, 0.05);
      x.p95 = HistogramQuantile(hist, n, 0.95);
      // P(at least k): the runs with k or more seats, summed from the top.
      x.p_at_least.assign(hist.size(), 0.0);
      x.p_at_least_se.assign(hist.size(), 0.0);
      int64_t at_least = 0;
      for (size_t k = hist.size(); k-- > 0;) {
        at_least += hist[k];
        x.p_at_least[k] = R6(static_cast<double>(at_least) / dn);
        x.p_at_least_se[k] = R6(Se(at_least, n));
      }
      {
        int64_t seats = 0;
        for (size_t k = 0; k < hist.size(); ++k) seats += static_cast<int64_t>(k) * hist[k];
        x.seat_share = R6(static_cast<double>(seats) / dn / rs.seats);
      }
      o.slates.push_back(x);
      listed.push_back(s);
    }
    {
      // The joint outcome: every split seen, likeliest first; equally likely
      // splits with more seats for the earlier slates first.
      std::vector<std::string> names;
      std::vector<bool> independent;
      for (size_t s : listed) {
        names.push_back(slate_names[s]);
        independent.push_back(s == sc.slates.size());
      }
      const std::vector<std::string> labels = SlateLabels(names, independent);
      std::vector<std::pair<const std::vector<int>*, int64_t>> splits;
      for (const auto& [split, runs] : rt.seat_splits) splits.emplace_back(&split, runs);
      std::sort(splits.begin(), splits.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return *a.first > *b.first;
      });
      int64_t rest = 0, rest_splits = 0;
      for (size_t i = 0; i < splits.size(); ++i) {
        if (i >= kSeatSplitsListed) {
          rest += splits[i].second;
          ++rest_splits;
          continue;
        }
        SeatSplitResult x;
        for (size_t j = 0; j < listed.size(); ++j) {
          const int seats = (*splits[i].first)[listed[j]];
          x.split.emplace_back(names[j], seats);
          x.label += (j ? " / " : "") + labels[j] + " " + std::to_string(seats);
        }
        x.p = R6(static_cast<double>(splits[i].second) / dn);
        x.se = R6(Se(splits[i].second, n));
        o.seat_splits.push_back(std::move(x));
      }
      if (rest_splits > 0) {
        o.seat_splits_other = SeatSplitsOther{rest_splits, R6(static_cast<double>(rest) / dn), R6(Se(rest, n))};
      }
    }
    if (rt.has_vacancies) {
      std::vector<VacancyResult> vac;
      const size_t C = sc.candidates.size();
      for (size_t c = 0; c < C; ++c) {
        const int64_t m = rt.elected[c];
        if (m == 0) continue;
        VacancyResult v;
        v.elected = sc.candidates[c].name;
        v.runs = m;
        v.p_elected = R6(static_cast<double>(m) / dn);
        v.p_unseats = R6(static_cast<double>(rt.vacancy_unseats[c]) / static_cast<double>(m));
        std::vector<size_t> order;
        for (size_t r = 0; r <= C; ++r) {
          if (rt.vacancy[c][r] > 0) order.push_back(r);
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return rt.vacancy[c][a] > rt.vacancy[c][b]; });
        for (size_t r : order) {
          ReplacementResult x;
          if (r < C) x.name = sc.candidates[r].name;
          x.p = R6(static_cast<double>(rt.vacancy[c][r]) / static_cast<double>(m));
          x.se = R6(Se(rt.vacancy[c][r], m));
          v.replacements.push_back(std::move(x));
        }
        vac.push_back(std::move(v));
      }
      o.vacancies = std::move(vac);
    }
    for (size_t g = 0; g < sc.regions.size(); ++g) {
      RegionResult x;
      x.name = sc.regions[g].name;
      x.p_at_least_one = R6(static_cast<double>(rt.region_any[g]) / dn);
      x.se = R6(Se(rt.region_any[g], n));
      x.expected_elected = R6(static_cast<double>(rt.region_seats[g]) / dn);
      x.members_share = R6(static_cast<double>(sc.regions[g].members) / static_cast<double>(members));
      x.seats_share = R6(static_cast<double>(rt.region_seats[g]) / dn / rs.seats);
      o.regions.push_back(x);
    }
    o.women.distribution = distribution(rt.women, o.women.mean);
    o.women.p_gender_rule_changed = R6(static_cast<double>(rt.constraints_changed) / dn);
    o.women.se = R6(Se(rt.constraints_changed, n));
    if (rs.is_regional()) {
      DesignResult d;
      const char* g = "none";
      switch (rs.regional.gender) {
        case RegionalGender::kNone: g = "none"; break;
        case RegionalGender::kPairing: g = "pairing"; break;
        case RegionalGender::kZipping: g = "zipping"; break;
        case RegionalGender::kTwoPerRegion: g = "two_per_region"; break;
      }
      d.regional_rule = RuleName(rs.regional.rule);
      d.regional_seats = rs.regional_seats();
      d.seats = rs.regional.apportionment;
      d.gender = g;
      d.national_seats = rs.national_seats;
      if (rs.national_seats > 0) d.national_rule = RuleName(rs.national_rule);
      o.design = d;
    }
    o.loosemore_hanby = spread(rt.loosemore_hanby);
    o.gallagher = spread(rt.gallagher);
    if (sc.nec.enabled) {
      NecResult nec;
      nec.total_seats = sc.nec.other_seats() + rs.seats;
      for (size_t f = 0; f < sc.nec.factions.size(); ++f) {
        NecFactionResult x;
        x.name = sc.nec.factions[f];
        x.mean_seats = R6(static_cast<double>(rt.nec_seats[f]) / dn);
        x.p_majority = R6(static_cast<double>(rt.nec_majority[f]) / dn);
        x.se = R6(Se(rt.nec_majority[f], n));
        nec.factions.push_back(x);
      }
      o.nec = nec;
    }
    r.rule_sets.push_back(std::move(o));
  }
  for (const PairTally& p : t.pairs) {
    ComparisonResult x;
    x.a = sc.rule_sets[static_cast<size_t>(p.a)].name;
    x.b = sc.rule_sets[static_cast<size_t>(p.b)].name;
    for (size_t s = 0; s < slate_names.size(); ++s) {
      x.slates.push_back({slate_names[s], R6(static_cast<double>(p.slate_d[s]) / dn), R6(PairSe(p.slate_d[s], p.slate_d2[s], n))});
      // Seat shares: the sums are of d x seats(a) x seats(b).
      const double scale = static_cast<double>(sc.rule_sets[static_cast<size_t>(p.a)].seats) *
                           static_cast<double>(sc.rule_sets[static_cast<size_t>(p.b)].seats);
      x.slate_shares.push_back({slate_names[s], R6(static_cast<double>(p.share_d[s]) / dn / scale),
                                R6(PairSe(p.share_d[s], p.share_d2[s], n) / scale)});
    }
    for (size_t c = 0; c < sc.candidates.size(); ++c) {
      x.candidates.push_back(
          {sc.candidates[c].name, R6(static_cast<double>(p.cand_d[c]) / dn), R6(PairSe(p.cand_d[c], p.cand_d2[c], n))});
    }
    for (size_t g = 0; g < sc.regions.size(); ++g) {
      x.regions.push_back(
          {sc.regions[g].name, R6(static_cast<double>(p.region_d[g]) / dn), R6(PairSe(p.region_d[g], p.region_d2[g], n))});
    }
    x.women_mean_difference = R6(static_cast<double>(p.women_d) / dn);
    x.women_se = R6(PairSe(p.women_d, p.women_d2, n));
    r.comparisons.push_back(std::move(x));
  }
  return r;
}

nlohmann::ordered_json SummaryJson(const Scenario& sc, const Tally& t, uint64_t seed, SamplerKind sampler,
                                   bool stopped_on_precision, double precision) {
  return ToJson(BuildRunResults(sc, t, seed, sampler, stopped_on_precision, precision));
}

std::map<std::string, std::string> TidyCsv(const RunResults& s) {
  std::ostringstream cand, slate, region, comp;
  cand << "rule_set,candidate,slate,region,gender,p_elected,se,mean_first_pref_share,first_pref_mean,first_pref_p5,"
          "first_pref_p95,first_pref_share_mean,first_pref_share_p5,first_pref_share_p95,marks_mean,marks_p5,"
          "marks_p95\n";
  auto range = [](const std::optional<RangeResult>& r) {
    if (!r) return std::string(",,");
    return CsvNumber(r->mean) + "," + CsvNumber(r->p5) + "," + CsvNumber(r->p95);
  };
  slate << "rule_set,slate,seats,probability,mean,p5,p95,p_at_least,p_at_least_se,seat_share\n";
  std::ostringstream splits, vacancies;
  splits << "rule_set,rank,label,slate,seats,p,se\n";
  vacancies << "rule_set,elected,replacement,p,se\n";
  bool have_vacancies = false;
  region << "rule_set,region,p_at_least_one,se,expected_elected,members_share,seats_share\n";
  for (const auto& rs : s.rule_sets) {
    const std::string name = CsvField(rs.name);
    for (const auto& c : rs.candidates) {
      cand << name << "," << CsvField(c.name) << "," << CsvField(c.slate) << "," << CsvField(c.region) << ","
           << c.gender << "," << CsvNumber(c.p_elected) << "," << CsvNumber(c.se) << ","
           << CsvNumber(c.mean_first_pref_share) << "," << range(c.first_preferences) << ","
           << range(c.first_preference_share) << "," << range(c.marks) << "\n";
    }
    for (const auto& sl : rs.slates) {
      size_t i = 0;
      for (const auto& [k, p] : sl.seat_distribution) {
        slate << name << "," << CsvField(sl.name) << "," << k << "," << CsvNumber(p) << "," << CsvNumber(sl.mean)
              << "," << sl.p5 << "," << sl.p95 << ","
              << (i < sl.p_at_least.size() ? CsvNumber(sl.p_at_least[i]) : "") << ","
              << (i < sl.p_at_least_se.size() ? CsvNumber(sl.p_at_least_se[i]) : "") << ","
              << (sl.seat_share ? CsvNumber(*sl.seat_share) : "") << "\n";
        ++i;
      }
    }
    for (size_t i = 0; i < rs.seat_splits.size(); ++i) {
      const SeatSplitResult& sp = rs.seat_splits[i];
      for (const auto& [sl, seats] : sp.split) {
        splits << name << "," << i + 1 << "," << CsvField(sp.label) << "," << CsvField(sl) << "," << seats << ","
               << CsvNumber(sp.p) << "," << CsvNumber(sp.se) << "\n";
      }
    }
    if (rs.seat_splits_other) {
      splits << name << ",,other,,," << CsvNumber(rs.seat_splits_other->p) << "," << CsvNumber(rs.seat_splits_other->se)
             << "\n";
    }
    if (rs.vacancies) {
      have_vacancies = true;
      for (const auto& v : *rs.vacancies) {
        for (const auto& r : v.replacements) {
          vacancies << name << "," << CsvField(v.elected) << "," << (r.name ? CsvField(*r.name) : "") << ","
                    << CsvNumber(r.p) << "," << CsvNumber(r.se) << "\n";
        }
      }
    }
    for (const auto& g : rs.regions) {
      region << name << "," << CsvField(g.name) << "," << CsvNumber(g.p_at_least_one) << "," << CsvNumber(g.se) << ","
             << CsvNumber(g.expected_elected) << "," << CsvNumber(g.members_share) << "," << CsvNumber(g.seats_share)
             << "\n";
    }
  }
  comp << "rule_set_a,rule_set_b,kind,entity,difference,se\n";
  for (const auto& c : s.comparisons) {
    const std::string ab = CsvField(c.a) + "," + CsvField(c.b);
    for (const auto& x : c.slates) {
      comp << ab << ",slate_seats," << CsvField(x.name) << "," << CsvNumber(x.difference) << "," << CsvNumber(x.se) << "\n";
    }
    for (const auto& x : c.slate_shares) {
      comp << ab << ",slate_seat_share," << CsvField(x.name) << "," << CsvNumber(x.difference) << ","
           << CsvNumber(x.se) << "\n";
    }
    for (const auto& x : c.candidates) {
      comp << ab << ",candidate_p_elected," << CsvField(x.name) << "," << CsvNumber(x.difference) << ","
           << CsvNumber(x.se) << "\n";
    }
    for (const auto& x : c.regions) {
      comp << ab << ",region_p_represented," << CsvField(x.name) << "," << CsvNumber(x.difference) << ","
           << CsvNumber(x.se) << "\n";
    }
    comp << ab << ",women_elected,women," << CsvNumber(c.women_mean_difference) << "," << CsvNumber(c.women_se) << "\n";
  }
  std::ostringstream nec, disp;
  nec << "rule_set,faction,total_seats,mean_seats,p_majority,se\n";
  disp << "rule_set,index,mean,p5,p50,p95\n";
  bool have_nec = false;
  for (const auto& rs : s.rule_sets) {
    const std::string name = CsvField(rs.name);
    for (const auto& [idx, d] : {std::pair{"loosemore_hanby", &rs.loosemore_hanby}, std::pair{"gallagher", &rs.gallagher}}) {
      if (!*d) continue;
      disp << name << "," << idx << "," << CsvNumber((*d)->mean) << "," << CsvNumber((*d)->p5) << ","
           << CsvNumber((*d)->p50) << "," << CsvNumber((*d)->p95) << "\n";
    }
    if (!rs.nec) continue;
    have_nec = true;
    for (const auto& f : rs.nec->factions) {
      nec << name << "," << CsvField(f.name) << "," << rs.nec->total_seats << "," << CsvNumber(f.mean_seats) << ","
          << CsvNumber(f.p_majority) << "," << CsvNumber(f.se) << "\n";
    }
  }
  std::map<std::string, std::string> out{{"candidates.csv", cand.str()},
                                         {"slates.csv", slate.str()},
                                         {"seat_splits.csv", splits.str()},
                                         {"regions.csv", region.str()},
                                         {"comparisons.csv", comp.str()},
                                         {"disproportionality.csv", disp.str()}};
  if (have_nec) out["nec.csv"] = nec.str();
  if (have_vacancies) out["vacancies.csv"] = vacancies.str();
  return out;
}

std::string SummaryText(const RunResults& s) {
  std::ostringstream out;
  out << "Scenario " << s.scenario << ": " << s.runs << " runs, seed " << s.seed << ", mean ballots " << std::fixed
      << std::setprecision(0) << s.mean_ballots << "\n";
  for (const auto& rs : s.rule_sets) {
    out << "\n== " << rs.name << " (" << rs.rule << ", " << rs.seats << " seats)\n";
    out << "  Slate                      mean seats   5-95%   seat share\n";
    for (const auto& sl : rs.slates) {
      std::string nm = sl.name;
      nm.resize(26, ' ');
      std::string range = std::to_string(sl.p5) + "-" + std::to_string(sl.p95);
      range.resize(7, ' ');
      out << "  " << nm << " " << std::setw(10) << std::setprecision(2) << sl.mean << "   " << range;
      if (sl.seat_share) out << " " << std::setw(9) << std::setprecision(1) << 100 * *sl.seat_share << "%";
      out << "\n";
    }
    if (!rs.seat_splits.empty()) {
      out << "  Likeliest seat splits:";
      for (size_t i = 0; i < rs.seat_splits.size() && i < 5; ++i) {
        out << (i ? ";" : "") << " " << rs.seat_splits[i].label << " " << std::setprecision(1)
            << 100 * rs.seat_splits[i].p << "%";
      }
      out << "\n";
    }
    bool any_at_least = false;
    for (const auto& sl : rs.slates) any_at_least |= sl.p_at_least.size() > 1;
    if (any_at_least) {
      out << "  P(at least k seats)   k:";
      for (int k = 1; k <= rs.seats; ++k) out << std::setw(7) << k;
      out << "\n";
      for (const auto& sl : rs.slates) {
        std::string nm = sl.name;
        nm.resize(26, ' ');
        out << "  " << nm;
        for (size_t k = 1; k < sl.p_at_least.size(); ++k) {
          out << std::setw(6) << std::setprecision(1) << 100 * sl.p_at_least[k] << "%";
        }
        out << "\n";
      }
    }
    std::vector<std::pair<double, std::string>> top;
    for (const auto& c : rs.candidates) top.emplace_back(c.p_elected, c.name);
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    out << "  Most likely elected: ";
    for (size_t i = 0; i < top.size() && i < static_cast<size_t>(rs.seats); ++i) {
      out << (i ? ", " : "") << top[i].second << " " << std::setprecision(0) << 100 * top[i].first << "%";
    }
    bool any_first = false, any_marks = false;
    for (const auto& c : rs.candidates) {
      any_first |= c.first_preferences.has_value();
      any_marks |= c.marks.has_value();
    }
    if (any_first) {
      auto count = [](const std::optional<RangeResult>& r) {
        std::ostringstream o;
        o << std::fixed << std::setprecision(0);
        if (r) o << r->mean << " (" << r->p5 << "-" << r->p95 << ")";
        return o.str();
      };
      auto share = [](const std::optional<RangeResult>& r) {
        std::ostringstream o;
        o << std::fixed << std::setprecision(1);
        if (r) o << 100 * r->mean << "% (" << 100 * r->p5 << "-" << 100 * r->p95 << "%)";
        return o.str();
      };
      auto pad = [](std::string x, size_t w) {
        if (x.size() < w) x.resize(w, ' ');
        return x;
      };
      auto line = [&](const std::string& name, const std::string& f, const std::string& sh, const std::string& m) {
        std::string l = "  " + pad(name, 26) + " " + pad(f, 27) + " " + pad(sh, 18) + " " + m;
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out << "\n" << l;
      };
      line("Candidate", "first preferences (5-95%)", "share (5-95%)", any_marks ? "marks (5-95%)" : "");
      for (const auto& c : rs.candidates) {
        line(c.name, count(c.first_preferences), share(c.first_preference_share), any_marks ? count(c.marks) : "");
      }
    }
    out << "\n  Women elected: mean " << std::setprecision(2) << rs.women.mean
        << "; gender rule changed the result in " << std::setprecision(1) << 100 * rs.women.p_gender_rule_changed
        << "% of runs\n";
    int unrep = 0;
    std::string names;
    for (const auto& g : rs.regions) {
      if (g.p_at_least_one < 0.5) {
        ++unrep;
        names += (names.empty() ? "" : ", ") + g.name;
      }
    }
    out << "  Regions usually unrepresented (P < 50%): " << (unrep ? names : "none") << "\n";
    if (rs.vacancies) {
      out << "  Casual vacancies (who takes the seat when a member leaves, given they were elected):\n";
      for (const auto& v : *rs.vacancies) {
        out << "    " << v.elected << " (elected " << std::setprecision(0) << 100 * v.p_elected << "%):";
        for (size_t i = 0; i < v.replacements.size() && i < 3; ++i) {
          const auto& r = v.replacements[i];
          out << (i ? "," : "") << " " << (r.name ? *r.name : "none") << " " << std::setprecision(0) << 100 * r.p
              << "%";
        }
        out << "\n";
      }
    }
    if (rs.nec) {
      out << "  NEC (" << rs.nec->total_seats << " seats): P(majority)";
      for (const auto& f : rs.nec->factions) {
        out << "  " << f.name << " " << std::setprecision(1) << 100 * f.p_majority << "%";
      }
      out << "\n";
    }
  }
  for (const auto& c : s.comparisons) {
    out << "\n" << c.a << " minus " << c.b << " (paired):";
    for (const auto& x : c.slates) {
      out << "  " << x.name << " " << std::showpos << std::setprecision(2) << x.difference << std::noshowpos
          << " (se " << std::setprecision(3) << x.se << ")";
    }
    out << "\n";
  }
  return out.str();
}

std::map<std::string, std::string> TidyCsv(const nlohmann::ordered_json& summary) {
  auto r = RunResultsFromJson(summary);
  return r.ok() ? TidyCsv(*r) : std::map<std::string, std::string>{};
}

std::string SummaryText(const nlohmann::ordered_json& summary) {
  auto r = RunResultsFromJson(summary);
  return r.ok() ? SummaryText(*r) : "necsim: " + r.error().ToString() + "\n";
}

Status WriteOutputs(const std::string& dir, const std::map<std::string, std::string>& files, bool force,
                    const IoFaults* faults) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto out_error = [&](const std::string& message) {
    Error e;
    e.file = dir;
    e.field = "--out";
    e.message = message;
    return e;
  };
  if (fs::exists(dir, ec)) {
    if (!force) return out_error("the output folder already exists; choose another --out or pass --force to overwrite it");
    if (!fs::is_directory(dir, ec)) return out_error("exists and is not a folder");
    // --force replaces a results folder whole; a folder of anything else is
    // the user's and is left alone.
    bool empty = true;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      (void)e;
      empty = false;
      break;
    }
    if (!empty && !fs::exists(fs::path(dir) / "run_info.json", ec)) {
      return out_error("is not a necsim results folder (it has no run_info.json), so --force will not replace it; "
                       "choose another --out");
    }
  }
  // The new results are built beside the folder and swapped in whole: the
  // folder holds the old complete set or the new one, never a mix.
  return WriteFolderAtomic(dir, files, faults);
}

}  // namespace necsim
