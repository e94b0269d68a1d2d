// Outputs of `necsim boundary`: the tally -> BoundaryResults
// (sim/results/boundary_results.h) -> summary.json (results only,
// byte-identical for the same scenario, data and seed on any machine and
// thread count), tidy CSV tables and a readable summary. Keys are documented
// in README.md ("necsim boundary"); files are written with WriteOutputs
// (sim/outputs/outputs.h).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "boundary/boundary.h"
#include "results/boundary_results.h"

namespace necsim {

// The results of a simulation (the tally of SimulateBoundary with `seed`).
BoundaryResults BuildBoundaryResults(const BoundaryModel& m, const BoundaryTally& t, uint64_t seed);

// summary.json's object: ToJson(BuildBoundaryResults(m, t, seed)).
nlohmann::ordered_json BoundarySummaryJson(const BoundaryModel& m, const BoundaryTally& t, uint64_t seed);

// The --deterministic --json object: {"old": {"<party>": seats, ...}, "new": {...}}.
nlohmann::ordered_json BoundaryDeterministicJson(const BoundaryModel& m);

// parties.csv, seat_distribution.csv, changes.csv, change_distribution.csv,
// constituencies.csv, seat_probabilities.csv, majority_lead.csv, clp.csv
// (file name -> text); every table but constituencies.csv and
// seat_probabilities.csv (which need the tally's per-seat wins) is drawn from
// the results.
std::map<std::string, std::string> BoundaryTidyCsv(const BoundaryModel& m, const BoundaryTally& t,
                                                   const BoundaryResults& results);

// The readable summary printed on stdout.
std::string BoundarySummaryText(const BoundaryResults& results);

}  // namespace necsim
