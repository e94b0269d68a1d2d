// `necsim boundary backtest SCENARIO --actual ACTUAL.csv [--set old|new]
// [--by national|region] [--models M,...] [--runs N] [--seed S] [--threads T]
// [--data DIR] [--out DIR] [--force] [--json]`: the scenario's base table
// projected to a later actual result under several swing models and scored
// (sim/outputs/boundary_backtest.h; docs/boundary.md "Backtests").
// Dispatched from cli.cc when the words after `necsim` are `boundary backtest`.
#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>

#include "cli/cli.h"
#include "cli/commands.h"
#include "outputs/boundary_backtest.h"
#include "engine/executor.h"
#include "outputs/outputs.h"
#include "report/report_backtest.h"
#include "scenario/boundary_yaml.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

namespace necsim {

int RunBoundaryBacktestCli(int argc, char** argv, std::ostream& out, std::ostream& err, const IoFaults* faults) {
  const char* me = "necsim boundary backtest: ";
  CLI::App app{"Score swing models: the scenario's base table projected to a later actual result", "necsim boundary backtest"};
  std::string scenario, actual, set = "new", by = "national", models, out_dir, data_dir, backend = "openmp";
  int64_t runs = 0, seed = -1;
  int threads = 0;
  bool force = false, json = false, stands_actual = false;
  app.add_option("scenario", scenario, "Boundary scenario (YAML with a boundary: mapping)")->required();
  app.add_option("--actual", actual, "The actual result on the same constituencies (CSV, the base table's columns)")->required();
  app.add_option("--set", set, "The base table: old or new (default new)")->check(CLI::IsMember({"old", "new"}));
  app.add_option("--by", by, "Central swing from the actual national or regional shares (default national)")
      ->check(CLI::IsMember({"national", "region"}));
  app.add_option("--models", models,
                 "Comma-separated models (default uniform,proportional,regional,transition,strong,mixture); "
                 "strong:THRESHOLD, mixture:WEIGHT, +tactical");
  app.add_option("--runs", runs, "Number of runs (default: the scenario's)")->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  app.add_option("--seed", seed, "Master seed (default: the scenario's)")->check(CLI::Range(int64_t{0}, INT64_MAX));
  app.add_option("--threads", threads, "Threads (default: all cores)")->check(CLI::Range(1, 4096));
  app.add_option("--backend", backend, "openmp|tbb|serial (default openmp)")->check(CLI::IsMember({"openmp", "tbb", "serial"}));
  app.add_option("--data", data_dir, "Folder of the constituency tables (default $NECSIM_DATA_DIR, else ../shared/data/uk-ge)");
  app.add_option("--out", out_dir, "Output folder (default results/<scenario name>_backtest/)");
  app.add_flag("--stands-as-actual", stands_actual,
               "Parties stand where the actual table has votes for them (nominations are known before the poll); "
               "entries and withdrawals by the scenario's base_share_from and transfers");
  app.add_flag("--force", force, "Overwrite an existing output folder");
  app.add_flag("--json", json, "Print backtest.json on stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  BacktestOptions opt;
  opt.set = set == "old" ? 0 : 1;
  opt.by_region = by == "region";
  opt.stands_as_actual = stands_actual;
  if (!models.empty()) {
    opt.models.clear();
    std::string item;
    for (size_t i = 0; i <= models.size(); ++i) {
      if (i == models.size() || models[i] == ',') {
        if (!item.empty()) opt.models.push_back(item);
        item.clear();
      } else if (models[i] != ' ') {
        item += models[i];
      }
    }
  }
  opt.runs = runs;
  opt.seed = seed;
  opt.threads = threads;
  opt.backend = backend == "tbb" ? Backend::kTbb : backend == "serial" ? Backend::kSerial : Backend::kOpenMp;
  if (!BackendAvailable(opt.backend)) {
    err << me << "--backend: '" << backend << "' is not built into this necsim\n";
    return kExitBadInput;
  }
  const std::string data = ResolveBoundaryDataDir(data_dir);
  auto sc = LoadBoundaryScenarioFile(scenario, data);
  if (!sc) {
    err << me << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  const std::string dir = out_dir.empty() ? "results/" + sc->name + "_backtest" : out_dir;
  if (std::filesystem::exists(dir) && !force) {
    err << me << dir << ": the output folder already exists; choose another --out or pass --force\n";
    return kExitBadInput;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto b = RunBacktest(*sc, actual, opt);
  if (!b) {
    err << me << b.error().ToString() << "\n";
    return kExitBadInput;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto files = BacktestFiles(*b);
  files["backtest.html"] = BacktestReportHtml(BacktestJson(*b), NECSIM_VERSION);
  nlohmann::ordered_json info;
  info["version"] = NECSIM_VERSION;
  info["command"] = "boundary backtest";
  info["scenario"] = sc->name;
  info["scenario_file"] = sc->source;
  info["data_dir"] = data;
  info["actual_file"] = actual;
  info["set"] = set;
  info["by"] = by;
  info["models"] = opt.models;
  info["runs"] = b->runs;
  info["wall_time_s"] = wall;
  info["threads"] = WorkerThreads(opt.backend, opt.threads);
  info["backend"] = BackendName(opt.backend);
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  info["finished_at"] = stamp;
  files["run_info.json"] = info.dump(2) + "\n";
  if (Status st = WriteOutputs(dir, files, force, faults); !st) {
    err << me << st.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (json) {
    out << BacktestJson(*b).dump(2) << "\n";
    return kExitOk;
  }
  out << BacktestSummaryText(*b);
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ", ") + f.first;
  out << "\nWrote " << dir << "/ (" << names << ") in " << std::fixed << std::setprecision(1) << wall << " s\n";
  return kExitOk;
}

}  // namespace necsim
