// PLACEHOLDER until the Meek / Warren implementation lands.
#include "models/count.h"
namespace necsim {
CountResult CountMeek(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
CountResult CountWarren(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
}  // namespace necsim
