// What the two fits' outputs (fit_election.cc for ballots, fit_totals.cc for
// reported totals) share: how numbers and names are written into scenarios,
// and how a fit's uncertainty is carried into runs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace necsim::fitformat {

// A number with `digits` significant digits ("null" when not finite).
inline std::string Num(double x, int digits = 6) {
  if (!std::isfinite(x)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

// A standard error in a scenario's comments.
inline std::string SeText(double se, int digits = 3) {
  return std::isfinite(se) ? Num(se, digits) : std::string("none (at a bound, or not identified)");
}

// Bloc shares as a scenario prints them, summing to 1 exactly (the loader's
// check is 1e-6): the last takes what rounding the others left.
inline std::vector<std::string> PrintedShares(const std::vector<double>& share) {
  std::vector<std::string> out;
  double printed = 0;
  for (size_t b = 0; b + 1 < share.size(); ++b) {
    out.push_back(Num(share[b], 12));
    printed += std::stod(out.back());
  }
  out.push_back(Num(std::max(0.0, 1.0 - printed), 12));
  return out;
}

// A YAML (and JSON) double-quoted string.
inline std::string Quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// Dirichlet concentration c whose share variances p(1-p)/(c+1) sum to the
// fitted shares' squared standard errors; 0 (fixed shares) for one bloc or
// errors unknown.
inline double Concentration(const std::vector<double>& share, const std::vector<double>& se) {
  if (share.size() < 2) return 0;
  double v = 0, se2 = 0;
  for (size_t b = 0; b < share.size(); ++b) {
    if (!std::isfinite(se[b])) return 0;
    v += share[b] * (1 - share[b]);
    se2 += se[b] * se[b];
  }
  if (se2 <= 0) return 1e9;
  return std::clamp(v / se2 - 1, 1.0, 1e9);
}

// The per-run shock on candidates' utilities standing for the fitted
// effects' uncertainty: the root mean square of their standard errors
// (the finite ones), at most 10.
inline double EffectNoise(const std::vector<double>& se) {
  double s2 = 0;
  int n = 0;
  for (double s : se) {
    if (std::isfinite(s)) s2 += s * s, ++n;
  }
  return n > 0 ? std::min(10.0, std::sqrt(s2 / n)) : 0.0;
}

}  // namespace necsim::fitformat
