// `necsim boundary backtest` below the command line: a scenario's base table
// (one of its sets) projected to a later actual result on the same
// constituencies under several swing models, each model's central swing set
// from the actual national (or regional) shares, the Monte Carlo runs with
// the scenario's uncertainty scored against the actual winners
// (models/boundary/backtest.h). Files: backtest.csv (one row per model),
// misses.csv (seat by seat), backtest.json (for the report); docs/boundary.md
// "Backtests".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "boundary/backtest.h"
#include "boundary/boundary.h"
#include "core/status.h"
#include "engine/executor.h"

namespace necsim {

struct BacktestOptions {
  int set = 1;             // 0 old, 1 new: the base table
  bool by_region = false;  // central swing from the actual regional shares (every model that takes them)
  // Who stands as in the actual election (known at nominations, before the
  // poll): each party stands in the base seats where the actual table has
  // votes for it, entering and withdrawing by the scenario's stands rules
  // (base_share_from, transfers; docs/boundary.md, "Who stands"), which the
  // backtest then judges. False: the scenario's own stands: (default as_base).
  bool stands_as_actual = false;
  // Model names: uniform, proportional, regional, transition, strong[:THRESHOLD
  // points], mixture[:WEIGHT], each optionally +tactical (the scenario's
  // tactical terms; without it they are dropped).
  std::vector<std::string> models = {"uniform", "proportional", "regional", "transition", "strong", "mixture"};
  int64_t runs = 0;  // 0: the scenario's
  int64_t seed = -1; // < 0: the scenario's
  int threads = 0;
  Backend backend = Backend::kOpenMp;
};

struct BacktestModel {
  std::string name;   // as given
  std::string model;  // the swing model's name
  bool tactical = false;
  double parameter = -1;  // strong: threshold (points); mixture: weight; else -1
  BacktestScores scores;
  std::vector<int64_t> wins;  // [seat * parties + party]
};

struct Backtest {
  std::string scenario, base_key, base_label, base_file, actual_file, by;
  std::string stands = "scenario";  // "scenario" (its own stands:) or "actual" (BacktestOptions::stands_as_actual)
  int64_t runs = 0;
  uint64_t seed = 0;
  std::vector<std::string> parties;
  std::vector<std::string> id, name, region;  // per base seat
  std::vector<int> actual_winner;             // [seat]
  std::vector<int> actual_seats;              // [party]
  std::vector<double> actual_share;           // [party], national, fraction
  std::vector<BacktestModel> models;
};

// Errors (located): an unknown model name, an actual table that does not
// read, ids of the actual table that the base lacks or the reverse (the first
// few listed).
Result<Backtest> RunBacktest(const BoundaryScenario& sc, const std::string& actual_path, const BacktestOptions& opt);

// backtest.csv, misses.csv and backtest.json.
std::map<std::string, std::string> BacktestFiles(const Backtest& b);
nlohmann::ordered_json BacktestJson(const Backtest& b);
// The text summary: the table of backtest.csv.
std::string BacktestSummaryText(const Backtest& b);

}  // namespace necsim
