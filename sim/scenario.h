// Scenario configuration: plain structs parsed once at the edge from YAML
// (sim/scenario_yaml.cc). The engine never sees YAML. Field meanings and
// defaults are documented in scenarios/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/count.h"
#include "models/election.h"

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

struct GroupConfig {
  std::string name;
  std::vector<CandidateId> members;
  int min = 0;
  int max = 1 << 30;
};

// Gender balance across regions (docs/regionalisation.md).
enum class RegionalGender {
  kNone,
  kPairing,       // regions twinned in pairs; each pair elects one woman and one man
  kZipping,       // one seat per region; if women fall short, the weakest male winners
                  // give way to their region's highest-placed woman
  kTwoPerRegion,  // two seats per region, one of each gender
};

// A regional design: members vote only for their own district's candidates.
// A district is one region, or a pair of regions under kPairing.
struct RegionalDesign {
  bool enabled = false;
  Rule rule = Rule::kFptp;            // the count in each district
  RegionalGender gender = RegionalGender::kNone;
  std::vector<std::vector<int>> districts;  // region indices per district
  std::vector<int> district_seats;          // seats per district
  std::string apportionment;                // how the seats were set (for outputs)
  // When seats were apportioned: the method (models/apportion.h), the counts
  // apportioned on (members or CLPs per region) and the minimum per region.
  bool apportioned = false;
  int apportion_method = 0;  // ApportionMethod as int
  std::vector<int64_t> apportion_counts;
  int apportion_min = 0;
  int apportion_base = 0;  // base seats per region (docs/apportionment.md)
  std::string apportion_by;  // "members" or "clps"
};

struct RuleSetConfig {
  std::string name;
  Rule rule = Rule::kErs97;
  int seats = 9;       // total seats (regional + national for regional designs)
  int women_min = -1;  // -1: none; the YAML value "half" gives ceil(seats / 2)
  std::vector<GroupConfig> groups;
  RegionalDesign regional;
  // National seats counted after the regional ones on the same ballots (a
  // hybrid, or national top-up seats when women_min is set: the national
  // count must then restore the women's minimum of the whole section).
  int national_seats = 0;
  Rule national_rule = Rule::kErs97;

  bool is_regional() const { return regional.enabled; }
  int regional_seats() const { return seats - national_seats; }
  Constraints MakeConstraints(const std::vector<Candidate>& candidates) const;
};

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

struct Scenario {
  std::string name;
  std::string description;
  std::string source;  // file the scenario was read from ("<built-in>" for the default)
  uint64_t seed = 1;
  int64_t runs = 1000;
  double precision = 0.0;  // > 0: stop when every reported probability's SE is below it
  std::vector<RegionConfig> regions;
  std::vector<BlocConfig> blocs;
  std::vector<SlateConfig> slates;
  std::vector<CandidateConfig> candidates;
  std::vector<RuleSetConfig> rule_sets;
  NecConfig nec;

  // The candidates as the counting engine sees them.
  std::vector<Candidate> CountCandidates() const;
};

}  // namespace necsim
