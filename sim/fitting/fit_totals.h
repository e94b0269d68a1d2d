// `necsim fit --totals` without the command line: one block-vote contest read
// from a results table (the form of ../shared/data/nec/clp_results.csv) and a
// table of ballots cast (clp_elections.csv), the voter model fitted to its
// totals (models/fit/totals_fit.h), the fitted scenario run by the engine to
// score the fit against the real result, and its outputs: a scenario `necsim
// run` accepts, JSON, a tidy CSV and an HTML report. docs/fit.md has the
// method and its priors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/election.h"
#include "core/status.h"
#include "engine/executor.h"
#include "fit/totals_fit.h"

namespace necsim {

struct TotalsRequest {
  std::string results;    // the results table
  std::string elections;  // the contests table (empty: clp_elections.csv beside the results, if there)
  std::string election;   // YEAR or YEAR-MM
  std::string contest;    // full, by-election, or empty (then the election must name one contest)
  std::string base;       // a base scenario (regions, slates, candidates' genders and regions, rule sets); optional
  std::vector<std::string> blocs;  // bloc names (empty: the base's blocs, else one per slate)
  double ballots = 0;     // valid ballots, overriding the contests table (0: from the table)
  int unlisted = 0;       // candidates who stood but are not in the table (all lost; no totals)
  int starts = 4;
  int max_evaluations = 400;
  int draws = 2000;
  int runs = 2000;        // engine runs scoring the fitted scenario under the real rule
  uint64_t seed = 1;
  int threads = 0;
  Backend backend = Backend::kOpenMp;
};

struct TotalsFit {
  std::string label;                 // e.g. "2018-09 full"
  std::string year, month, contest;
  fit::TotalsData data;
  fit::TotalsPrior prior;
  fit::TotalsFitResult result;
  std::vector<Gender> gender;        // per candidate
  std::vector<std::string> region;   // per candidate ("" when not known)
  std::vector<std::string> notes;    // facts about the input (unlisted candidates, genders, ...)
  double eligible = 0;               // members entitled to vote (0: not reported)
  bool ballots_reported = false;
  std::string ballots_source;        // where the ballots figure came from
  // The fitted scenario, and its runs under the real rule (its first rule set).
  std::string scenario_yaml;
  std::string real_rule;             // the first rule set's name
  bool women_rule = false;           // whether the real rule's women's minimum could be applied
  int64_t runs = 0;
  std::vector<double> p_elected;     // per candidate, under the real rule
  double p_actual = 0;               // P(exactly the actual winners)
  std::vector<double> slate_seats_mean;  // per slate, under the real rule
};

// Reads, fits and scores. Errors name the file, line and field: an unknown
// election, a candidate in two rows, a negative or non-numeric total, a total
// above the ballots cast, a slate the base scenario lacks, a contest that is
// not a block vote.
Result<TotalsFit> FitTotalsElection(const TotalsRequest& req);

std::string TotalsJson(const TotalsFit& f);
// candidate,slate,elected,reported,fitted,p5,p95,z,p_elected
std::string TotalsCsv(const TotalsFit& f);
std::string TotalsHtml(const TotalsFit& f);

}  // namespace necsim
