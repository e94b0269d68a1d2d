// Counting a regional design in one run (docs/regionalisation.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ballots/ballot_tree.h"
#include "core/electorate.h"
#include "core/election.h"
#include "counting/vacancy.h"
#include "regional/rule_set.h"

namespace necsim {

// Where a regional count takes its ballots from (the engine implements it
// with the run's sampler). Tree(regions, stream) gives the ballots of the
// members of `regions` ranking only those regions' candidates (nullptr: every
// member and candidate); each call gives a tree of the same ballots, so a
// count can be repeated without its constraints. `stream` names the district
// (the reference sampler draws each district's voters from its own stream).
class DistrictBallots {
 public:
  virtual ~DistrictBallots() = default;
  virtual BallotTree* Tree(const std::vector<int>* regions, uint32_t stream) = 0;
};

// The stream that names district `district` of rule set `k` (its lots, and
// under the reference sampler its voters: DistrictBallots::Tree), and that of
// the rule set's national seats. Districts of different rule sets never
// share one.
inline uint32_t DistrictStream(size_t k, size_t district) {
  return (static_cast<uint32_t>(k) << 8) + static_cast<uint32_t>(district);
}
inline uint32_t NationalSeatsStream(size_t k) { return (static_cast<uint32_t>(k) << 8) + 0xFF; }

// Whether candidate `c` stands in district `district` of `d` (their region is
// one of the district's).
bool StandsInDistrict(const Electorate& sc, const RegionalDesign& d, size_t district, size_t c);

struct RegionalCount {
  std::vector<CandidateId> elected;       // the districts' winners in district order, then the national seats
  std::vector<double> first_preferences;  // per candidate, summed over the districts
  // When the districts count by block vote: per candidate, the marks summed
  // over the districts (each ballot marks up to its district's seats); empty
  // otherwise. The national seats' count is not included, as for first
  // preferences.
  std::vector<int64_t> marks;
  bool constraints_changed = false;       // a district's constraints, zipping or the top-up changed the result
  // Only when asked for (CountRegionalRuleSet's `vacancies`): per member of
  // `elected`, in the same order, who takes their seat when they leave.
  std::vector<VacancyFill> vacancies;
};

// Counts rule set `rs` (number `k` of its scenario: it keys the lot streams),
// a regional design optionally with national seats: each district counts only
// its own members' ballots for its own candidates; then the gender
// mechanism; then the national seats on all ballots with the regional
// winners out of the running.
//
// With `vacancies`, also each member's casual vacancy (counting/vacancy.h):
// the count that elected them re-run without them, on the same ballots and
// lots, the members of the other counts withdrawn too. A district member's
// re-run is their district's count, with its own constraints (a pair's one
// woman and one man); under zipping, when the section's regional women would
// fall below the minimum without a woman who leaves, the re-run must elect a
// woman if the district has one standing. A national member's re-run is the
// national seats' count, regional winners out of the running, with its
// women's constraint. docs/outputs.md, "Casual vacancies".
RegionalCount CountRegionalRuleSet(const Electorate& sc, const RuleSetConfig& rs, size_t k,
                                   const std::vector<Candidate>& cands, DistrictBallots& ballots, uint64_t seed,
                                   uint64_t run, bool vacancies = false);

}  // namespace necsim
