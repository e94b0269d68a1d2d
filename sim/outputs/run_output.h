// The files `necsim run` writes for one simulated scenario, shared with
// `necsim batch`: summary.json (results only), the tidy CSV tables, and
// run_info.json (timings, host, threads: the only file that varies between
// two runs of the same scenario and seed).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/engine.h"
#include "scenario/scenario.h"

namespace necsim {

// What run_info.json records besides the results.
struct RunInfo {
  double wall_s = 0;
  int threads = 1;
  int mpi_ranks = 0;  // > 0: written as "mpi_ranks" (batch under MPI)
};

// File name -> contents. `summary` receives summary.json's object.
std::map<std::string, std::string> RunOutputFiles(const Scenario& sc, const SimulationResult& result,
                                                  const EngineOptions& opt, const RunInfo& info,
                                                  nlohmann::ordered_json* summary = nullptr);

std::string HostName();


}  // namespace necsim
