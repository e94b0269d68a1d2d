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

Json Distribution(const int64_t* h, int size, int offset, int64_t runs) {
  Json d = Json::object();
  for (int i = 0; i < size; ++i) {
    if (h[i] > 0) d[std::to_string(i - offset)] = static_cast<double>(h[i]) / static_cast<double>(runs);
  }
  return d;
}

Json ChangeJson(const int64_t* h, int size, int offset, int64_t runs) {
  const HistStats s = Stats(h, size, offset, runs);
  Json j;
  j["mean"] = Round(s.mean, 4);
  j["sd"] = Round(s.sd, 4);
  j["p5"] = s.p5;
  j["p50"] = s.p50;
  j["p95"] = s.p95;
  j["p_gain"] = s.p_positive;
  j["p_loss"] = s.p_negative;
  j["distribution"] = Distribution(h, size, offset, runs);
  return j;
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

Json BoundarySummaryJson(const BoundaryModel& m, const BoundaryTally& t, uint64_t seed) {
  const BoundaryScenario& sc = *m.scenario;
  const int P = m.parties;
  const double n = static_cast<double>(t.runs);
  Json j;
  j["scenario"] = sc.name;
  j["kind"] = "boundary";
  j["seed"] = seed;
  j["runs"] = t.runs;
  j["swing_model"] = SwingModelName(sc.swing.model);
  j["parties"] = sc.parties;
  j["regions"] = sc.regions;
  j["nations"] = sc.nations;

  const auto baseline = DeterministicSeats(m);
  RunErrors zero;
  zero.national.assign(static_cast<size_t>(P), 0.0);
  zero.regional.assign(static_cast<size_t>(m.regions * P), 0.0);
  Json sets = Json::object();
  Json pmaj = Json::object();
  for (int k = 0; k < 2; ++k) {
    const auto uk = static_cast<size_t>(k);
    const BoundarySet& set = sc.sets[uk];
    SetSwing central;
    SetSwingFor(m, k, zero, central);
    const std::vector<int> central_seats = SeatsByParty(m, ProjectWinners(m, k, central));
    Json s;
    s["label"] = set.label;
    s["file"] = std::filesystem::path(set.file).filename().string();
    s["seats"] = set.table.seats();
    s["majority"] = set.majority;
    Json bs = Json::object(), cs = Json::object(), ns = Json::object();
    for (int p = 0; p < P; ++p) {
      bs[sc.parties[static_cast<size_t>(p)]] = baseline[uk][static_cast<size_t>(p)];
      cs[sc.parties[static_cast<size_t>(p)]] = central_seats[static_cast<size_t>(p)];
      ns[sc.parties[static_cast<size_t>(p)]] = Round(100 * m.sets[uk].national_share[static_cast<size_t>(p)], 4);
    }
    s["national_share"] = ns;
    s["baseline_seats"] = bs;
    s["central_seats"] = cs;
    Json parties = Json::object();
    Json pm = Json::object();
    const int W = t.seats[uk] + 1;
    for (int p = 0; p < P; ++p) {
      const int64_t* h = t.seat_hist[uk].data() + static_cast<size_t>(p * W);
      const HistStats st = Stats(h, W, 0, t.runs);
      Json q;
      q["mean"] = Round(st.mean, 4);
      q["sd"] = Round(st.sd, 4);
      q["p5"] = st.p5;
      q["p50"] = st.p50;
      q["p95"] = st.p95;
      q["p_majority"] = static_cast<double>(t.majority[uk][static_cast<size_t>(p)]) / n;
      q["distribution"] = Distribution(h, W, 0, t.runs);
      parties[sc.parties[static_cast<size_t>(p)]] = q;
      pm[sc.parties[static_cast<size_t>(p)]] = static_cast<double>(t.majority[uk][static_cast<size_t>(p)]) / n;
    }
    pm["none"] = static_cast<double>(t.hung[uk]) / n;
    s["parties"] = parties;
    // Mean seats per region and nation (parties with any seat there).
    auto area_means = [&](const std::vector<std::string>& names, const std::vector<int64_t>& sums) {
      Json a = Json::object();
      for (size_t g = 0; g < names.size(); ++g) {
        Json row = Json::object();
        for (int p = 0; p < P; ++p) {
          const int64_t v = sums[g * static_cast<size_t>(P) + static_cast<size_t>(p)];
          if (v > 0) row[sc.parties[static_cast<size_t>(p)]] = Round(static_cast<double>(v) / n, 4);
        }
        a[names[g]] = row;
      }
      return a;
    };
    s["mean_seats_by_region"] = area_means(sc.regions, t.region_seat_sum[uk]);
    s["mean_seats_by_nation"] = area_means(sc.nations, t.nation_seat_sum[uk]);
    sets[set.key] = s;
    pmaj[set.key] = pm;
  }
  j["sets"] = sets;
  j["p_majority"] = pmaj;

  // Change (new minus old).
  Json change;
  {
    Json nat = Json::object();
    const int W = 2 * t.change_span + 1;
    for (int p = 0; p < P; ++p) {
      nat[sc.parties[static_cast<size_t>(p)]] = ChangeJson(t.change_hist.data() + static_cast<size_t>(p * W), W, t.change_span, t.runs);
    }
    change["national"] = nat;
    auto areas = [&](const std::vector<std::string>& names, const std::vector<int>& span, const std::vector<int>& offset,
                     const std::vector<int64_t>& hist, const std::array<std::vector<int64_t>, 2>& sums) {
      Json a = Json::object();
      for (size_t g = 0; g < names.size(); ++g) {
        Json row = Json::object();
        const int Wg = 2 * span[g] + 1;
        for (int p = 0; p < P; ++p) {
          const size_t i = g * static_cast<size_t>(P) + static_cast<size_t>(p);
          if (sums[0][i] == 0 && sums[1][i] == 0) continue;  // never a seat there on either set
          row[sc.parties[static_cast<size_t>(p)]] =
              ChangeJson(hist.data() + static_cast<size_t>(offset[g] + p * Wg), Wg, span[g], t.runs);
        }
        a[names[g]] = row;
      }
      return a;
    };
    change["by_region"] = areas(sc.regions, t.region_span, t.region_offset, t.region_change_hist, t.region_seat_sum);
    change["by_nation"] = areas(sc.nations, t.nation_span, t.nation_offset, t.nation_change_hist, t.nation_seat_sum);
  }
  j["change"] = change;

  // Seats most likely to change hands, on each set against its own baseline winner.
  Json hands = Json::object();
  for (int k = 0; k < 2; ++k) {
    const auto uk = static_cast<size_t>(k);
    const SetModel& s = m.sets[uk];
    const ConstituencyTable& tab = sc.sets[uk].table;
    struct Row {
      int seat;
      int64_t kept;
    };
    std::vector<Row> rows;
    for (int c = 0; c < s.seats; ++c) {
      const int64_t kept = t.wins[uk][static_cast<size_t>(c * P + s.base_winner[static_cast<size_t>(c)])];
      if (kept < t.runs) rows.push_back({c, kept});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.kept < b.kept; });
    Json list = Json::array();
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < sc.top_changes; ++i) {
      const int c = rows[i].seat;
      int gainer = -1;
      int64_t best = 0;
      for (int p = 0; p < P; ++p) {
        if (p == s.base_winner[static_cast<size_t>(c)]) continue;
        const int64_t w = t.wins[uk][static_cast<size_t>(c * P + p)];
        if (w > best) {
          best = w;
          gainer = p;
        }
      }
      Json r;
      r["id"] = tab.id[static_cast<size_t>(c)];
      r["name"] = tab.name[static_cast<size_t>(c)];
      r["region"] = sc.regions[static_cast<size_t>(s.region[static_cast<size_t>(c)])];
      r["baseline_winner"] = sc.parties[static_cast<size_t>(s.base_winner[static_cast<size_t>(c)])];
      r["p_change"] = static_cast<double>(t.runs - rows[i].kept) / n;
      r["likeliest_gainer"] = gainer >= 0 ? Json(sc.parties[static_cast<size_t>(gainer)]) : Json(nullptr);
      r["p_likeliest_gainer"] = static_cast<double>(best) / n;
      list.push_back(r);
    }
    hands[sc.sets[uk].key] = list;
  }
  j["changes_of_hands"] = hands;

  // Lead needed for a majority (national share points, party minus rival).
  Json leads = Json::array();
  for (const LeadPair& lp : sc.leads) {
    Json r;
    r["party"] = sc.parties[static_cast<size_t>(lp.party)];
    r["rival"] = sc.parties[static_cast<size_t>(lp.rival)];
    double v[2] = {0, 0};
    bool ok[2];
    for (int k = 0; k < 2; ++k) {
      ok[k] = MajorityLead(m, k, lp.party, lp.rival, v[k]);
      r[sc.sets[static_cast<size_t>(k)].key] = ok[k] ? Json(Round(100 * v[k], 3)) : Json(nullptr);
    }
    r["bias"] = ok[0] && ok[1] ? Json(Round(Round(100 * v[1], 3) - Round(100 * v[0], 3), 3)) : Json(nullptr);
    leads.push_back(r);
  }
  j["majority_lead"] = leads;

  // The CLP link.
  if (sc.clp.enabled) {
    Json clp;
    const ClpCounts c0 = CountClps(sc, 0), c1 = CountClps(sc, 1);
    std::vector<int> nec[2];
    if (sc.clp.apportion) {
      clp["method"] = ApportionMethodName(sc.clp.method);
      clp["by"] = sc.clp.by;
      clp["nec_seats"] = sc.clp.seats;
      clp["min_per_region"] = sc.clp.min_per_region;
      clp["base_per_region"] = sc.clp.base_per_region;
      for (int k = 0; k < 2; ++k) {
        const ClpCounts& c = k == 0 ? c0 : c1;
        auto s = Apportion(sc.clp.labour_regions, sc.clp.by == "clps" ? c.clps : c.electors, sc.clp.seats, sc.clp.method,
                           sc.clp.min_per_region, sc.clp.base_per_region);
        if (s) nec[k] = *s;  // checked at load
      }
    }
    Json regions = Json::array();
    for (size_t g = 0; g < sc.clp.labour_regions.size(); ++g) {
      Json r;
      r["labour_region"] = sc.clp.labour_regions[g];
      for (int k = 0; k < 2; ++k) {
        const ClpCounts& c = k == 0 ? c0 : c1;
        Json s;
        s["clps"] = c.clps[g];
        s["electors"] = c.electors[g];
        if (!nec[k].empty()) s["nec_seats"] = nec[k][g];
        if (!sc.clp.members.empty()) {
          s["members"] = sc.clp.members[g];
          s["members_per_clp"] = c.clps[g] > 0 ? Json(Round(static_cast<double>(sc.clp.members[g]) / static_cast<double>(c.clps[g]), 1))
                                               : Json(nullptr);
        }
        r[sc.sets[static_cast<size_t>(k)].key] = s;
      }
      Json d;
      d["clps"] = c1.clps[g] - c0.clps[g];
      d["electors"] = c1.electors[g] - c0.electors[g];
      if (!nec[0].empty() && !nec[1].empty()) d["nec_seats"] = nec[1][g] - nec[0][g];
      r["change"] = d;
      regions.push_back(r);
    }
    clp["regions"] = regions;
    j["clp"] = clp;
  }
  return j;
}

