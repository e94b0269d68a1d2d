#include "voters/draws.h"

namespace necsim {

int64_t Binomial(Stream& rng, int64_t n, double p) { return draws::BinomialImpl(rng, n, p); }

void Multinomial(Stream& rng, int64_t n, const std::vector<double>& p, std::vector<int64_t>& out) {
  draws::MultinomialImpl(rng, n, p, out);
}

}  // namespace necsim
