#include "counting/constraints.h"

#include <gtest/gtest.h>

namespace necsim {
namespace {

std::vector<Candidate> Cands(const std::string& genders) {
  std::vector<Candidate> out;
  for (char g : genders) {
    Candidate c;
    c.name = std::string(1, static_cast<char>('A' + out.size()));
    c.gender = g == 'f' ? Gender::kWoman : Gender::kMan;
    out.push_back(c);
  }
  return out;
}

TEST(ConstraintsTest, WomenMinimumIsHalfRoundedUp) {
  EXPECT_EQ(WomenMinimum(6), 3);
  EXPECT_EQ(WomenMinimum(9), 5);
  EXPECT_EQ(WomenMinimum(1), 1);
}

TEST(ConstraintsTest, InfeasibleTooFewWomen) {
  auto c = Cands("mmmff");
  Constraints k;
  k.groups.push_back(WomenGroup(c, 3));
  Status s = CheckFeasible(k, c, 3);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("women"), std::string::npos);
}

TEST(ConstraintsTest, InfeasibleCombination) {
  // 3 seats; at least 2 women; at most 1 from group X; both women are in X.
  auto c = Cands("ffmmm");
  Constraints k;
  k.groups.push_back(WomenGroup(c, 2));
  k.groups.push_back({"X", {0, 1}, 0, 1});
  EXPECT_FALSE(CheckFeasible(k, c, 3).ok());
  k.groups[1].max = 2;
  EXPECT_TRUE(CheckFeasible(k, c, 3).ok());
}

TEST(ConstraintsTest, DoomAndGuard) {
  // 2 seats, at least 1 woman among A(f) B(m) C(m).
  auto c = Cands("fmm");
  Constraints k;
  k.groups.push_back(WomenGroup(c, 1));
  ConstraintOracle o(k, 3, 2);
  std::vector<Standing> st(3, Standing::kHopeful);
  EXPECT_TRUE(o.Guarded(st, 0));   // the only woman
  EXPECT_FALSE(o.Guarded(st, 1));
  EXPECT_FALSE(o.Doomed(st, 1));
  st[1] = Standing::kElected;      // B elected: C is now doomed
  EXPECT_TRUE(o.Doomed(st, 2));
  EXPECT_FALSE(o.Doomed(st, 0));
  EXPECT_EQ(o.Violations({1, 2}), std::vector<std::string>{"women"});
  EXPECT_TRUE(o.Violations({0, 2}).empty());
}

}  // namespace
}  // namespace necsim
