// Binomial and multinomial draws for the fast sampler: inversion for small
// means, Hormann's BTRD otherwise (see BinomialBtrd), and multinomials as a
// chain of binomials. Templates over the generator, so the expander's
// per-node SplitMix64 streams and Philox streams share one implementation.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <vector>

#include "core/rng.h"
#include "voters/lane_kernels.h"

namespace necsim {

// A categorical table (models/voters/lane_kernels.h: the cumulative masses, and the
// guide where the kernel reads one) over fixed probabilities, built on first
// use and kept for the next multinomial over the same probabilities.
struct GuideCache {
  bool built = false;
  bool has_guide = false;      // built only for the kernel that reads it (CategoricalReadsGuide)
  int bits = 0;                // 2^bits guide entries
  int last = 0;                // the last category with mass
  std::vector<double> cdf;     // cumulative masses
  std::vector<int32_t> guide;  // [g]: the first category whose cdf exceeds g/2^bits of the total
};

namespace draws {

// A node's generator: SplitMix64 seeded by ObjectSeed (models/core/rng.h).
using SplitMix = SplitMix64;

template <class Rng>
double Uniform01(Rng& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// The remainder of Stirling's series for log k!:
//   log k! = (k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2 + StirlingTail(k),
// exact (from lgamma) below 10, else the series' next three terms (absolute
// error below 1e-10 at k = 10, falling as k^-7).
inline double StirlingTail(int64_t k) {
  static const std::array<double, 10> kTable = [] {
    std::array<double, 10> t{};
    for (int i = 0; i < 10; ++i) {
      t[static_cast<size_t>(i)] =
          std::lgamma(i + 1.0) - (i + 0.5) * std::log(i + 1.0) + (i + 1.0) - 0.5 * std::log(2 * std::numbers::pi);
    }
    return t;
  }();
  if (k < 10) return kTable[static_cast<size_t>(k)];
  const double r = 1.0 / (static_cast<double>(k) + 1.0), r2 = r * r;
  return (1.0 / 12 - (1.0 / 360 - r2 / 1260) * r2) * r;
}

// std::floor without the library call a baseline x86-64 build makes for it
// (no SSE4.1 rounding instruction): the same value for every finite x (a
// double of magnitude 2^52 or more is already whole).
inline double Floor(double x) {
  if (!(std::fabs(x) < 0x1p52)) return x;
  const double t = static_cast<double>(static_cast<int64_t>(x));  // towards zero
  return t > x ? t - 1.0 : t;
}

// Binomial(n, p) for p <= 1/2 and n p >= 10 by Hormann's transformed
// rejection with decomposition (BTRD; W. Hormann, "The generation of binomial
// random variates", J. Statist. Comput. Simul. 46, 1993): a hat of the form
// (2a / (1/2 - |u|) + b) u + c over a uniform u, whose central part (86% of
// draws) is accepted at once; otherwise the ratio f(k) / f(m) to the mode is
// checked by the pmf's recurrence (|k - m| <= 15), a squeeze, or Stirling's
// series. Exact, O(1) expected time, no table or lgamma call per draw.
template <class Rng>
int64_t BinomialBtrd(Rng& rng, int64_t n, double p) {
  const double dn = static_cast<double>(n);
  const double q = 1 - p;
  const double npq = dn * p * q;
  const double spq = std::sqrt(npq);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = dn * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double r = p / q;
  const double nr = (dn + 1) * r;
  const auto m = static_cast<int64_t>(Floor((dn + 1) * p));
  for (;;) {
    double v = Uniform01(rng);
    double u;
    if (v <= 0.86 * v_r) {
      u = v / v_r - 0.43;
      return static_cast<int64_t>(Floor((2 * a / (0.5 - std::fabs(u)) + b) * u + c));
    }
    if (v >= v_r) {
      u = Uniform01(rng) - 0.5;
    } else {
      u = v / v_r - 0.93;
      u = std::copysign(0.5, u) - u;
      v = Uniform01(rng) * v_r;
    }
    const double us = 0.5 - std::fabs(u);
    const double kf = Floor((2 * a / us + b) * u + c);
    if (!(kf >= 0 && kf <= dn)) continue;  // (also rejects us = 0)
    const auto k = static_cast<int64_t>(kf);
    v = v * alpha / (a / (us * us) + b);
    const int64_t km = k > m ? k - m : m - k;
    if (km <= 15) {
      // f(k) / f(m) by the recurrence f(i) / f(i - 1) = ((n + 1) / i - 1) p / q.
      double f = 1;
      if (m < k) {
        for (int64_t i = m + 1; i <= k; ++i) f *= nr / static_cast<double>(i) - r;
      } else if (m > k) {
        for (int64_t i = k + 1; i <= m; ++i) v *= nr / static_cast<double>(i) - r;
      }
      if (v <= f) return k;
      continue;
    }
    // Squeeze on log(f(k) / f(m)), then the exact value by Stirling's series.
    v = std::log(v);
    const double dkm = static_cast<double>(km);
    const double rho = (dkm / npq) * (((dkm / 3 + 0.625) * dkm + 1.0 / 6) / npq + 0.5);
    const double t = -dkm * dkm / (2 * npq);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    const double nm = dn - static_cast<double>(m) + 1;
    const double h = (static_cast<double>(m) + 0.5) * std::log((static_cast<double>(m) + 1) / (r * nm)) +
                     StirlingTail(m) + StirlingTail(n - m);
    const double nk = dn - kf + 1;
    if (v <= h + (dn + 1) * std::log(nm / nk) + (kf + 0.5) * std::log(nk * r / (kf + 1)) - StirlingTail(k) -
                  StirlingTail(n - k)) {
      return k;
    }
  }
}

template <class Rng>
int64_t BinomialImpl(Rng& rng, int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - BinomialImpl(rng, n, 1 - p);
  if (static_cast<double>(n) * p < 10) {
    // Inversion by sequential search from 0 (Kachitvichyanukul & Schmeiser's
    // BINV): expected cost O(np).
    const double q = 1 - p;
    const double ratio = p / q;
    const double a = static_cast<double>(n + 1) * ratio;
    double r = std::exp(static_cast<double>(n) * std::log1p(-p));
    double u = Uniform01(rng);
    int64_t x = 0;
    while (u > r) {
      u -= r;
      ++x;
      if (x > n) return n;
      r *= a / static_cast<double>(x) - ratio;
      if (r <= 0) break;
    }
    return std::min(x, n);
  }
  return BinomialBtrd(rng, n, p);
}

// Below this many ballots per category, a multinomial is drawn as n
// categorical draws by inversion (O(k + n), by the lane kernels: about 2.6 ns
// a draw with AVX-512, 8 ns without) rather than a chain of k binomials
// (about 45 ns each). Of 8, 16, 24 and 32, 16 was fastest with AVX-512 at
// 15k and 150k ballots (2-4% ahead of 8, and 10% at 1.5M); without AVX-512
// it is 7% ahead of 8 at 150k and 6% behind at 1.5M. The same for every
// processor, so that results do not depend on it.
constexpr int64_t kDrawnBallotsPerCategory = 16;

template <class Rng>
void MultinomialImpl(Rng& rng, int64_t n, const std::vector<double>& p, std::vector<int64_t>& out,
                     GuideCache* cache = nullptr) {
  out.assign(p.size(), 0);
  double mass = 0;
  for (double x : p) mass += x;
  if (n <= 0) return;
  if (n <= 12) {
    // Few ballots: one categorical draw each is cheaper than a chain of
    // binomials.
    // The category is the number of leading masses that u outlasts (u only
    // falls, so once below zero it stays there): counted without a branch
    // on the outcome.
    const size_t stop = p.size() - 1;
    for (int64_t k = 0; k < n; ++k) {
      double u = Uniform01(rng) * mass;
      size_t i = 0;
      for (size_t j = 0; j < stop; ++j) {
        u -= p[j];
        i += static_cast<size_t>(u >= 0);
      }
      while (p[i] <= 0 && i > 0) --i;  // rounding past the end: last category with mass
      ++out[i];
    }
    return;
  }
  const int64_t k = static_cast<int64_t>(p.size());
  if (n <= kDrawnBallotsPerCategory * k && k < (1 << 20) && mass > 0) {
    // n independent categorical draws by inversion (models/voters/lane_kernels.h),
    // from one number of rng; the guide table is built only for the kernel
    // that reads it.
    CategoricalTable t;
    if (cache != nullptr) {
      if (!cache->built) {
        cache->cdf.resize(static_cast<size_t>(k));
        CategoricalTable built = BuildCdfTable(p.data(), static_cast<int>(k), cache->cdf.data());
        cache->has_guide = CategoricalReadsGuide(built);
        if (cache->has_guide) {
          cache->guide.resize(GuideTableEntries(static_cast<int>(k)));
          BuildGuide(built, cache->guide.data());
        }
        cache->bits = built.bits;
        cache->last = built.last;
        cache->built = true;
      }
      t.k = static_cast<int>(k);
      t.bits = cache->bits, t.last = cache->last, t.cdf = cache->cdf.data();
      t.guide = cache->has_guide ? cache->guide.data() : nullptr;
      DrawCategorical(t, rng(), n, out.data());
      return;
    }
    double cdf_small[64];
    std::vector<double> cdf_big;
    double* cdf = cdf_small;
    if (k > 64) {
      cdf_big.resize(static_cast<size_t>(k));
      cdf = cdf_big.data();
    }
    t = BuildCdfTable(p.data(), static_cast<int>(k), cdf);
    // (Without a guide the plain kernel builds its own.)
    DrawCategorical(t, rng(), n, out.data());
    return;
  }
  for (size_t i = 0; i < p.size() && n > 0; ++i) {
    if (i + 1 == p.size() || p[i] >= mass) {
      out[i] = n;
      break;
    }
    const int64_t x = BinomialImpl(rng, n, p[i] / mass);
    out[i] = x;
    n -= x;
    mass -= p[i];
  }
}

}  // namespace draws

// Multinomial split of n over probabilities p (summing to 1) into out.
void Multinomial(Stream& rng, int64_t n, const std::vector<double>& p, std::vector<int64_t>& out);
int64_t Binomial(Stream& rng, int64_t n, double p);

}  // namespace necsim
