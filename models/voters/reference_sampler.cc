#include "voters/reference_sampler.h"

#include <utility>
#include <vector>

namespace necsim {

Election SampleBallotsReference(const RunSample& s, uint64_t seed, uint64_t run) {
  Election e;
  const int C = s.num_candidates;
  e.candidates.resize(static_cast<size_t>(C));
  Stream rng(seed, run, StreamPurpose::kBallots, 0x7E7E);
  std::vector<double> w;
  std::vector<int> left;
  for (size_t cell = 0; cell < s.ballots.size(); ++cell) {
    for (int64_t v = 0; v < s.ballots[cell]; ++v) {
      Ballot b;
      left.resize(static_cast<size_t>(C));
      for (int c = 0; c < C; ++c) left[c] = c;
      double total = 0;
      for (int c = 0; c < C; ++c) total += s.weight[cell * C + c];
      while (!left.empty()) {
        const double stop = b.prefs.empty() ? 0.0 : s.stop[cell];
        double u = rng.Uniform() * (total + stop);
        size_t j = 0;
        bool stopped = true;
        for (; j < left.size(); ++j) {
          u -= s.weight[cell * C + left[j]];
          if (u < 0) {
            stopped = false;
            break;
          }
        }
        if (stopped) {
          if (stop > 0 || b.prefs.empty()) {
            if (b.prefs.empty()) j = left.size() - 1;  // rounding: take the last
            else break;
          } else {
            j = left.size() - 1;
          }
        }
        b.prefs.push_back(left[j]);
        total -= s.weight[cell * C + left[j]];
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(j));
      }
      e.ballots.push_back(std::move(b));
    }
  }
  return e;
}

}  // namespace necsim
