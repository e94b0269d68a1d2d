// The batch's index (private to sim/batch): index.csv and index.json, one
// row per (scenario, point, rule set or boundary set) with its status and key
// figures, read from each results folder's summary.json through the typed
// readers of sim/results.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/plan.h"
#include "results/boundary_results.h"
#include "results/results.h"

namespace necsim {
namespace batch_detail {

struct IndexRow {
  const ScenarioFile* sf = nullptr;
  const Job* job = nullptr;        // null: the scenario failed as a whole
  std::optional<RunResults> nec;   // an ok NEC job's results, when its summary reads
  std::optional<BoundaryResults> boundary;  // an ok boundary job's results, when its summary reads
};

// The row of `job` (of `sf`, null for a scenario that failed as a whole),
// reading its results from `dir`/summary.json when it did not fail. A
// summary that cannot be read gives a row with its status and no figures.
IndexRow ReadIndexRow(const ScenarioFile& sf, const Job* job, const std::string& dir);

// index.csv and index.json (file name -> text).
std::map<std::string, std::string> IndexFiles(const std::vector<IndexRow>& rows);

}  // namespace batch_detail
}  // namespace necsim
