#include "boundary/stands.h"

#include <algorithm>
#include <cstddef>

namespace necsim {

std::vector<double> StoodMeanShares(const std::vector<int64_t>& votes, const std::vector<int>& region, int parties,
                                    int regions) {
  const auto P = static_cast<size_t>(parties);
  const size_t seats = region.size();
  std::vector<double> sum(static_cast<size_t>(regions) * P, 0.0), nat_sum(P, 0.0);
  std::vector<int64_t> count(static_cast<size_t>(regions) * P, 0), nat_count(P, 0);
  for (size_t c = 0; c < seats; ++c) {
    int64_t total = 0;
    for (size_t p = 0; p < P; ++p) total += votes[c * P + p];
    if (total <= 0) continue;
    const size_t r = static_cast<size_t>(region[c]);
    for (size_t p = 0; p < P; ++p) {
      const int64_t v = votes[c * P + p];
      if (v <= 0) continue;
      const double s = static_cast<double>(v) / static_cast<double>(total);
      sum[r * P + p] += s;
      ++count[r * P + p];
      nat_sum[p] += s;
      ++nat_count[p];
    }
  }
  std::vector<double> out(sum.size(), -1.0);
  for (size_t r = 0; r < static_cast<size_t>(regions); ++r) {
    for (size_t p = 0; p < P; ++p) {
      const size_t i = r * P + p;
      if (count[i] > 0) out[i] = sum[i] / static_cast<double>(count[i]);
      else if (nat_count[p] > 0) out[i] = nat_sum[p] / static_cast<double>(nat_count[p]);
    }
  }
  return out;
}

std::vector<double> StandingShares(const StandsSpec& spec, const std::vector<double>& base, const uint8_t* stands,
                                   const std::vector<double>& mean, const std::vector<double>& region_share, int r) {
  const size_t P = base.size();
  const size_t ur = static_cast<size_t>(r);
  std::vector<double> out(P, 0.0);
  // 1. Withdrawals: the kept parties K (stood and stand again) share the
  // withdrawn parties' votes, first by the stated transfers, the rest in
  // proportion to their base shares.
  double kept = 0;
  for (size_t q = 0; q < P; ++q) {
    if (stands[q] && base[q] > 0) {
      out[q] = base[q];
      kept += base[q];
    }
  }
  for (size_t w = 0; w < P; ++w) {
    if (stands[w] || base[w] <= 0) continue;
    double direct = 0;
    if (!spec.transfer.empty()) {
      for (size_t q = 0; q < P; ++q) {
        if (!(stands[q] && base[q] > 0)) continue;
        const double f = spec.transfer[w * P + q];
        out[q] += f * base[w];
        direct += f;
      }
    }
    const double rest = base[w] * std::max(0.0, 1.0 - direct);
    if (kept > 0) {
      for (size_t q = 0; q < P; ++q) {
        if (stands[q] && base[q] > 0) out[q] += rest * base[q] / kept;
      }
    }
  }
  // 2. Entries E (stand, did not stand): x_p = min(1, ratio m f).
  std::vector<double> x(P, 0.0);
  double entering = 0, total_x = 0;
  for (size_t p = 0; p < P; ++p) {
    if (!stands[p] || base[p] > 0) continue;
    const BaseShareFrom b = spec.base_share_from.empty() ? BaseShareFrom{} : spec.base_share_from[p];
    const double m = b.share >= 0 ? b.share : std::max(0.0, mean[ur * P + p]);
    double f = 1.0;
    if (b.donor >= 0) {
      const double R = region_share[ur * P + static_cast<size_t>(b.donor)];
      if (R > 0) f = base[static_cast<size_t>(b.donor)] / R;
    }
    x[p] = std::min(1.0, b.ratio * m * f);
    total_x += x[p];
    entering += 1;
  }
  if (entering == 0) return out;
  if (total_x > 1) {
    for (double& v : x) v /= total_x;
    total_x = 1;
  }
  double kept_after = 0;
  for (double v : out) kept_after += v;
  if (kept_after <= 0) {
    // Only entering parties stand: their shares, normalised (equal when all zero).
    for (size_t p = 0; p < P; ++p) {
      if (stands[p] && base[p] <= 0) out[p] = total_x > 0 ? x[p] / total_x : 1.0 / entering;
    }
    return out;
  }
  // 3. The entering parties' shares come from their donors where asked
  // (`from: donor`, up to the donor's whole share), the rest from the kept
  // parties in proportion: the kept shares (summing to 1 - taken) are scaled
  // to sum to 1 - total_x.
  double taken = 0;
  for (size_t p = 0; p < P; ++p) {
    if (!stands[p] || base[p] > 0 || spec.base_share_from.empty()) continue;
    const BaseShareFrom& b = spec.base_share_from[p];
    if (!b.from_donor || b.donor < 0) continue;
    double& d = out[static_cast<size_t>(b.donor)];
    const double t = std::min(x[p], d);
    d -= t;
    taken += t;
  }
  const double scale = taken < 1 ? (1.0 - total_x) / (1.0 - taken) : 0.0;
  for (size_t p = 0; p < P; ++p) {
    if (stands[p] && base[p] <= 0) out[p] = x[p];
    else out[p] *= scale;
  }
  return out;
}

}  // namespace necsim
