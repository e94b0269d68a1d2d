// The voter model of the Monte Carlo engine, and the state of one run.
//
// The voter model (../shared/design.md): voters fall into cells (region,
// bloc). Each cell ranks candidates by Plackett-Luce with weights
// w_j = exp(utility_j) and a "stop" pseudo-candidate of weight s that ends the
// ballot (never before the first preference). Per run, the bloc shares of
// each region are drawn from a Dirichlet around the scenario's estimate, each
// cell's turnout from a Beta, and campaign noise on each candidate's utility
// from a Normal (models/core/electorate.h documents the parameters).
//
// Two samplers of the same model:
//   fast      - a lazily expanded ballot tree (PlExpander): a parcel of ballots
//               sitting on a candidate is split among the continuing candidates
//               and stop by one multinomial draw, valid because Plackett-Luce
//               has independence from irrelevant alternatives. Cost depends on
//               cells x candidates x stages, not on the number of voters.
//   reference - every voter's ballot drawn one by one, then counted as a real
//               election. Cost grows with the electorate; kept to test the
//               fast sampler against (tests/statistical).
#pragma once

#include <cstdint>
#include <vector>

#include "core/electorate.h"
#include "core/rng.h"

namespace necsim {


// Fixed per-scenario tables.
struct VoterModel {
  int num_regions = 0;
  int num_blocs = 0;
  int num_candidates = 0;
  std::vector<double> base_utility;  // [bloc][region][candidate], without noise
  std::vector<double> stop;          // per bloc: stop weight (resolved from mean_preferences)

  static VoterModel Build(const Electorate& sc);
  int cell(int region, int bloc) const { return region * num_blocs + bloc; }
};

// The state of one run, drawn from its own streams.
struct RunSample {
  std::vector<double> bloc_share;    // [region][bloc]
  std::vector<double> turnout;       // [cell]
  std::vector<int64_t> ballots;      // [cell]: ballots cast
  std::vector<double> weight;        // [cell][candidate]: Plackett-Luce weights
  std::vector<double> stop;          // [cell]
  int num_candidates = 0;
  int64_t total_ballots() const;
};

RunSample SampleRun(const Electorate& sc, const VoterModel& model, uint64_t seed, uint64_t run);

// Expected ballot length under stop weight s for weights w (used to resolve
// `mean_preferences`): the first preference is always given; after k
// preferences the ballot goes on with probability W_k / (W_k + s), where W_k
// is the weight left once the k heaviest candidates are ranked.
double ExpectedBallotLength(std::vector<double> weights, double stop);

// The run's sample restricted to the members of `regions` voting for the
// candidates of `regions` (Plackett-Luce restricted to a subset of candidates
// is Plackett-Luce with the same weights).
RunSample RestrictToRegions(const Electorate& sc, const RunSample& sample, const std::vector<int>& regions);

}  // namespace necsim
