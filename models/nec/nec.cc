#include "nec/nec.h"

namespace necsim {

std::vector<int> DrawOtherSections(const NecConfig& nec, Stream& rng) {
  std::vector<int> held(nec.factions.size(), 0);
  for (const NecSection& sec : nec.sections) {
    int fixed = 0;
    for (size_t f = 0; f < sec.fixed.size(); ++f) {
      held[f] += sec.fixed[f];
      fixed += sec.fixed[f];
    }
    for (int seat = fixed; seat < sec.seats; ++seat) {
      double u = rng.Uniform();
      for (size_t f = 0; f < sec.p_faction.size(); ++f) {
        if (u < sec.p_faction[f]) {
          ++held[f];
          break;
        }
        u -= sec.p_faction[f];
      }
    }
  }
  return held;
}

std::vector<int> NecSeatsHeld(const NecConfig& nec, const std::vector<int>& other,
                              const std::vector<CandidateId>& elected, const std::vector<int>& slate_of,
                              int num_slates) {
  std::vector<int> held = other;
  for (CandidateId e : elected) {
    const int sl = slate_of[static_cast<size_t>(e)];
    const int f = nec.slate_faction[static_cast<size_t>(sl >= 0 ? sl : num_slates)];
    if (f >= 0) ++held[static_cast<size_t>(f)];
  }
  return held;
}

}  // namespace necsim
