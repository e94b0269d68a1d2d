// `necsim size --confidence P` below the command line: the regional design
// simulated at every candidate section size, the share of runs in which the
// section meets the women's minimum (and in which it does so without the
// gender rule acting), and the NEC's majorities at each size.
//
// Candidate sizes. A design without a gender mechanism (regional.gender
// none) keeps its sized regional seats R (FindSectionSize) and takes m = 0,
// 1, ..., R national top-up seats (R: the worst-case guarantee), counted by
// the top-up rule with a women's minimum of ceil((R + m) / 2) over the whole
// section (m = 0: no top-up seats and so no rule). A design with a gender
// mechanism has one size, its own (the mechanism, not top-up seats, meets
// the minimum). Sizes with more seats than candidates are left out.
//
// Per size and run: the section meets the women's minimum when it elects at
// least ceil(seats / 2) women (the rule acting where it must); it meets it
// unforced when, besides, the gender rule did not change the result (the
// count without constraints elected the same section). P(met) and
// P(unforced) are shares of runs with binomial standard errors
// sqrt(p (1 - p) / runs). The smallest size at the confidence P is the first
// candidate size whose P(met) is at least P.
//
// Reproducible: one scenario holding a rule set per size, run by the engine
// (runs keyed by (seed, run, purpose), records added in run order), so each
// run's bloc shares, turnout and campaign noise are shared by all sizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/engine.h"
#include "regional/size_finder.h"
#include "scenario/scenario.h"

namespace necsim {

struct SizeCurvePoint {
  int top_up_seats = 0;
  int total_seats = 0;
  int women_needed = 0;  // ceil(total_seats / 2)
  int64_t met = 0;       // runs electing at least women_needed women
  int64_t unforced = 0;  // of those, runs the gender rule did not change
  double p_met = 0, se_met = 0;
  double p_unforced = 0, se_unforced = 0;
  // With the scenario's nec: block, per faction.
  std::vector<double> nec_mean_seats, nec_p_majority, nec_se_majority;
};

struct SizeCurve {
  double confidence = 0;
  int64_t runs = 0;
  uint64_t seed = 0;
  std::vector<std::string> factions;  // the NEC's, when it has a nec: block
  std::vector<SizeCurvePoint> points;
  int chosen = -1;       // index into points of the smallest size at the confidence; -1: none
  int left_out = 0;      // candidate sizes with more seats than candidates
};

// The curve for rule set `name` of `sc`, sized as `size` says (FindSectionSize),
// with top-up seats counted by `top_up_rule`. opt.runs runs from opt.seed.
Result<SizeCurve> SimulateSectionSizes(const Scenario& sc, const std::string& name, const SectionSize& size,
                                       Rule top_up_rule, double confidence, const EngineOptions& opt);

}  // namespace necsim
