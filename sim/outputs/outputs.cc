#include "outputs/outputs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <unistd.h>

#include "io/atomic_write.h"
#include "io/csv.h"

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

// Smallest k with P(X <= k) >= q.
int Quantile(const std::vector<int64_t>& hist, int64_t n, double q) {
  int64_t acc = 0;
  for (size_t k = 0; k < hist.size(); ++k) {
    acc += hist[k];
    if (static_cast<double>(acc) >= q * static_cast<double>(n)) return static_cast<int>(k);
  }
  return static_cast<int>(hist.size()) - 1;
}

}  // namespace

nlohmann::ordered_json SummaryJson(const Scenario& sc, const Tally& t, uint64_t seed, SamplerKind sampler,
                                   bool stopped_on_precision, double precision) {
  using J = nlohmann::ordered_json;
  const int64_t n = t.runs;
  const double dn = static_cast<double>(std::max<int64_t>(n, 1));
  J j;
  j["scenario"] = sc.name;
  j["description"] = sc.description;
  j["seed"] = seed;
  j["runs"] = n;
  j["sampler"] = sampler == SamplerKind::kFast ? "fast" : "reference";
  if (precision > 0) {
    j["precision_target"] = precision;
    j["stopped_on_precision"] = stopped_on_precision;
  }
  j["mean_ballots"] = R6(static_cast<double>(t.ballots_sum) / dn);
  int64_t members = 0;
  for (const auto& r : sc.regions) members += r.members;
  std::vector<std::string> slate_names;
  for (const auto& s : sc.slates) slate_names.push_back(s.name);
  slate_names.push_back("independent");

  J rule_sets = J::array();
  for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
    const RuleSetConfig& rs = sc.rule_sets[k];
    const RuleSetTally& rt = t.rule_sets[k];
    J o;
    o["name"] = rs.name;
    o["rule"] = RuleName(rs.rule);
    o["seats"] = rs.seats;
    o["women_min"] = rs.women_min >= 0 ? J(rs.women_min) : J(nullptr);
    J cands = J::array();
    for (size_t c = 0; c < sc.candidates.size(); ++c) {
      const auto& cc = sc.candidates[c];
      J x;
      x["name"] = cc.name;
      x["slate"] = cc.slate >= 0 ? sc.slates[cc.slate].name : "independent";
      x["region"] = cc.region >= 0 ? sc.regions[cc.region].name : "";
      x["gender"] = cc.gender == Gender::kWoman ? "f" : cc.gender == Gender::kMan ? "m" : "";
      x["p_elected"] = R6(static_cast<double>(rt.elected[c]) / dn);
      x["se"] = R6(Se(rt.elected[c], n));
      x["mean_first_pref_share"] = R6(rt.first_pref_sum[c] / dn);
      cands.push_back(x);
    }
    o["candidates"] = cands;
    J slates = J::array();
    for (size_t s = 0; s < slate_names.size(); ++s) {
      const auto& hist = rt.slate_seats[s];
      bool any_candidate = false;
      for (const auto& cc : sc.candidates) {
        any_candidate |= (cc.slate >= 0 ? static_cast<size_t>(cc.slate) : sc.slates.size()) == s;
      }
      if (!any_candidate) continue;
      J x;
      x["name"] = slate_names[s];
      J dist = J::object();
      double mean = 0;
      for (size_t seats = 0; seats < hist.size(); ++seats) {
        dist[std::to_string(seats)] = R6(static_cast<double>(hist[seats]) / dn);
        mean += static_cast<double>(seats) * static_cast<double>(hist[seats]) / dn;
      }
      x["seat_distribution"] = dist;
      x["mean"] = R6(mean);
      x["p5"] = Quantile(hist, n, 0.05);
      x["p95"] = Quantile(hist, n, 0.95);
      slates.push_back(x);
    }
    o["slates"] = slates;
    J regions = J::array();
    for (size_t g = 0; g < sc.regions.size(); ++g) {
      J x;
      x["name"] = sc.regions[g].name;
      x["p_at_least_one"] = R6(static_cast<double>(rt.region_any[g]) / dn);
      x["se"] = R6(Se(rt.region_any[g], n));
      x["expected_elected"] = R6(static_cast<double>(rt.region_seats[g]) / dn);
      x["members_share"] = R6(static_cast<double>(sc.regions[g].members) / static_cast<double>(members));
      x["seats_share"] = R6(static_cast<double>(rt.region_seats[g]) / dn / rs.seats);
      regions.push_back(x);
    }
    o["regions"] = regions;
    J women;
    J dist = J::object();
    double mean = 0;
    for (size_t w = 0; w < rt.women.size(); ++w) {
      dist[std::to_string(w)] = R6(static_cast<double>(rt.women[w]) / dn);
      mean += static_cast<double>(w) * static_cast<double>(rt.women[w]) / dn;
    }
    women["distribution"] = dist;
    women["mean"] = R6(mean);
    women["p_gender_rule_changed"] = R6(static_cast<double>(rt.constraints_changed) / dn);
    women["se"] = R6(Se(rt.constraints_changed, n));
    o["women"] = women;
    if (rs.is_regional()) {
      J design;
      const char* g = "none";
      switch (rs.regional.gender) {
        case RegionalGender::kNone: g = "none"; break;
        case RegionalGender::kPairing: g = "pairing"; break;
        case RegionalGender::kZipping: g = "zipping"; break;
        case RegionalGender::kTwoPerRegion: g = "two_per_region"; break;
      }
      design["regional_rule"] = RuleName(rs.regional.rule);
      design["regional_seats"] = rs.regional_seats();
      design["seats"] = rs.regional.apportionment;
      design["gender"] = g;
      design["national_seats"] = rs.national_seats;
      if (rs.national_seats > 0) design["national_rule"] = RuleName(rs.national_rule);
      o["design"] = design;
    }
    auto spread = [&](std::vector<float> v) {
      J d;
      if (v.empty()) return d;
      double sum = 0;
      for (float x : v) sum += x;
      std::sort(v.begin(), v.end());
      auto q = [&](double p) { return static_cast<double>(v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)]); };
      d["mean"] = R6(sum / static_cast<double>(v.size()));
      d["p5"] = R6(q(0.05));
      d["p50"] = R6(q(0.5));
      d["p95"] = R6(q(0.95));
      return d;
    };
    o["disproportionality"] = {{"loosemore_hanby", spread(rt.loosemore_hanby)}, {"gallagher", spread(rt.gallagher)}};
    if (sc.nec.enabled) {
      J nec;
      nec["total_seats"] = sc.nec.other_seats() + rs.seats;
      J facs = J::array();
      for (size_t f = 0; f < sc.nec.factions.size(); ++f) {
        J x;
        x["name"] = sc.nec.factions[f];
        x["mean_seats"] = R6(static_cast<double>(rt.nec_seats[f]) / dn);
        x["p_majority"] = R6(static_cast<double>(rt.nec_majority[f]) / dn);
        x["se"] = R6(Se(rt.nec_majority[f], n));
        facs.push_back(x);
      }
      nec["factions"] = facs;
      o["nec"] = nec;
    }
    rule_sets.push_back(o);
  }
  j["rule_sets"] = rule_sets;

  J comps = J::array();
  for (const PairTally& p : t.pairs) {
    J x;
    x["a"] = sc.rule_sets[static_cast<size_t>(p.a)].name;
    x["b"] = sc.rule_sets[static_cast<size_t>(p.b)].name;
    J slates = J::array();
    for (size_t s = 0; s < slate_names.size(); ++s) {
      J y;
      y["name"] = slate_names[s];
      y["mean_seat_difference"] = R6(static_cast<double>(p.slate_d[s]) / dn);
      y["se"] = R6(PairSe(p.slate_d[s], p.slate_d2[s], n));
      slates.push_back(y);
    }
    x["slates"] = slates;
    J cands = J::array();
    for (size_t c = 0; c < sc.candidates.size(); ++c) {
      J y;
      y["name"] = sc.candidates[c].name;
      y["p_elected_difference"] = R6(static_cast<double>(p.cand_d[c]) / dn);
      y["se"] = R6(PairSe(p.cand_d[c], p.cand_d2[c], n));
      cands.push_back(y);
    }
    x["candidates"] = cands;
    J regions = J::array();
    for (size_t g = 0; g < sc.regions.size(); ++g) {
      J y;
      y["name"] = sc.regions[g].name;
      y["p_represented_difference"] = R6(static_cast<double>(p.region_d[g]) / dn);
      y["se"] = R6(PairSe(p.region_d[g], p.region_d2[g], n));
      regions.push_back(y);
    }
    x["regions"] = regions;
    x["women_mean_difference"] = R6(static_cast<double>(p.women_d) / dn);
    x["women_se"] = R6(PairSe(p.women_d, p.women_d2, n));
    comps.push_back(x);
  }
  j["comparisons"] = comps;
  return j;
}

