#include "core/numeric.h"

#include <gtest/gtest.h>

namespace necsim {
namespace {

TEST(NumericTest, FormatFixedPadsDecimals) {
  EXPECT_EQ(FormatFixed(138100000, 5), "1381.00000");
  EXPECT_EQ(FormatFixed(5, 2), "0.05");
  EXPECT_EQ(FormatFixed(-5, 2), "-0.05");
  EXPECT_EQ(FormatFixed(7, 0), "7");
}

TEST(NumericTest, FormatRationalRoundsHalfUp) {
  EXPECT_EQ(FormatRational(Rational(94, 5), 12), "18.800000000000");
  EXPECT_EQ(FormatRational(Rational(2, 3), 3), "0.667");
  EXPECT_EQ(FormatRational(Rational(1, 8), 2), "0.13");  // 0.125 rounds up
  EXPECT_EQ(FormatRational(Rational(1, 3), 0), "0");
}

TEST(NumericTest, ParseDecimal) {
  Rational r;
  ASSERT_TRUE(ParseDecimal("12.25", r));
  EXPECT_EQ(r, Rational(49, 4));
  ASSERT_TRUE(ParseDecimal("-3", r));
  EXPECT_EQ(r, Rational(-3));
  EXPECT_FALSE(ParseDecimal("1.2.3", r));
  EXPECT_FALSE(ParseDecimal("abc", r));
  EXPECT_FALSE(ParseDecimal("", r));
}

TEST(NumericTest, MulDivRounding) {
  EXPECT_EQ(MulDivFloor(7, 3, 2), 10);
  EXPECT_EQ(MulDivCeil(7, 3, 2), 11);
  // 128-bit intermediate: no overflow.
  EXPECT_EQ(MulDivFloor(4'000'000'000'000'000'000, 4, 8), 2'000'000'000'000'000'000);
}

}  // namespace
}  // namespace necsim