std::map<std::string, std::string> BoundaryTidyCsv(const BoundaryModel& m, const BoundaryTally& t, const Json& summary) {
  const BoundaryScenario& sc = *m.scenario;
  std::map<std::string, std::string> files;
  {
    std::ostringstream o;
    o << "set,party,mean,sd,p5,p50,p95,p_majority,baseline_seats,central_seats\n";
    for (const auto& [key, s] : summary["sets"].items()) {
      for (const auto& [party, q] : s["parties"].items()) {
        o << key << "," << CsvField(party) << "," << CsvNumber(q["mean"].get<double>()) << "," << CsvNumber(q["sd"].get<double>())
          << "," << q["p5"].get<int>() << "," << q["p50"].get<int>() << "," << q["p95"].get<int>() << ","
          << CsvNumber(q["p_majority"].get<double>()) << "," << s["baseline_seats"][party].get<int>() << ","
          << s["central_seats"][party].get<int>() << "\n";
      }
    }
    files["parties.csv"] = o.str();
  }
  {
    std::ostringstream o;
    o << "set,party,seats,probability\n";
    for (const auto& [key, s] : summary["sets"].items()) {
      for (const auto& [party, q] : s["parties"].items()) {
        for (const auto& [k, p] : q["distribution"].items()) o << key << "," << CsvField(party) << "," << k << "," << CsvNumber(p.get<double>()) << "\n";
      }
    }
    files["seat_distribution.csv"] = o.str();
  }
  {
    std::ostringstream o, d;
    o << "scope,area,party,mean,sd,p5,p50,p95,p_gain,p_loss\n";
    d << "scope,area,party,change,probability\n";
    auto row = [&](const std::string& scope, const std::string& area, const std::string& party, const Json& q) {
      o << scope << "," << CsvField(area) << "," << CsvField(party) << "," << CsvNumber(q["mean"].get<double>()) << ","
        << CsvNumber(q["sd"].get<double>()) << "," << q["p5"].get<int>() << "," << q["p50"].get<int>() << "," << q["p95"].get<int>()
        << "," << CsvNumber(q["p_gain"].get<double>()) << "," << CsvNumber(q["p_loss"].get<double>()) << "\n";
      for (const auto& [k, p] : q["distribution"].items()) {
        d << scope << "," << CsvField(area) << "," << CsvField(party) << "," << k << "," << CsvNumber(p.get<double>()) << "\n";
      }
    };
    for (const auto& [party, q] : summary["change"]["national"].items()) row("national", "all", party, q);
    for (const char* scope : {"by_nation", "by_region"}) {
      for (const auto& [area, parties] : summary["change"][scope].items()) {
        for (const auto& [party, q] : parties.items()) row(std::string(scope) == "by_nation" ? "nation" : "region", area, party, q);
      }
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
    std::ostringstream o;
    o << "party,rival,old,new,bias\n";
    auto v = [](const Json& x) { return x.is_null() ? std::string() : CsvNumber(x.get<double>()); };
    for (const auto& r : summary["majority_lead"]) {
      o << CsvField(r["party"].get<std::string>()) << "," << CsvField(r["rival"].get<std::string>()) << "," << v(r["old"])
        << "," << v(r["new"]) << "," << v(r["bias"]) << "\n";
    }
    files["majority_lead.csv"] = o.str();
  }
  if (summary.contains("clp")) {
    std::ostringstream o;
    o << "labour_region,set,clps,electors,nec_seats,members,members_per_clp\n";
    for (const auto& r : summary["clp"]["regions"]) {
      for (const char* key : {"old", "new"}) {
        const Json& s = r[key];
        o << CsvField(r["labour_region"].get<std::string>()) << "," << key << "," << s["clps"].get<int64_t>() << ","
          << s["electors"].get<int64_t>() << "," << (s.contains("nec_seats") ? std::to_string(s["nec_seats"].get<int>()) : "")
          << "," << (s.contains("members") ? std::to_string(s["members"].get<int64_t>()) : "") << ","
          << (s.contains("members_per_clp") && !s["members_per_clp"].is_null() ? CsvNumber(s["members_per_clp"].get<double>()) : "")
          << "\n";
      }
    }
    files["clp.csv"] = o.str();
  }
  return files;
}

std::string BoundarySummaryText(const Json& s) {
  std::ostringstream o;
  o << "Boundary scenario " << s["scenario"].get<std::string>() << ": " << s["runs"].get<int64_t>() << " runs, seed "
    << s["seed"].get<uint64_t>() << ", " << s["swing_model"].get<std::string>() << " swing\n";
  const Json& old_set = s["sets"]["old"];
  const Json& new_set = s["sets"]["new"];
  o << "  old: " << old_set["label"].get<std::string>() << " (" << old_set["seats"].get<int>() << " seats, majority "
    << old_set["majority"].get<int>() << ")\n";
  o << "  new: " << new_set["label"].get<std::string>() << " (" << new_set["seats"].get<int>() << " seats, majority "
    << new_set["majority"].get<int>() << ")\n\n";
  o << std::left << std::setw(10) << "party" << std::right << std::setw(9) << "old base" << std::setw(10) << "old mean"
    << std::setw(15) << "old 5-95%" << std::setw(9) << "new base" << std::setw(10) << "new mean" << std::setw(15)
    << "new 5-95%" << std::setw(13) << "change mean" << std::setw(12) << "P(maj) old" << std::setw(11) << "P(maj) new" << "\n";
  for (const auto& p : s["parties"]) {
    const std::string party = p.get<std::string>();
    const Json& a = old_set["parties"][party];
    const Json& b = new_set["parties"][party];
    if (old_set["baseline_seats"][party].get<int>() == 0 && new_set["baseline_seats"][party].get<int>() == 0 &&
        a["p95"].get<int>() == 0 && b["p95"].get<int>() == 0) {
      continue;
    }
    auto range = [](const Json& q) { return std::to_string(q["p5"].get<int>()) + "-" + std::to_string(q["p95"].get<int>()); };
    o << std::left << std::setw(10) << party << std::right << std::setw(9) << old_set["baseline_seats"][party].get<int>()
      << std::setw(10) << std::fixed << std::setprecision(1) << a["mean"].get<double>() << std::setw(15) << range(a)
      << std::setw(9) << new_set["baseline_seats"][party].get<int>() << std::setw(10) << b["mean"].get<double>()
      << std::setw(15) << range(b) << std::setw(13) << std::showpos << s["change"]["national"][party]["mean"].get<double>()
      << std::noshowpos << std::setw(11) << std::setprecision(1) << 100 * a["p_majority"].get<double>() << "%" << std::setw(10)
      << 100 * b["p_majority"].get<double>() << "%\n";
  }
  o << std::setprecision(1) << "  no majority: old " << 100 * s["p_majority"]["old"]["none"].get<double>() << "%, new "
    << 100 * s["p_majority"]["new"]["none"].get<double>() << "%\n";
  // The central projection (the scenario's swing, no noise) where it differs from the baseline.
  if (old_set["central_seats"] != old_set["baseline_seats"] || new_set["central_seats"] != new_set["baseline_seats"]) {
    o << "  central swing, no noise:";
    for (const char* key : {"old", "new"}) {
      o << " " << key;
      for (const auto& [party, n] : s["sets"][key]["central_seats"].items()) {
        if (n.get<int>() > 0) o << " " << party << " " << n.get<int>();
      }
      o << (std::string(key) == "old" ? ";" : "\n");
    }
  }
  for (const auto& r : s["majority_lead"]) {
    o << "Lead " << r["party"].get<std::string>() << " needs over " << r["rival"].get<std::string>() << " for a majority: ";
    auto v = [](const Json& x) {
      std::ostringstream t;
      if (x.is_null()) t << "unreachable";
      else t << std::fixed << std::setprecision(2) << std::showpos << x.get<double>() << " points";
      return t.str();
    };
    o << "old " << v(r["old"]) << ", new " << v(r["new"]) << " (bias " << v(r["bias"]) << ")\n";
  }
  if (s.contains("clp")) {
    o << "\nCLPs per Labour region (old -> new)";
    if (s["clp"].contains("nec_seats")) {
      o << ", NEC seats (" << s["clp"]["nec_seats"].get<int>() << " by " << s["clp"]["method"].get<std::string>() << " on "
        << s["clp"]["by"].get<std::string>() << ")";
    }
    o << "\n";
    for (const auto& r : s["clp"]["regions"]) {
      o << "  " << std::left << std::setw(26) << r["labour_region"].get<std::string>() << std::right << std::setw(4)
        << r["old"]["clps"].get<int>() << " -> " << std::setw(4) << r["new"]["clps"].get<int>();
      if (r["old"].contains("nec_seats")) {
        o << "   NEC seats " << r["old"]["nec_seats"].get<int>() << " -> " << r["new"]["nec_seats"].get<int>();
      }
      if (r["old"].contains("members_per_clp") && !r["old"]["members_per_clp"].is_null() &&
          !r["new"]["members_per_clp"].is_null()) {
        o << "   members per CLP " << std::fixed << std::setprecision(0) << r["old"]["members_per_clp"].get<double>()
          << " -> " << r["new"]["members_per_clp"].get<double>();
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace necsim