std::map<std::string, std::string> TidyCsv(const nlohmann::ordered_json& s) {
  std::ostringstream cand, slate, region, comp;
  cand << "rule_set,candidate,slate,region,gender,p_elected,se,mean_first_pref_share\n";
  slate << "rule_set,slate,seats,probability,mean,p5,p95\n";
  region << "rule_set,region,p_at_least_one,se,expected_elected,members_share,seats_share\n";
  for (const auto& rs : s["rule_sets"]) {
    const std::string name = CsvField(rs["name"].get<std::string>());
    for (const auto& c : rs["candidates"]) {
      cand << name << "," << CsvField(c["name"].get<std::string>()) << "," << CsvField(c["slate"].get<std::string>())
           << "," << CsvField(c["region"].get<std::string>()) << "," << c["gender"].get<std::string>() << ","
           << CsvNumber(c["p_elected"].get<double>()) << "," << CsvNumber(c["se"].get<double>()) << ","
           << CsvNumber(c["mean_first_pref_share"].get<double>()) << "\n";
    }
    for (const auto& sl : rs["slates"]) {
      for (const auto& [k, p] : sl["seat_distribution"].items()) {
        slate << name << "," << CsvField(sl["name"].get<std::string>()) << "," << k << "," << CsvNumber(p.get<double>())
              << "," << CsvNumber(sl["mean"].get<double>()) << "," << sl["p5"].get<int>() << "," << sl["p95"].get<int>()
              << "\n";
      }
    }
    for (const auto& g : rs["regions"]) {
      region << name << "," << CsvField(g["name"].get<std::string>()) << "," << CsvNumber(g["p_at_least_one"].get<double>())
             << "," << CsvNumber(g["se"].get<double>()) << "," << CsvNumber(g["expected_elected"].get<double>()) << ","
             << CsvNumber(g["members_share"].get<double>()) << "," << CsvNumber(g["seats_share"].get<double>()) << "\n";
    }
  }
  comp << "rule_set_a,rule_set_b,kind,entity,difference,se\n";
  for (const auto& c : s["comparisons"]) {
    const std::string ab = CsvField(c["a"].get<std::string>()) + "," + CsvField(c["b"].get<std::string>());
    for (const auto& x : c["slates"]) {
      comp << ab << ",slate_seats," << CsvField(x["name"].get<std::string>()) << ","
           << CsvNumber(x["mean_seat_difference"].get<double>()) << "," << CsvNumber(x["se"].get<double>()) << "\n";
    }
    for (const auto& x : c["candidates"]) {
      comp << ab << ",candidate_p_elected," << CsvField(x["name"].get<std::string>()) << ","
           << CsvNumber(x["p_elected_difference"].get<double>()) << "," << CsvNumber(x["se"].get<double>()) << "\n";
    }
    for (const auto& x : c["regions"]) {
      comp << ab << ",region_p_represented," << CsvField(x["name"].get<std::string>()) << ","
           << CsvNumber(x["p_represented_difference"].get<double>()) << "," << CsvNumber(x["se"].get<double>()) << "\n";
    }
    comp << ab << ",women_elected,women," << CsvNumber(c["women_mean_difference"].get<double>()) << ","
         << CsvNumber(c["women_se"].get<double>()) << "\n";
  }
  std::ostringstream nec, disp;
  nec << "rule_set,faction,total_seats,mean_seats,p_majority,se\n";
  disp << "rule_set,index,mean,p5,p50,p95\n";
  bool have_nec = false;
  for (const auto& rs : s["rule_sets"]) {
    const std::string name = CsvField(rs["name"].get<std::string>());
    for (const char* idx : {"loosemore_hanby", "gallagher"}) {
      const auto& d = rs["disproportionality"][idx];
      if (d.is_null()) continue;
      disp << name << "," << idx << "," << CsvNumber(d["mean"].get<double>()) << "," << CsvNumber(d["p5"].get<double>()) << ","
           << CsvNumber(d["p50"].get<double>()) << "," << CsvNumber(d["p95"].get<double>()) << "\n";
    }
    if (!rs.contains("nec")) continue;
    have_nec = true;
    for (const auto& f : rs["nec"]["factions"]) {
      nec << name << "," << CsvField(f["name"].get<std::string>()) << "," << rs["nec"]["total_seats"].get<int>() << ","
          << CsvNumber(f["mean_seats"].get<double>()) << "," << CsvNumber(f["p_majority"].get<double>()) << ","
          << CsvNumber(f["se"].get<double>()) << "\n";
    }
  }
  std::map<std::string, std::string> out{{"candidates.csv", cand.str()},
          {"slates.csv", slate.str()},
          {"regions.csv", region.str()},
          {"comparisons.csv", comp.str()},
                                          {"disproportionality.csv", disp.str()}};
  if (have_nec) out["nec.csv"] = nec.str();
  return out;
}

