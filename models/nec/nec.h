// The whole NEC: its sections other than the CLP section and their
// factional alignment (`nec:` in a scenario), and the composition of one run's
// NEC from the CLP section's winners.
#pragma once

#include <string>
#include <vector>

#include "core/election.h"
#include "core/rng.h"

namespace necsim {

// The rest of the NEC, for its factional balance (`nec:` in a scenario).
struct NecSection {
  std::string name;
  int seats = 0;
  std::vector<int> fixed;         // per faction: seats held for certain (sum <= seats)
  std::vector<double> p_faction;  // per faction: probability each remaining seat goes to it
                                  // (the rest, 1 - sum, to no faction)
};

struct NecConfig {
  bool enabled = false;
  std::vector<std::string> factions;
  std::vector<int> slate_faction;  // per slate (last entry: independents): faction index or -1
  std::vector<NecSection> sections;
  int other_seats() const {
    int n = 0;
    for (const auto& s : sections) n += s.seats;
    return n;
  }
};

// The other sections' seats held per faction in one run: each section's fixed
// seats, then each remaining seat to a faction with the section's
// probabilities (one uniform draw from `rng` per seat; the rest to no faction).
std::vector<int> DrawOtherSections(const NecConfig& nec, Stream& rng);

// Seats held per faction on the whole NEC: `other` (DrawOtherSections) plus
// the CLP section's winners through their slates' factions. `slate_of[c]` is
// candidate c's slate (-1: independent), `num_slates` the scenario's slates.
std::vector<int> NecSeatsHeld(const NecConfig& nec, const std::vector<int>& other,
                              const std::vector<CandidateId>& elected, const std::vector<int>& slate_of,
                              int num_slates);

// Whether `held` seats are a majority of an NEC of `total` seats.
inline bool IsMajority(int held, int total) { return 2 * held > total; }

}  // namespace necsim
