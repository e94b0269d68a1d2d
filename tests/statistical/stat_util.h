// Shared helpers of the statistical tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.h"
#include "scenario/scenario_yaml.h"

namespace necsim {
namespace stat_test {

// NECSIM_STAT_SCALE (default 1) multiplies the run counts: smaller scales keep
// every test's false-alarm rate and only lose power.
inline double Scale() {
  const char* s = std::getenv("NECSIM_STAT_SCALE");
  if (s == nullptr || *s == '\0') return 1.0;
  const double v = std::atof(s);
  return v > 0 ? v : 1.0;
}

inline int64_t Scaled(int64_t n, int64_t floor_runs) {
  return std::max<int64_t>(floor_runs, static_cast<int64_t>(std::llround(static_cast<double>(n) * Scale())));
}

// Replaces every occurrence of each key of `subs` in `s`.
inline std::string Fill(std::string s, const std::map<std::string, std::string>& subs) {
  for (const auto& [key, value] : subs) {
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) {
      s.replace(at, key.size(), value);
    }
  }
  return s;
}

inline Scenario Load(const std::string& yaml) {
  auto sc = LoadScenarioText(yaml, "<test>");
  if (!sc.ok()) {
    ADD_FAILURE() << "scenario does not load: " << sc.error().message;
    return Scenario{};
  }
  return *sc;
}

// The chi-square and z tests the statistical tests share.

// Upper alpha quantile of chi-square(df).
inline double ChiSquareCritical(double df, double alpha) {
  return boost::math::quantile(boost::math::complement(boost::math::chi_squared(df), alpha));
}
inline double ChiSquarePValue(double stat, double df) {
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(df), stat));
}
// Two-sided critical |z| for a family of m tests at family-wise rate alpha.
inline double ZCritical(double alpha, int m) {
  return boost::math::quantile(boost::math::complement(boost::math::normal(), alpha / (2.0 * std::max(1, m))));
}

struct ChiSquare {
  double stat = 0;
  int df = 0;
  double p = 1;
  std::string table;  // pooled cells, for failure messages
};

// Two-sample chi-square test of homogeneity of histograms a and b over the
// same categories (in order). Adjacent categories are pooled until both
// samples' expected counts are >= 5 in every cell (a short tail joins the last
// cell). Under H0 the statistic is asymptotically chi-square(cells - 1).
inline ChiSquare Homogeneity(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  double na = 0, nb = 0;
  for (int64_t x : a) na += static_cast<double>(x);
  for (int64_t x : b) nb += static_cast<double>(x);
  const double fa = na / (na + nb), fb = nb / (na + nb);
  std::vector<std::pair<double, double>> cells;
  std::vector<std::string> labels;
  double ca = 0, cb = 0;
  size_t from = 0;
  for (size_t k = 0; k < a.size(); ++k) {
    ca += static_cast<double>(a[k]);
    cb += static_cast<double>(b[k]);
    if ((ca + cb) * std::min(fa, fb) >= 5) {
      cells.push_back({ca, cb});
      labels.push_back(from == k ? std::to_string(k) : std::to_string(from) + "-" + std::to_string(k));
      ca = cb = 0;
      from = k + 1;
    }
  }
  if (ca + cb > 0) {
    if (cells.empty()) {
      cells.push_back({ca, cb});
      labels.push_back("all");
    } else {
      cells.back().first += ca;
      cells.back().second += cb;
      labels.back() += "+";
    }
  }
  ChiSquare r;
  std::ostringstream os;
  for (size_t i = 0; i < cells.size(); ++i) {
    const double t = cells[i].first + cells[i].second;
    const double ea = t * fa, eb = t * fb;
    r.stat += (cells[i].first - ea) * (cells[i].first - ea) / ea + (cells[i].second - eb) * (cells[i].second - eb) / eb;
    os << " [" << labels[i] << ": " << cells[i].first << " vs " << cells[i].second << "]";
  }
  r.df = static_cast<int>(cells.size()) - 1;
  r.p = r.df > 0 ? ChiSquarePValue(r.stat, r.df) : 1.0;
  r.table = os.str();
  return r;
}

// Goodness of fit of observed counts to expected probabilities (cells with
// expected count < 5 pooled into one); statistic ~ chi-square(cells - 1).
inline ChiSquare GoodnessOfFit(const std::vector<int64_t>& obs, const std::vector<double>& prob) {
  double n = 0;
  for (int64_t x : obs) n += static_cast<double>(x);
  ChiSquare r;
  double small_o = 0, small_e = 0;
  int cells = 0;
  std::ostringstream os;
  for (size_t i = 0; i < obs.size(); ++i) {
    const double e = n * prob[i];
    if (e < 5) {
      small_o += static_cast<double>(obs[i]);
      small_e += e;
      continue;
    }
    r.stat += (static_cast<double>(obs[i]) - e) * (static_cast<double>(obs[i]) - e) / e;
    os << " [" << i << ": " << obs[i] << " vs " << e << "]";
    ++cells;
  }
  if (small_e > 0) {
    r.stat += (small_o - small_e) * (small_o - small_e) / small_e;
    os << " [rest: " << small_o << " vs " << small_e << "]";
    ++cells;
  } else if (small_o > 0) {
    r.stat = 1e300;  // counts where the law puts no mass
    os << " [impossible: " << small_o << "]";
  }
  r.df = cells - 1;
  r.p = r.df > 0 ? ChiSquarePValue(r.stat, r.df) : 1.0;
  r.table = os.str();
  return r;
}

}  // namespace stat_test
}  // namespace necsim
