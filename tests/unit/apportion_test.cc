// Seat apportionment among regions (models/regional/apportion.h): published worked
// examples, the Alabama paradox, the 2018 Labour membership by region, the
// minimum per region, ties and every error.
//
// How the expected allocations were checked: every allocation below was
// computed twice, by hand (the comments give a divisor, or the quotas, that
// reproduce it with a calculator) and by a throwaway Python script using
// exact fractions and a different algorithm (bisection on the divisor,
// rounding each quotient by the method's rule; Hamilton from Fraction
// quotas), not the priority queue of models/regional/apportion.cc.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "regional/apportion.h"

namespace necsim {
namespace {

using M = ApportionMethod;

struct Data {
  std::vector<std::string> names;
  std::vector<int64_t> pops;
};

// 1790 US census, apportionment populations of the 15 states (total
// 3,615,920), as tabulated on the electowiki "Hamilton method" and Wikipedia
// "Huntington-Hill method" pages (and in Balinski & Young, "Fair
// Representation", 1982; 2nd ed. 2001).
Data Census1790() {
  return {{"Virginia", "Massachusetts", "Pennsylvania", "North Carolina", "New York", "Maryland", "Connecticut",
           "South Carolina", "New Jersey", "New Hampshire", "Vermont", "Georgia", "Kentucky", "Rhode Island",
           "Delaware"},
          {630560, 475327, 432879, 353523, 331589, 278514, 236841, 206236, 179570, 141822, 85533, 70835, 68705, 68446,
           55540}};
}

// Labour Party individual members by region, January 2018 (the 11 regions
// sum to 546,873). Copied from ../shared/data/nec/membership_by_region_2018.csv;
// this test does not read ../shared.
Data Labour2018() {
  return {{"London", "North West", "South East", "Yorkshire and the Humber", "South West", "East of England",
           "West Midlands", "East Midlands", "North", "Wales", "Scotland"},
          {112308, 71488, 66805, 51068, 48468, 42769, 37291, 35041, 28177, 27688, 25770}};
}

std::vector<int> Seats(const Data& d, int seats, M m, int min = 0) {
  auto r = Apportion(d.names, d.pops, seats, m, min);
  EXPECT_TRUE(r.ok()) << ApportionMethodName(m) << " " << seats << ": " << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : std::vector<int>{};
}

std::string ErrorOf(const Data& d, int seats, M m, int min = 0) {
  auto r = Apportion(d.names, d.pops, seats, m, min);
  EXPECT_FALSE(r.ok()) << ApportionMethodName(m) << " " << seats << " unexpectedly succeeded";
  return r.ok() ? "" : r.error().message;
}

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// ---------------------------------------------------------------------------
// Published worked examples: the 1790 census.

// Jefferson (D'Hondt): the House actually apportioned in 1792 (105 seats,
// divisor 33,000, fractions dropped) -- the first US apportionment. By hand:
// 630560/33000 = 19.1 -> 19, ..., Delaware 55540/33000 = 1.68 -> 1.
TEST(ApportionTest, JeffersonUsHouse1792) {
  EXPECT_EQ(Seats(Census1790(), 105, M::kDHondt),
            (std::vector<int>{19, 14, 13, 10, 10, 8, 7, 6, 5, 4, 2, 2, 2, 2, 1}));
}

// Hamilton: electowiki "Hamilton method" worked example, 60 seats, Hare quota
// 3,615,920 / 60 = 60,265.33; integer parts sum to 52 and the 8 seats left go
// to New Jersey, Connecticut, Delaware, Massachusetts, North Carolina,
// Maryland, New York and Virginia (the largest remainders).
TEST(ApportionTest, HamiltonElectowiki1790Sixty) {
  EXPECT_EQ(Seats(Census1790(), 60, M::kHamilton),
            (std::vector<int>{11, 8, 7, 6, 6, 5, 4, 3, 3, 2, 1, 1, 1, 1, 1}));
}

// Hamilton's own 120-seat bill of 1792 (vetoed by Washington, the first
// presidential veto): with quota 3,615,920/120 = 30,132.67 the integer parts
// sum to 112 and eight states get an extra seat for their remainders.
TEST(ApportionTest, HamiltonVetoedBill1792) {
  EXPECT_EQ(Seats(Census1790(), 120, M::kHamilton),
            (std::vector<int>{21, 16, 14, 12, 11, 9, 8, 7, 6, 5, 3, 2, 2, 2, 2}));
}

// Huntington-Hill: Wikipedia "Huntington-Hill method" example, the 1790
// census with 105 seats and divisor 34,800; each quotient is rounded up iff it
// is at least the geometric mean sqrt(n(n+1)): Pennsylvania 12.44 <
// sqrt(156) = 12.49 -> 12, Vermont 2.458 > sqrt(6) = 2.449 -> 3.
TEST(ApportionTest, HuntingtonHill1790) {
  EXPECT_EQ(Seats(Census1790(), 105, M::kHuntingtonHill),
            (std::vector<int>{18, 14, 12, 10, 10, 8, 7, 6, 5, 4, 3, 2, 2, 2, 2}));
}

// Webster (Sainte-Lague), 1790 census, 105 seats: divisor 34,500 with
// ordinary rounding reproduces it (Pennsylvania 12.55 -> 13, Vermont 2.48 ->
// 2, Delaware 1.61 -> 2). Against Jefferson above: Virginia 18 not 19,
// Delaware 2 not 1 (Jefferson favours the large states).
TEST(ApportionTest, Webster1790) {
  EXPECT_EQ(Seats(Census1790(), 105, M::kSainteLague),
            (std::vector<int>{18, 14, 13, 10, 10, 8, 7, 6, 5, 4, 2, 2, 2, 2, 2}));
}

// A small party-list style example to check by hand: 100, 80, 30, 20 for 8
// seats.
// D'Hondt quotients p/1, p/2, ...: A 100, 50, 33.3, 25, 20; B 80, 40, 26.7, 20;
//   C 30, 15; D 20. The 8 largest: 100, 80, 50, 40, 33.3, 30, 26.7, 25 ->
//   A 4, B 3, C 1, D 0 (the next, 20, is shared by A, B and D: no tie at the
//   cutoff).
// Sainte-Lague quotients p/1, p/3, p/5, ...: A 100, 33.3, 20, 14.3; B 80,
//   26.7, 16; C 30, 10; D 20. The 8 largest: 100, 80, 33.3, 30, 26.7, 20 (A),
//   20 (D), 16 (B) -> A 3, B 3, C 1, D 1.
TEST(ApportionTest, HighestAveragesByHand) {
  const Data d{{"A", "B", "C", "D"}, {100, 80, 30, 20}};
  EXPECT_EQ(Seats(d, 8, M::kDHondt), (std::vector<int>{4, 3, 1, 0}));
  EXPECT_EQ(Seats(d, 8, M::kSainteLague), (std::vector<int>{3, 3, 1, 1}));
  // Hamilton: quotas 3.478, 2.783, 1.043, 0.696 -> floors 3,2,1,0 (6), the 2
  // left go to B (.783) and D (.696).
  EXPECT_EQ(Seats(d, 8, M::kHamilton), (std::vector<int>{3, 3, 1, 1}));
  // Huntington-Hill: one each, then squared priorities p^2/(n(n+1)):
  // A 5000, B 3200, A 1666.7 (n=2), B 1066.7, A 833.3 (n=3) > C 450.
  EXPECT_EQ(Seats(d, 8, M::kHuntingtonHill), (std::vector<int>{3, 3, 1, 1}));
  EXPECT_EQ(Seats(d, 9, M::kHuntingtonHill), (std::vector<int>{4, 3, 1, 1}));
}

// ---------------------------------------------------------------------------
// The Alabama paradox: under Hamilton a state can lose a seat when the house
// grows. Textbook-style three-state example: populations 6, 6, 2.
// 10 seats: quotas 4.286, 4.286, 1.429 -> floors 4, 4, 1; the seat left goes
// to C (.429 > .286) -> (4, 4, 2).
// 11 seats: quotas 4.714, 4.714, 1.571 -> floors 4, 4, 1; the two seats left
// go to A and B (.714 > .571) -> (5, 5, 1): C loses a seat.
TEST(ApportionTest, AlabamaParadoxHamilton) {
  const Data d{{"A", "B", "C"}, {6, 6, 2}};
  EXPECT_EQ(Seats(d, 10, M::kHamilton), (std::vector<int>{4, 4, 2}));
  EXPECT_EQ(Seats(d, 11, M::kHamilton), (std::vector<int>{5, 5, 1}));
}

// Divisor methods are house monotone: no region ever loses a seat when the
// house grows (checked for the 1790 census, 15..300 seats).
TEST(ApportionTest, DivisorMethodsHaveNoAlabamaParadox) {
  const Data d = Census1790();
  for (M m : {M::kSainteLague, M::kDHondt, M::kHuntingtonHill}) {
    std::vector<int> prev(d.pops.size(), 0);
    for (int s = 15; s <= 300; ++s) {
      auto r = Apportion(d.names, d.pops, s, m);
      if (!r.ok()) continue;  // a tie for the last seat (none expected here)
      for (size_t i = 0; i < prev.size(); ++i) EXPECT_GE((*r)[i], prev[i]) << ApportionMethodName(m) << " " << s;
      prev = *r;
    }
  }
}

// ---------------------------------------------------------------------------
// Labour membership by region, January 2018, 11 and 22 seats. Hand checks:
//  Sainte-Lague 11: divisor 53,000 -> London 2.12 -> 2, Wales 0.522 -> 1,
//    Scotland 0.486 -> 0, the others round to 1.
//  D'Hondt 11: divisor 34,000 -> London 3.30, North West 2.10, South East
//    1.96 ... East Midlands 1.03 -> 1, North 0.83 -> 0, Wales, Scotland 0.
//  Hamilton 11: quotas 2.259, 1.438, 1.344, 1.027, 0.975, 0.860, 0.750,
//    0.705, 0.567, 0.557, 0.518; floors sum to 5; the 6 left go to SW, EoE,
//    WM, EM, North, Wales; Scotland (.518) misses out.
//  Huntington-Hill 11: one seat each (the first seat has infinite priority).
//  Sainte-Lague 22: divisor 24,900 -> London 4.51 -> 5, North West 2.87 -> 3,
//    South East 2.68 -> 3, West Midlands 1.498 -> 1.
//  D'Hondt 22: divisor 20,000 -> London 5.6 -> 5, NW 3.57, SE 3.34 -> 3,
//    YH 2.55, SW 2.42, EoE 2.14 -> 2, the rest 1.
//  Hamilton 22: quotas 4.518, 2.876, 2.687, 2.054, 1.950, 1.721, 1.500,
//    1.410, 1.134, 1.114, 1.037; floors sum to 17; the 5 left go to SW (.950),
//    NW (.876), EoE (.721), SE (.687), London (.518); WM (.50017) misses out.
//  Huntington-Hill 22: divisor 26,000 -> London 4.32 < sqrt(20) = 4.47 -> 4,
//    NW 2.75 > sqrt(6) -> 3, WM 1.434 > sqrt(2) = 1.414 -> 2, Scotland 0.99 -> 1.
TEST(ApportionTest, Labour2018ElevenSeats) {
  const Data d = Labour2018();
  EXPECT_EQ(Seats(d, 11, M::kSainteLague), (std::vector<int>{2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(Seats(d, 11, M::kDHondt), (std::vector<int>{3, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(Seats(d, 11, M::kHamilton), (std::vector<int>{2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(Seats(d, 11, M::kHuntingtonHill), (std::vector<int>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
}

TEST(ApportionTest, Labour2018TwentyTwoSeats) {
  const Data d = Labour2018();
  EXPECT_EQ(Seats(d, 22, M::kSainteLague), (std::vector<int>{5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1}));
  EXPECT_EQ(Seats(d, 22, M::kDHondt), (std::vector<int>{5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1}));
  EXPECT_EQ(Seats(d, 22, M::kHamilton), (std::vector<int>{5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1}));
  EXPECT_EQ(Seats(d, 22, M::kHuntingtonHill), (std::vector<int>{4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1}));
}

// ---------------------------------------------------------------------------
// The minimum per region is a floor, not a bonus.

// The 2018 proposal of one seat per region: with --min 1 and 11 seats every
// method gives each region exactly one.
TEST(ApportionTest, MinimumOnePerRegionElevenSeats) {
  const Data d = Labour2018();
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_EQ(Seats(d, 11, m, 1), std::vector<int>(11, 1)) << ApportionMethodName(m);
  }
}

// A floor that does not bind changes nothing: at 22 seats every region gets
// at least one anyway.
TEST(ApportionTest, MinimumThatDoesNotBindChangesNothing) {
  const Data d = Labour2018();
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_EQ(Seats(d, 22, m, 1), Seats(d, 22, m, 0)) << ApportionMethodName(m);
  }
}

// 30 seats, at least 2 each: 22 go to the floors; the 8 others go by priority
// continuing from 2 seats. D'Hondt from (2,...,2): London 112308/3 = 37436,
// NW 23829, SE 22269, London/4 = 28077, YH 17023, SW 16156, London/5 =
// 22462, NW/4 = 17872, SE/4 = 16701, YH/4 ... the 8 best: L 37436, L 28077,
// NW 23829, L 22462, SE 22269, L/6 18718, NW/4 17872, YH/3 17023 ->
// London 6, NW 4, SE 3, YH 3, others 2. All four methods agree here.
TEST(ApportionTest, MinimumTwoOfThirty) {
  const Data d = Labour2018();
  const std::vector<int> want{6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2};
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_EQ(Seats(d, 30, m, 2), want) << ApportionMethodName(m);
  }
}

// A binding floor: populations 900, 50, 50 and 10 seats.
// Without a minimum D'Hondt gives (10, 0, 0) (900/10 = 90 > 50), and Hamilton
// ties (quotas 9, 0.5, 0.5). With --min 1, B and C get their one seat and the
// other 8 go to A under every method (Hamilton: B and C's quotas 0.5 < 1 so
// they are set aside with 1 each; A's quota over the 8 seats left is 8).
TEST(ApportionTest, BindingMinimum) {
  const Data d{{"A", "B", "C"}, {900, 50, 50}};
  EXPECT_EQ(Seats(d, 10, M::kDHondt), (std::vector<int>{10, 0, 0}));
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_EQ(Seats(d, 10, m, 1), (std::vector<int>{8, 1, 1})) << ApportionMethodName(m);
  }
  // seats == regions x min: everyone gets exactly the minimum.
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_EQ(Seats(d, 6, m, 2), (std::vector<int>{2, 2, 2})) << ApportionMethodName(m);
  }
}

// Hamilton with a floor recomputes the quota after setting regions aside,
// repeatedly: populations 1000, 300, 100, 60; 10 seats, at least 2.
// Round 1: quotas 6.41, 1.92, 0.64, 0.38 -> B, C, D below 2, set aside (6
// seats); A alone gets the 4 left -> (4, 2, 2, 2). Compare D'Hondt with a
// floor: from (2,2,2,2) the 2 seats left go to A (1000/3 = 333 > 300/3 = 100)
// and A again (250) -> (4, 2, 2, 2).
TEST(ApportionTest, HamiltonFloorIsIterated) {
  const Data d{{"A", "B", "C", "D"}, {1000, 300, 100, 60}};
  EXPECT_EQ(Seats(d, 10, M::kHamilton, 2), (std::vector<int>{4, 2, 2, 2}));
  EXPECT_EQ(Seats(d, 10, M::kDHondt, 2), (std::vector<int>{4, 2, 2, 2}));
  // 14 seats, at least 2: quotas 9.62, 2.88, 0.96, 0.58 -> C, D set aside (4
  // seats); 10 left over 1300: A 7.69, B 2.31 -> floors 7, 2, the seat left
  // goes to A (.69) -> (8, 2, 2, 2).
  EXPECT_EQ(Seats(d, 14, M::kHamilton, 2), (std::vector<int>{8, 2, 2, 2}));
}

// ---------------------------------------------------------------------------
// Exactness: large populations and many seats stay exact (128-bit
// cross-multiplication), and every divisor-method result satisfies the
// divisor criterion max_i p_i/d(n_i) <= min_j p_j/d(n_j - 1) exactly.
TEST(ApportionTest, LargeNumbersAreExact) {
  const Data d{{"A", "B"}, {kMaxApportionPopulation, kMaxApportionPopulation - 1}};
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_EQ(Seats(d, 999'999, m), (std::vector<int>{500'000, 499'999})) << ApportionMethodName(m);
  }
}

TEST(ApportionTest, DivisorCriterionHolds) {
  using U = unsigned __int128;
  const Data d = Census1790();
  for (M m : {M::kSainteLague, M::kDHondt, M::kHuntingtonHill}) {
    for (int s = 15; s <= 435; s += 7) {
      auto r = Apportion(d.names, d.pops, s, m);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
      // priority for seat n+1 as num/den (den 0 = infinity)
      auto pr = [&](size_t i, int n) -> std::pair<U, U> {
        const U p = static_cast<U>(d.pops[i]), k = static_cast<U>(n);
        if (m == M::kDHondt) return {p, k + 1};
        if (m == M::kSainteLague) return {2 * p, 2 * k + 1};
        return {p * p, k * (k + 1)};
      };
      for (size_t i = 0; i < d.pops.size(); ++i) {
        for (size_t j = 0; j < d.pops.size(); ++j) {
          if ((*r)[j] == 0) continue;
          const auto waiting = pr(i, (*r)[i]);   // i's next seat
          const auto got = pr(j, (*r)[j] - 1);   // j's last seat
          if (got.second == 0) continue;         // infinite: always ahead
          ASSERT_NE(waiting.second, U{0});
          EXPECT_LE(waiting.first * got.second, got.first * waiting.second)
              << ApportionMethodName(m) << " " << s << ": " << d.names[i] << " vs " << d.names[j];
        }
      }
    }
  }
}

// Hamilton satisfies quota: every region gets floor or ceiling of its quota.
TEST(ApportionTest, HamiltonSatisfiesQuota) {
  const Data d = Census1790();
  int64_t total = 0;
  for (int64_t p : d.pops) total += p;
  for (int s = 15; s <= 435; s += 7) {
    auto r = Apportion(d.names, d.pops, s, M::kHamilton);
    if (!r.ok()) continue;
    for (size_t i = 0; i < d.pops.size(); ++i) {
      const int64_t fl = d.pops[i] * s / total;
      EXPECT_TRUE((*r)[i] == fl || (*r)[i] == fl + 1) << s << " " << d.names[i];
    }
  }
}

// ---------------------------------------------------------------------------
// Ties for the last seat are errors naming the tied regions.
TEST(ApportionTest, TieForTheLastSeat) {
  const Data two{{"Wales", "Scotland"}, {27000, 27000}};
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton}) {
    EXPECT_EQ(ErrorOf(two, 1, m), "the last seat is tied between Wales and Scotland") << ApportionMethodName(m);
    EXPECT_EQ(Seats(two, 2, m), (std::vector<int>{1, 1}));  // a tie that both sides win is no tie
  }
  // Huntington-Hill: one each, then Wales and Scotland tie for the third.
  EXPECT_EQ(ErrorOf(two, 3, M::kHuntingtonHill), "the last seat is tied between Wales and Scotland");
  EXPECT_EQ(Seats(two, 4, M::kHuntingtonHill), (std::vector<int>{2, 2}));

  // Three equal regions, two seats.
  const Data three{{"A", "B", "C"}, {5, 5, 5}};
  EXPECT_EQ(ErrorOf(three, 2, M::kDHondt), "the last 2 seats are tied between A, B and C");
  EXPECT_EQ(ErrorOf(three, 2, M::kHamilton), "the last 2 seats are tied between A, B and C");

  // Equal priorities away from the cutoff do not matter: A and B tie with each
  // other but both are elected, ahead of C.
  const Data ab{{"A", "B", "C"}, {100, 100, 50}};
  EXPECT_EQ(Seats(ab, 2, M::kDHondt), (std::vector<int>{1, 1, 0}));

  // Hamilton: quotas 9, 0.5, 0.5 -> B and C tie for the one seat left.
  const Data abc{{"A", "B", "C"}, {900, 50, 50}};
  EXPECT_EQ(ErrorOf(abc, 10, M::kHamilton), "the last seat is tied between B and C");
  // D'Hondt with a floor of 1: from (1,1,1) the priorities are A 100/2 = 50,
  // B 50/2 = 25, C 25; A takes seat 4 (then 100/3 = 33.3) and seat 5 (then
  // 100/4 = 25): 5 seats -> (3,1,1), no tie. The 6th seat is a three-way tie
  // at 25.
  const Data floor_tie{{"A", "B", "C"}, {100, 50, 50}};
  EXPECT_EQ(Seats(floor_tie, 5, M::kDHondt, 1), (std::vector<int>{3, 1, 1}));
  EXPECT_EQ(ErrorOf(floor_tie, 6, M::kDHondt, 1), "the last seat is tied between A, B and C");
}

// ---------------------------------------------------------------------------
// Errors.
TEST(ApportionTest, Errors) {
  const Data d = Labour2018();
  EXPECT_TRUE(Contains(ErrorOf({{}, {}}, 5, M::kDHondt), "no regions"));
  EXPECT_TRUE(Contains(ErrorOf({{"A"}, {1, 2}}, 5, M::kDHondt), "1 region names but 2 populations"));
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    EXPECT_TRUE(Contains(ErrorOf(d, 0, m), "at least 1")) << ApportionMethodName(m);
    EXPECT_TRUE(Contains(ErrorOf(d, -3, m), "at least 1")) << ApportionMethodName(m);
  }
  EXPECT_TRUE(Contains(ErrorOf(d, kMaxApportionSeats + 1, M::kDHondt), "at most"));

  Data zero = d;
  zero.pops[9] = 0;
  EXPECT_EQ(ErrorOf(zero, 11, M::kSainteLague), "region 'Wales' has population 0; every population must be positive");
  Data negative = d;
  negative.pops[10] = -25770;
  EXPECT_TRUE(Contains(ErrorOf(negative, 11, M::kHamilton), "region 'Scotland' has population -25770"));
  Data huge = d;
  huge.pops[0] = kMaxApportionPopulation + 1;
  EXPECT_TRUE(Contains(ErrorOf(huge, 11, M::kDHondt), "region 'London'"));
  Data dup = d;
  dup.names[1] = "London";
  EXPECT_EQ(ErrorOf(dup, 11, M::kDHondt), "region 'London' is listed twice");

  EXPECT_EQ(ErrorOf(d, 21, M::kSainteLague, 2), "21 seats cannot give each of 11 regions at least 2 (needs 22)");
  EXPECT_TRUE(Contains(ErrorOf(d, 11, M::kDHondt, -1), "must not be negative"));
  EXPECT_TRUE(Contains(ErrorOf(d, 10, M::kHuntingtonHill), "Huntington-Hill needs at least one seat per region"));
}

TEST(ApportionTest, MethodNames) {
  for (M m : {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill}) {
    auto p = ParseApportionMethod(ApportionMethodName(m));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, m);
  }
  EXPECT_EQ(*ParseApportionMethod("Webster"), M::kSainteLague);
  EXPECT_EQ(*ParseApportionMethod("jefferson"), M::kDHondt);
  EXPECT_FALSE(ParseApportionMethod("adams").ok());
}

}  // namespace
}  // namespace necsim
