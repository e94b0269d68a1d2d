// PLACEHOLDER until the ERS97 implementation lands.
#include "models/count.h"
namespace necsim {
CountResult CountErs97(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
}  // namespace necsim
