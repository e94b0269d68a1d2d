#include "core/electorate.h"

namespace necsim {

std::vector<Candidate> Electorate::CountCandidates() const {
  std::vector<Candidate> out;
  for (const auto& c : candidates) {
    Candidate k;
    k.name = c.name;
    k.gender = c.gender;
    if (c.region >= 0) k.region = regions[c.region].name;
    k.slate = c.slate >= 0 ? slates[c.slate].name : "independent";
    out.push_back(k);
  }
  return out;
}

}  // namespace necsim
