// blt_gen DISTINCT [CANDIDATES [SEATS [SEED]]] > FILE.blt: the generated BLT
// file of bench/blt_gen.h (defaults: 30 candidates, 10 seats, seed 2026), for
// timing `necsim count` end to end (bench/README.md).
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "blt_gen.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: blt_gen DISTINCT [CANDIDATES [SEATS [SEED]]] > FILE.blt\n";
    return 2;
  }
  const long long distinct = std::atoll(argv[1]);
  const int candidates = argc > 2 ? std::atoi(argv[2]) : 30;
  const int seats = argc > 3 ? std::atoi(argv[3]) : 10;
  const unsigned long long seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 2026;
  if (distinct < 1 || candidates < 2 || seats < 1 || seats >= candidates) {
    std::cerr << "blt_gen: need DISTINCT >= 1 and 1 <= SEATS < CANDIDATES\n";
    return 2;
  }
  std::cout << necsim::GenerateBlt(distinct, candidates, seats, seed);
  return 0;
}
