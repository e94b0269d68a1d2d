#include "boundary/backtest.h"

#include <algorithm>
#include <cmath>

namespace necsim {

BacktestScores ScoreBacktest(const std::vector<int64_t>& wins, int64_t runs, int parties, const std::vector<int>& actual) {
  BacktestScores s;
  const auto P = static_cast<size_t>(parties);
  const double n = static_cast<double>(runs);
  s.log_floor = 1.0 / (2.0 * n);
  s.mean_seats.assign(P, 0.0);
  s.likeliest_seats.assign(P, 0);
  const size_t seats = actual.size();
  double brier = 0, logs = 0;
  for (size_t c = 0; c < seats; ++c) {
    const int64_t* w = wins.data() + c * P;
    size_t best = 0;
    for (size_t p = 1; p < P; ++p) {
      if (w[p] > w[best]) best = p;
    }
    s.likeliest.push_back(static_cast<int>(best));
    ++s.likeliest_seats[best];
    if (static_cast<int>(best) == actual[c]) ++s.seats_right;
    for (size_t p = 0; p < P; ++p) {
      const double q = static_cast<double>(w[p]) / n;
      const double y = static_cast<int>(p) == actual[c] ? 1.0 : 0.0;
      brier += (q - y) * (q - y);
      s.mean_seats[p] += q;
    }
    const double qa = static_cast<double>(w[static_cast<size_t>(actual[c])]) / n;
    logs += -std::log(std::max(qa, s.log_floor));
  }
  if (seats > 0) {
    s.brier = brier / static_cast<double>(seats);
    s.log_score = logs / static_cast<double>(seats);
  }
  return s;
}

}  // namespace necsim
