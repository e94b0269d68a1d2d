// runs.csv: every run's outcome under every rule set, and the paired
// differences it allows between two results folders (necsim compare) and
// between neighbouring points of a sweep (sweep.csv's `_change` rows).
//
// runs.csv has one row per (run, rule set), runs in order:
//
//     run,rule_set,elected,gender_rule_changed,nec_majority
//
// `run` from 0 (the run numbers of --ballots-runs), `elected` the names in
// order of election joined by "; ", `gender_rule_changed` 1 when the rule
// set's constraints changed the result, `nec_majority` the NEC faction
// holding a majority (empty: none, or no `nec:` block).
//
// Two folders made with the same seed, runs and sampler drew the same
// ballots in run i wherever the scenarios agree (common random numbers), so
// a difference is measured run by run: its standard error is the spread of
// the per-run differences over sqrt(runs), usually far smaller than either
// result's own error (docs/outputs.md, "Comparing results").
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "engine/tally.h"
#include "results/results.h"
#include "scenario/scenario.h"

namespace necsim {

// runs.csv of a tally.
std::string RunsCsv(const Scenario& sc, const Tally& tally);

// One run's outcome under one rule set, read back.
struct RunOutcome {
  std::vector<int> elected;  // indices into the rule set's candidates (summary order)
  bool gender_rule_changed = false;
  std::string nec_majority;  // empty: none
};

// runs.csv read back against its summary: per rule set of `summary` (in
// order), its runs' outcomes (summary.runs of them). Errors name `source`,
// the line and the field (an unknown rule set or candidate, a run out of
// order, a missing row, a flag other than 0 or 1).
Result<std::vector<std::vector<RunOutcome>>> ReadRunsCsv(const std::string& text, const std::string& source,
                                                         const RunResults& summary);

// One measure compared between two results, B minus A.
struct PairedRow {
  std::string rule_set, measure, entity;
  double a = 0, b = 0, difference = 0, se = 0;
};

// The measures of sweep.csv (slate_mean_seats per slate, candidate_p_elected,
// region_p_at_least_one, women_mean, p_gender_rule_changed, nec_p_majority
// per faction) for every rule set both results have (matched by name;
// entities matched by name, those in one only left out), B minus A. Paired:
// run i of A against run i of B (REQUIRES: the same number of runs);
// otherwise the two as independent samples.
std::vector<PairedRow> CompareRuns(const RunResults& a, const std::vector<std::vector<RunOutcome>>& runs_a,
                                   const RunResults& b, const std::vector<std::vector<RunOutcome>>& runs_b,
                                   bool paired);

}  // namespace necsim
