// The size finder on the 2018 membership (numbers checkable by hand with
// docs/apportionment.md: Sainte-Lague on 11 seats leaves Scotland, the
// smallest region, without a seat; 12 seats give London 2 and every other
// region 1).
#include "regional/size_finder.h"

#include <gtest/gtest.h>

#include "scenario/scenario_yaml.h"

namespace necsim {
namespace {

std::string Scenario2018(const std::string& rule_sets) {
  return R"(name: size
regions:
  - {name: London, members: 112308}
  - {name: North West, members: 71488}
  - {name: South East, members: 66805}
  - {name: Yorkshire and the Humber, members: 51068}
  - {name: South West, members: 48468}
  - {name: East of England, members: 42769}
  - {name: West Midlands, members: 37291}
  - {name: East Midlands, members: 35041}
  - {name: North, members: 28177}
  - {name: Wales, members: 27688}
  - {name: Scotland, members: 25770}
blocs:
  - {name: all, share: 1}
candidates:
  - {name: A1, gender: f, region: London}
  - {name: A2, gender: m, region: London}
  - {name: A3, gender: m, region: London}
  - {name: B1, gender: f, region: North West}
  - {name: B2, gender: m, region: North West}
  - {name: C1, gender: m, region: South East}
  - {name: D1, gender: f, region: Yorkshire and the Humber}
  - {name: E1, gender: m, region: South West}
  - {name: F1, gender: f, region: East of England}
  - {name: G1, gender: m, region: West Midlands}
  - {name: H1, gender: f, region: East Midlands}
  - {name: I1, gender: m, region: North}
  - {name: J1, gender: f, region: Wales}
  - {name: K1, gender: m, region: Scotland}
  - {name: K2, gender: f, region: Scotland}
rule_sets:
)" + rule_sets;
}

TEST(SizeFinderTest, OneSeatPerRegionNeedsAsManyTopUpSeats) {
  auto sc = LoadScenarioText(Scenario2018("  - {name: r, regional: {rule: fptp}}\n"), "t.yaml");
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  auto size = FindSectionSize(*sc, sc->rule_sets, "r");
  ASSERT_TRUE(size.ok()) << size.error().ToString();
  EXPECT_EQ(size->regional_seats, 11);
  EXPECT_EQ(size->top_up_seats, 11);  // all 11 regional winners may be men
  EXPECT_EQ(size->total_seats, 22);
}

TEST(SizeFinderTest, SainteLagueNeedsTwelveSeatsForScotland) {
  auto sc = LoadScenarioText(
      Scenario2018("  - name: r\n    regional: {rule: fptp, apportion: {method: sainte-lague, seats: 11}}\n"), "t.yaml");
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  // As configured, 11 seats by Sainte-Lague: London 2, Scotland 0.
  EXPECT_EQ(sc->rule_sets[0].regional.district_seats[0], 2);
  EXPECT_EQ(sc->rule_sets[0].regional.district_seats[10], 0);
  auto size = FindSectionSize(*sc, sc->rule_sets, "r");
  ASSERT_TRUE(size.ok()) << size.error().ToString();
  EXPECT_EQ(size->regional_seats, 12);
  EXPECT_EQ(size->seats_by_region[0], 2);
  EXPECT_EQ(size->seats_by_region[10], 1);
  // The resized design elects 12 regional + 12 top-up seats.
  Scenario resized = *sc;
  ResizeRuleSet(resized.rule_sets, "r", *size, Rule::kErs97);
  EXPECT_EQ(resized.rule_sets[0].seats, 24);
  EXPECT_EQ(resized.rule_sets[0].national_seats, 12);
  EXPECT_EQ(resized.rule_sets[0].women_min, 12);
  EXPECT_EQ(resized.rule_sets[0].regional.district_seats[10], 1);
}

TEST(SizeFinderTest, DHondtNeedsMoreSeats) {
  // D'Hondt favours large regions: with 11 seats London takes 3 and three
  // regions get none; the smallest size giving Scotland a seat is larger than
  // under Sainte-Lague.
  auto sc = LoadScenarioText(
      Scenario2018("  - name: r\n    regional: {rule: fptp, apportion: {method: dhondt, seats: 11}}\n"), "t.yaml");
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  EXPECT_EQ(sc->rule_sets[0].regional.district_seats[0], 3);  // London
  auto size = FindSectionSize(*sc, sc->rule_sets, "r");
  ASSERT_TRUE(size.ok());
  EXPECT_GT(size->regional_seats, 12);
  for (int s : size->seats_by_region) EXPECT_GE(s, 1);
}

TEST(SizeFinderTest, GenderMechanismNeedsNoTopUp) {
  auto sc = LoadScenarioText(Scenario2018(R"(  - name: r
    regional:
      rule: block
      gender: pairing
      pairs: [[London], [North West, South East], [Yorkshire and the Humber, South West],
              [East of England, West Midlands], [East Midlands, North], [Wales, Scotland]]
)"),
                             "t.yaml");
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  auto size = FindSectionSize(*sc, sc->rule_sets, "r");
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->top_up_seats, 0);  // the pairs balance the genders themselves
  EXPECT_EQ(size->regional_seats, 11);
  for (int s : size->seats_by_region) EXPECT_EQ(s, 1);
}

TEST(SizeFinderTest, RejectsNationalRuleSets) {
  auto sc = LoadScenarioText(Scenario2018("  - {name: n, rule: fptp, seats: 3}\n"), "t.yaml");
  ASSERT_TRUE(sc.ok()) << sc.error().ToString();
  EXPECT_FALSE(FindSectionSize(*sc, sc->rule_sets, "n").ok());
  EXPECT_FALSE(FindSectionSize(*sc, sc->rule_sets, "missing").ok());
}

}  // namespace
}  // namespace necsim
