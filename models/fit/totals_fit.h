// Fitting necsim's voter model to reported block-vote totals: each
// candidate's marks (some totals missing), who was elected and the ballots
// cast, which is all that was ever published of the NEC's CLP-section
// elections before 2020. docs/fit.md has the method; in short:
//
// The model is the one `necsim run` samples from (models/voters/voter_model.h)
// with one region: K blocs with shares pi_b; bloc b ranks by Plackett-Luce
// with weights w_bj = exp(affinity_b[slate(j)] + effect_j) and a stop weight
// s offered from the second preference on (one s for every bloc: the totals
// only speak to the marks per ballot as a whole). Under the block vote a
// ballot's marks are its first `seats` preferences, so candidate j's expected
// total is N * sum_b pi_b * P_b(j among the first seats preferences), and
// that probability has an exact one-dimensional integral form
// (MarkProbabilities), evaluated by quadrature to about 1e-12.
//
// The totals are fewer than the parameters, so the fit is a posterior mode
// with stated priors (TotalsPrior): Normal priors on the affinities (a bloc
// aligned with a slate is expected to favour it), on the candidates' effects
// and on log s; a uniform Dirichlet on the shares; and, when the ballots cast
// were not reported, a Normal prior on the marks per ballot as a share of the
// seats. A reported total enters through its binomial sampling variance, an
// unreported one through the bounds implied by the result (an elected
// candidate outpolled every reported loser; a loser trailed every reported
// winner), as an interval-censored Normal. The mode is found by
// Levenberg-Marquardt (Eigen's port of MINPACK) from several starts; the
// uncertainty is the Laplace approximation (the inverse Gauss-Newton Hessian),
// carried to every reported value by draws.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace necsim::fit {

// P(candidate j is among the first `marks` preferences of a ballot) for
// Plackett-Luce with weights w (positive) and a stop weight `stop` (>= 0)
// offered from the second preference on. With the exponential-race form of
// Plackett-Luce (T_i ~ Exp(w_i), ranked by arrival; the stop clock starts at
// the first arrival) and W = sum w,
//   P_j = w_j / W + w_j (1 + s / W) * Integral_0^inf exp(-(w_j + s) t) H_j(t) dt,
// where H_j(t) = P(1 <= #{i != j : T_i < t} <= marks - 1) is a Poisson-binomial
// probability (docs/fit.md derives it). Evaluated by the trapezoidal rule in
// log t (exponentially convergent for this integrand), with the
// leave-one-out Poisson-binomial from prefix and suffix products.
std::vector<double> MarkProbabilities(const std::vector<double>& w, double stop, int marks);

// The facts of one block-vote contest.
struct TotalsData {
  std::vector<std::string> names;   // per candidate
  std::vector<int> group;           // per candidate: index into slates
  std::vector<std::string> slates;  // slate labels ("independent" for the unlabelled)
  std::vector<double> votes;        // per candidate: reported marks; NaN where not reported
  std::vector<char> elected;        // per candidate
  int seats = 0;                    // marks per ballot, at most
  double ballots = 0;               // valid ballots; 0 where not reported
  // Per candidate with no reported total: the bounds the result implies
  // (Derive fills them; lo 0 and hi the ballots, or infinity, otherwise).
  std::vector<double> lo, hi;

  int num_candidates() const { return static_cast<int>(names.size()); }
  int num_reported() const;
  // Fills lo and hi from the elected flags and the reported totals.
  void DeriveBounds();
};

// The priors, stated (docs/fit.md gives their reasons).
struct TotalsPrior {
  std::vector<std::string> bloc_names;  // K blocs
  std::vector<int> own_slate;           // per bloc: the slate it is aligned with, -1 for none
  // Per bloc and slate: the prior mean of the affinity (empty: own_affinity for
  // the bloc's own slate, 0 otherwise).
  std::vector<double> affinity_mean;
  double own_affinity = 2.0;
  double affinity_sd = 1.5;
  double effect_sd = 1.0;
  double log_stop_mean = 0.0;
  double log_stop_sd = 4.0;
  double share_alpha = 1.0;  // Dirichlet(alpha, ..., alpha) on the shares
  // Used only when the ballots cast were not reported: the expected marks per
  // ballot as a share of the seats.
  double marks_share_mean = 0.86;
  double marks_share_sd = 0.08;

  int K() const { return static_cast<int>(bloc_names.size()); }
};

struct TotalsParams {
  int K = 0;
  std::vector<double> share;     // [K]
  std::vector<double> affinity;  // [K][slates]
  double log_stop = 0;
  std::vector<double> effect;    // [candidates]
  double ballots = 0;            // N (the reported figure, or fitted)
};

struct TotalsFitOptions {
  int starts = 4;       // random starts (from the prior) beside the deterministic one
  uint64_t seed = 1;
  int max_evaluations = 400;  // per start (residual evaluations)
  int draws = 2000;     // draws from the Laplace approximation for intervals
  // As FitOptions::for_each: runs task(0..n-1), in any order or at once.
  std::function<void(int n, const std::function<void(int)>& task)> for_each;
};

struct TotalsFitResult {
  TotalsParams estimate;
  TotalsParams se;                     // posterior SDs (draws from the whole Laplace approximation)
  // The uncertainty the totals identify: SDs from the full conditionals of
  // the shares (as a block) and of each effect, everything else at the mode.
  // What a scenario carries into runs (affinities, stop and N are 0 here).
  TotalsParams se_given;
  std::vector<double> expected;        // per candidate: expected total at the estimate
  // Per candidate: 5-95% of the total as the fitted scenario's runs draw it
  // (the full conditionals' uncertainty and the ballots' sampling); for an
  // unreported total, from the whole posterior.
  std::vector<double> p05, p95;
  std::vector<double> z;               // per candidate: (reported - expected) / SD, NaN if not reported
  double mean_marks = 0, mean_marks_se = 0;  // marks per ballot
  double objective = 0;                // -log posterior (up to a constant) at the estimate
  double chi2 = 0;                     // sum of z^2 over reported totals
  bool converged = false;
  std::string message;
  int evaluations = 0;
  int starts = 0;
  int starts_agreeing = 0;             // starts within 0.01 of the best -log posterior
  double min_eigenvalue = 0;           // of the Gauss-Newton Hessian
  std::vector<std::string> notes;      // what the totals leave to the prior
  // Draws of the natural parameters given the behaviour (as se_given).
  std::vector<TotalsParams> draws;
};

// Validates the data and prior (located messages name the field): seats >= 1,
// more candidates than seats, totals within [0, ballots], bloc slates in range.
Status CheckTotals(const TotalsData& d, const TotalsPrior& prior);

// Expected totals (N * sum_b pi_b P_b) at natural parameters.
std::vector<double> ExpectedTotals(const TotalsData& d, const TotalsParams& p);
double MeanMarks(const TotalsData& d, const TotalsParams& p);

Result<TotalsFitResult> FitTotals(const TotalsData& d, const TotalsPrior& prior, const TotalsFitOptions& opt);

}  // namespace necsim::fit
