// The `necsim` command line. RunCli parses arguments, dispatches to a
// subcommand and returns the process exit code:
//   0 success, 2 bad input or usage (message on `err`), 1 internal failure,
//   3 a batch with failed scenarios, 130/143 a batch stopped by SIGINT/SIGTERM.
// Only sim/cli turns results and errors into exit statuses.
#pragma once

#include <ostream>

#include "io/io_faults.h"

namespace necsim {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitBatchFailures = 3;
constexpr int kExitNotConverged = 4;  // necsim fit: the optimiser did not converge (best values printed)
  // necsim batch finished, some scenarios failed (see the index)
constexpr int kExitInterrupted = 130;  // stopped by Ctrl-C (128 + SIGINT; 143 for SIGTERM)

// `faults` (tests only): injected failures of the atomic writer's writes,
// fsyncs and renames (io/io_faults.h); main passes NECSIM_FAULT's plan.
int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err, const IoFaults* faults = nullptr);

}  // namespace necsim
