// Tiny hand-made elections for the rule tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/election.h"

namespace necsim {

// Candidates named A, B, C, ... with genders from `genders` ('f' woman,
// anything else man), `seats` seats and the given ballots.
inline Election Make(const std::string& genders, int seats, std::vector<Ballot> ballots) {
  Election e;
  e.seats = seats;
  for (char g : genders) {
    Candidate c;
    c.name = std::string(1, static_cast<char>('A' + e.candidates.size()));
    c.gender = g == 'f' ? Gender::kWoman : Gender::kMan;
    e.candidates.push_back(c);
  }
  e.ballots = std::move(ballots);
  return e;
}

}  // namespace necsim
