#include "boundary/boundary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <Eigen/Cholesky>
#include <Eigen/Dense>

#include "boundary/fast_normal.h"
#include "core/rng.h"


namespace necsim {

bool CholeskyLower(const std::vector<double>& a, int n, std::vector<double>& lower) {
  Eigen::MatrixXd m(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) m(i, j) = a[static_cast<size_t>(i * n + j)];
  }
  Eigen::LLT<Eigen::MatrixXd> llt(m);
  if (llt.info() != Eigen::Success) return false;
  const Eigen::MatrixXd l = llt.matrixL();
  lower.assign(static_cast<size_t>(n * n), 0.0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j <= i; ++j) lower[static_cast<size_t>(i * n + j)] = l(i, j);
  }
  return true;
}

const char* SwingModelName(SwingModel m) {
  switch (m) {
    case SwingModel::kUniform: return "uniform";
    case SwingModel::kProportional: return "proportional";
    case SwingModel::kRegional: return "regional";
    case SwingModel::kTransition: return "transition";
    case SwingModel::kStrong: return "strong";
    case SwingModel::kMixture: return "mixture";
  }
  return "?";
}

bool ParseSwingModel(const std::string& name, SwingModel& m) {
  for (SwingModel x : {SwingModel::kUniform, SwingModel::kProportional, SwingModel::kRegional, SwingModel::kTransition,
                       SwingModel::kStrong, SwingModel::kMixture}) {
    if (name == SwingModelName(x)) {
      m = x;
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// The model

namespace {

// Rebuilds set k's candidates and base shares for a stands: block
// (docs/boundary.md, "Who stands"). Called with `s` built from the votes as
// given; its regional shares are the formula's R_rd.
void ApplyStands(const BoundaryScenario& sc, int k, SetModel& s) {
  const BoundarySet& set = sc.sets[static_cast<size_t>(k)];
  const ConstituencyTable& t = set.table;
  const int P = s.parties, R = s.regions;
  const auto uP = static_cast<size_t>(P);
  const std::vector<uint8_t>& stands = sc.stands.stands[static_cast<size_t>(k)];
  const std::vector<double> mean = StoodMeanShares(t.votes, set.region, P, R);
  const std::vector<double> region_given = s.region_share;
  s.offset.assign(1, 0);
  s.party.clear();
  s.share.clear();
  s.cell.clear();
  s.noise_sd.clear();
  s.base_winner.clear();
  std::vector<double> nat(uP, 0.0), reg(static_cast<size_t>(R) * uP, 0.0), reg_total(static_cast<size_t>(R), 0.0);
  double nat_total = 0;
  std::vector<double> base(uP);
  // Weak supporters (the transition models), on the changed shares.
  const double threshold = sc.swing.model == SwingModel::kTransition ? 1.0 : sc.swing.strong_threshold;
  std::vector<double> nat_weak(uP, 0.0), reg_weak(static_cast<size_t>(R) * uP, 0.0);
  for (int c = 0; c < s.seats; ++c) {
    int64_t total = 0;
    for (int p = 0; p < P; ++p) total += t.Votes(c, p);
    for (int p = 0; p < P; ++p) base[static_cast<size_t>(p)] = static_cast<double>(t.Votes(c, p)) / static_cast<double>(total);
    const int r = set.region[static_cast<size_t>(c)];
    const uint8_t* row = stands.data() + static_cast<size_t>(c) * uP;
    const std::vector<double> share = StandingShares(sc.stands, base, row, mean, region_given, r);
    int best = -1;
    for (int p = 0; p < P; ++p) {
      const auto up = static_cast<size_t>(p);
      if (!row[up]) continue;
      s.party.push_back(static_cast<uint8_t>(p));
      s.share.push_back(share[up]);
      s.cell.push_back(r * P + p);
      s.noise_sd.push_back(sc.swing.constituency_sd[up]);
      if (best < 0 || share[up] > share[static_cast<size_t>(best)]) best = p;
      nat[up] += share[up] * static_cast<double>(total);
      reg[static_cast<size_t>(r) * uP + up] += share[up] * static_cast<double>(total);
      const double weak = std::min(share[up], threshold) * static_cast<double>(total);
      nat_weak[up] += weak;
      reg_weak[static_cast<size_t>(r) * uP + up] += weak;
    }
    nat_total += static_cast<double>(total);
    reg_total[static_cast<size_t>(r)] += static_cast<double>(total);
    s.offset.push_back(static_cast<int32_t>(s.party.size()));
    s.base_winner.push_back(best);
  }
  for (int c = 0; c < s.seats; ++c) s.order[static_cast<size_t>(c)] = c;
  std::stable_sort(s.order.begin(), s.order.end(), [&](int32_t a, int32_t b) {
    return s.offset[static_cast<size_t>(a) + 1] - s.offset[static_cast<size_t>(a)] <
           s.offset[static_cast<size_t>(b) + 1] - s.offset[static_cast<size_t>(b)];
  });
  for (size_t p = 0; p < uP; ++p) {
    s.national_share[p] = nat_total > 0 ? nat[p] / nat_total : 0.0;
    s.national_weak[p] = nat_total > 0 ? nat_weak[p] / nat_total : 0.0;
  }
  for (size_t r = 0; r < static_cast<size_t>(R); ++r) {
    for (size_t p = 0; p < uP; ++p) {
      s.region_share[r * uP + p] = reg_total[r] > 0 ? reg[r * uP + p] / reg_total[r] : 0.0;
      s.region_weak[r * uP + p] = reg_total[r] > 0 ? reg_weak[r * uP + p] / reg_total[r] : 0.0;
    }
  }
}

}  // namespace

BoundaryModel BuildBoundaryModel(const BoundaryScenario& sc) {
  BoundaryModel m;
  m.scenario = &sc;
  m.parties = static_cast<int>(sc.parties.size());
  m.regions = static_cast<int>(sc.regions.size());
  m.nations = static_cast<int>(sc.nations.size());
  const int P = m.parties, R = m.regions;
  for (int k = 0; k < 2; ++k) {
    const BoundarySet& set = sc.sets[static_cast<size_t>(k)];
    const ConstituencyTable& t = set.table;
    SetModel& s = m.sets[static_cast<size_t>(k)];
    s.seats = t.seats();
    s.parties = P;
    s.regions = R;
    s.offset.push_back(0);
    std::vector<int64_t> nat(static_cast<size_t>(P), 0), reg(static_cast<size_t>(R * P), 0);
    int64_t nat_total = 0;
    std::vector<int64_t> reg_total(static_cast<size_t>(R), 0);
    // Weak supporters (the transition models): votes up to the threshold's share of the seat's vote.
    const double threshold = sc.swing.model == SwingModel::kTransition ? 1.0 : sc.swing.strong_threshold;
    std::vector<double> nat_weak(static_cast<size_t>(P), 0.0), reg_weak(static_cast<size_t>(R * P), 0.0);
    for (int c = 0; c < s.seats; ++c) {
      int64_t total = 0;
      for (int p = 0; p < P; ++p) total += t.Votes(c, p);
      int best = -1;
      for (int p = 0; p < P; ++p) {
        const int64_t v = t.Votes(c, p);
        if (v <= 0) continue;
        s.party.push_back(static_cast<uint8_t>(p));
        s.share.push_back(static_cast<double>(v) / static_cast<double>(total));
        s.cell.push_back(set.region[static_cast<size_t>(c)] * P + p);
        s.noise_sd.push_back(sc.swing.constituency_sd[static_cast<size_t>(p)]);
        if (best < 0 || v > t.Votes(c, best)) best = p;  // plurality; a tie goes to the earlier column
        nat[static_cast<size_t>(p)] += v;
        reg[static_cast<size_t>(set.region[static_cast<size_t>(c)] * P + p)] += v;
        const double weak = std::min(static_cast<double>(v), threshold * static_cast<double>(total));
        nat_weak[static_cast<size_t>(p)] += weak;
        reg_weak[static_cast<size_t>(set.region[static_cast<size_t>(c)] * P + p)] += weak;
      }
      nat_total += total;
      reg_total[static_cast<size_t>(set.region[static_cast<size_t>(c)])] += total;
      s.offset.push_back(static_cast<int32_t>(s.party.size()));
      s.region.push_back(static_cast<int16_t>(set.region[static_cast<size_t>(c)]));
      s.nation.push_back(static_cast<int16_t>(set.nation[static_cast<size_t>(c)]));
      s.base_winner.push_back(best);
    }
    s.order.resize(static_cast<size_t>(s.seats));
    for (int c = 0; c < s.seats; ++c) s.order[static_cast<size_t>(c)] = c;
    std::stable_sort(s.order.begin(), s.order.end(), [&](int32_t a, int32_t b) {
      return s.offset[static_cast<size_t>(a) + 1] - s.offset[static_cast<size_t>(a)] <
             s.offset[static_cast<size_t>(b) + 1] - s.offset[static_cast<size_t>(b)];
    });
    s.national_share.assign(static_cast<size_t>(P), 0.0);
    for (int p = 0; p < P; ++p) {
      s.national_share[static_cast<size_t>(p)] = static_cast<double>(nat[static_cast<size_t>(p)]) / static_cast<double>(nat_total);
    }
    s.region_share.assign(static_cast<size_t>(R * P), 0.0);
    for (int r = 0; r < R; ++r) {
      if (reg_total[static_cast<size_t>(r)] == 0) continue;
      for (int p = 0; p < P; ++p) {
        s.region_share[static_cast<size_t>(r * P + p)] =
            static_cast<double>(reg[static_cast<size_t>(r * P + p)]) / static_cast<double>(reg_total[static_cast<size_t>(r)]);
      }
    }
    s.national_weak.assign(static_cast<size_t>(P), 0.0);
    s.region_weak.assign(static_cast<size_t>(R * P), 0.0);
    for (int p = 0; p < P; ++p) {
      if (nat_total > 0) s.national_weak[static_cast<size_t>(p)] = nat_weak[static_cast<size_t>(p)] / static_cast<double>(nat_total);
      for (int r = 0; r < R; ++r) {
        if (reg_total[static_cast<size_t>(r)] == 0) continue;
        s.region_weak[static_cast<size_t>(r * P + p)] =
            reg_weak[static_cast<size_t>(r * P + p)] / static_cast<double>(reg_total[static_cast<size_t>(r)]);
      }
    }
    if (!sc.stands.stands[static_cast<size_t>(k)].empty()) ApplyStands(sc, k, s);
  }
  return m;
}

void DrawRunErrors(const BoundaryModel& m, uint64_t seed, uint64_t run, RunErrors& out) {
  const BoundaryScenario& sc = *m.scenario;
  const int P = m.parties, R = m.regions;
  out.national.assign(static_cast<size_t>(P), 0.0);
  out.regional.assign(static_cast<size_t>(R * P), 0.0);
  Stream stream(seed, run, StreamPurpose::kSwing, 0);
  SplitMix64 gen(stream());
  const ZigguratNormal normal;
  const auto& L = sc.swing.national_cholesky;
  bool any = false;
  for (double v : L) any = any || v != 0.0;
  if (any) {
    double z[256];
    for (int p = 0; p < P; ++p) z[p] = normal(gen);
    for (int p = 0; p < P; ++p) {
      double e = 0;
      for (int q = 0; q <= p; ++q) e += L[static_cast<size_t>(p * P + q)] * z[q];
      out.national[static_cast<size_t>(p)] = e;
    }
  }
  for (int r = 0; r < R; ++r) {
    for (int p = 0; p < P; ++p) {
      const double sd = sc.swing.regional_sd[static_cast<size_t>(p)];
      if (sd > 0) out.regional[static_cast<size_t>(r * P + p)] = sd * normal(gen);
    }
  }
}

void SetSwingFor(const BoundaryModel& m, int k, const RunErrors& e, SetSwing& out) {
  const BoundaryScenario& sc = *m.scenario;
  const SwingSpec& sw = sc.swing;
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  const int P = m.parties, R = m.regions;
  out.mult.assign(static_cast<size_t>(R * P), 1.0);
  out.add.assign(static_cast<size_t>(R * P), 0.0);
  // A region with any target share swings from its own shares (the regional
  // model's targets) under every model but uniform.
  std::vector<uint8_t> region_has_target(static_cast<size_t>(R), 0);
  for (int r = 0; r < R; ++r) {
    for (int p = 0; p < P; ++p) {
      if (sw.region_target[static_cast<size_t>(r * P + p)] >= 0) region_has_target[static_cast<size_t>(r)] = 1;
    }
  }
  for (int p = 0; p < P; ++p) {
    const auto up = static_cast<size_t>(p);
    const double S = s.national_share[up];
    const double d = sw.target[up] >= 0 ? sw.target[up] - S : sw.change[up];
    for (int r = 0; r < R; ++r) {
      const auto i = static_cast<size_t>(r * P + p);
      const double err = e.national[up] + e.regional[i];
      switch (sw.model) {
        case SwingModel::kUniform:
          out.add[i] = d + err;
          break;
        case SwingModel::kProportional:
          if (region_has_target[static_cast<size_t>(r)]) {
            // Scaled by the region's own share after / before.
            const double B = s.region_share[i];
            const double T = sw.region_target[i] >= 0 ? sw.region_target[i] : B + d;
            out.mult[i] = B > 0 ? std::max(0.0, T + err) / B : 1.0;
            break;
          }
          // The seat's share scales with the party's national share; a
          // party with no national vote has nothing to scale.
          out.mult[i] = S > 0 ? std::max(0.0, S + d + err) / S : 1.0;
          break;
        case SwingModel::kRegional: {
          const double T = sw.region_target[i];
          out.add[i] = (T >= 0 ? T - s.region_share[i] : d) + err;
          break;
        }
        case SwingModel::kMixture: {
          // w (s + delta) + (1 - w) s max(0, B + delta) / B = s mult + add.
          const bool reg = region_has_target[static_cast<size_t>(r)] != 0;
          const double B = reg ? s.region_share[i] : S;
          const double delta = (reg && sw.region_target[i] >= 0 ? sw.region_target[i] - B : d) + err;
          const double w = sw.mixture_weight;
          out.mult[i] = B > 0 ? w + (1 - w) * std::max(0.0, B + delta) / B : 1.0;
          out.add[i] = w * delta;
          break;
        }
        case SwingModel::kTransition:
        case SwingModel::kStrong:
          break;  // below
      }
    }
  }
  const bool transition = sw.model == SwingModel::kTransition || sw.model == SwingModel::kStrong;
  out.general = transition || !sw.tactical.empty();
  out.tactical = sw.tactical.empty() ? nullptr : &sw.tactical;
  if (!out.general) return;
  out.threshold = sw.model == SwingModel::kTransition ? 1.0 : sw.strong_threshold;
  out.weak_loss.assign(static_cast<size_t>(R * P), 0.0);
  out.strong_loss.assign(static_cast<size_t>(R * P), 0.0);
  out.gain.assign(static_cast<size_t>(R * P), 0.0);
  if (!transition) return;
  // Per region: each party's share before (B: national, or the region's own
  // where it has targets) and after (T); a losing party (D = B - T > 0) loses
  // its weak supporters first (weak_loss = D / W while D <= W), then the same
  // fraction of its strong ones; the released vote is shared among gaining
  // parties in proportion to their gains (gain = U / sum of losses).
  std::vector<double> up(static_cast<size_t>(P), 0.0);
  for (int r = 0; r < R; ++r) {
    const bool reg = region_has_target[static_cast<size_t>(r)] != 0;
    double released = 0;
    for (int p = 0; p < P; ++p) {
      const auto i = static_cast<size_t>(r * P + p);
      const double S = s.national_share[static_cast<size_t>(p)];
      const double B = reg ? s.region_share[i] : S;
      const double W = reg ? s.region_weak[i] : s.national_weak[static_cast<size_t>(p)];
      const double d = sw.target[static_cast<size_t>(p)] >= 0 ? sw.target[static_cast<size_t>(p)] - S : sw.change[static_cast<size_t>(p)];
      const double T = (reg && sw.region_target[i] >= 0 ? sw.region_target[i] : B + d) + e.national[static_cast<size_t>(p)] +
                       e.regional[i];
      up[static_cast<size_t>(p)] = 0;
      if (T >= B) {
        up[static_cast<size_t>(p)] = T - B;
        continue;
      }
      const double D = std::min(B - T, B);  // a share cannot fall below zero
      if (D <= W && W > 0) {
        out.weak_loss[i] = D / W;
      } else {
        out.weak_loss[i] = W > 0 ? 1.0 : 0.0;
        out.strong_loss[i] = B - W > 0 ? std::min(1.0, (D - W) / (B - W)) : 0.0;
      }
      released += D;
    }
    for (int p = 0; p < P; ++p) {
      const auto i = static_cast<size_t>(r * P + p);
      if (released > 0) out.gain[i] = up[static_cast<size_t>(p)] / released;
      else out.add[i] = up[static_cast<size_t>(p)];  // nothing released: gains are added uniformly
    }
  }
}

void SeatValues(const SetModel& s, const SetSwing& sw, int seat, double* x) {
  const int b = s.offset[static_cast<size_t>(seat)], e = s.offset[static_cast<size_t>(seat) + 1];
  const double t = sw.threshold;
  const bool transition = sw.general && !sw.weak_loss.empty();
  double released = 0;
  for (int j = b; j < e; ++j) {
    const auto i = static_cast<size_t>(s.cell[static_cast<size_t>(j)]);
    const double sh = s.share[static_cast<size_t>(j)];
    double v = sh * sw.mult[i] + sw.add[i];
    if (transition) {
      const double wl = sw.weak_loss[i], sl = sw.strong_loss[i];
      if (wl > 0 || sl > 0) {
        const double weak = std::min(sh, t);
        const double loss = weak * wl + (sh - weak) * sl;
        v -= loss;
        released += loss;
      }
    }
    x[j - b] = v;
  }
  if (released > 0) {
    for (int j = b; j < e; ++j) x[j - b] += sw.gain[static_cast<size_t>(s.cell[static_cast<size_t>(j)])] * released;
  }
  if (sw.tactical == nullptr) return;
  const int r = s.region[static_cast<size_t>(seat)];
  const int n = e - b;
  for (const TacticalTerm& term : *sw.tactical) {
    const double rate = term.rate[static_cast<size_t>(r)];
    if (rate <= 0) continue;
    int a = -1, first = -1, second = -1;  // the named party; the two largest values
    for (int j = 0; j < n; ++j) {
      if (s.party[static_cast<size_t>(b + j)] == term.against) a = j;
      if (first < 0 || x[j] > x[first]) {
        second = first;
        first = j;
      } else if (second < 0 || x[j] > x[second]) {
        second = j;
      }
    }
    // Only where the named party is first or second: its challenger is the other of the two.
    if (a < 0 || second < 0 || (a != first && a != second)) continue;
    const int ch = a == first ? second : first;
    double moved = 0;
    for (int j = 0; j < n; ++j) {
      if (j == a || j == ch || !term.from[s.party[static_cast<size_t>(b + j)]]) continue;
      const double v = rate * std::max(0.0, x[j]);
      x[j] -= v;
      moved += v;
    }
    x[ch] += moved;
  }
}

std::vector<double> ProjectSeatShares(const BoundaryModel& m, int k, int seat, const SetSwing& sw) {
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  const int P = m.parties;
  std::vector<double> out(static_cast<size_t>(P), 0.0);
  const int r = s.region[static_cast<size_t>(seat)];
  double total = 0;
  if (sw.general) {
    double x[256];
    SeatValues(s, sw, seat, x);
    const int b = s.offset[static_cast<size_t>(seat)];
    for (int j = b; j < s.offset[static_cast<size_t>(seat) + 1]; ++j) {
      const double v = std::max(0.0, x[j - b]);
      out[static_cast<size_t>(s.party[static_cast<size_t>(j)])] = v;
      total += v;
    }
    if (total > 0) {
      for (double& v : out) v /= total;
    }
    return out;
  }
  for (int j = s.offset[static_cast<size_t>(seat)]; j < s.offset[static_cast<size_t>(seat) + 1]; ++j) {
    const int p = s.party[static_cast<size_t>(j)];
    const auto i = static_cast<size_t>(r * P + p);
    const double x = std::max(0.0, s.share[static_cast<size_t>(j)] * sw.mult[i] + sw.add[i]);
    out[static_cast<size_t>(p)] = x;
    total += x;
  }
  if (total > 0) {
    for (double& x : out) x /= total;
  }
  return out;
}

SetSwing ZeroSwing(const BoundaryModel& m) {
  SetSwing sw;
  sw.mult.assign(static_cast<size_t>(m.regions * m.parties), 1.0);
  sw.add.assign(static_cast<size_t>(m.regions * m.parties), 0.0);
  return sw;
}

namespace {

// The winners of every seat of one set under the run's swing, with
// constituency noise when `noise` is given. Why no clipping or
// renormalisation: a seat's projected values x_p are turned into valid shares
// by max(0, x_p) / sum; both steps are monotone and shared by every party of
// the seat, so the party with the largest x_p has the largest valid share
// (when every x_p <= 0 the valid shares are undefined and the largest x_p
// still decides, as it would by the limit of a tiny positive floor).
template <class Noise>
void Winners(const SetModel& s, const SetSwing& sw, bool with_noise, Noise&& noise, int* winners) {
  const double* mult = sw.mult.data();
  const double* add = sw.add.data();
  const uint8_t* party = s.party.data();
  const double* share = s.share.data();
  const int32_t* cell = s.cell.data();
  const double* sd = s.noise_sd.data();
  const int32_t* offset = s.offset.data();
  for (const int32_t c : s.order) {
    int best = -1;
    double best_x = -std::numeric_limits<double>::infinity();
    for (int j = offset[c]; j < offset[c + 1]; ++j) {
      double x = share[j] * mult[cell[j]] + add[cell[j]];
      if (with_noise && sd[j] > 0) x += sd[j] * noise();
      // Branch-free (the comparison is unpredictable under noise).
      const bool better = x > best_x;
      best = better ? static_cast<int>(party[j]) : best;
      best_x = better ? x : best_x;
    }
    winners[c] = best;
  }
}

// The same for the transition models and tactical voting: each seat's
// values from SeatValues, then the noise in the same candidate order.
template <class Noise>
void WinnersGeneral(const SetModel& s, const SetSwing& sw, bool with_noise, Noise&& noise, int* winners) {
  const uint8_t* party = s.party.data();
  const double* sd = s.noise_sd.data();
  const int32_t* offset = s.offset.data();
  double x[256];
  for (const int32_t c : s.order) {
    SeatValues(s, sw, c, x);
    int best = -1;
    double best_x = -std::numeric_limits<double>::infinity();
    for (int j = offset[c]; j < offset[c + 1]; ++j) {
      double v = x[j - offset[c]];
      if (with_noise && sd[j] > 0) v += sd[j] * noise();
      const bool better = v > best_x;
      best = better ? static_cast<int>(party[j]) : best;
      best_x = better ? v : best_x;
    }
    winners[c] = best;
  }
}

}  // namespace

void RunWinners(const BoundaryModel& m, int k, uint64_t seed, uint64_t run, const SetSwing& sw, int* winners) {
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  Stream stream(seed, run, StreamPurpose::kSwing, static_cast<uint32_t>(1 + k));
  SplitMix64 gen(stream());
  const ZigguratNormal normal;
  if (sw.general) WinnersGeneral(s, sw, true, [&] { return normal(gen); }, winners);
  else Winners(s, sw, true, [&] { return normal(gen); }, winners);
}

std::vector<int> ProjectWinners(const BoundaryModel& m, int k, const SetSwing& sw) {
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  std::vector<int> w(static_cast<size_t>(s.seats), -1);
  if (sw.general) WinnersGeneral(s, sw, false, [] { return 0.0; }, w.data());
  else Winners(s, sw, false, [] { return 0.0; }, w.data());
  return w;
}

std::vector<int> SeatsByParty(const BoundaryModel& m, const std::vector<int>& winners) {
  std::vector<int> seats(static_cast<size_t>(m.parties), 0);
  for (int w : winners) {
    if (w >= 0) ++seats[static_cast<size_t>(w)];
  }
  return seats;
}

std::array<std::vector<int>, 2> DeterministicSeats(const BoundaryModel& m) {
  const SetSwing zero = ZeroSwing(m);
  return {SeatsByParty(m, ProjectWinners(m, 0, zero)), SeatsByParty(m, ProjectWinners(m, 1, zero))};
}

bool MajorityLead(const BoundaryModel& m, int k, int party, int rival, double& lead) {
  // With a transfer of t from the rival to the party, the party wins seat c
  // when share_a + t exceeds share_b - t and every other share: t > t_c =
  // max((share_b - share_a) / 2, max_q share_q - share_a). The party has a
  // majority once t passes the majority-th smallest t_c.
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  const int need = m.scenario->sets[static_cast<size_t>(k)].majority;
  std::vector<double> t;
  for (int c = 0; c < s.seats; ++c) {
    double sa = -1, sb = 0, other = 0;
    for (int j = s.offset[static_cast<size_t>(c)]; j < s.offset[static_cast<size_t>(c) + 1]; ++j) {
      const int p = s.party[static_cast<size_t>(j)];
      const double x = s.share[static_cast<size_t>(j)];
      if (p == party) sa = x;
      else if (p == rival) sb = x;
      else other = std::max(other, x);
    }
    if (sa < 0) continue;  // the party did not stand
    t.push_back(std::max((sb - sa) / 2, other - sa));
  }
  if (need <= 0 || static_cast<int>(t.size()) < need) return false;
  std::nth_element(t.begin(), t.begin() + (need - 1), t.end());
  const double tc = t[static_cast<size_t>(need - 1)];
  lead = s.national_share[static_cast<size_t>(party)] - s.national_share[static_cast<size_t>(rival)] + 2 * tc;
  return true;
}

bool MajorityLeadUnderModel(const BoundaryModel& m, int k, int party, int rival, double& lead) {
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  const int need = m.scenario->sets[static_cast<size_t>(k)].majority;
  RunErrors e;
  e.national.assign(static_cast<size_t>(m.parties), 0.0);
  e.regional.assign(static_cast<size_t>(m.regions * m.parties), 0.0);
  SetSwing sw;
  auto seats_at = [&](double t) {
    e.national[static_cast<size_t>(party)] = t;
    e.national[static_cast<size_t>(rival)] = -t;
    SetSwingFor(m, k, e, sw);
    return SeatsByParty(m, ProjectWinners(m, k, sw))[static_cast<size_t>(party)];
  };
  if (need <= 0 || seats_at(1.0) < need) return false;
  double lo = -1.0, hi = 1.0;  // seats(hi) >= need
  if (seats_at(lo) >= need) {
    hi = lo;
  } else {
    while (hi - lo > 1e-7) {
      const double mid = 0.5 * (lo + hi);
      (seats_at(mid) >= need ? hi : lo) = mid;
    }
  }
  seats_at(hi);
  // The projected national shares: every seat's valid shares weighted by its vote.
  const ConstituencyTable& tab = m.scenario->sets[static_cast<size_t>(k)].table;
  double total = 0, diff = 0;
  for (int c = 0; c < s.seats; ++c) {
    int64_t votes = 0;
    for (int p = 0; p < m.parties; ++p) votes += tab.Votes(c, p);
    const std::vector<double> x = ProjectSeatShares(m, k, c, sw);
    diff += static_cast<double>(votes) * (x[static_cast<size_t>(party)] - x[static_cast<size_t>(rival)]);
    total += static_cast<double>(votes);
  }
  lead = total > 0 ? diff / total : 0.0;
  return true;
}

// ---------------------------------------------------------------------------
// Tallies and the run loop

BoundaryTally BoundaryTally::Empty(const BoundaryModel& m) {
  BoundaryTally t;
  const int P = m.parties, R = m.regions, N = m.nations;
  t.parties = P;
  for (int k = 0; k < 2; ++k) {
    const auto uk = static_cast<size_t>(k);
    t.seats[uk] = m.sets[uk].seats;
    t.seat_hist[uk].assign(static_cast<size_t>(P * (t.seats[uk] + 1)), 0);
    t.majority[uk].assign(static_cast<size_t>(P), 0);
    t.region_seat_sum[uk].assign(static_cast<size_t>(R * P), 0);
    t.nation_seat_sum[uk].assign(static_cast<size_t>(N * P), 0);
    t.wins[uk].assign(static_cast<size_t>(t.seats[uk] * P), 0);
  }
  t.change_span = std::max(t.seats[0], t.seats[1]);
  t.change_hist.assign(static_cast<size_t>(P * (2 * t.change_span + 1)), 0);
  auto spans = [&](int areas, bool region, std::vector<int>& span, std::vector<int>& offset, std::vector<int64_t>& hist) {
    std::vector<int> count0(static_cast<size_t>(areas), 0), count1(static_cast<size_t>(areas), 0);
    for (int c = 0; c < m.sets[0].seats; ++c) ++count0[static_cast<size_t>(region ? m.sets[0].region[static_cast<size_t>(c)] : m.sets[0].nation[static_cast<size_t>(c)])];
    for (int c = 0; c < m.sets[1].seats; ++c) ++count1[static_cast<size_t>(region ? m.sets[1].region[static_cast<size_t>(c)] : m.sets[1].nation[static_cast<size_t>(c)])];
    int off = 0;
    for (int g = 0; g < areas; ++g) {
      const int sp = std::max(count0[static_cast<size_t>(g)], count1[static_cast<size_t>(g)]);
      span.push_back(sp);
      offset.push_back(off);
      off += P * (2 * sp + 1);
    }
    hist.assign(static_cast<size_t>(off), 0);
  };
  spans(R, true, t.region_span, t.region_offset, t.region_change_hist);
  spans(N, false, t.nation_span, t.nation_offset, t.nation_change_hist);
  return t;
}

void BoundaryTally::Merge(const BoundaryTally& o) {
  auto add = [](std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  };
  runs += o.runs;
  for (size_t k = 0; k < 2; ++k) {
    add(seat_hist[k], o.seat_hist[k]);
    add(majority[k], o.majority[k]);
    hung[k] += o.hung[k];
    add(region_seat_sum[k], o.region_seat_sum[k]);
    add(nation_seat_sum[k], o.nation_seat_sum[k]);
    add(wins[k], o.wins[k]);
  }
  add(change_hist, o.change_hist);
  add(region_change_hist, o.region_change_hist);
  add(nation_change_hist, o.nation_change_hist);
}

BoundaryScratch::BoundaryScratch(const BoundaryModel& m) {
  const int P = m.parties;
  errors.national.assign(static_cast<size_t>(P), 0.0);
  errors.regional.assign(static_cast<size_t>(m.regions * P), 0.0);
  swing = ZeroSwing(m);
  for (size_t k = 0; k < 2; ++k) {
    winners[k].assign(static_cast<size_t>(m.sets[k].seats), -1);
    seats[k].assign(static_cast<size_t>(P), 0);
    region_seats[k].assign(static_cast<size_t>(m.regions * P), 0);
    nation_seats[k].assign(static_cast<size_t>(m.nations * P), 0);
  }
}

void SimulateBoundaryRun(const BoundaryModel& m, uint64_t seed, uint64_t run, BoundaryScratch& x, BoundaryTally& t) {
  const BoundaryScenario& sc = *m.scenario;
  const int P = m.parties, R = m.regions, N = m.nations;
  DrawRunErrors(m, seed, run, x.errors);
  for (int k = 0; k < 2; ++k) {
    const auto uk = static_cast<size_t>(k);
    const SetModel& s = m.sets[uk];
    SetSwingFor(m, k, x.errors, x.swing);
    RunWinners(m, k, seed, run, x.swing, x.winners[uk].data());
    std::fill(x.seats[uk].begin(), x.seats[uk].end(), 0);
    std::fill(x.region_seats[uk].begin(), x.region_seats[uk].end(), 0);
    std::fill(x.nation_seats[uk].begin(), x.nation_seats[uk].end(), 0);
    int64_t* wins = t.wins[uk].data();
    for (int c = 0; c < s.seats; ++c) {
      const int w = x.winners[uk][static_cast<size_t>(c)];
      ++x.seats[uk][static_cast<size_t>(w)];
      ++x.region_seats[uk][static_cast<size_t>(s.region[static_cast<size_t>(c)] * P + w)];
      ++x.nation_seats[uk][static_cast<size_t>(s.nation[static_cast<size_t>(c)] * P + w)];
      ++wins[static_cast<size_t>(c) * static_cast<size_t>(P) + static_cast<size_t>(w)];
    }
    bool any_majority = false;
    const int need = sc.sets[uk].majority;
    for (int p = 0; p < P; ++p) {
      const int n = x.seats[uk][static_cast<size_t>(p)];
      ++t.seat_hist[uk][static_cast<size_t>(p * (s.seats + 1) + n)];
      if (n >= need) {
        ++t.majority[uk][static_cast<size_t>(p)];
        any_majority = true;
      }
    }
    if (!any_majority) ++t.hung[uk];
    for (size_t i = 0; i < x.region_seats[uk].size(); ++i) t.region_seat_sum[uk][i] += x.region_seats[uk][i];
    for (size_t i = 0; i < x.nation_seats[uk].size(); ++i) t.nation_seat_sum[uk][i] += x.nation_seats[uk][i];
  }
  const int W = 2 * t.change_span + 1;
  for (int p = 0; p < P; ++p) {
    const int d = x.seats[1][static_cast<size_t>(p)] - x.seats[0][static_cast<size_t>(p)];
    ++t.change_hist[static_cast<size_t>(p * W + d + t.change_span)];
  }
  for (int g = 0; g < R; ++g) {
    const int sp = t.region_span[static_cast<size_t>(g)];
    for (int p = 0; p < P; ++p) {
      const auto i = static_cast<size_t>(g * P + p);
      const int d = x.region_seats[1][i] - x.region_seats[0][i];
      ++t.region_change_hist[static_cast<size_t>(t.region_offset[static_cast<size_t>(g)] + p * (2 * sp + 1) + d + sp)];
    }
  }
  for (int g = 0; g < N; ++g) {
    const int sp = t.nation_span[static_cast<size_t>(g)];
    for (int p = 0; p < P; ++p) {
      const auto i = static_cast<size_t>(g * P + p);
      const int d = x.nation_seats[1][i] - x.nation_seats[0][i];
      ++t.nation_change_hist[static_cast<size_t>(t.nation_offset[static_cast<size_t>(g)] + p * (2 * sp + 1) + d + sp)];
    }
  }
  ++t.runs;
}

ClpCounts CountClps(const BoundaryScenario& sc, int k) {
  ClpCounts out;
  const size_t L = sc.clp.labour_regions.size();
  out.clps.assign(L, 0);
  out.electors.assign(L, 0);
  const BoundarySet& set = sc.sets[static_cast<size_t>(k)];
  for (int c = 0; c < set.table.seats(); ++c) {
    const int lr = sc.clp.labour_region_of[static_cast<size_t>(set.region[static_cast<size_t>(c)])];
    if (lr < 0) continue;
    ++out.clps[static_cast<size_t>(lr)];
    out.electors[static_cast<size_t>(lr)] += set.table.electorate[static_cast<size_t>(c)];
  }
  return out;
}

}  // namespace necsim
