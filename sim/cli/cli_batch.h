// `necsim batch` on the command line (sim/batch.h does the work).
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>

#include "batch/batch.h"

namespace necsim {

CLI::App* AddBatchCommand(CLI::App& app, BatchOptions& opt);

// Runs the parsed command: starts MPI when launched by mpirun/srun (in an
// MPI build), catches Ctrl-C, and returns the exit code.
int RunBatchCommand(BatchOptions& opt, std::ostream& out, std::ostream& err);

}  // namespace necsim
