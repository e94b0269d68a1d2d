// Counting a regional design in one run (docs/regionalisation.md).
#pragma once

#include <vector>

#include "models/count.h"
#include "sim/engine.h"
#include "sim/sampler.h"
#include "sim/scenario.h"

namespace necsim {

// Counts rule set `k` (a regional design, optionally with national seats) on
// the run's sample: each district counts only its own members' ballots for its
// own candidates; then the gender mechanism; then the national seats on all
// ballots with the regional winners out of the running.
RuleSetRecord CountRegionalRuleSet(const Scenario& sc, size_t k, const RunSample& sample,
                                   const std::vector<Candidate>& cands, uint64_t seed, uint64_t run,
                                   SamplerKind sampler = SamplerKind::kFast);

// The run's sample restricted to the members of `regions` voting for the
// candidates of `regions` (Plackett-Luce restricted to a subset of candidates
// is Plackett-Luce with the same weights).
RunSample RestrictToRegions(const Scenario& sc, const RunSample& sample, const std::vector<int>& regions);

}  // namespace necsim
