// Who stands where: parties that enter seats they did not fight in the base
// election, and parties (or independents) that stood there but do not stand
// again. The scenario's `stands:`, `base_share_from:` and `transfers:`
// (sim/scenario/boundary_yaml.cc) resolve to a StandsSpec; BuildBoundaryModel
// turns it into each seat's standing parties and base shares, so every swing
// model sees the changed base. Method and formulas: docs/boundary.md, "Who
// stands".
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace necsim {

// How a party entering a seat gets its base share (docs/boundary.md):
// x = ratio x m x f, m its mean share where it stood in the seat's region (or
// nationally, or `share` where given), f the seat's share of the donor over
// the donor's regional share (1 without a donor).
struct BaseShareFrom {
  int donor = -1;      // party index, -1: none
  double ratio = 1.0;  // >= 0
  double share = -1;   // fixed m as a fraction, < 0: the mean where it stood
  // Where its share comes from: false, the kept parties in proportion; true,
  // the donor's share first (up to all of it), the rest in proportion.
  bool from_donor = false;
};

struct StandsSpec {
  // Per set: [seat * parties + party] 1 where the party stands, 0 where not.
  // Both empty when every party stands as in the base election (`as_base`):
  // the model is then built exactly as without a stands: block.
  std::array<std::vector<uint8_t>, 2> stands;
  std::vector<BaseShareFrom> base_share_from;  // [party]
  // A withdrawn party's share: fraction transfer[from * parties + to] goes to
  // `to` (where it stands), the rest to the remaining parties in proportion
  // to their shares. Empty: all in proportion.
  std::vector<double> transfer;
  bool active() const { return !stands[0].empty() || !stands[1].empty(); }
};

// Mean base share of each party over the seats where it stood (votes > 0),
// per region, falling back to the national mean where it stood in no seat of
// the region; [region * parties + party], -1 where it stood nowhere on the set.
// `votes` is [seat * parties + party], `region` [seat].
std::vector<double> StoodMeanShares(const std::vector<int64_t>& votes, const std::vector<int>& region, int parties,
                                    int regions);

// One seat's base shares after the changes of who stands (docs/boundary.md):
// `base` the seat's shares as given ([party], zero where it did not stand),
// `stands` the seat's row of StandsSpec::stands, `mean` StoodMeanShares,
// `region_share` the set's regional shares as given, r the seat's region.
// Returns [party] shares, summing to one over the standing parties.
std::vector<double> StandingShares(const StandsSpec& spec, const std::vector<double>& base, const uint8_t* stands,
                                   const std::vector<double>& mean, const std::vector<double>& region_share, int r);

}  // namespace necsim
