// Number types for the counting rules.
//
// Each published rule fixes its arithmetic: Scottish STV works in fixed point
// to 5 decimal places, ERS97 to 2, the PRF Meek rule to 9; the exact variants
// (wigm, warren) use rational numbers. Fixed-point values are int64 counts of
// 10^-dp units; products and quotients go through 128-bit intermediates so no
// intermediate overflows for any electorate below 10^9 ballots.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <string>

namespace necsim {

using Rational = boost::multiprecision::cpp_rational;
using BigInt = boost::multiprecision::cpp_int;

// 10^dp for 0 <= dp <= 18.
int64_t Pow10(int dp);

// Scaled integer -> "int.frac" with exactly dp decimals ("-" sign if negative).
std::string FormatFixed(int64_t scaled, int dp);

// A rational shown to dp decimals, rounded half up (as Droop displays exact
// values; its default display precision is 12).
std::string FormatRational(const Rational& r, int dp);

// Decimal string ("12", "12.5", "-0.25") -> Rational. Returns false on
// malformed input.
bool ParseDecimal(const std::string& s, Rational& out);

// floor(a * b / c) and ceil(a * b / c) for non-negative a, b and positive c,
// computed in 128 bits.
inline int64_t MulDivFloor(int64_t a, int64_t b, int64_t c) {
  return static_cast<int64_t>((static_cast<__int128>(a) * b) / c);
}
inline int64_t MulDivCeil(int64_t a, int64_t b, int64_t c) {
  const __int128 p = static_cast<__int128>(a) * b;
  return static_cast<int64_t>((p + c - 1) / c);
}

// The q-quantile (0 < q <= 1) of a histogram over 0 .. size-1 holding `runs`
// observations: the smallest index whose cumulative count reaches q x runs
// (the last index when none does). The one quantile of every output.
inline int HistogramQuantile(const int64_t* hist, size_t size, int64_t runs, double q) {
  const double target = q * static_cast<double>(runs);
  int64_t cum = 0;
  for (size_t k = 0; k < size; ++k) {
    cum += hist[k];
    if (static_cast<double>(cum) >= target && cum > 0) return static_cast<int>(k);
  }
  return static_cast<int>(size) - 1;
}
inline int HistogramQuantile(const std::vector<int64_t>& hist, int64_t runs, double q) {
  return HistogramQuantile(hist.data(), hist.size(), runs, q);
}

// The same quantile of `n` observations in a list: the rank (1-based, in
// increasing order) of the observation HistogramQuantile picks, the smallest
// r >= 1 with r >= q x n (the nearest-rank order statistic). 0 when n is 0.
inline int64_t QuantileRank(int64_t n, double q) {
  if (n <= 0) return 0;
  const double target = q * static_cast<double>(n);
  int64_t r = static_cast<int64_t>(std::ceil(target));
  return std::min(n, std::max<int64_t>(1, r));
}

// A rational as a double (for aggregation and plotting only, never counting).
double ToDouble(const Rational& r);

}  // namespace necsim
