#include "outputs/boundary_outputs.h"

#include "core/numeric.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "io/csv.h"

namespace necsim {
namespace {

using Json = nlohmann::ordered_json;

double Round(double x, int dp) {
  const double f = std::pow(10.0, dp);
  return std::round(x * f) / f;
}

// Summary statistics of a histogram h[i] = runs with value (i - offset).
struct HistStats {
  double mean = 0, sd = 0;
  int p5 = 0, p50 = 0, p95 = 0;
  double p_positive = 0, p_negative = 0;
};

HistStats Stats(const int64_t* h, int size, int offset, int64_t runs) {
  HistStats s;
  if (runs <= 0) return s;
  double sum = 0, sq = 0;
  int64_t pos = 0, neg = 0;
  for (int i = 0; i < size; ++i) {
    const double v = i - offset;
    sum += v * static_cast<double>(h[i]);
    sq += v * v * static_cast<double>(h[i]);
    if (i > offset) pos += h[i];
    if (i < offset) neg += h[i];
  }
  const double n = static_cast<double>(runs);
  s.mean = sum / n;
  s.sd = runs > 1 ? std::sqrt(std::max(0.0, (sq - sum * sum / n) / (n - 1))) : 0.0;
  auto quantile = [&](double q) { return HistogramQuantile(h, static_cast<size_t>(size), runs, q) - offset; };
  s.p5 = quantile(0.05);
  s.p50 = quantile(0.5);
  s.p95 = quantile(0.95);
  s.p_positive = static_cast<double>(pos) / n;
  s.p_negative = static_cast<double>(neg) / n;
  return s;
}

// A party's seats in a party -> seats object (0 when it is not there).
int SeatsOf(const Keyed<int>& seats, const std::string& party) {
  const int* n = FindKey(seats, party);
  return n ? *n : 0;
}

// Non-zero probabilities of a histogram, keyed by value.
Distribution HistDistribution(const int64_t* h, int size, int offset, int64_t runs) {
  Distribution d;
  for (int i = 0; i < size; ++i) {
    if (h[i] > 0) d.emplace_back(std::to_string(i - offset), static_cast<double>(h[i]) / static_cast<double>(runs));
  }
  return d;
}

BoundaryChangeStats ChangeStats(const int64_t* h, int size, int offset, int64_t runs) {
  const HistStats s = Stats(h, size, offset, runs);
  BoundaryChangeStats c;
  c.mean = Round(s.mean, 4);
  c.sd = Round(s.sd, 4);
  c.p5 = s.p5;
  c.p50 = s.p50;
  c.p95 = s.p95;
  c.p_gain = s.p_positive;
  c.p_loss = s.p_negative;
  c.distribution = HistDistribution(h, size, offset, runs);
  return c;
}

}  // namespace

Json BoundaryDeterministicJson(const BoundaryModel& m) {
  const BoundaryScenario& sc = *m.scenario;
  const auto seats = DeterministicSeats(m);
  Json j;
  for (int k = 0; k < 2; ++k) {
    Json s = Json::object();
    for (size_t p = 0; p < sc.parties.size(); ++p) s[sc.parties[p]] = seats[static_cast<size_t>(k)][p];
    j[sc.sets[static_cast<size_t>(k)].key] = s;
  }
  return j;
}

BoundaryResults BuildBoundaryResults(const BoundaryModel& m, const BoundaryTally& t, uint64_t seed) {
  const BoundaryScenario& sc = *m.scenario;
  const int P = m.parties;
  const auto uP = static_cast<size_t>(P);
  const double n = static_cast<double>(t.runs);
  BoundaryResults r;
  r.scenario = sc.name;
  r.seed = seed;
  r.runs = t.runs;
  r.swing_model = SwingModelName(sc.swing.model);
  r.parties = sc.parties;
  r.regions = sc.regions;
  r.nations = sc.nations;
  if (sc.stands.active()) {
    for (size_t p = 0; p < uP; ++p) {
      StandsResult s;
      s.party = sc.parties[p];
      for (size_t k = 0; k < 2; ++k) {
        const SetModel& sm = m.sets[k];
        for (int c = 0; c < sm.seats; ++c) {
          for (int32_t i = sm.offset[static_cast<size_t>(c)]; i < sm.offset[static_cast<size_t>(c) + 1]; ++i) {
            s.seats[k] += sm.party[static_cast<size_t>(i)] == p;
          }
          s.as_base[k] += sc.sets[k].table.Votes(c, static_cast<int>(p)) > 0;
        }
      }
      if (s.seats != s.as_base) r.stands.push_back(std::move(s));
    }
  }

  const auto baseline = DeterministicSeats(m);
  RunErrors zero;
  zero.national.assign(uP, 0.0);
  zero.regional.assign(static_cast<size_t>(m.regions) * uP, 0.0);
  for (size_t k = 0; k < 2; ++k) {
    const BoundarySet& set = sc.sets[k];
    SetSwing central;
    SetSwingFor(m, static_cast<int>(k), zero, central);
    const std::vector<int> central_seats = SeatsByParty(m, ProjectWinners(m, static_cast<int>(k), central));
    BoundarySetResult& s = r.sets[k];
    s.label = set.label;
    s.file = std::filesystem::path(set.file).filename().string();
    s.seats = set.table.seats();
    s.majority = set.majority;
    for (size_t p = 0; p < uP; ++p) {
      s.baseline_seats.emplace_back(sc.parties[p], baseline[k][p]);
      s.central_seats.emplace_back(sc.parties[p], central_seats[p]);
      s.national_share.emplace_back(sc.parties[p], Round(100 * m.sets[k].national_share[p], 4));
    }
    const int W = t.seats[k] + 1;
    for (size_t p = 0; p < uP; ++p) {
      const int64_t* h = t.seat_hist[k].data() + p * static_cast<size_t>(W);
      const HistStats st = Stats(h, W, 0, t.runs);
      BoundarySeatStats q;
      q.mean = Round(st.mean, 4);
      q.sd = Round(st.sd, 4);
      q.p5 = st.p5;
      q.p50 = st.p50;
      q.p95 = st.p95;
      q.p_majority = static_cast<double>(t.majority[k][p]) / n;
      q.distribution = HistDistribution(h, W, 0, t.runs);
      s.parties.emplace_back(sc.parties[p], std::move(q));
      r.p_majority[k].parties.emplace_back(sc.parties[p], static_cast<double>(t.majority[k][p]) / n);
    }
    r.p_majority[k].none = static_cast<double>(t.hung[k]) / n;
    // Mean seats per region and nation (parties with any seat there).
    auto area_means = [&](const std::vector<std::string>& names, const std::vector<int64_t>& sums) {
      Keyed<Keyed<double>> a;
      for (size_t g = 0; g < names.size(); ++g) {
        Keyed<double> row;
        for (size_t p = 0; p < uP; ++p) {
          const int64_t v = sums[g * uP + p];
          if (v > 0) row.emplace_back(sc.parties[p], Round(static_cast<double>(v) / n, 4));
        }
        a.emplace_back(names[g], std::move(row));
      }
      return a;
    };
    s.mean_seats_by_region = area_means(sc.regions, t.region_seat_sum[k]);
    s.mean_seats_by_nation = area_means(sc.nations, t.nation_seat_sum[k]);
  }

  // Change (new minus old).
  {
    const int W = 2 * t.change_span + 1;
    for (size_t p = 0; p < uP; ++p) {
      r.change.national.emplace_back(
          sc.parties[p], ChangeStats(t.change_hist.data() + p * static_cast<size_t>(W), W, t.change_span, t.runs));
    }
    auto areas = [&](const std::vector<std::string>& names, const std::vector<int>& span, const std::vector<int>& offset,
                     const std::vector<int64_t>& hist, const std::array<std::vector<int64_t>, 2>& sums) {
      Keyed<Keyed<BoundaryChangeStats>> a;
      for (size_t g = 0; g < names.size(); ++g) {
        Keyed<BoundaryChangeStats> row;
        const int Wg = 2 * span[g] + 1;
        for (int p = 0; p < P; ++p) {
          const size_t i = g * uP + static_cast<size_t>(p);
          if (sums[0][i] == 0 && sums[1][i] == 0) continue;  // never a seat there on either set
          row.emplace_back(sc.parties[static_cast<size_t>(p)],
                           ChangeStats(hist.data() + static_cast<size_t>(offset[g] + p * Wg), Wg, span[g], t.runs));
        }
        a.emplace_back(names[g], std::move(row));
      }
      return a;
    };
    r.change.by_region = areas(sc.regions, t.region_span, t.region_offset, t.region_change_hist, t.region_seat_sum);
    r.change.by_nation = areas(sc.nations, t.nation_span, t.nation_offset, t.nation_change_hist, t.nation_seat_sum);
  }

  // Seats most likely to change hands, on each set against its own baseline winner.
  for (size_t k = 0; k < 2; ++k) {
    const SetModel& s = m.sets[k];
    const ConstituencyTable& tab = sc.sets[k].table;
    struct Row {
      int seat;
      int64_t kept;
    };
    std::vector<Row> rows;
    for (int c = 0; c < s.seats; ++c) {
      const int64_t kept = t.wins[k][static_cast<size_t>(c * P + s.base_winner[static_cast<size_t>(c)])];
      if (kept < t.runs) rows.push_back({c, kept});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.kept < b.kept; });
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < sc.top_changes; ++i) {
      const auto c = static_cast<size_t>(rows[i].seat);
      const int winner = s.base_winner[c];
      int gainer = -1;
      int64_t best = 0;
      for (int p = 0; p < P; ++p) {
        if (p == winner) continue;
        const int64_t w = t.wins[k][c * uP + static_cast<size_t>(p)];
        if (w > best) {
          best = w;
          gainer = p;
        }
      }
      ChangeOfHandsResult x;
      x.id = tab.id[c];
      x.name = tab.name[c];
      x.region = sc.regions[static_cast<size_t>(s.region[c])];
      x.baseline_winner = sc.parties[static_cast<size_t>(winner)];
      x.p_change = static_cast<double>(t.runs - rows[i].kept) / n;
      if (gainer >= 0) x.likeliest_gainer = sc.parties[static_cast<size_t>(gainer)];
      x.p_likeliest_gainer = static_cast<double>(best) / n;
      r.changes_of_hands[k].push_back(std::move(x));
    }
  }

  // Lead needed for a majority (national share points, party minus rival).
  for (const LeadPair& lp : sc.leads) {
    MajorityLeadResult x;
    x.party = sc.parties[static_cast<size_t>(lp.party)];
    x.rival = sc.parties[static_cast<size_t>(lp.rival)];
    double v[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      if (MajorityLead(m, k, lp.party, lp.rival, v[k])) x.lead[static_cast<size_t>(k)] = Round(100 * v[k], 3);
    }
    if (x.lead[0] && x.lead[1]) x.bias = Round(*x.lead[1] - *x.lead[0], 3);
    if (sc.swing.model != SwingModel::kUniform || !sc.swing.tactical.empty()) {
      x.model = SwingModelName(sc.swing.model);
      if (!sc.swing.tactical.empty()) *x.model += "+tactical";
      for (int k = 0; k < 2; ++k) {
        if (MajorityLeadUnderModel(m, k, lp.party, lp.rival, v[k])) x.model_lead[static_cast<size_t>(k)] = Round(100 * v[k], 3);
      }
      if (x.model_lead[0] && x.model_lead[1]) x.model_bias = Round(*x.model_lead[1] - *x.model_lead[0], 3);
    }
    r.majority_lead.push_back(std::move(x));
  }

  // The CLP link.
  if (sc.clp.enabled) {
    ClpResult clp;
    const std::array<ClpCounts, 2> counts = {CountClps(sc, 0), CountClps(sc, 1)};
    std::array<std::vector<int>, 2> nec;
    if (sc.clp.apportion) {
      ClpApportionResult a;
      a.method = ApportionMethodName(sc.clp.method);
      a.by = sc.clp.by;
      a.nec_seats = sc.clp.seats;
      a.min_per_region = sc.clp.min_per_region;
      a.base_per_region = sc.clp.base_per_region;
      clp.apportion = a;
      for (size_t k = 0; k < 2; ++k) {
        const ClpCounts& c = counts[k];
        auto s = Apportion(sc.clp.labour_regions, sc.clp.by == "clps" ? c.clps : c.electors, sc.clp.seats, sc.clp.method,
                           sc.clp.min_per_region, sc.clp.base_per_region);
        if (s) nec[k] = *s;  // checked at load
      }
    }
    for (size_t g = 0; g < sc.clp.labour_regions.size(); ++g) {
      ClpRegionResult x;
      x.labour_region = sc.clp.labour_regions[g];
      for (size_t k = 0; k < 2; ++k) {
        const ClpCounts& c = counts[k];
        ClpSetResult& s = x.sets[k];
        s.clps = c.clps[g];
        s.electors = c.electors[g];
        if (!nec[k].empty()) s.nec_seats = nec[k][g];
        if (!sc.clp.members.empty()) {
          s.members = sc.clp.members[g];
          if (c.clps[g] > 0) {
            s.members_per_clp = Round(static_cast<double>(sc.clp.members[g]) / static_cast<double>(c.clps[g]), 1);
          }
        }
      }
      x.change.clps = counts[1].clps[g] - counts[0].clps[g];
      x.change.electors = counts[1].electors[g] - counts[0].electors[g];
      if (!nec[0].empty() && !nec[1].empty()) x.change.nec_seats = nec[1][g] - nec[0][g];
      clp.regions.push_back(std::move(x));
    }
    r.clp = std::move(clp);
  }
  return r;
}

