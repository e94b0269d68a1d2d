// Apportionment of seats among regions in proportion to their populations
// (members, CLPs, ...): Sainte-Lague (Webster), D'Hondt (Jefferson), Hamilton
// (largest remainder, Hare quota) and Huntington-Hill (equal proportions), each
// with an optional minimum per region and optional base seats per region. See
// docs/apportionment.md for the formulas, the minimum and base rules and how
// ties are reported.
//
// Everything is exact: priorities are fractions compared by 128-bit integer
// cross-multiplication, never doubles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace necsim {

enum class ApportionMethod {
  kSainteLague,     // divisor n + 1/2 (Webster)
  kDHondt,          // divisor n + 1 (Jefferson)
  kHamilton,        // Hare quota, largest remainders (Hamilton, Hare-Niemeyer)
  kHuntingtonHill,  // divisor sqrt(n (n + 1)) (equal proportions, US House)
};

// "sainte-lague", "dhondt", "hamilton", "huntington-hill" (also the aliases
// "webster", "jefferson", "d'hondt", "hare", "equal-proportions").
Result<ApportionMethod> ParseApportionMethod(const std::string& name);
// The canonical name, as accepted by ParseApportionMethod.
std::string ApportionMethodName(ApportionMethod method);

// Limits that keep every exact comparison inside 128 bits.
constexpr int64_t kMaxApportionPopulation = 1'000'000'000'000;  // 10^12 per region
constexpr int kMaxApportionSeats = 1'000'000;

// Seats for each region, in the order given. `names` and `populations` are
// parallel. Every region first gets `min_per_region` seats; the minimum is a
// floor, not a bonus (a region whose proportional share already exceeds it
// gets no more than it would without it). Errors: empty input, sizes that
// differ, seats < 1, a population that is zero, negative or above
// kMaxApportionPopulation (naming the region), a negative minimum,
// seats < regions x minimum, Huntington-Hill with fewer seats than regions
// (every region's first seat has infinite priority), and a tie for the last
// seat ("the last seat is tied between X and Y").
//
// `base_per_region` B > 0 gives "base seats plus proportional share" (the
// structure of the Cambridge Compromise and of the US Electoral College):
// every region gets B seats outright and the other seats - regions x B are
// shared by `method` in proportion to population on top, so the result is
// exactly B + Apportion(seats - regions x B, min = max(0, min_per_region - B))
// region by region. The minimum stays a floor on each region's total. The
// share may be 0 seats (everyone gets B). Further errors: a negative B,
// seats < regions x B, and Huntington-Hill with a share of 1 to regions - 1
// seats and no minimum above B (the share's first seats all tie).
Result<std::vector<int>> Apportion(const std::vector<std::string>& names, const std::vector<int64_t>& populations,
                                   int seats, ApportionMethod method, int min_per_region = 0, int base_per_region = 0);

}  // namespace necsim
