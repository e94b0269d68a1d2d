// Scoring a seat projection against an actual result (`necsim boundary
// backtest`, docs/boundary.md "Backtests"): per seat, the Monte Carlo
// probabilities of each party winning (wins / runs) against the party that
// actually won.
#pragma once

#include <cstdint>
#include <vector>

namespace necsim {

struct BacktestScores {
  int seats_right = 0;        // seats whose likeliest winner is the actual winner
  double brier = 0;           // mean over seats of sum_p (P_cp - [p won c])^2, 0 (best) to 2
  double log_score = 0;       // mean over seats of -ln max(P_c,actual, floor); lower is better
  double log_floor = 0;       // the floor: 1 / (2 runs)
  std::vector<int> likeliest; // [seat] the likeliest winner (most wins; a tie goes to the earlier party)
  std::vector<double> mean_seats;     // [party] sum over seats of P_cp (expected seats)
  std::vector<int> likeliest_seats;   // [party] seats where the party is the likeliest winner
};

// wins: [seat * parties + party] over `runs` runs; actual: [seat] the actual
// winner's party index. REQUIRES runs > 0, wins.size() == actual.size() * parties.
BacktestScores ScoreBacktest(const std::vector<int64_t>& wins, int64_t runs, int parties, const std::vector<int>& actual);

}  // namespace necsim
