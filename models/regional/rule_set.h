// A rule set of a scenario: a counting rule with its seats and constraints,
// national or by region (docs/regionalisation.md), as plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/election.h"
#include "counting/constraints.h"
#include "counting/count.h"

namespace necsim {

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
  // When seats were apportioned: the method (models/regional/apportion.h), the counts
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
  // Counted by block vote (nationally, or in every district of a regional
  // design): its runs report each candidate's marks.
  bool is_block() const { return (regional.enabled ? regional.rule : rule) == Rule::kBlock; }
  int regional_seats() const { return seats - national_seats; }
  Constraints MakeConstraints(const std::vector<Candidate>& candidates) const;
};

}  // namespace necsim
