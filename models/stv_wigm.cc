// PLACEHOLDER until the Scottish / WIGM implementation lands.
#include "models/count.h"
namespace necsim {
CountResult CountScottish(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
CountResult CountWigm(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
}  // namespace necsim
