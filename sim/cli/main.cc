// Thin entry point: everything lives in the libraries.
#include <csignal>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  // A write past a file-size limit (ulimit -f) fails with EFBIG, and the
  // atomic writer reports it and leaves the old results, rather than the
  // process dying by SIGXFSZ with temporaries on disk.
  std::signal(SIGXFSZ, SIG_IGN);
  return necsim::RunCli(argc, argv, std::cout, std::cerr);
}
