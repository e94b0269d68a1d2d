// `necsim boundary`: seat projections on old and new boundaries under swing
// uncertainty (boundary/boundary.h, engine/boundary_runs.h), its options, and
// RunBoundaryToDir, the same run as a library function (cmd_boundary.h).
#include "cli/cmd_boundary.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <thread>

#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "outputs/boundary_outputs.h"
#include "scenario/boundary_yaml.h"
#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "outputs/outputs.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

namespace necsim {

CLI::App* AddBoundaryCommand(CLI::App& app, BoundaryArgs& a) {
  CLI::App* b = app.add_subcommand(
      "boundary", "Project seats on old and new boundaries under swing uncertainty, and CLPs per Labour region");
  b->add_option("scenario", a.scenario, "Boundary scenario (YAML with a boundary: mapping)")->required();
  b->add_option("--out", a.out_dir, "Output folder (default results/<scenario name>/)");
  b->add_option("--data", a.data_dir,
                "Folder of the constituency tables (default $NECSIM_DATA_DIR, else ../shared/data/uk-ge)");
  b->add_option("--runs", a.runs, "Number of runs (default: the scenario's)")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  b->add_option("--set", a.sets, "Override a scenario field: PATH=VALUE (repeatable; e.g. boundary.swing.change.Lab=5)");
  b->add_option("--seed", a.seed, "Master seed (default: the scenario's)")->check(SeedText());
  b->add_option("--threads", a.threads, "Threads (default: all cores)")->check(CLI::Range(1, 4096));
  b->add_option("--backend", a.backend, "openmp|tbb|serial (default openmp)");
  b->add_flag("--force", a.force, "Overwrite an existing output folder");
  b->add_flag("--deterministic", a.deterministic, "Zero swing and zero noise: print each set's seats and write nothing");
  b->add_flag("--json", a.json, "Print JSON on stdout (with --deterministic: {\"old\": {...}, \"new\": {...}})");
  return b;
}

namespace {

std::string Host() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "unknown";
  return buf;
}


// The outputs of one simulation: its results, summary.json, run_info.json, tidy CSVs.
struct Produced {
  BoundaryResults results;
  nlohmann::ordered_json summary;
  std::map<std::string, std::string> files;
  double wall = 0;
};

Produced Produce(const BoundaryScenario& sc, const BoundaryModel& model, const std::string& data_dir,
                 const BoundaryOptions& opt, const std::vector<std::string>& sets = {}) {
  Produced p;
  const int threads = WorkerThreads(opt.backend, opt.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const BoundaryTally tally = SimulateBoundary(model, opt);
  p.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  p.results = BuildBoundaryResults(model, tally, opt.seed);
  p.summary = ToJson(p.results);
  p.files = BoundaryTidyCsv(model, tally, p.results);
  p.files["summary.json"] = p.summary.dump(2) + "\n";
  nlohmann::ordered_json info;
  info["version"] = NECSIM_VERSION;
  info["command"] = "boundary";
  info["scenario"] = sc.name;
  info["scenario_file"] = sc.source;
  info["data_dir"] = data_dir;
  if (!sets.empty()) info["set"] = sets;
  info["old_file"] = sc.sets[0].table.file;
  info["new_file"] = sc.sets[1].table.file;
  info["runs"] = tally.runs;
  info["wall_time_s"] = p.wall;
  info["runs_per_second"] = p.wall > 0 ? static_cast<double>(tally.runs) / p.wall : 0.0;
  info["threads"] = threads;
  info["backend"] = BackendName(opt.backend);
  info["host"] = Host();
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  info["finished_at"] = stamp;
  p.files["run_info.json"] = info.dump(2) + "\n";
  return p;
}

}  // namespace

Status RunBoundaryToDir(const std::string& scenario, const std::string& dir, const std::string& data_dir_flag,
                        int64_t runs, int64_t seed, int threads, bool force) {
  std::error_code ec;
  if (!force && std::filesystem::exists(dir, ec)) {
    Error e;
    e.file = dir;
    e.field = "--out";
    e.message = "the output folder already exists; choose another --out or pass --force to overwrite it";
    return e;
  }
  const std::string data_dir = ResolveBoundaryDataDir(data_dir_flag);
  auto sc = LoadBoundaryScenarioFile(scenario, data_dir);
  if (!sc) return sc.error();
  const BoundaryModel model = BuildBoundaryModel(*sc);
  BoundaryOptions opt;
  opt.runs = runs > 0 ? runs : sc->runs;
  opt.seed = seed >= 0 ? static_cast<uint64_t>(seed) : sc->seed;
  opt.threads = threads;
  const Produced p = Produce(*sc, model, data_dir, opt);
  return WriteOutputs(dir, p.files, force);
}

int RunBoundaryCommand(const BoundaryArgs& a, std::ostream& out, std::ostream& err) {
  const char* me = "necsim boundary: ";
  BoundaryOptions opt;
  if (a.backend == "openmp") opt.backend = Backend::kOpenMp;
  else if (a.backend == "tbb") opt.backend = Backend::kTbb;
  else if (a.backend == "serial") opt.backend = Backend::kSerial;
  else {
    err << me << "--backend: unknown backend '" << a.backend << "' (openmp, tbb, serial)\n";
    return kExitBadInput;
  }
  if (!BackendAvailable(opt.backend)) {
    err << me << "--backend: '" << a.backend << "' is not built into this necsim\n";
    return kExitBadInput;
  }
  auto overrides = ParseOverrideArgs(a.sets);
  if (!overrides) {
    err << me << overrides.error().ToString() << "\n";
    return kExitBadInput;
  }
  const std::string data_dir = ResolveBoundaryDataDir(a.data_dir);
  auto sc = LoadBoundaryScenarioFile(a.scenario, data_dir, *overrides);
  if (!sc) {
    err << me << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  const BoundaryModel model = BuildBoundaryModel(*sc);
  if (a.deterministic) {
    const auto j = BoundaryDeterministicJson(model);
    if (a.json) {
      out << j.dump(2) << "\n";
      return kExitOk;
    }
    out << "Seats with zero swing and zero noise (plurality of the votes as given)\n";
    for (const char* key : {"old", "new"}) {
      const BoundarySet& set = sc->sets[std::string(key) == "old" ? 0 : 1];
      out << "  " << key << " (" << set.label << ", " << set.table.seats() << " seats):";
      for (const auto& [party, n] : j[key].items()) {
        if (n.get<int>() > 0) out << " " << party << " " << n.get<int>();
      }
      out << "\n";
    }
    return kExitOk;
  }
  opt.runs = a.runs > 0 ? a.runs : sc->runs;
  opt.seed = a.seed >= 0 ? static_cast<uint64_t>(a.seed) : sc->seed;
  opt.threads = a.threads;
  const std::string dir = a.out_dir.empty() ? "results/" + sc->name : a.out_dir;
  if (std::filesystem::exists(dir) && !a.force) {
    err << me << dir << ": the output folder already exists; choose another --out or pass --force\n";
    return kExitBadInput;
  }
  const auto t0 = std::chrono::steady_clock::now();
  if (isatty(STDERR_FILENO)) {
    // A progress bar on a terminal, as `necsim run`.
    opt.progress = [&](int64_t done, int64_t planned) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
      const int width = 30;
      const int fill = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(planned));
      err << "\r[" << std::string(static_cast<size_t>(fill), '#') << std::string(static_cast<size_t>(width - fill), ' ')
          << "] " << done << "/" << planned << " runs  " << std::fixed << std::setprecision(0) << rate << " runs/s  ETA "
          << (rate > 0 ? static_cast<double>(planned - done) / rate : 0) << " s   " << std::flush;
    };
  }
  const Produced p = Produce(*sc, model, data_dir, opt, a.sets);
  if (opt.progress) err << "\n";
  const auto& summary = p.summary;
  const auto& files = p.files;
  const double wall = p.wall;
  if (Status st = WriteOutputs(dir, files, a.force, a.faults); !st) {
    err << me << st.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (a.json) {
    out << summary.dump(2) << "\n";
    return kExitOk;
  }
  out << BoundarySummaryText(p.results);
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ", ") + f.first;
  out << "\nWrote " << dir << "/ (" << names << ") in " << std::fixed << std::setprecision(1) << wall << " s\n";
  return kExitOk;
}

}  // namespace necsim
