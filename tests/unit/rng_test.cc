#include "sim/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace necsim {
namespace {

TEST(StreamTest, SameKeySameNumbers) {
  Stream a(42, 7, StreamPurpose::kLots);
  Stream b(42, 7, StreamPurpose::kLots);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a(), b());
}

TEST(StreamTest, DifferentKeysDiffer) {
  Stream a(42, 7, StreamPurpose::kLots);
  Stream b(42, 8, StreamPurpose::kLots);
  Stream c(42, 7, StreamPurpose::kBallots);
  Stream d(43, 7, StreamPurpose::kLots);
  const auto x = a();
  EXPECT_NE(x, b());
  EXPECT_NE(x, c());
  EXPECT_NE(x, d());
}

// Below(n) is uniform: chi-square over 10 cells, 100,000 draws. The 0.999
// quantile of chi-square with 9 degrees of freedom is 27.88, so this test
// fails by chance once in a thousand seeds (it uses one fixed seed).
TEST(StreamTest, BelowIsUniform) {
  Stream s(2024, 0, StreamPurpose::kTest);
  const int n = 100000;
  std::vector<int> cells(10, 0);
  for (int i = 0; i < n; ++i) ++cells[s.Below(10)];
  double chi2 = 0;
  for (int c : cells) chi2 += (c - n / 10.0) * (c - n / 10.0) / (n / 10.0);
  EXPECT_LT(chi2, 27.88);
}

// Uniform() has mean 1/2 and variance 1/12; the mean of 100,000 draws has
// standard error sqrt(1/12/1e5) = 0.000913; 4 standard errors.
TEST(StreamTest, UniformMean) {
  Stream s(7, 3, StreamPurpose::kTest);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = s.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 4 * 0.000913);
}

}  // namespace
}  // namespace necsim
