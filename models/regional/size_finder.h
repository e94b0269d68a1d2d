// The size finder: the smallest CLP section that gives every region a seat
// and meets the women's minimum under a regional design, and what that does
// to the NEC's factional balance.
#pragma once

#include <string>
#include <vector>

#include "core/electorate.h"
#include "core/status.h"
#include "regional/rule_set.h"

namespace necsim {

struct SectionSize {
  std::string rule_set;
  std::string method;               // how regional seats are allotted
  int regional_seats = 0;           // smallest number giving every region a seat
  std::vector<int> seats_by_region; // at that size
  int top_up_seats = 0;             // national seats needed to guarantee the women's minimum
  int total_seats = 0;
  std::string women_rule;           // how the women's minimum is met
};

// Works out the size for rule set `name` (a regional design). Apportioned
// designs search the smallest total at which the method gives every region at
// least one seat (ignoring the design's own minimum); fixed designs already
// give every region its seats. The women's minimum (at least half) is met by
// the gender mechanism when the design has one; otherwise by national top-up
// seats, the fewest that guarantee it whatever the regional results: m >= R
// top-up seats for R regional seats, since all R may go to men and then m
// women must be at least half of R + m.
Result<SectionSize> FindSectionSize(const Electorate& sc, const std::vector<RuleSetConfig>& rule_sets,
                                    const std::string& name);

// Gives rule set `name` the found size (and, for designs without a gender
// mechanism, `top_up_seats` national seats by `top_up_rule` with women_min
// half), renamed NAME_sized.
void ResizeRuleSet(std::vector<RuleSetConfig>& rule_sets, const std::string& name, const SectionSize& size,
                   Rule top_up_rule);

}  // namespace necsim
