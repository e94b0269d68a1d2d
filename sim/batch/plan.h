// The plan of a batch (private to sim/batch): the scenario files on the
// command line, each NEC scenario's sweep points, every job loaded and
// validated before anything runs, and the hash of each job's inputs that its
// manifest records (batch/outdir.h).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "batch/batch.h"
#include "core/status.h"
#include "scenario/boundary_yaml.h"
#include "scenario/scenario.h"
#include "scenario/sweep.h"

namespace necsim {
namespace batch_detail {

// One results folder to produce: a scenario file, or one point of its sweep.
struct Job {
  size_t scenario = 0;
  std::string folder;  // relative to OUTDIR
  std::string point;   // "point_NNN" in a sweep, else ""
  SweepPoint sweep;    // the point's axis values
  std::vector<Override> overrides;
  Scenario sc;
  std::shared_ptr<const BoundaryScenario> boundary;  // boundary scenarios
  std::string key;      // hash of the inputs
  std::vector<std::pair<std::string, std::string>> tables;  // boundary: (set, hash of the table read), old then new
  char state = 'r';     // r: to run, s: done before (skip), f: failed
  std::string message;  // why it failed
};

struct ScenarioFile {
  std::string file;  // as given (or found in a folder)
  std::string stem;  // names the results folder
  bool boundary = false;
  std::vector<SweepAxis> axes;
  std::string error;  // the whole scenario failed (no points)
  std::vector<size_t> jobs;
};

struct BatchPlan {
  std::vector<ScenarioFile> scenarios;  // in the order given
  std::vector<Job> jobs;                // scenario by scenario, points in grid order
};

// Reads the arguments and loads every scenario and sweep point. A job or
// scenario that cannot load is kept, failed, for the index; the Error
// (message only) is a batch that must not start: bad arguments, a --set PATH
// some scenario lacks, a --set value or --sweep axis every scenario rejects.
Result<BatchPlan> PlanBatch(const BatchOptions& opt);

// A loaded boundary scenario's constituency tables, in set order (old, new):
// (set key, hash of the file's bytes).
std::vector<std::pair<std::string, std::string>> TableHashes(const BoundaryScenario& bsc);

}  // namespace batch_detail
}  // namespace necsim
