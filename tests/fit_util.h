// Ballots for the fit's tests: K blocs of known parameters over candidates
// in slates, drawn by the voter model's own reference sampler (one region).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "fit/pl_fit.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"

namespace necsim_test {

using namespace necsim;

// Ballots of K blocs over candidates in slates, drawn by the model's own
// reference sampler (one region).
inline Election Simulated(const std::vector<std::string>& slates, const std::vector<int>& slate_of,
                   const fit::Params& truth, int64_t ballots, uint64_t seed) {
  const int C = static_cast<int>(slate_of.size());
  const int G = static_cast<int>(slates.size());
  RunSample s;
  s.num_candidates = C;
  for (int b = 0; b < truth.K; ++b) {
    s.bloc_share.push_back(truth.share[b]);
    s.turnout.push_back(1.0);
    s.ballots.push_back(std::llround(static_cast<double>(ballots) * truth.share[b]));
    for (int j = 0; j < C; ++j) {
      s.weight.push_back(std::exp(truth.affinity[b * G + slate_of[j]] + truth.effect[j]));
    }
    s.stop.push_back(std::exp(truth.log_stop[b]));
  }
  Election e = SampleBallotsReference(s, seed, 0);
  for (int j = 0; j < C; ++j) {
    e.candidates[j].name = "C" + std::to_string(j + 1);
    e.candidates[j].slate = slates[slate_of[j]];
  }
  e.seats = 2;
  return e;
}

inline fit::Params Truth() {
  fit::Params p;
  p.K = 2;
  p.share = {0.6, 0.4};
  // Slates A, B; affinity of A pinned at 0 in each bloc.
  p.affinity = {0.0, -1.5, 0.0, 1.2};
  p.women = {0.0, 0.0};
  p.log_stop = {std::log(0.4), std::log(1.5)};
  p.effect = {0.5, 0.0, -0.5, 0.3, -0.3};  // A: C1..C3 (sum 0); B: C4, C5 (sum 0)
  return p;
}

inline const std::vector<std::string> kSlates = {"A", "B"};
inline const std::vector<int> kSlateOf = {0, 0, 0, 1, 1};

}  // namespace necsim_test
