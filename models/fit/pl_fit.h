// Fitting necsim's voter model to real ranked ballots by maximum likelihood.
//
// The model is the one `necsim run` samples from (models/voters/voter_model.h,
// scenarios/README.md): a voter belongs to one of K blocs (bloc b with share
// pi_b) and ranks candidates by Plackett-Luce with weights w_bj = exp(u_bj)
// and a "stop" pseudo-candidate of weight s_b, offered from the second
// preference on. The utility is built from the scenario's terms:
//
//   u_bj = affinity_b[slate(j)]          (term "slate")
//        + women_b * [j is a woman]      (term "gender")
//        + effect_j                      (term "profile": the candidate's own
//                                         effect, common to every bloc; in
//                                         the scenario, profile_j with
//                                         profile_weight 1)
//
// Identification (the likelihood is unchanged by these moves, so each is
// pinned): within a bloc, adding a constant to every utility and to log s_b
// changes nothing, so the affinity of the first slate is 0 in every bloc;
// within a slate, moving the candidates' effects up and the slate's affinity
// down in every bloc changes nothing, so each slate's effects sum to 0 (with
// the slate term off, all effects sum to 0); with both the gender and the
// profile term, moving every bloc's women term and the women's effects
// changes nothing, so the first bloc's women term is 0 and the others are
// relative to it. Independents (no label) are one
// slate, "independent", as in a scenario.
//
// The maximum of the mixture likelihood is found by L-BFGS (NLopt) on the
// free parameters from several starts (docs/fit.md); standard errors come
// from the observed information (the Hessian of -log L at the maximum, by
// central differences of the exact gradient), carried to every reported
// value by the delta method.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/election.h"
#include "core/status.h"

namespace necsim::fit {

struct Terms {
  bool slate = true;
  bool gender = false;
  bool profile = true;
};

// Ballots as the fit reads them: identical rankings merged, empty ballots
// dropped, candidates grouped by slate.
struct FitData {
  int num_candidates = 0;
  std::vector<std::string> names;        // per candidate
  std::vector<int> group;                // per candidate: its slate (index into slates)
  std::vector<std::string> slates;       // slate labels; "independent" for the unlabelled
  std::vector<char> woman;               // per candidate (gender term)
  std::vector<uint16_t> prefs;           // every distinct ranking, back to back
  std::vector<uint32_t> start;           // ranking i is prefs[start[i], start[i+1])
  std::vector<double> weight;            // ballots with ranking i
  double total = 0;                      // ballots
  int64_t empty_dropped = 0;             // ballots with no preference (not fitted)

  size_t num_rankings() const { return weight.size(); }

  // From an election: candidates' slates from their labels (Candidate::slate),
  // genders from Candidate::gender. Errors: fewer than two candidates, no
  // ballot with a preference, withdrawn candidates that still get ballots.
  static Result<FitData> FromElection(const Election& e);
};

// Natural parameters (what a scenario holds), K blocs.
struct Params {
  int K = 0;
  std::vector<double> share;     // [K]
  std::vector<double> affinity;  // [K][slates]
  std::vector<double> women;     // [K]
  std::vector<double> log_stop;  // [K]
  std::vector<double> effect;    // [candidates]
};

struct FitOptions {
  int K = 1;
  Terms terms;
  int starts = 4;          // random starts beside the deterministic one
  uint64_t seed = 1;
  int max_evaluations = 5000;
  // A fit with K - 1 blocs to start from (its blocs kept, one more split
  // off the largest); used as the deterministic start when given.
  const Params* warm = nullptr;
  // Standard errors (the observed information: about two gradients per
  // free parameter); off, they are NaN until AddStandardErrors.
  bool standard_errors = true;
  // Runs task(0) ... task(n - 1), which are independent, in any order or at
  // once (the caller's thread pool); empty: one after another. The result
  // does not depend on the order.
  std::function<void(int n, const std::function<void(int)>& task)> for_each;
};

struct FitResult {
  Params estimate;
  Params se;               // standard errors; NaN where not identified
  double loglik = 0;
  int num_params = 0;      // free parameters
  double bic = 0;          // -2 log L + num_params log(ballots)
  double aic = 0;
  bool converged = false;  // NLopt reached its tolerance (not its evaluation cap)
  std::string message;     // why not converged, or what was not identified
  int evaluations = 0;     // likelihood evaluations, all starts
  int starts_agreeing = 0; // starts whose log L is within 1e-3 of the best
  int starts = 0;
  double min_eigenvalue = 0;  // of the observed information (free parameters)
};

// Number of free parameters for K blocs and the terms.
int NumFreeParams(const FitData& d, int K, const Terms& t);

// Log-likelihood of the data at natural parameters (for tests and reports).
double LogLikelihood(const FitData& d, const Params& p, const Terms& t);

// -log L / ballots at the free parameters x (Layout order: share logits,
// then per bloc its affinities, women and log stop, then the free effects),
// with its gradient when grad is given; FreeParams packs natural ones.
double NegLogLikFree(const FitData& d, int K, const Terms& t, const std::vector<double>& x, std::vector<double>* grad);
std::vector<double> FreeParams(const FitData& d, const Terms& t, const Params& p);

// Fits K blocs. Errors (the data cannot support K): more free parameters than
// distinct rankings, K < 1; a fitted bloc holding less than one ballot's share.
Result<FitResult> Fit(const FitData& d, const FitOptions& opt);

// The standard errors of a fit (FitResult::se, min_eigenvalue, and a note in
// message on directions the ballots do not identify).
void AddStandardErrors(const FitData& d, const Terms& terms, FitResult& res);

// Each bloc's utilities u_bj = affinity + women + effect (terms as fitted).
std::vector<double> Utilities(const FitData& d, const Params& p, const Terms& t, int bloc);

}  // namespace necsim::fit
