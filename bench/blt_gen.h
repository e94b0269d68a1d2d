// Generated BLT files for the read-and-count benchmarks: `distinct` different
// rankings of `candidates` candidates (one ballot line each, weight 1), drawn
// from a Plackett-Luce model with three blocs (as in count_bench.cc) and a
// stop probability of 0.05 after each preference (mean ranking length about
// 15.7 of 30: about 47 bytes a line). A ranking drawn twice is drawn again.
// Deterministic for a seed.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/rng.h"

namespace necsim {

// A Plackett-Luce ranking of the candidates by `weight` into `ranking`, cut
// after each preference with probability `stop`. `left` is scratch.
inline void DrawRanking(const std::vector<double>& weight, double stop, Stream& rng, std::vector<int>& left,
                        std::vector<int>& ranking) {
  const int n = static_cast<int>(weight.size());
  left.resize(static_cast<size_t>(n));
  for (int c = 0; c < n; ++c) left[static_cast<size_t>(c)] = c;
  double total = 0;
  for (double x : weight) total += x;
  ranking.clear();
  while (!left.empty()) {
    double r = rng.Uniform() * total;
    size_t j = 0;
    for (; j + 1 < left.size(); ++j) {
      r -= weight[static_cast<size_t>(left[j])];
      if (r <= 0) break;
    }
    ranking.push_back(left[j]);
    total -= weight[static_cast<size_t>(left[j])];
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(j));
    if (rng.Uniform() < stop) break;
  }
}

inline std::string GenerateBlt(int64_t distinct, int candidates, int seats, uint64_t seed = 2026) {
  Stream rng(seed, 0, StreamPurpose::kTest);
  std::vector<std::vector<double>> weight(3, std::vector<double>(static_cast<size_t>(candidates)));
  for (int b = 0; b < 3; ++b) {
    for (int c = 0; c < candidates; ++c) {
      weight[b][static_cast<size_t>(c)] = std::exp(c % 3 == b ? 2.0 : 0.0) * (1.0 + 0.05 * ((c * 7) % 11));
    }
  }
  std::string out = std::to_string(candidates) + " " + std::to_string(seats) + "\n";
  out.reserve(static_cast<size_t>(distinct) * 48 + 64);
  std::unordered_set<uint64_t> seen;
  seen.reserve(static_cast<size_t>(distinct));
  std::vector<int> left, ranking;
  std::string line;
  for (int64_t made = 0; made < distinct;) {
    const double u = rng.Uniform();
    const auto& w = weight[u < 0.45 ? 0 : (u < 0.85 ? 1 : 2)];
    DrawRanking(w, 0.05, rng, left, ranking);
    uint64_t h = 1469598103934665603ULL;
    for (int c : ranking) h = (h ^ static_cast<uint64_t>(c + 1)) * 1099511628211ULL;
    if (!seen.insert(h).second) continue;
    line = "1";
    for (int c : ranking) line += " " + std::to_string(c + 1);
    line += " 0\n";
    out += line;
    ++made;
  }
  out += "0\n";
  for (int c = 0; c < candidates; ++c) out += "\"Candidate " + std::to_string(c + 1) + "\"\n";
  out += "\"Generated election\"\n";
  return out;
}

}  // namespace necsim
