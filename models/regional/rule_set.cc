#include "regional/rule_set.h"

namespace necsim {

Constraints RuleSetConfig::MakeConstraints(const std::vector<Candidate>& candidates) const {
  Constraints k;
  if (women_min >= 0) k.groups.push_back(WomenGroup(candidates, women_min));
  for (const auto& g : groups) k.groups.push_back({g.name, g.members, g.min, g.max});
  return k;
}

}  // namespace necsim
