// The `necsim` command line. RunCli parses arguments, dispatches to a
// subcommand and returns the process exit code:
//   0 success, 2 bad input or usage (message on `err`), 1 internal failure.
#pragma once

#include <ostream>

namespace necsim {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace necsim
