// PLACEHOLDER
#include "models/count.h"
namespace necsim {
CountResult CountBlock(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
CountResult CountFptp(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
}  // namespace necsim