Json BoundarySummaryJson(const BoundaryModel& m, const BoundaryTally& t, uint64_t seed) {
  return ToJson(BuildBoundaryResults(m, t, seed));
}
std::map<std::string, std::string> BoundaryTidyCsv(const BoundaryModel& m, const BoundaryTally& t,
                                                   const BoundaryResults& r) {
  const BoundaryScenario& sc = *m.scenario;
  std::map<std::string, std::string> files;
  {
    std::ostringstream o;
    o << "set,party,mean,sd,p5,p50,p95,p_majority,baseline_seats,central_seats\n";
    for (size_t k = 0; k < 2; ++k) {
      const BoundarySetResult& s = r.sets[k];
      for (const auto& [party, q] : s.parties) {
        o << kBoundarySetKeys[k] << "," << CsvField(party) << "," << CsvNumber(q.mean) << "," << CsvNumber(q.sd) << ","
          << q.p5 << "," << q.p50 << "," << q.p95 << "," << CsvNumber(q.p_majority) << ","
          << SeatsOf(s.baseline_seats, party) << "," << SeatsOf(s.central_seats, party) << "\n";
      }
    }
    files["parties.csv"] = o.str();
  }
  {
    std::ostringstream o;
    o << "set,party,seats,probability\n";
    for (size_t k = 0; k < 2; ++k) {
      for (const auto& [party, q] : r.sets[k].parties) {
        for (const auto& [seats, p] : q.distribution) {
          o << kBoundarySetKeys[k] << "," << CsvField(party) << "," << seats << "," << CsvNumber(p) << "\n";
        }
      }
    }
    files["seat_distribution.csv"] = o.str();
  }
  {
    std::ostringstream o, d;
    o << "scope,area,party,mean,sd,p5,p50,p95,p_gain,p_loss\n";
    d << "scope,area,party,change,probability\n";
    auto row = [&](const char* scope, const std::string& area, const std::string& party, const BoundaryChangeStats& q) {
      o << scope << "," << CsvField(area) << "," << CsvField(party) << "," << CsvNumber(q.mean) << ","
        << CsvNumber(q.sd) << "," << q.p5 << "," << q.p50 << "," << q.p95 << "," << CsvNumber(q.p_gain) << ","
        << CsvNumber(q.p_loss) << "\n";
      for (const auto& [change, p] : q.distribution) {
        d << scope << "," << CsvField(area) << "," << CsvField(party) << "," << change << "," << CsvNumber(p) << "\n";
      }
    };
    for (const auto& [party, q] : r.change.national) row("national", "all", party, q);
    for (const auto& [area, parties] : r.change.by_nation) {
      for (const auto& [party, q] : parties) row("nation", area, party, q);
    }
    for (const auto& [area, parties] : r.change.by_region) {
      for (const auto& [party, q] : parties) row("region", area, party, q);
    }
    files["changes.csv"] = o.str();
    files["change_distribution.csv"] = d.str();
  }
  {
    // Every constituency of both sets: baseline winner, P(change of hands), likeliest winner.
    std::ostringstream o;
    o << "set,id,name,region,nation,baseline_winner,p_change,likeliest_winner,p_likeliest_winner\n";
    const int P = m.parties;
    for (int k = 0; k < 2; ++k) {
      const auto uk = static_cast<size_t>(k);
      const SetModel& s = m.sets[uk];
      const ConstituencyTable& tab = sc.sets[uk].table;
      for (int c = 0; c < s.seats; ++c) {
        int best = 0;
        for (int p = 1; p < P; ++p) {
          if (t.wins[uk][static_cast<size_t>(c * P + p)] > t.wins[uk][static_cast<size_t>(c * P + best)]) best = p;
        }
        const int bw = s.base_winner[static_cast<size_t>(c)];
        const double n = static_cast<double>(t.runs);
        o << sc.sets[uk].key << "," << CsvField(tab.id[static_cast<size_t>(c)]) << "," << CsvField(tab.name[static_cast<size_t>(c)]) << ","
          << CsvField(sc.regions[static_cast<size_t>(s.region[static_cast<size_t>(c)])]) << ","
          << CsvField(sc.nations[static_cast<size_t>(s.nation[static_cast<size_t>(c)])]) << "," << sc.parties[static_cast<size_t>(bw)] << ","
          << CsvNumber(t.runs > 0 ? static_cast<double>(t.runs - t.wins[uk][static_cast<size_t>(c * P + bw)]) / n : 0.0) << ","
          << sc.parties[static_cast<size_t>(best)] << ","
          << CsvNumber(t.runs > 0 ? static_cast<double>(t.wins[uk][static_cast<size_t>(c * P + best)]) / n : 0.0) << "\n";
      }
    }
    files["constituencies.csv"] = o.str();
  }
  {
    // Every party's P(win) per seat of both sets (the rows with P > 0).
    std::ostringstream o;
    o << "set,id,party,p_win\n";
    const auto uP = static_cast<size_t>(m.parties);
    const double n = static_cast<double>(t.runs);
    for (size_t k = 0; k < 2; ++k) {
      const ConstituencyTable& tab = sc.sets[k].table;
      for (size_t c = 0; c < static_cast<size_t>(m.sets[k].seats); ++c) {
        for (size_t p = 0; p < uP; ++p) {
          const int64_t w = t.wins[k][c * uP + p];
          if (w <= 0) continue;
          o << sc.sets[k].key << "," << CsvField(tab.id[c]) << "," << CsvField(sc.parties[p]) << ","
            << CsvNumber(static_cast<double>(w) / n) << "\n";
        }
      }
    }
    files["seat_probabilities.csv"] = o.str();
  }
  {
    std::ostringstream o;
    o << "party,rival,old,new,bias\n";
    auto v = [](const std::optional<double>& x) { return x ? CsvNumber(*x) : std::string(); };
    for (const MajorityLeadResult& l : r.majority_lead) {
      o << CsvField(l.party) << "," << CsvField(l.rival) << "," << v(l.lead[0]) << "," << v(l.lead[1]) << ","
        << v(l.bias) << "\n";
    }
    files["majority_lead.csv"] = o.str();
    // Under the scenario's own swing model (not written for plain uniform swing).
    bool any = false;
    std::ostringstream u;
    u << "party,rival,model,old,new,bias\n";
    for (const MajorityLeadResult& l : r.majority_lead) {
      if (!l.model) continue;
      any = true;
      u << CsvField(l.party) << "," << CsvField(l.rival) << "," << *l.model << "," << v(l.model_lead[0]) << ","
        << v(l.model_lead[1]) << "," << v(l.model_bias) << "\n";
    }
    if (any) files["majority_lead_model.csv"] = u.str();
  }
  if (r.clp) {
    std::ostringstream o;
    o << "labour_region,set,clps,electors,nec_seats,members,members_per_clp\n";
    for (const ClpRegionResult& g : r.clp->regions) {
      for (size_t k = 0; k < 2; ++k) {
        const ClpSetResult& s = g.sets[k];
        o << CsvField(g.labour_region) << "," << kBoundarySetKeys[k] << "," << s.clps << "," << s.electors << ","
          << (s.nec_seats ? std::to_string(*s.nec_seats) : "") << "," << (s.members ? std::to_string(*s.members) : "")
          << "," << (s.members_per_clp ? CsvNumber(*s.members_per_clp) : "") << "\n";
      }
    }
    files["clp.csv"] = o.str();
  }
  return files;
}

