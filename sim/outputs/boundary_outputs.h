// Outputs of `necsim boundary`: summary.json (results only, byte-identical
// for the same scenario, data and seed on any machine and thread count), tidy
// CSV tables and a readable summary. Keys are documented in README.md
// ("necsim boundary"); files are written with WriteOutputs (sim/outputs/outputs.h).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "boundary/boundary.h"

namespace necsim {

nlohmann::ordered_json BoundarySummaryJson(const BoundaryModel& m, const BoundaryTally& t, uint64_t seed);

// The --deterministic --json object: {"old": {"<party>": seats, ...}, "new": {...}}.
nlohmann::ordered_json BoundaryDeterministicJson(const BoundaryModel& m);

// parties.csv, seat_distribution.csv, changes.csv, change_distribution.csv,
// constituencies.csv, majority_lead.csv, clp.csv (file name -> text).
std::map<std::string, std::string> BoundaryTidyCsv(const BoundaryModel& m, const BoundaryTally& t,
                                                   const nlohmann::ordered_json& summary);

// The readable summary printed on stdout.
std::string BoundarySummaryText(const nlohmann::ordered_json& summary);

}  // namespace necsim
