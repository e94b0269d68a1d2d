// sweep.csv: one tidy table over a sweep's grid (README.md, "Sweeps"), one
// row per (point, rule set, measure, entity), from each point's results.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "outputs/runs_table.h"
#include "results/results.h"
#include "scenario/sweep.h"

namespace necsim {

// The header: point, one column per axis, rule_set, measure, entity, value, se.
std::string SweepCsvHeader(const std::vector<SweepAxis>& axes);

// The rows of one point: its axis values, then per rule set the slates' mean
// seats, the candidates' P(elected), the regions' P(at least one), the women's
// mean and P(gender rule changed), and the NEC factions' figures.
std::string SweepCsvRows(const std::string& point, const SweepPoint& p, const RunResults& results);

// The rows of a point's changes from the previous point along the sweep's
// last axis (the other axes' values equal): each measure of SweepCsvRows as
// `<measure>_change`, value the paired difference (this point minus the
// previous one, run by run: every point has the same seed) and se its
// standard error (outputs/runs_table.h).
std::string SweepChangeRows(const std::string& point, const SweepPoint& p, const std::vector<PairedRow>& changes);

}  // namespace necsim
