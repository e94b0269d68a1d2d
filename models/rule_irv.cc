// PLACEHOLDER
#include "models/count.h"
namespace necsim {
CountResult CountIrv(BallotTree&, const std::vector<Candidate>&, const CountOptions&, Stream&) { return {}; }
}  // namespace necsim
