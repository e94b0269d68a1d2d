// "Base seats plus proportional share" (models/regional/apportion.h, `base_per_region`;
// docs/apportionment.md): every region gets B seats outright and the other
// S - k B are shared in proportion to population on top. Hand-worked small
// examples, the 1792 US Electoral College (2 + House seats), a Cambridge
// Compromise style union (5 base seats + a divisor share), base with a
// minimum, the identity with a plain apportionment of S - k B seats on random
// inputs, the share's own divisor and quota properties, errors, and the
// regional scenario key `apportion.base` (value, line:column errors, schema).
//
// Every expected allocation was worked by hand (the comments give the
// quotients or a divisor that reproduces it) and checked again with a
// throwaway Python script using exact fractions that ranks all quotients p/d(n)
// at once (not the priority queue of models/regional/apportion.cc).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "regional/apportion.h"
#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "outputs/boundary_outputs.h"
#include "scenario/boundary_yaml.h"
#include "report/report.h"
#include "scenario/scenario_yaml.h"

namespace necsim {
namespace {

using M = ApportionMethod;
const std::vector<M> kAll = {M::kSainteLague, M::kDHondt, M::kHamilton, M::kHuntingtonHill};

struct Data {
  std::vector<std::string> names;
  std::vector<int64_t> pops;
};

std::vector<int> Seats(const Data& d, int seats, M m, int min, int base) {
  auto r = Apportion(d.names, d.pops, seats, m, min, base);
  EXPECT_TRUE(r.ok()) << ApportionMethodName(m) << " " << seats << " base " << base << ": "
                      << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : std::vector<int>{};
}

Error ErrorOf(const Data& d, int seats, M m, int min, int base) {
  auto r = Apportion(d.names, d.pops, seats, m, min, base);
  EXPECT_FALSE(r.ok()) << ApportionMethodName(m) << " " << seats << " base " << base << " unexpectedly succeeded";
  return r.ok() ? Error{} : r.error();
}

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// ---------------------------------------------------------------------------
// Hand-worked examples.

// Populations 900, 50, 50; 10 seats; 1 base seat each, so 7 are shared.
// D'Hondt on 7: A's quotients 900, 450, 300, 225, 180, 150, 128.6 all beat
//   B's and C's 50 -> share (7, 0, 0), total (8, 1, 1).
// Sainte-Lague on 7: A 900, 300, 180, 128.6, 100, 81.8, 69.2 (divisors 1, 3,
//   5, ..., 13) all beat 50 -> (7, 0, 0), total (8, 1, 1).
// Huntington-Hill on 7: one each first (infinite priority), then the 4 left:
//   A's squared priorities 900^2/2 = 405000, /6, /12, /20 = 40500 all beat
//   B's 50^2/2 = 1250 -> share (5, 1, 1), total (6, 2, 2).
// Hamilton on 7: quotas 6.3, 0.35, 0.35 -> floors 6, 0, 0; the one seat left
//   is tied between B and C (remainder .35 each, A .3).
TEST(ApportionBase, OneBaseSeatOf10) {
  const Data d{{"A", "B", "C"}, {900, 50, 50}};
  EXPECT_EQ(Seats(d, 10, M::kDHondt, 0, 1), (std::vector<int>{8, 1, 1}));
  EXPECT_EQ(Seats(d, 10, M::kSainteLague, 0, 1), (std::vector<int>{8, 1, 1}));
  EXPECT_EQ(Seats(d, 10, M::kHuntingtonHill, 0, 1), (std::vector<int>{6, 2, 2}));
  EXPECT_EQ(ErrorOf(d, 10, M::kHamilton, 0, 1).message, "the last seat is tied between B and C");
  // Compare the floor: Huntington-Hill with --min 1 gives (8, 1, 1), since
  // the floor is not a bonus (docs/apportionment.md).
  EXPECT_EQ(Seats(d, 10, M::kHuntingtonHill, 1, 0), (std::vector<int>{8, 1, 1}));
}

// Populations 710, 190, 100; 10 seats; 2 base seats each, so 4 are shared.
// D'Hondt on 4: A 710, 355, 236.7, 177.5; B 190, 95; C 100. Top 4: 710, 355,
//   236.7, 190 (B) -> share (3, 1, 0), total (5, 3, 2).
// Sainte-Lague on 4: A 710, 236.7, 142; B 190, 63.3; C 100, 33.3. Top 4: 710,
//   236.7, 190, 142 -> (3, 1, 0), total (5, 3, 2).
// Hamilton on 4: quotas 2.84, 0.76, 0.40 -> floors 2, 0, 0; the 2 left go to
//   A (.84) and B (.76) -> (3, 1, 0), total (5, 3, 2).
// Huntington-Hill on 4: one each, then A (710^2/2 = 252050 > 190^2/2 = 18050)
//   -> (2, 1, 1), total (4, 3, 3).
// The floor is different: D'Hondt with --min 2 starts from (2, 2, 2) and the
// 4 seats left go by A 710/3 = 236.7, /4 = 177.5, /5 = 142, /6 = 118.3, all
// above B's 190/3 = 63.3 -> (6, 2, 2). Plain D'Hondt on 10 gives (7, 2, 1).
TEST(ApportionBase, TwoBaseSeatsOf10DiffersFromTheMinimum) {
  const Data d{{"A", "B", "C"}, {710, 190, 100}};
  for (M m : {M::kDHondt, M::kSainteLague, M::kHamilton}) {
    EXPECT_EQ(Seats(d, 10, m, 0, 2), (std::vector<int>{5, 3, 2})) << ApportionMethodName(m);
  }
  EXPECT_EQ(Seats(d, 10, M::kHuntingtonHill, 0, 2), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(Seats(d, 10, M::kDHondt, 2, 0), (std::vector<int>{6, 2, 2}));
  EXPECT_EQ(Seats(d, 10, M::kDHondt, 0, 0), (std::vector<int>{7, 2, 1}));
}

// Seats exactly regions x base: the share is empty and everyone gets the base
// (also under Huntington-Hill, where a share of 1 or 2 seats would tie).
TEST(ApportionBase, NothingLeftToShare) {
  const Data d{{"A", "B", "C"}, {710, 190, 100}};
  for (M m : kAll) EXPECT_EQ(Seats(d, 9, m, 0, 3), (std::vector<int>{3, 3, 3})) << ApportionMethodName(m);
  for (M m : kAll) EXPECT_EQ(Seats(d, 3, m, 0, 1), (std::vector<int>{1, 1, 1})) << ApportionMethodName(m);
}

// The US Electoral College of 1792: each state's House seats (Jefferson's
// method, 105 seats on the 1790 census) plus 2 for its senators, 135 electors.
// With base 2 and 135 seats, D'Hondt shares 135 - 30 = 105 seats on top, i.e.
// exactly the 1792 House apportionment (divisor 33,000, fractions dropped:
// Virginia 630560/33000 = 19.1 -> 19, ..., Delaware 1.68 -> 1). The electors
// per state as published: Virginia 21, Massachusetts 16, Pennsylvania 15,
// North Carolina 12, New York 12, Maryland 10, Connecticut 9, South Carolina
// 8, New Jersey 7, New Hampshire 6, Vermont, Georgia, Kentucky, Rhode Island
// 4, Delaware 3.
TEST(ApportionBase, ElectoralCollege1792) {
  const Data census{{"Virginia", "Massachusetts", "Pennsylvania", "North Carolina", "New York", "Maryland",
                     "Connecticut", "South Carolina", "New Jersey", "New Hampshire", "Vermont", "Georgia", "Kentucky",
                     "Rhode Island", "Delaware"},
                    {630560, 475327, 432879, 353523, 331589, 278514, 236841, 206236, 179570, 141822, 85533, 70835,
                     68705, 68446, 55540}};
  EXPECT_EQ(Seats(census, 135, M::kDHondt, 0, 2),
            (std::vector<int>{21, 16, 15, 12, 12, 10, 9, 8, 7, 6, 4, 4, 4, 4, 3}));
}

// A Cambridge Compromise style union (Grimmett et al. 2011: 5 base seats per
// member state, the rest by a divisor method): six states with populations
// (thousands) 83000, 67000, 38000, 10500, 2100, 500 (total 201100), 60 seats,
// base 5, so 30 are shared.
// Sainte-Lague on 30: divisor 201100/30 = 6703.3 gives 12.38, 9.995, 5.669,
//   1.566, 0.313, 0.075, rounded 12, 10, 6, 2, 0, 0 (sum 30) -> total
//   (17, 15, 11, 7, 5, 5).
// Hamilton on 30: the same quotas, floors 12, 9, 5, 1, 0, 0 (27); the 3 left
//   go to .995, .669, .566 -> (12, 10, 6, 2, 0, 0), the same total.
// D'Hondt on 30: divisor 6300 gives 13.17, 10.63, 6.03, 1.67, 0.33, 0.08,
//   rounded down 13, 10, 6, 1, 0, 0 -> total (18, 15, 11, 6, 5, 5).
// The Compromise itself rounds the share up (Adams), so every state gets at
// least 6; the nearest here is base 5 with a minimum of 6 (a share of at
// least 1): Epsilon and Zeta get 1, and the 28 others go by Sainte-Lague
// with divisor 7050 (11.77, 9.50, 5.39, 1.49 -> 12, 10, 5, 1) or D'Hondt with
// divisor 6650 (12.48, 10.08, 5.71, 1.58 -> 12, 10, 5, 1): total
// (17, 15, 10, 6, 6, 6) under both.
TEST(ApportionBase, CambridgeCompromiseStyle) {
  const Data u{{"Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"}, {83000, 67000, 38000, 10500, 2100, 500}};
  EXPECT_EQ(Seats(u, 60, M::kSainteLague, 0, 5), (std::vector<int>{17, 15, 11, 7, 5, 5}));
  EXPECT_EQ(Seats(u, 60, M::kHamilton, 0, 5), (std::vector<int>{17, 15, 11, 7, 5, 5}));
  EXPECT_EQ(Seats(u, 60, M::kDHondt, 0, 5), (std::vector<int>{18, 15, 11, 6, 5, 5}));
  EXPECT_EQ(Seats(u, 60, M::kSainteLague, 6, 5), (std::vector<int>{17, 15, 10, 6, 6, 6}));
  EXPECT_EQ(Seats(u, 60, M::kDHondt, 6, 5), (std::vector<int>{17, 15, 10, 6, 6, 6}));
  // A minimum at or below the base changes nothing.
  for (M m : kAll) {
    EXPECT_EQ(Seats(u, 60, m, 5, 5), Seats(u, 60, m, 0, 5)) << ApportionMethodName(m);
    EXPECT_EQ(Seats(u, 60, m, 3, 5), Seats(u, 60, m, 0, 5)) << ApportionMethodName(m);
  }
}

// ---------------------------------------------------------------------------
// Properties on random inputs (fixed seed).

struct Case {
  Data d;
  int seats = 0;
  int base = 0;
  int min = 0;
};

// k from 1 to 12 regions with populations 1 to 10^6, a base of 0 to 4, a
// minimum of 0 to 6 and a share of 0 to 60 seats beyond what they need.
std::vector<Case> RandomCases(int n) {
  std::mt19937_64 rng(20111);
  std::vector<Case> out;
  for (int c = 0; c < n; ++c) {
    Case x;
    const int k = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < k; ++i) {
      x.d.names.push_back(std::string(1, static_cast<char>('A' + i)));  // A, B, ..., L
      x.d.pops.push_back(1 + static_cast<int64_t>(rng() % 1'000'000));
    }
    x.base = static_cast<int>(rng() % 5);
    x.min = static_cast<int>(rng() % 7);
    x.seats = k * std::max(x.base, x.min) + static_cast<int>(rng() % 61);
    if (x.seats == 0) x.seats = 1;
    out.push_back(x);
  }
  return out;
}

// The definition: base B, minimum M over S seats is region by region
// B + (S - k B seats with minimum max(0, M - B)). Checked against an
// independent call; when that call fails (a tie, or Huntington-Hill with a
// share below one per region) the base call must fail too.
TEST(ApportionBase, IdentityWithTheShareOnRandomInputs) {
  int compared = 0, with_base = 0;
  for (const Case& x : RandomCases(400)) {
    const int k = static_cast<int>(x.d.names.size());
    const int share = x.seats - k * x.base;
    for (M m : kAll) {
      SCOPED_TRACE(ApportionMethodName(m) + " k=" + std::to_string(k) + " S=" + std::to_string(x.seats) +
                   " B=" + std::to_string(x.base) + " M=" + std::to_string(x.min));
      auto got = Apportion(x.d.names, x.d.pops, x.seats, m, x.min, x.base);
      if (share == 0) {
        ASSERT_TRUE(got.ok()) << got.error().ToString();
        EXPECT_EQ(*got, std::vector<int>(static_cast<size_t>(k), x.base));
        continue;
      }
      auto ref = Apportion(x.d.names, x.d.pops, share, m, std::max(0, x.min - x.base), 0);
      if (!ref.ok()) {
        EXPECT_FALSE(got.ok());
        if (Contains(ref.error().message, "tied")) {
          EXPECT_EQ(got.error().message, ref.error().message);
        }
        continue;
      }
      ASSERT_TRUE(got.ok()) << got.error().ToString();
      std::vector<int> want = *ref;
      for (int& s : want) s += x.base;
      EXPECT_EQ(*got, want);
      ++compared;
      if (x.base > 0) ++with_base;
    }
  }
  // The cases must actually exercise the rule (not all ties or empty shares).
  EXPECT_GT(compared, 1000);
  EXPECT_GT(with_base, 700);
}

// The share on its own satisfies each method's defining property, checked
// from the populations directly (no second apportionment): with s_i = n_i - B
// and no minimum, a divisor method's shares admit a common divisor (every
// p_i / d(s_i - 1) >= every p_j / d(s_j), compared exactly), and Hamilton's
// shares stay within one of the quota p_i (S - k B) / P.
TEST(ApportionBase, ShareSatisfiesTheMethodsCriterion) {
  using U = unsigned __int128;
  // p/d(n) as a fraction num/den (den 0: infinite), as in docs/apportionment.md.
  auto frac = [](M m, int64_t p, int64_t n) -> std::pair<U, U> {
    const U pp = static_cast<U>(p), nn = static_cast<U>(n);
    if (m == M::kDHondt) return {pp, nn + 1};
    if (m == M::kSainteLague) return {2 * pp, 2 * nn + 1};
    return {pp * pp, nn * (nn + 1)};
  };
  auto ge = [](std::pair<U, U> a, std::pair<U, U> b) {  // a >= b
    if (a.second == 0) return true;
    if (b.second == 0) return false;
    return a.first * b.second >= b.first * a.second;
  };
  int checked = 0;
  for (Case x : RandomCases(300)) {
    x.min = 0;
    const int k = static_cast<int>(x.d.names.size());
    const int share = x.seats - k * x.base;
    for (M m : kAll) {
      auto got = Apportion(x.d.names, x.d.pops, x.seats, m, 0, x.base);
      if (!got.ok()) continue;  // a tie, or Huntington-Hill with a share below k
      SCOPED_TRACE(ApportionMethodName(m) + " k=" + std::to_string(k) + " S=" + std::to_string(x.seats) +
                   " B=" + std::to_string(x.base));
      std::vector<int64_t> s;
      int64_t sum = 0;
      for (int n : *got) {
        ASSERT_GE(n, x.base);
        s.push_back(n - x.base);
        sum += n - x.base;
      }
      ASSERT_EQ(sum, share);
      if (m == M::kHamilton) {
        U P = 0;
        for (int64_t p : x.d.pops) P += static_cast<U>(p);
        for (int i = 0; i < k; ++i) {
          const U q = static_cast<U>(x.d.pops[static_cast<size_t>(i)]) * static_cast<U>(share);  // quota x P
          const U lo = q / P, hi = (q + P - 1) / P;
          const U si = static_cast<U>(s[static_cast<size_t>(i)]);
          EXPECT_TRUE(si >= lo && si <= hi) << x.d.names[static_cast<size_t>(i)];
        }
      } else {
        for (int i = 0; i < k; ++i) {
          if (s[static_cast<size_t>(i)] == 0) continue;
          const auto last = frac(m, x.d.pops[static_cast<size_t>(i)], s[static_cast<size_t>(i)] - 1);
          for (int j = 0; j < k; ++j) {
            EXPECT_TRUE(ge(last, frac(m, x.d.pops[static_cast<size_t>(j)], s[static_cast<size_t>(j)])))
                << x.d.names[static_cast<size_t>(i)] << " vs " << x.d.names[static_cast<size_t>(j)];
          }
        }
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 800);
}

// ---------------------------------------------------------------------------
// Errors.
TEST(ApportionBase, Errors) {
  const Data d{{"A", "B", "C"}, {710, 190, 100}};
  Error e = ErrorOf(d, 10, M::kDHondt, 0, -1);
  EXPECT_EQ(e.message, "the base seats per region must not be negative, got -1");
  EXPECT_EQ(e.field, "base");
  e = ErrorOf(d, 8, M::kSainteLague, 0, 3);
  EXPECT_EQ(e.message, "8 seats cannot give each of 3 regions 3 base seats (needs 9)");
  EXPECT_EQ(e.field, "base");
  EXPECT_EQ(ErrorOf(d, 2, M::kHamilton, 0, 1).message, "2 seats cannot give each of 3 regions 1 base seat (needs 3)");
  // The minimum stays a floor on the total: base 1, min 3 needs 9 seats.
  EXPECT_EQ(ErrorOf(d, 8, M::kDHondt, 3, 1).message, "8 seats cannot give each of 3 regions at least 3 (needs 9)");
  // Huntington-Hill's share of 1 or 2 seats among 3 regions ties.
  for (int seats : {4, 5}) {
    e = ErrorOf(d, seats, M::kHuntingtonHill, 0, 1);
    EXPECT_TRUE(Contains(e.message, "Huntington-Hill needs a proportional share of 0 or at least one seat per region"))
        << e.message;
    EXPECT_TRUE(Contains(e.message, "leave " + std::to_string(seats - 3) + " for 3 regions")) << e.message;
  }
  // ... unless the minimum asks for a share of at least one each.
  EXPECT_EQ(Seats(d, 6, M::kHuntingtonHill, 2, 1), (std::vector<int>{2, 2, 2}));
  // The usual checks still come first.
  EXPECT_TRUE(Contains(ErrorOf(d, 0, M::kDHondt, 0, 1).message, "at least 1"));
  EXPECT_TRUE(Contains(ErrorOf({{"A", "B"}, {5, 0}}, 10, M::kDHondt, 0, 1).message, "region 'B' has population 0"));
}

// ---------------------------------------------------------------------------
// The regional scenario key `apportion.base`.

std::string Scenario3(const std::string& apportion) {
  return "name: base_test\nseed: 3\nruns: 5\nturnout: 0.3\n"
         "regions:\n"
         "  - {name: A, members: 710}\n"
         "  - {name: B, members: 190}\n"
         "  - {name: C, members: 100}\n"
         "blocs:\n  - {name: all, share: 1, behaviour: {stop: 0}}\n"
         "candidates:\n"
         "  - {name: A1, gender: f, region: A}\n  - {name: A2, gender: m, region: A}\n"
         "  - {name: A3, gender: f, region: A}\n  - {name: A4, gender: m, region: A}\n"
         "  - {name: A5, gender: f, region: A}\n  - {name: A6, gender: m, region: A}\n"
         "  - {name: A7, gender: f, region: A}\n"
         "  - {name: B1, gender: f, region: B}\n  - {name: B2, gender: m, region: B}\n"
         "  - {name: B3, gender: f, region: B}\n  - {name: B4, gender: m, region: B}\n"
         "  - {name: C1, gender: f, region: C}\n  - {name: C2, gender: m, region: C}\n"
         "  - {name: C3, gender: f, region: C}\n"
         "rule_sets:\n"
         "  - name: reg\n"
         "    regional:\n"
         "      rule: block\n"
         "      apportion: " +
         apportion + "\n";
}

// 1-based line and column of `needle` in `text`.
std::pair<int, int> Where(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << needle << "' not in the text";
  if (at == std::string::npos) return {0, 0};
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const size_t start = text.rfind('\n', at);
  return {line, static_cast<int>(at - (start == std::string::npos ? 0 : start + 1)) + 1};
}

TEST(ApportionBaseScenario, BaseSeatsInARegionalDesign) {
  // The hand-worked 710, 190, 100 example: 10 seats, base 2, D'Hondt -> (5, 3, 2).
  auto r = LoadScenarioText(Scenario3("{method: dhondt, seats: 10, base: 2}"), "t.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const RegionalDesign& d = r->rule_sets[0].regional;
  EXPECT_EQ(d.district_seats, (std::vector<int>{5, 3, 2}));
  EXPECT_EQ(d.apportion_base, 2);
  EXPECT_EQ(d.apportionment, "10 seats by dhondt on members, base 2");
  EXPECT_EQ(r->rule_sets[0].seats, 10);
  // Without base, the same file gives (7, 2, 1) (TwoBaseSeatsOf10DiffersFromTheMinimum).
  auto plain = LoadScenarioText(Scenario3("{method: dhondt, seats: 10}"), "t.yaml");
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();
  EXPECT_EQ(plain->rule_sets[0].regional.district_seats, (std::vector<int>{7, 2, 1}));
  EXPECT_EQ(plain->rule_sets[0].regional.apportion_base, 0);
  // With a minimum too: base 2, min 3 -> a share of 4 with a floor of 1:
  // (1, 1, 1), and the last seat to A (710/2 = 355 > 190/2 = 95 > 100/2 = 50)
  // -> (2, 1, 1), total (4, 3, 3).
  auto both = LoadScenarioText(Scenario3("{method: dhondt, seats: 10, base: 2, min: 3}"), "t.yaml");
  ASSERT_TRUE(both.ok()) << both.error().ToString();
  EXPECT_EQ(both->rule_sets[0].regional.district_seats, (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(both->rule_sets[0].regional.apportionment, "10 seats by dhondt on members, base 2, min 3");
}

TEST(ApportionBaseScenario, BadBaseNamesLineAndColumn) {
  struct Bad {
    std::string apportion;
    std::string at;  // where the error points
    std::string field;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {"{method: dhondt, seats: 10, base: -1}", "-1}", "rule_sets[0].regional.apportion.base",
       "must not be negative, got -1"},
      {"{method: dhondt, seats: 10, base: 101}", "101}", "rule_sets[0].regional.apportion.base",
       "value 101 is out of range (0 to 100)"},
      {"{method: dhondt, seats: 10, base: two}", "two}", "rule_sets[0].regional.apportion.base",
       "expected a whole number, got 'two'"},
      {"{method: dhondt, seats: 10, base: 1.5}", "1.5}", "rule_sets[0].regional.apportion.base",
       "expected a whole number, got '1.5'"},
      {"{method: dhondt, seats: 8, base: 3}", "3}", "rule_sets[0].regional.apportion.base",
       "8 seats cannot give each of 3 regions 3 base seats (needs 9)"},
      {"{method: huntington-hill, seats: 4, base: 1}", "{method: h", "rule_sets[0].regional.apportion",
       "Huntington-Hill needs a proportional share of 0 or at least one seat per region"},
      {"{method: hamilton, seats: 10, base: 1, bse: 1}", "bse", "rule_sets[0].regional.apportion", "bse"},
  };
  for (const Bad& b : cases) {
    SCOPED_TRACE(b.apportion);
    const std::string text = Scenario3(b.apportion);
    auto r = LoadScenarioText(text, "t.yaml");
    ASSERT_FALSE(r.ok());
    const auto [line, column] = Where(text, b.at);
    EXPECT_EQ(r.error().file, "t.yaml") << r.error().ToString();
    EXPECT_EQ(r.error().line, line) << r.error().ToString();
    EXPECT_EQ(r.error().column, column) << r.error().ToString();
    EXPECT_TRUE(Contains(r.error().ToString(), b.field)) << r.error().ToString();
    EXPECT_TRUE(Contains(r.error().message, b.message)) << r.error().ToString();
  }
}

// The JSON Schemas list `base` wherever the loader reads an `apportion:` block.
TEST(ApportionBaseScenario, SchemasListBase) {
  std::ifstream in(std::string(NECSIM_SOURCE_DIR) + "/scenarios/scenario.schema.json");
  ASSERT_TRUE(in);
  const auto schema = nlohmann::json::parse(in);
  const auto& ap = schema.at("$defs").at("regional").at("properties").at("apportion");
  ASSERT_TRUE(ap.at("properties").contains("base"));
  EXPECT_EQ(ap.at("properties").at("base").at("type"), "integer");
  EXPECT_EQ(ap.at("properties").at("base").at("minimum"), 0);
  EXPECT_EQ(ap.at("properties").at("base").at("maximum"), 100);
  std::ifstream bin(std::string(NECSIM_SOURCE_DIR) + "/scenarios/boundary.schema.json");
  ASSERT_TRUE(bin);
  const auto bschema = nlohmann::json::parse(bin);
  EXPECT_TRUE(bschema.at("$defs").at("apportion").at("properties").contains("base"));
}

// The CLP link of a boundary scenario reads the same key. The toy tables
// (tests/fixtures/boundary/toy_*.csv) have 2 CLPs in North and 1 in South on
// both sets. 7 NEC seats by D'Hondt on CLPs with base 2: a share of 3 seats,
// quotients North 2, 1, 0.67; South 1, 0.5 -> the top 3 are 2, 1, 1 (North,
// North, South; the equal 1s both get a seat, so no tie) -> (2 + 2, 2 + 1).
// Without base, 7 seats: North 2, 1, 0.67, 0.5, 0.4; South 1, 0.5 (the next
// is 0.33 for both) -> (5, 2).
std::string ToyBoundary(const std::string& apportion) {
  return "name: toy\nseed: 5\nruns: 10\nboundary:\n"
         "  old: toy_old.csv\n  new: toy_new.csv\n"
         "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n"
         "  parties: [a, b, c]\n"
         "  clp:\n    labour_regions: {North: North, South: South}\n"
         "    apportion: " +
         apportion + "\n";
}

TEST(ApportionBaseScenario, BoundaryClpLink) {
  const std::string dir = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
  for (const auto& [apportion, want, base] :
       std::vector<std::tuple<std::string, std::vector<int>, int>>{{"{method: dhondt, seats: 7, base: 2}", {4, 3}, 2},
                                                                   {"{method: dhondt, seats: 7}", {5, 2}, 0}}) {
    SCOPED_TRACE(apportion);
    auto sc = LoadBoundaryScenarioText(ToyBoundary(apportion), "toy.yaml", dir);
    ASSERT_TRUE(sc.ok()) << sc.error().ToString();
    EXPECT_EQ(sc->clp.base_per_region, base);
    const BoundaryModel m = BuildBoundaryModel(*sc);
    BoundaryOptions opt;
    opt.runs = 10;
    opt.threads = 1;
    const auto j = BoundarySummaryJson(m, SimulateBoundary(m, opt), 5);
    ASSERT_TRUE(j.contains("clp"));
    EXPECT_EQ(j["clp"].value("base_per_region", -1), base);
    ASSERT_EQ(j["clp"]["regions"].size(), 2u);
    for (size_t g = 0; g < 2; ++g) {
      for (const auto& [key, v] : j["clp"]["regions"][g].items()) {
        if (key == "labour_region" || key == "change") continue;
        EXPECT_EQ(v.value("nec_seats", -1), want[g]) << key << " " << g;
      }
    }
    // The report's caption of the CLP table says how the NEC seats were shared.
    ReportInput in;
    in.summary = j;
    in.version = "test";
    auto page = RenderReport(in);
    ASSERT_TRUE(page.ok()) << page.error().ToString();
    EXPECT_EQ(Contains(page->html, "NEC seats: 7 apportioned by dhondt on clps, 2 base seats per region plus a share."),
              base == 2);
    EXPECT_EQ(Contains(page->html, "NEC seats: 7 apportioned by dhondt on clps."), base == 0);
  }
  const std::string text = ToyBoundary("{method: dhondt, seats: 3, base: 2}");
  auto bad = LoadBoundaryScenarioText(text, "toy.yaml", dir);
  ASSERT_FALSE(bad.ok());
  const auto [line, column] = Where(text, "2}");
  EXPECT_EQ(bad.error().line, line) << bad.error().ToString();
  EXPECT_EQ(bad.error().column, column) << bad.error().ToString();
  EXPECT_TRUE(Contains(bad.error().ToString(), "clp.apportion.base")) << bad.error().ToString();
  EXPECT_TRUE(Contains(bad.error().message, "3 seats cannot give each of 2 regions 2 base seats (needs 4)"))
      << bad.error().ToString();
}

}  // namespace
}  // namespace necsim
