#include "batch/batch.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "batch/index.h"
#include "batch/outdir.h"
#include "batch/plan.h"
#include "batch/ranks.h"
#include "boundary/boundary.h"
#include "core/input_file.h"
#include "engine/boundary_runs.h"
#include "engine/engine.h"
#include "engine/executor.h"
#include "io/atomic_write.h"
#include "outputs/boundary_outputs.h"
#include "outputs/run_output.h"
#include "outputs/runs_table.h"
#include "outputs/sweep_table.h"
#include "scenario/boundary_yaml.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

// RunBatch's phases, one file each (the user's view: README.md, "Batches,
// sweeps and clusters"):
//   1. the plan (batch/plan.h): arguments, every scenario and sweep point
//      loaded and validated, each job's input hash;
//   2. OUTDIR (batch/outdir.h): rank 0 decides what is done before, what runs
//      and what conflicts, and locks the folder; every rank follows;
//   3. the jobs, one after another, each over all ranks (batch/ranks.h) and
//      threads; rank 0 writes each folder atomically with its manifest;
//   4. the sweep tables and the index (batch/index.h), from the results on
//      disk, so a resumed batch writes exactly what an uninterrupted one does.

namespace necsim {
namespace fs = std::filesystem;

std::string Fnv1a64(const std::string& text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::ostringstream os;
  os << std::hex << std::setw(16) << std::setfill('0') << h;
  return os.str();
}

namespace {

using namespace batch_detail;

// What the jobs share while they run.
struct JobContext {
  const BatchOptions& opt;
  Comm& comm;
  std::ostream& out;
  fs::path out_dir;
  int threads = 1;
};

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Rank 0 writes a job's folder (its files and manifest.json) and reports it
// under `label`. Returns the write error, "" when written, on every rank.
std::string WriteJobFolder(const JobContext& c, const Job& j, const ScenarioFile& sf, const std::string& label,
                           std::map<std::string, std::string> files, const std::string& what, double wall) {
  std::string msg;
  if (c.comm.rank() == 0) {
    files["manifest.json"] = Manifest(j, sf, files).dump(2) + "\n";
    if (Status w = WriteFolderAtomic((c.out_dir / j.folder).string(), files, c.opt.faults); !w) msg = w.error().ToString();
    if (msg.empty()) {
      c.out << label << ": ok (" << what << " runs, " << std::fixed << std::setprecision(1) << wall << " s)\n"
            << std::defaultfloat;
    } else {
      c.out << label << ": failed: " << msg << "\n";
    }
  }
  return c.comm.Broadcast(msg);
}

// A boundary scenario's runs over all ranks; on rank 0 the files of
// `necsim boundary --out` (sim/cli/cmd_boundary.cc).
std::string RunBoundaryJob(const JobContext& c, const Job& j, const ScenarioFile& sf, const std::string& label,
                           bool& interrupted) {
  const auto t0 = std::chrono::steady_clock::now();
  const BoundaryModel model = BuildBoundaryModel(*j.boundary);
  BoundaryOptions bo;
  bo.runs = c.opt.runs > 0 ? c.opt.runs : j.boundary->runs;
  bo.seed = c.opt.seed >= 0 ? static_cast<uint64_t>(c.opt.seed) : j.boundary->seed;
  bo.threads = c.threads;
  bo.backend = BackendAvailable(Backend::kOpenMp) ? Backend::kOpenMp : Backend::kSerial;
  const BoundaryTally tally = SimulateBoundaryAcrossRanks(model, bo, c.comm, c.opt.stop_requested, interrupted);
  if (interrupted) return "";
  std::map<std::string, std::string> produced;
  const double wall = SecondsSince(t0);
  if (c.comm.rank() == 0) {
    const BoundaryResults results = BuildBoundaryResults(model, tally, bo.seed);
    produced = BoundaryTidyCsv(model, tally, results);
    produced["summary.json"] = ToJson(results).dump(2) + "\n";
    nlohmann::ordered_json info;
    info["version"] = NECSIM_VERSION;
    info["command"] = "batch";
    info["scenario"] = j.boundary->name;
    info["scenario_file"] = j.boundary->source;
    info["data_dir"] = ResolveBoundaryDataDir(c.opt.data_dir);
    if (!c.opt.sets.empty()) info["set"] = c.opt.sets;
    info["runs"] = tally.runs;
    info["wall_time_s"] = wall;
    info["runs_per_second"] = wall > 0 ? static_cast<double>(tally.runs) / wall : 0.0;
    info["threads"] = c.threads;
    if (c.comm.size() > 1) info["mpi_ranks"] = c.comm.size();
    info["backend"] = BackendName(bo.backend);
    info["host"] = HostName();
    produced["run_info.json"] = info.dump(2) + "\n";
  }
  return WriteJobFolder(c, j, sf, label, std::move(produced), "boundary, " + std::to_string(tally.runs), wall);
}

// An NEC scenario (or sweep point)'s runs over all ranks; on rank 0 the files
// of `necsim run`.
std::string RunNecJob(const JobContext& c, const Job& j, const ScenarioFile& sf, const std::string& label,
                      bool& interrupted) {
  const auto t0 = std::chrono::steady_clock::now();
  EngineOptions eo;
  eo.runs = c.opt.runs > 0 ? c.opt.runs : j.sc.runs;
  eo.seed = c.opt.seed >= 0 ? static_cast<uint64_t>(c.opt.seed) : j.sc.seed;
  eo.precision = j.sc.precision;
  eo.threads = c.threads;
  eo.backend = BackendAvailable(Backend::kOpenMp) ? Backend::kOpenMp : Backend::kSerial;
  eo.sampler = SamplerKind::kFast;
  SimulationResult res = SimulateAcrossRanks(j.sc, eo, c.comm, c.opt.stop_requested, interrupted);
  if (interrupted) return "";
  std::map<std::string, std::string> produced;
  const double wall = SecondsSince(t0);
  if (c.comm.rank() == 0) {
    RunInfo info;
    info.wall_s = wall;
    info.threads = c.threads;
    info.mpi_ranks = c.comm.size() > 1 ? c.comm.size() : 0;
    produced = RunOutputFiles(j.sc, res, eo, info);
  }
  return WriteJobFolder(c, j, sf, label, std::move(produced), std::to_string(res.tally.runs), wall);
}

// Rank 0: each sweep's sweep.csv and the index, from the results on disk.
// Returns kOk, kWriteFailed or kSomeFailed.
BatchOutcome WriteTablesAndIndex(const JobContext& c, const BatchPlan& plan, size_t ran, size_t skipped,
                                 std::ostream& err) {
  BatchOutcome code = BatchOutcome::kOk;
  auto write = [&](const fs::path& p, const std::string& text) {
    if (Status w = WriteFileAtomic(p.string(), text, c.opt.faults); !w) {
      err << "necsim batch: " << w.error().ToString() << "\n";
      code = std::max(code, BatchOutcome::kWriteFailed);
    }
  };
  std::vector<IndexRow> rows;
  for (const ScenarioFile& sf : plan.scenarios) {
    if (!sf.error.empty()) {
      rows.push_back(ReadIndexRow(sf, nullptr, ""));
      continue;
    }
    std::string sweep_csv = SweepCsvHeader(sf.axes);
    // The previous point's results and runs, for the changes along the last axis.
    const Job* prev = nullptr;
    std::optional<RunResults> prev_results;
    std::vector<std::vector<RunOutcome>> prev_runs;
    for (size_t k : sf.jobs) {
      const Job& j = plan.jobs[k];
      rows.push_back(ReadIndexRow(sf, &j, (c.out_dir / j.folder).string()));
      if (sf.axes.empty() || !rows.back().nec) {
        prev = nullptr;
        continue;
      }
      const RunResults& now = *rows.back().nec;
      sweep_csv += SweepCsvRows(j.point, j.sweep, now);
      std::vector<std::vector<RunOutcome>> runs;
      const std::string runs_path = (c.out_dir / j.folder / "runs.csv").string();
      auto text = ReadInputFile(runs_path, kResultsInput);
      auto read = text ? ReadRunsCsv(*text, runs_path, now) : Result<std::vector<std::vector<RunOutcome>>>(text.error());
      if (!read) {
        err << "necsim batch: note: no changes between sweep points at " << j.folder << ": "
            << read.error().ToString() << "\n";
        prev = nullptr;
        continue;
      }
      // The neighbour along the last axis: the previous point, when every
      // other axis has the same value and the runs are alike.
      bool neighbour = prev != nullptr && prev_results && prev_results->runs == now.runs &&
                       prev_results->seed == now.seed && prev->sweep.settings.size() == j.sweep.settings.size();
      for (size_t a = 0; neighbour && a + 1 < j.sweep.settings.size(); ++a) {
        neighbour = prev->sweep.settings[a].value == j.sweep.settings[a].value;
      }
      if (neighbour) sweep_csv += SweepChangeRows(j.point, j.sweep, CompareRuns(*prev_results, prev_runs, now, *read, true));
      prev = &j;
      prev_results = now;
      prev_runs = std::move(*read);
    }
    if (!sf.axes.empty()) write(c.out_dir / sf.stem / "sweep.csv", sweep_csv);
  }
  for (const auto& [name, text] : IndexFiles(rows)) write(c.out_dir / name, text);
  size_t failed_scenarios = 0;
  for (const auto& r : rows) failed_scenarios += !r.job || r.job->state == 'f';
  c.out << "Wrote " << (c.out_dir / "index.csv").string() << " and index.json: " << ran << " computed, " << skipped
        << " done before, " << failed_scenarios << " failed\n";
  if (failed_scenarios > 0) {
    err << "necsim batch: " << failed_scenarios << " scenario(s) or sweep point(s) failed:\n";
    for (const auto& r : rows) {
      if (!r.job) err << "  " << r.sf->file << ": " << r.sf->error << "\n";
      else if (r.job->state == 'f') err << "  " << r.job->folder << ": " << r.job->message << "\n";
    }
    if (code == BatchOutcome::kOk) code = BatchOutcome::kSomeFailed;
  }
  return code;
}

}  // namespace

BatchOutcome RunBatch(const BatchOptions& opt, Comm& comm, std::ostream& out, std::ostream& err) {
  const bool root = comm.rank() == 0;
  auto refuse = [&](const Error& e) {
    if (root) err << "necsim batch: " << e.ToString() << "\n";
    return BatchOutcome::kBadInput;
  };
  // 1. The plan.
  auto plan = PlanBatch(opt);
  if (!plan) return refuse(plan.error());
  // 2. OUTDIR, locked until RunBatch returns.
  OutDirLock lock;
  if (Status s = ClaimOutDir(opt, *plan, comm, out, lock); !s) return refuse(s.error());

  // 3. The jobs left to run, one after another.
  const JobContext c{opt, comm, out, fs::path(opt.out_dir),
                     opt.threads > 0 ? opt.threads : DefaultThreads(comm.local_size())};
  size_t ran = 0, skipped = 0, failed = 0;
  const size_t total = plan->jobs.size();
  bool interrupted = false;
  for (size_t k = 0; k < total && !interrupted; ++k) {
    Job& j = plan->jobs[k];
    const ScenarioFile& sf = plan->scenarios[j.scenario];
    std::ostringstream label_text;
    label_text << "[" << k + 1 << "/" << total << "] " << j.folder;
    const std::string label = label_text.str();
    if (j.state == 's') {
      ++skipped;
      if (root) out << label << ": done before, skipped\n";
      continue;
    }
    if (j.state == 'f') {
      ++failed;
      if (root) out << label << ": failed: " << j.message << "\n";
      continue;
    }
    const std::string msg = sf.boundary ? RunBoundaryJob(c, j, sf, label, interrupted)
                                        : RunNecJob(c, j, sf, label, interrupted);
    if (interrupted) break;
    if (msg.empty()) {
      ++ran;
    } else {
      j.state = 'f';
      j.message = msg;
      ++failed;
    }
  }
  if (interrupted) {
    if (root) {
      out.flush();
      err << "necsim batch: interrupted; " << ran + skipped << " of " << total << " results are complete in "
          << c.out_dir.string() << " (the one in progress was discarded). Run the same command again to resume: "
          << "finished scenarios are not recomputed.\n";
    }
    return BatchOutcome::kInterrupted;
  }

  // 4. Sweep tables and the index.
  BatchOutcome code = root ? WriteTablesAndIndex(c, *plan, ran, skipped, err) : BatchOutcome::kOk;
  return static_cast<BatchOutcome>(comm.AllMax(static_cast<int>(code)));
}

}  // namespace necsim
