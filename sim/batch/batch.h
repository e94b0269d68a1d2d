// `necsim batch`: many scenarios (and sweeps over their fields) into one
// output folder, resumable, optionally across MPI ranks. See README.md
// ("Batches, sweeps and clusters") for the user's view.
//
// Layout of OUTDIR:
//   .necsim-batch           marks the folder as a batch's (and is locked while one runs)
//   <stem>/                 one scenario file's results (`necsim run`'s files + manifest.json)
//   <stem>/point_NNN/       with a sweep: one folder per grid point,
//   <stem>/sweep.csv        and one tidy table over the grid
//   index.csv, index.json   one row per (scenario, point, rule set): status and key figures
//
// Resuming: every results folder is written under a temporary name and
// renamed into place once complete (files fsync'ed first), with a
// manifest.json holding a hash of everything that determines its results
// (necsim version, the scenario file and its `extends:` bases, the overrides,
// runs, seed; for a boundary scenario the bytes of both constituency tables it
// read, old then new, wherever --data found them) and of each file. A rerun skips folders whose manifest matches,
// so an interrupted batch (Ctrl-C, SIGKILL, power loss) rerun with the same
// command ends with the same files as an uninterrupted one; only each
// folder's run_info.json (timings, host) differs.
//
// Work sharing: scenarios run one after another, each spread over all
// threads (and all MPI ranks): run i of a scenario is the same computation
// wherever it happens, so results do not depend on the split; one scenario at
// a time keeps every core busy to the end of the batch (no straggler scenario
// on one core) and never runs more threads than cores.
//
// MPI: each block of runs is cut into one contiguous range per rank; rank 0
// gathers the ranges' run records and folds them into the tally in run order
// (the tally's sums of first-preference shares are doubles, whose sum depends
// on the order of addition, so partial tallies are never merged). Boundary
// scenarios' tallies are integer counts: rank 0 adds the ranks' tallies.
// Only rank 0 writes files.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "io/io_faults.h"
#include "core/status.h"
#include "batch/batch_comm.h"

namespace necsim {

// How a batch ended (the command line turns it into an exit status:
// sim/cli/cmd_batch.cc). Ordered by severity: ranks agree on the largest.
enum class BatchOutcome : int {
  kOk = 0,           // every scenario ran
  kWriteFailed = 1,  // an output could not be written
  kBadInput = 2,     // nothing run: bad arguments, unusable OUTDIR
  kSomeFailed = 3,   // the batch finished, some scenarios failed (see the index)
  kInterrupted = 4,  // stopped by Ctrl-C or SIGTERM (opt.stop_requested)
};

struct BatchOptions {
  std::vector<std::string> inputs;  // scenario files, or folders of *.yaml / *.yml files
  std::string out_dir;              // OUTDIR
  int64_t runs = 0;                 // > 0: every scenario's runs
  int64_t seed = -1;                // >= 0: every scenario's seed
  int threads = 0;                  // per rank; 0: the CPUs this process may use, shared among ranks on a machine
  std::vector<std::string> sets;    // PATH=VALUE applied to every scenario, NEC and boundary (see RunBatch)
  std::vector<std::string> sweeps;  // PATH=V1,V2,... or PATH=START:STOP:STEP, for every NEC scenario
  std::string data_dir;             // boundary scenarios' table folder (as `necsim boundary --data`)
  bool force = false;               // replace results folders made from other inputs
  const IoFaults* faults = nullptr; // tests only: injected write, fsync and rename failures (io_faults.h)
  std::function<bool()> stop_requested;  // polled between blocks of runs (Ctrl-C, SIGTERM)
};

// The whole batch. Every rank of `comm` calls it with the same options.
// Returns how the batch ended (BatchOutcome). Messages from rank 0 only.
BatchOutcome RunBatch(const BatchOptions& opt, Comm& comm, std::ostream& out, std::ostream& err);

// 64-bit FNV-1a of `text`, as 16 hex digits: detects edits to inputs and
// outputs (not a cryptographic hash).
std::string Fnv1a64(const std::string& text);

}  // namespace necsim
