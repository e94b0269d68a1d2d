#include "outputs/run_output.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "outputs/outputs.h"
#include "outputs/runs_table.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

namespace necsim {

std::string HostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "unknown";
  return buf;
}

std::map<std::string, std::string> RunOutputFiles(const Scenario& sc, const SimulationResult& result,
                                                  const EngineOptions& opt, const RunInfo& ri,
                                                  nlohmann::ordered_json* summary_out) {
  const RunResults results =
      BuildRunResults(sc, result.tally, opt.seed, opt.sampler, result.stopped_on_precision, opt.precision);
  const nlohmann::ordered_json summary = ToJson(results);
  std::map<std::string, std::string> files = TidyCsv(results);
  files["summary.json"] = summary.dump(2) + "\n";
  files["runs.csv"] = RunsCsv(sc, result.tally);
  nlohmann::ordered_json info;
  info["version"] = NECSIM_VERSION;
  info["scenario"] = sc.name;
  info["scenario_file"] = sc.source;
  info["runs"] = result.tally.runs;
  info["wall_time_s"] = ri.wall_s;
  info["runs_per_second"] = ri.wall_s > 0 ? static_cast<double>(result.tally.runs) / ri.wall_s : 0.0;
  info["threads"] = ri.threads;
  if (ri.mpi_ranks > 0) info["mpi_ranks"] = ri.mpi_ranks;
  info["backend"] = BackendName(opt.backend);
  info["sampler"] = opt.sampler == SamplerKind::kFast ? "fast" : "reference";
  info["host"] = HostName();
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  info["finished_at"] = stamp;
  files["run_info.json"] = info.dump(2) + "\n";
  if (summary_out) *summary_out = summary;
  return files;
}

}  // namespace necsim