std::string SummaryText(const nlohmann::ordered_json& s) {
  std::ostringstream out;
  out << "Scenario " << s["scenario"].get<std::string>() << ": " << s["runs"].get<int64_t>() << " runs, seed "
      << s["seed"].get<uint64_t>() << ", mean ballots " << std::fixed << std::setprecision(0)
      << s["mean_ballots"].get<double>() << "\n";
  for (const auto& rs : s["rule_sets"]) {
    out << "\n== " << rs["name"].get<std::string>() << " (" << rs["rule"].get<std::string>() << ", "
        << rs["seats"].get<int>() << " seats)\n";
    out << "  Slate                      mean seats   5-95%\n";
    for (const auto& sl : rs["slates"]) {
      std::string nm = sl["name"].get<std::string>();
      nm.resize(26, ' ');
      out << "  " << nm << " " << std::setw(10) << std::setprecision(2) << sl["mean"].get<double>() << "   "
          << sl["p5"].get<int>() << "-" << sl["p95"].get<int>() << "\n";
    }
    std::vector<std::pair<double, std::string>> top;
    for (const auto& c : rs["candidates"]) top.emplace_back(c["p_elected"].get<double>(), c["name"].get<std::string>());
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    out << "  Most likely elected: ";
    for (size_t i = 0; i < top.size() && i < static_cast<size_t>(rs["seats"].get<int>()); ++i) {
      out << (i ? ", " : "") << top[i].second << " " << std::setprecision(0) << 100 * top[i].first << "%";
    }
    out << "\n  Women elected: mean " << std::setprecision(2) << rs["women"]["mean"].get<double>()
        << "; gender rule changed the result in " << std::setprecision(1)
        << 100 * rs["women"]["p_gender_rule_changed"].get<double>() << "% of runs\n";
    int unrep = 0;
    std::string names;
    for (const auto& g : rs["regions"]) {
      if (g["p_at_least_one"].get<double>() < 0.5) {
        ++unrep;
        names += (names.empty() ? "" : ", ") + g["name"].get<std::string>();
      }
    }
    out << "  Regions usually unrepresented (P < 50%): " << (unrep ? names : "none") << "\n";
    if (rs.contains("nec")) {
      out << "  NEC (" << rs["nec"]["total_seats"].get<int>() << " seats): P(majority)";
      for (const auto& f : rs["nec"]["factions"]) {
        out << "  " << f["name"].get<std::string>() << " " << std::setprecision(1)
            << 100 * f["p_majority"].get<double>() << "%";
      }
      out << "\n";
    }
  }
  for (const auto& c : s["comparisons"]) {
    out << "\n" << c["a"].get<std::string>() << " minus " << c["b"].get<std::string>() << " (paired):";
    for (const auto& x : c["slates"]) {
      out << "  " << x["name"].get<std::string>() << " " << std::showpos << std::setprecision(2)
          << x["mean_seat_difference"].get<double>() << std::noshowpos << " (se " << std::setprecision(3)
          << x["se"].get<double>() << ")";
    }
    out << "\n";
  }
  return out.str();
}

Status WriteOutputs(const std::string& dir, const std::map<std::string, std::string>& files, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!force) {
      Error e;
      e.file = dir;
      e.field = "--out";
      e.message = "the output folder already exists; choose another --out or pass --force to overwrite it";
      return e;
    }
    if (!fs::is_directory(dir, ec)) {
      Error e;
      e.file = dir;
      e.field = "--out";
      e.message = "exists and is not a folder";
      return e;
    }
  }
  fs::create_directories(dir, ec);
  if (ec) {
    Error e;
    e.file = dir;
    e.field = "--out";
    e.message = "cannot create the output folder: " + ec.message();
    return e;
  }
  return WriteFilesAtomic(dir, files);
}

}  // namespace necsim
