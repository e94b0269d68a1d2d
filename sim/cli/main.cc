// Thin entry point: everything lives in the libraries.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "cli/cli.h"
#include "io/io_faults.h"

int main(int argc, char** argv) {
  // A write past a file-size limit (ulimit -f) fails with EFBIG, and the
  // atomic writer reports it and leaves the old results, rather than the
  // process dying by SIGXFSZ with temporaries on disk.
  std::signal(SIGXFSZ, SIG_IGN);
  // Tests only: NECSIM_FAULT=OP:N makes the writer's N-th write, fsync or
  // rename fail (io/io_faults.h).
  const char* spec = std::getenv("NECSIM_FAULT");
  const std::optional<necsim::IoFaults> faults = spec ? necsim::IoFaults::Parse(spec) : std::nullopt;
  if (spec) {
    if (!faults) {
      std::cerr << "necsim: NECSIM_FAULT: expected write:N, sync:N, rename:N or any:N (kill- in front to be killed there), got '" << spec << "'\n";
      return 2;
    }
  }
  return necsim::RunCli(argc, argv, std::cout, std::cerr, faults ? &*faults : nullptr);
}
