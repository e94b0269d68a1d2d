// The electorate a scenario describes, as plain data shared by the models:
// regions with their members and turnout, blocs (factions) with their shares
// and voting behaviour, slates, candidates. Parsed once at the edge
// (sim/scenario); the models never see YAML. Field meanings and defaults:
// scenarios/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/election.h"

namespace necsim {

// A quantity with per-run uncertainty drawn from a Beta distribution with the
// given mean and standard deviation (sd 0: fixed at the mean).
struct BetaSpec {
  double mean = 0.25;
  double sd = 0.0;
};

struct RegionConfig {
  std::string name;
  int64_t members = 0;  // individual members in the region
  int clps = 0;         // constituency parties (0: not given)
  BetaSpec turnout;     // share of members who vote
};

struct BlocConfig {
  std::string name;
  std::vector<double> share;   // per region: share of the region's members in this bloc
  double concentration = 0;    // Dirichlet concentration of the shares (0: fixed shares)
  double turnout_factor = 1.0; // multiplies the region's turnout mean for this bloc
  // Per region: added to the region's turnout mean times turnout_factor (the
  // cell's mean is clamp(mean_r x factor + shift_r, 0, 0.999)); empty: 0 in
  // every region.
  std::vector<double> turnout_shift;
  // Behaviour: utility of candidate j for a voter of this bloc in region r is
  //   affinity[slate(j)] + home_region * [region(j) == r] + women * [j is a woman]
  //   + profile_weight * profile(j) + campaign_noise * z_j,  z_j ~ N(0,1) per run.
  std::vector<double> affinity;  // per slate (the last entry: independents)
  double home_region = 0.0;
  double women = 0.0;
  double profile_weight = 1.0;
  double campaign_noise = 0.0;
  double stop = 0.0;  // Plackett-Luce weight of "stop" (ends the ballot); resolved from
                      // mean_preferences when that is given
  double mean_preferences = 0.0;  // target mean ballot length (0: use stop)
  // How-to-vote cards (scenarios/README.md, "How-to-vote cards"): each voter
  // of the bloc follows card follow[k].card with probability follow[k].share
  // (the rest rank freely); a follower ranks the card's next name with
  // probability `compliance` at each step and, the first time it does not,
  // ranks freely (Plackett-Luce with stop) from then on, as it does once the
  // card has no names left.
  struct Follow {
    int card = -1;       // index into Electorate::cards
    double share = 0.0;  // share of the bloc's voters who follow it
  };
  std::vector<Follow> follow;
  double compliance = 1.0;
};

// A how-to-vote card: an order of some of a slate's candidates that the slate
// publishes.
struct CardConfig {
  std::string name;
  int slate = -1;               // index into slates
  std::vector<int> order;       // candidate indices, distinct, in the card's order
};

struct SlateConfig {
  std::string name;
};

struct CandidateConfig {
  std::string name;
  Gender gender = Gender::kUnknown;
  int region = -1;   // index into regions, -1: none
  int slate = -1;    // index into slates, -1: independent
  double profile = 0.0;
};

struct Electorate {
  std::vector<RegionConfig> regions;
  std::vector<BlocConfig> blocs;
  std::vector<SlateConfig> slates;
  std::vector<CandidateConfig> candidates;
  std::vector<CardConfig> cards;  // every slate's cards, in the order given

  // The candidates as the counting rules see them (names, gender, region and
  // slate names; independents under the slate "independent").
  std::vector<Candidate> CountCandidates() const;
};

}  // namespace necsim
