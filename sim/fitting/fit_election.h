// `necsim fit` without the command line: the voter model fitted to one
// election's ballots (models/fit) for one K or for each K up to a cap (BIC
// chooses), the starts run on the one executor; the fit's tables of observed
// against fitted statistics; and its outputs: a scenario `necsim run`
// accepts, JSON, a tidy CSV and an HTML report. docs/fit.md has the method.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/election.h"
#include "core/status.h"
#include "engine/executor.h"
#include "fit/pl_fit.h"

namespace necsim {

struct FitRequest {
  int blocs = 0;          // 0: auto (BIC over 1..max_blocs)
  int max_blocs = 6;
  fit::Terms terms;
  int starts = 4;         // random starts per K beside the deterministic one
  int max_evaluations = 5000;  // per start
  uint64_t seed = 1;
  int threads = 0;        // 0: DefaultThreads()
  Backend backend = Backend::kOpenMp;
  std::string rule = "scottish";
  int seats = 0;          // 0: the file's
};

struct FitTry {
  int K = 0;
  bool ok = false;
  std::string error;      // why this K could not be fitted (ok false)
  fit::FitResult result;
};

struct ElectionFit {
  fit::FitData data;
  fit::Terms terms;
  std::vector<FitTry> tries;  // every K tried, in order
  size_t chosen = 0;          // index into tries
  const fit::FitResult& best() const { return tries[chosen].result; }
  int K() const { return tries[chosen].K; }
};

// Fits the election. Errors: the data (one candidate, no ballots), the
// request (seats >= candidates, a K the data cannot support).
Result<ElectionFit> FitElection(const Election& e, const FitRequest& req);

// Observed against fitted: first-preference shares by candidate (fitted
// exactly), slate-to-slate transfers and ballot lengths (fitted by `draws`
// ballots of the fitted model from the reference sampler, seeded).
struct FitTables {
  std::vector<double> first_observed, first_fitted;  // [candidate]
  // [from slate][to slate, or slates.size() for "ends"]: among the
  // preferences for a candidate of `from` (not the ballot's last candidate
  // left to rank), the share whose next preference is for `to`.
  std::vector<std::vector<double>> transfer_observed, transfer_fitted;
  std::vector<double> transfer_count;  // [from slate]: observed preferences behind each row
  std::vector<double> length_observed, length_fitted;  // [length - 1]: share of ballots
  double mean_length_observed = 0, mean_length_fitted = 0;
  int64_t draws = 0;
};
FitTables ComputeFitTables(const ElectionFit& fit, int64_t draws, uint64_t seed);

// The scenario: one region holding the file's voters, the fitted blocs and
// candidates (values annotated with their standard errors), one rule set
// (the file's seats under req.rule). Checked by loading it back before it is
// returned.
Result<std::string> FittedScenarioYaml(const Election& e, const ElectionFit& fit, const FitRequest& req,
                                       const std::string& source);

// The fit as JSON (every K tried; the chosen one's values and errors; the
// tables).
std::string FitJson(const Election& e, const ElectionFit& fit, const FitTables& tables, const FitRequest& req,
                    const std::string& source);

// The tables and the K tried as one tidy CSV: table,k,from,to,observed,fitted.
std::string FitCsv(const ElectionFit& fit, const FitTables& tables);

// The HTML report.
std::string FitHtml(const Election& e, const ElectionFit& fit, const FitTables& tables, const FitRequest& req,
                    const std::string& source);

}  // namespace necsim
