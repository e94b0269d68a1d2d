// Outputs of `necsim run`: summary.json (results only, byte-identical for the
// same scenario and seed on any machine), run_info.json (timings and host),
// tidy CSV tables and a readable summary, written atomically.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "io/io_faults.h"
#include "core/status.h"
#include "results/results.h"
#include "engine/engine.h"
#include "scenario/scenario.h"

namespace necsim {

// The typed results (sim/results/results.h) of a tally.
RunResults BuildRunResults(const Scenario& sc, const Tally& t, uint64_t seed, SamplerKind sampler,
                           bool stopped_on_precision, double precision);

// ToJson(BuildRunResults(...)): summary.json's object.
nlohmann::ordered_json SummaryJson(const Scenario& sc, const Tally& t, uint64_t seed, SamplerKind sampler,
                                   bool stopped_on_precision, double precision);

// candidates.csv, slates.csv, regions.csv, comparisons.csv,
// disproportionality.csv and (with a `nec:` block) nec.csv: file name -> text.
std::map<std::string, std::string> TidyCsv(const RunResults& results);

// The readable table printed on stdout.
std::string SummaryText(const RunResults& results);

// The same from a summary.json's object, read through RunResultsFromJson
// (no tables, or the reader's error as text, for a summary it cannot read).
std::map<std::string, std::string> TidyCsv(const nlohmann::ordered_json& summary);
std::string SummaryText(const nlohmann::ordered_json& summary);

// Writes `files` (name -> contents) into `dir`: each to a temporary name,
// then renamed into place, so no file is ever half-written. Refuses an
// existing directory unless `force`.
Status WriteOutputs(const std::string& dir, const std::map<std::string, std::string>& files, bool force,
                    const IoFaults* faults = nullptr);

}  // namespace necsim
