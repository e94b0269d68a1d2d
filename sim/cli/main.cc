// Thin entry point: everything lives in the libraries.
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) { return necsim::RunCli(argc, argv, std::cout, std::cerr); }