std::string BoundarySummaryText(const BoundaryResults& s) {
  std::ostringstream o;
  o << "Boundary scenario " << s.scenario << ": " << s.runs << " runs, seed " << s.seed << ", " << s.swing_model
    << " swing\n";
  const BoundarySetResult& old_set = s.sets[0];
  const BoundarySetResult& new_set = s.sets[1];
  o << "  old: " << old_set.label << " (" << old_set.seats << " seats, majority " << old_set.majority << ")\n";
  o << "  new: " << new_set.label << " (" << new_set.seats << " seats, majority " << new_set.majority << ")\n\n";
  o << std::left << std::setw(10) << "party" << std::right << std::setw(9) << "old base" << std::setw(10) << "old mean"
    << std::setw(15) << "old 5-95%" << std::setw(9) << "new base" << std::setw(10) << "new mean" << std::setw(15)
    << "new 5-95%" << std::setw(13) << "change mean" << std::setw(12) << "P(maj) old" << std::setw(11) << "P(maj) new" << "\n";
  const BoundarySeatStats no_stats;
  const BoundaryChangeStats no_change;
  for (const std::string& party : s.parties) {
    const BoundarySeatStats* pa = FindKey(old_set.parties, party);
    const BoundarySeatStats* pb = FindKey(new_set.parties, party);
    const BoundaryChangeStats* pc = FindKey(s.change.national, party);
    const BoundarySeatStats& a = pa ? *pa : no_stats;
    const BoundarySeatStats& b = pb ? *pb : no_stats;
    const BoundaryChangeStats& c = pc ? *pc : no_change;
    const int old_base = SeatsOf(old_set.baseline_seats, party), new_base = SeatsOf(new_set.baseline_seats, party);
    if (old_base == 0 && new_base == 0 && a.p95 == 0 && b.p95 == 0) continue;
    auto range = [](const BoundarySeatStats& q) { return std::to_string(q.p5) + "-" + std::to_string(q.p95); };
    o << std::left << std::setw(10) << party << std::right << std::setw(9) << old_base << std::setw(10) << std::fixed
      << std::setprecision(1) << a.mean << std::setw(15) << range(a) << std::setw(9) << new_base << std::setw(10)
      << b.mean << std::setw(15) << range(b) << std::setw(13) << std::showpos << c.mean << std::noshowpos
      << std::setw(11) << std::setprecision(1) << 100 * a.p_majority << "%" << std::setw(10) << 100 * b.p_majority
      << "%\n";
  }
  o << std::setprecision(1) << "  no majority: old " << 100 * s.p_majority[0].none << "%, new "
    << 100 * s.p_majority[1].none << "%\n";
  // The central projection (the scenario's swing, no noise) where it differs from the baseline.
  if (old_set.central_seats != old_set.baseline_seats || new_set.central_seats != new_set.baseline_seats) {
    o << "  central swing, no noise:";
    for (size_t k = 0; k < 2; ++k) {
      o << " " << kBoundarySetKeys[k];
      for (const auto& [party, n] : s.sets[k].central_seats) {
        if (n > 0) o << " " << party << " " << n;
      }
      o << (k == 0 ? ";" : "\n");
    }
  }
  for (const MajorityLeadResult& l : s.majority_lead) {
    o << "Lead " << l.party << " needs over " << l.rival << " for a majority: ";
    auto v = [](const std::optional<double>& x) {
      std::ostringstream t;
      if (!x) t << "unreachable";
      else t << std::fixed << std::setprecision(2) << std::showpos << *x << " points";
      return t.str();
    };
    o << "old " << v(l.lead[0]) << ", new " << v(l.lead[1]) << " (bias " << v(l.bias) << ")";
    if (l.model) {
      o << " by uniform transfer;\n  under the " << *l.model << " model: old " << v(l.model_lead[0]) << ", new "
        << v(l.model_lead[1]) << " (bias " << v(l.model_bias) << ")";
    }
    o << "\n";
  }
  if (s.clp) {
    o << "\nCLPs per Labour region (old -> new)";
    if (s.clp->apportion) {
      const ClpApportionResult& a = *s.clp->apportion;
      o << ", NEC seats (" << a.nec_seats << " by " << a.method << " on " << a.by << ")";
    }
    o << "\n";
    for (const ClpRegionResult& g : s.clp->regions) {
      const ClpSetResult& a = g.sets[0];
      const ClpSetResult& b = g.sets[1];
      o << "  " << std::left << std::setw(26) << g.labour_region << std::right << std::setw(4) << a.clps << " -> "
        << std::setw(4) << b.clps;
      if (a.nec_seats) o << "   NEC seats " << *a.nec_seats << " -> " << b.nec_seats.value_or(0);
      if (a.members_per_clp && b.members_per_clp) {
        o << "   members per CLP " << std::fixed << std::setprecision(0) << *a.members_per_clp << " -> "
          << *b.members_per_clp;
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace necsim
