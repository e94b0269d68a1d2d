// `necsim run`: simulate a scenario (a YAML file, or the built-in default)
// with the engine and write its results folder (summary, run info, tidy CSVs;
// with --report also report.html), with a progress bar on a terminal.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "engine/engine.h"
#include "io/text.h"
#include "outputs/ballots_out.h"
#include "outputs/outputs.h"
#include "outputs/run_output.h"
#include "scenario/scenario_yaml.h"
#include "scenario/sweep.h"

namespace necsim {

CLI::App* AddRunCommand(CLI::App& app, RunArgs& a) {
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario (default: the built-in 9-seat CLP section scenario)");
  cmd->add_option("scenario", a.scenario, "Scenario file (YAML); omit for the built-in default");
  cmd->add_option("--out", a.out_dir, "Output folder (default results/<scenario name>/)");
  cmd->add_option("--runs", a.runs, "Number of runs (or the cap with --precision)")->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  cmd->add_option("--seed", a.seed, "Master seed")->check(SeedText());
  cmd->add_option("--threads", a.threads, "Threads (default: all cores)")->check(CLI::Range(1, 4096));
  cmd->add_option("--backend", a.backend, "openmp|tbb|serial (default openmp)");
  cmd->add_option("--sampler", a.sampler, "fast|reference (default fast)");
  cmd->add_option("--precision", a.precision,
                  "Stop when every reported probability's standard error is below E (checked at 1000, 2000, 4000... runs)")
      ->check(CLI::Range(1e-6, 0.5));
  cmd->add_option("--set", a.sets, "Override a scenario field: PATH=VALUE (repeatable)");
  cmd->add_flag("--force", a.force, "Overwrite an existing output folder");
  cmd->add_flag("--report", a.report, "Also write report.html (necsim report) into the output folder");
  cmd->add_option("--ballots-out", a.ballots_out,
                  "Also write the sampled ballots of the --ballots-runs runs as BLT files into folder DIR, with "
                  "manifest.csv and each run's elected sets (elected.csv). With --sampler reference they are "
                  "exactly the ballots counted; with the fast sampler (which never holds single ballots) they are a "
                  "draw, voter by voter, from the same run's electorate, not the ballots its count saw");
  cmd->add_option("--ballots-runs", a.ballots_runs, "The runs for --ballots-out: 0-based indices, e.g. 0,1");
  cmd->add_flag("--vacancies", a.vacancies,
                "Casual vacancies: for every rule set, who takes each elected member's seat when they "
                "leave (the count re-run without them; one recount per seat and run), in summary.json and "
                "vacancies.csv (as the scenario's `vacancies: true`)");
  return cmd;
}

namespace {

// --ballots-runs: comma-separated whole numbers below `runs`, in increasing
// order without repeats; an Error naming the option otherwise.
Result<std::vector<uint64_t>> ParseBallotRuns(const std::string& text, int64_t runs) {
  auto fail = [&](const std::string& message) {
    Error e;
    e.field = "--ballots-runs";
    e.message = message;
    return e;
  };
  std::vector<uint64_t> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = Trim(text.substr(start, comma - start));
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 18) {
      return fail("'" + item + "' is not a run index (a whole number from 0); expected e.g. 0,1");
    }
    const uint64_t run = std::stoull(item);
    if (run >= static_cast<uint64_t>(runs)) {
      return fail("run " + item + " is out of range: the simulation has " + std::to_string(runs) + " run" +
                  (runs == 1 ? "" : "s") + " (0 to " + std::to_string(runs - 1) + ")");
    }
    out.push_back(run);
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether path a is b or lies inside it.
bool Within(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  const auto ca = std::filesystem::weakly_canonical(std::filesystem::absolute(a, ec), ec);
  const auto cb = std::filesystem::weakly_canonical(std::filesystem::absolute(b, ec), ec);
  auto i = ca.begin(), j = cb.begin();
  for (; j != cb.end(); ++i, ++j) {
    if (j->empty()) continue;  // a trailing separator
    if (i == ca.end() || *i != *j) return false;
  }
  return true;
}

}  // namespace

int RunRunCommand(const RunArgs& a, std::ostream& out, std::ostream& err) {
  auto overrides = ParseOverrideArgs(a.sets);
  if (!overrides) {
    err << "necsim run: " << overrides.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto sc = LoadScenarioOrDefault(a.scenario, *overrides);
  if (!sc) {
    err << "necsim run: " << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (a.vacancies) sc->vacancies = true;
  if (!a.scenario.empty()) {
    // A grid is `necsim batch`'s: say so rather than drop it silently.
    const auto axes = ReadSweepBlock(a.scenario);
    if (axes && !axes->empty()) {
      err << "necsim run: note: " << a.scenario << " has a sweep: of " << axes->size()
          << (axes->size() == 1 ? " axis" : " axes")
          << "; `necsim run` runs the scenario without it (`necsim batch " << a.scenario << "` runs the grid)\n";
    }
  }
  EngineOptions opt;
  opt.runs = a.runs > 0 ? a.runs : sc->runs;
  opt.seed = a.seed >= 0 ? static_cast<uint64_t>(a.seed) : sc->seed;
  opt.precision = a.precision > 0 ? a.precision : sc->precision;
  opt.threads = a.threads;
  if (a.backend == "openmp") opt.backend = Backend::kOpenMp;
  else if (a.backend == "tbb") opt.backend = Backend::kTbb;
  else if (a.backend == "serial") opt.backend = Backend::kSerial;
  else {
    err << "necsim run: --backend: unknown backend '" << a.backend << "' (openmp, tbb, serial)\n";
    return kExitBadInput;
  }
  if (!BackendAvailable(opt.backend)) {
    err << "necsim run: --backend: '" << a.backend << "' is not built into this necsim\n";
    return kExitBadInput;
  }
  if (a.sampler == "fast") opt.sampler = SamplerKind::kFast;
  else if (a.sampler == "reference") opt.sampler = SamplerKind::kReference;
  else {
    err << "necsim run: --sampler: unknown sampler '" << a.sampler << "' (fast, reference)\n";
    return kExitBadInput;
  }
  const std::string dir = a.out_dir.empty() ? "results/" + sc->name : a.out_dir;
  if (std::filesystem::exists(dir) && !a.force) {
    err << "necsim run: " << dir << ": the output folder already exists; choose another --out or pass --force\n";
    return kExitBadInput;
  }
  std::vector<uint64_t> ballot_runs;
  if (a.ballots_out.empty() != a.ballots_runs.empty()) {
    err << "necsim run: " << (a.ballots_out.empty() ? "--ballots-runs needs --ballots-out DIR"
                                                    : "--ballots-out needs --ballots-runs (e.g. 0,1)")
        << "\n";
    return kExitBadInput;
  }
  if (!a.ballots_out.empty()) {
    auto runs = ParseBallotRuns(a.ballots_runs, opt.runs);
    if (!runs) {
      err << "necsim run: " << runs.error().ToString() << "\n";
      return kExitBadInput;
    }
    ballot_runs = *std::move(runs);
    if (std::filesystem::exists(a.ballots_out) && !a.force) {
      err << "necsim run: " << a.ballots_out
          << ": the ballots folder already exists; choose another --ballots-out or pass --force\n";
      return kExitBadInput;
    }
    if (Within(a.ballots_out, dir) || Within(dir, a.ballots_out)) {
      err << "necsim run: --ballots-out: " << a.ballots_out << " and the output folder " << dir
          << " must be separate folders, neither inside the other\n";
      return kExitBadInput;
    }
  }
  const int threads = WorkerThreads(opt.backend, opt.threads);
  const auto t0 = std::chrono::steady_clock::now();
  if (isatty(STDERR_FILENO)) {
    opt.progress = [&](int64_t done, int64_t planned) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
      const int width = 30;
      const int fill = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(planned));
      err << "\r[" << std::string(static_cast<size_t>(fill), '#') << std::string(static_cast<size_t>(width - fill), ' ')
          << "] " << done << "/" << planned << " runs  " << std::fixed << std::setprecision(0) << rate
          << " runs/s  ETA " << (rate > 0 ? static_cast<double>(planned - done) / rate : 0) << " s   " << std::flush;
    };
  }
  auto result = Simulate(*sc, opt);
  if (opt.progress) err << "\n";
  if (!result) {
    err << "necsim run: " << result.error().ToString() << "\n";
    return kExitBadInput;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::ordered_json summary;
  RunInfo info;
  info.wall_s = wall;
  info.threads = threads;
  const std::map<std::string, std::string> files = RunOutputFiles(*sc, *result, opt, info, &summary);
  // The ballots folder first, then the results: a failure leaves neither
  // new (a ballots folder this run created is removed again).
  bool ballots_new = false;
  if (!a.ballots_out.empty()) {
    if (result->stopped_on_precision && ballot_runs.back() >= static_cast<uint64_t>(result->tally.runs)) {
      err << "necsim run: --ballots-runs: run " << ballot_runs.back() << " is out of range: the simulation stopped "
          << "on --precision after " << result->tally.runs << " runs; nothing written\n";
      return kExitBadInput;
    }
    ballots_new = !std::filesystem::exists(a.ballots_out);
    if (Status st = WriteBallotFolder(a.ballots_out, RunBallotFiles(*sc, opt, ballot_runs), a.force, a.faults);
        !st) {
      err << "necsim run: " << st.error().ToString() << "\n";
      return kExitBadInput;
    }
  }
  if (Status st = WriteOutputs(dir, files, a.force, a.faults); !st) {
    err << "necsim run: " << st.error().ToString() << "\n";
    if (ballots_new) {
      std::error_code ec;
      std::filesystem::remove_all(a.ballots_out, ec);
    }
    return kExitBadInput;
  }
  out << SummaryText(summary);
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ", ") + f.first;
  out << "\nWrote " << dir << "/ (" << names << ") in " << std::fixed << std::setprecision(1) << wall << " s\n";
  if (!a.ballots_out.empty()) {
    out << "Wrote " << a.ballots_out << "/ (the ballots of " << ballot_runs.size() << " run"
        << (ballot_runs.size() == 1 ? "" : "s") << ", manifest.csv, elected.csv, README.txt"
        << (opt.sampler == SamplerKind::kReference ? "; exactly the ballots counted"
                                                   : "; redrawn from each run's electorate, not the ballots the fast "
                                                     "count saw")
        << ")\n";
  }
  if (a.report) return WriteFolderReport(dir, a.force, "necsim run", out, err);
  return kExitOk;
}

}  // namespace necsim
