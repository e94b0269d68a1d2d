#include "outputs/sweep_table.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "io/csv.h"

namespace necsim {

std::string SweepCsvHeader(const std::vector<SweepAxis>& axes) {
  std::string h = "point";
  for (const auto& a : axes) {
    h += ',';
    h += CsvField(a.path);
  }
  return h + ",rule_set,measure,entity,value,se\n";
}

std::string SweepCsvRows(const std::string& point, const SweepPoint& p, const RunResults& s) {
  std::string lead = CsvField(point);
  for (const auto& o : p.settings) {
    lead += ',';
    lead += CsvField(o.value);
  }
  const double n = static_cast<double>(s.runs);
  std::ostringstream out;
  auto row = [&](const std::string& rs, const char* measure, const std::string& entity, double v, double se) {
    out << lead << "," << CsvField(rs) << "," << measure << "," << CsvField(entity) << "," << CsvNumber(v) << ","
        << (se < 0 ? "" : CsvNumber(se)) << "\n";
  };
  // The standard error of a mean from its distribution (probabilities by value).
  auto mean_se = [&](const Distribution& dist, double mean) {
    double m2 = 0;
    for (const auto& [k, p] : dist) {
      const double x = std::stod(k);
      m2 += x * x * p;
    }
    const double var = std::max(0.0, m2 - mean * mean);
    return n > 1 ? std::round(std::sqrt(var / n) * 1e6) / 1e6 : 0.0;
  };
  for (const auto& rs : s.rule_sets) {
    for (const auto& sl : rs.slates) row(rs.name, "slate_mean_seats", sl.name, sl.mean, mean_se(sl.seat_distribution, sl.mean));
    for (const auto& c : rs.candidates) row(rs.name, "candidate_p_elected", c.name, c.p_elected, c.se);
    for (const auto& g : rs.regions) row(rs.name, "region_p_at_least_one", g.name, g.p_at_least_one, g.se);
    row(rs.name, "women_mean", "women", rs.women.mean, mean_se(rs.women.distribution, rs.women.mean));
    row(rs.name, "p_gender_rule_changed", "women", rs.women.p_gender_rule_changed, rs.women.se);
    if (rs.nec) {
      for (const auto& f : rs.nec->factions) {
        row(rs.name, "nec_mean_seats", f.name, f.mean_seats, -1.0);
        row(rs.name, "nec_p_majority", f.name, f.p_majority, f.se);
      }
    }
  }
  return out.str();
}

std::string SweepChangeRows(const std::string& point, const SweepPoint& p, const std::vector<PairedRow>& changes) {
  std::string lead = CsvField(point);
  for (const auto& o : p.settings) {
    lead += ',';
    lead += CsvField(o.value);
  }
  std::string out;
  for (const PairedRow& r : changes) {
    out += lead + "," + CsvField(r.rule_set) + "," + r.measure + "_change," + CsvField(r.entity) + "," +
           CsvNumber(r.difference) + "," + CsvNumber(r.se) + "\n";
  }
  return out;
}

}  // namespace necsim
