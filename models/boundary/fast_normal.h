// Fast standard normal variates for the boundary model's errors (thousands
// of constituency noise terms per run): the ziggurat method of Marsaglia & Tsang ("The
// Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8),
// 2000) with 256 layers, in the formulation of Doornik ("An Improved
// Ziggurat Method to Generate Normal Random Samples", 2005): one 64-bit
// draw per variate in the common case, the layer from its low 8 bits and a
// uniform on (-1, 1) from its high 53 bits (disjoint bits, which avoids the
// layer/value correlation of the original). Over 98% of draws return after
// one multiply and one comparison.
//
// The uniform bits come from SplitMix64 (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014) seeded from a
// Philox stream (models/core/rng.h), so every variate is still fixed by (seed, run,
// purpose). tests/unit/boundary_test.cc checks the moments, tail
// probabilities and a chi-square over bins.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/rng.h"

namespace necsim {

class ZigguratNormal {
 public:
  static constexpr int kLayers = 256;

  // Draws one N(0, 1) variate from `gen` (64-bit outputs).
  template <class Gen>
  double operator()(Gen& gen) const {
    const Tables& t = tables();
    for (;;) {
      const uint64_t bits = gen();
      const int i = static_cast<int>(bits & 0xFF);
      const double u = static_cast<double>(bits >> 11) * 0x1.0p-52 - 1.0;  // [-1, 1)
      const double z = u * t.x[i];
      if (std::fabs(z) < t.x[i + 1]) return z;  // inside the layer's rectangle under the curve
      if (i == 0) return Tail(gen, u < 0);
      // The wedge between x[i+1] and x[i]: accept under the density.
      const double y = t.f[i] + Uniform(gen) * (t.f[i + 1] - t.f[i]);
      if (y < std::exp(-0.5 * z * z)) return z;
    }
  }

 private:
  struct Tables {
    // x[0] = V / f(r) (the base layer with the tail), x[1] = r, ..., x[256] = 0;
    // f[i] = exp(-x[i]^2 / 2). Layer i is [0, x[i]] x [f(x[i]), f(x[i+1])]
    // (the base layer from 0), every layer of area V.
    std::array<double, kLayers + 1> x{};
    std::array<double, kLayers + 1> f{};
  };
  static constexpr double kR = 3.6541528853610088;   // Marsaglia & Tsang 2000, 256 layers
  static constexpr double kV = 0.00492867323399;     // area of each layer

  static const Tables& tables() {
    static const Tables t = [] {
      Tables s;
      auto f = [](double v) { return std::exp(-0.5 * v * v); };
      s.x[0] = kV / f(kR);
      s.x[1] = kR;
      for (int i = 1; i < kLayers - 1; ++i) s.x[i + 1] = std::sqrt(-2.0 * std::log(kV / s.x[i] + f(s.x[i])));
      s.x[kLayers] = 0.0;
      for (int i = 0; i <= kLayers; ++i) s.f[i] = f(s.x[i]);
      s.f[0] = 0.0;  // the base layer reaches down to 0 (its tail part is sampled apart)
      return s;
    }();
    return t;
  }

  template <class Gen>
  static double Uniform(Gen& gen) {
    return (static_cast<double>(gen() >> 11) + 0.5) * 0x1.0p-53;  // (0, 1)
  }

  // Beyond r: Marsaglia's tail method (1964).
  template <class Gen>
  static double Tail(Gen& gen, bool negative) {
    double a = 0, b = 0;
    do {
      a = -std::log(Uniform(gen)) / kR;
      b = -std::log(Uniform(gen));
    } while (2 * b < a * a);
    return negative ? -(kR + a) : kR + a;
  }
};

}  // namespace necsim
