#include "sim/sampler.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>
#include <functional>
#include <numbers>
#include <random>

#include "sim/lane_kernels.h"

namespace necsim {

int64_t RunSample::total_ballots() const {
  int64_t t = 0;
  for (int64_t b : ballots) t += b;
  return t;
}

double ExpectedBallotLength(std::vector<double> w, double stop) {
  std::sort(w.begin(), w.end(), std::greater<>());
  double left = 0;
  for (double x : w) left += x;
  double expected = 0;
  double p_reach = 1;  // P(the ballot has at least k+1 preferences)
  for (size_t k = 0; k < w.size(); ++k) {
    expected += p_reach;
    left -= w[k];
    if (left <= 0) break;
    p_reach *= left / (left + stop);
  }
  return expected;
}

namespace {

// The stop weight giving a target mean ballot length (bisection on a
// monotone function; 200 halvings reach double precision).
double ResolveStop(const std::vector<double>& w, double target) {
  if (target >= static_cast<double>(w.size())) return 0.0;
  double lo = 0, hi = 1;
  while (ExpectedBallotLength(w, hi) > target) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (ExpectedBallotLength(w, mid) > target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double Gamma(Stream& rng, double shape) {
  std::gamma_distribution<double> g(shape, 1.0);
  return g(rng);
}

}  // namespace

VoterModel VoterModel::Build(const Scenario& sc) {
  VoterModel m;
  m.num_regions = static_cast<int>(sc.regions.size());
  m.num_blocs = static_cast<int>(sc.blocs.size());
  m.num_candidates = static_cast<int>(sc.candidates.size());
  m.base_utility.assign(static_cast<size_t>(m.num_blocs * m.num_regions * m.num_candidates), 0.0);
  m.stop.assign(static_cast<size_t>(m.num_blocs), 0.0);
  for (int b = 0; b < m.num_blocs; ++b) {
    const BlocConfig& bc = sc.blocs[b];
    for (int r = 0; r < m.num_regions; ++r) {
      for (int c = 0; c < m.num_candidates; ++c) {
        const CandidateConfig& cc = sc.candidates[c];
        double u = bc.affinity[cc.slate >= 0 ? static_cast<size_t>(cc.slate) : bc.affinity.size() - 1];
        if (cc.region == r) u += bc.home_region;
        if (cc.gender == Gender::kWoman) u += bc.women;
        u += bc.profile_weight * cc.profile;
        m.base_utility[(static_cast<size_t>(b) * m.num_regions + r) * m.num_candidates + c] = u;
      }
    }
    if (bc.mean_preferences > 0) {
      // Resolved on the bloc's member-weighted average weights, without noise.
      std::vector<double> w(static_cast<size_t>(m.num_candidates), 0.0);
      double members = 0;
      for (int r = 0; r < m.num_regions; ++r) {
        const double mr = static_cast<double>(sc.regions[r].members) * bc.share[r];
        members += mr;
        for (int c = 0; c < m.num_candidates; ++c) {
          w[c] += mr * std::exp(m.base_utility[(static_cast<size_t>(b) * m.num_regions + r) * m.num_candidates + c]);
        }
      }
      if (members > 0) {
        for (double& x : w) x /= members;
      }
      m.stop[b] = ResolveStop(w, bc.mean_preferences);
    } else {
      m.stop[b] = bc.stop;
    }
  }
  return m;
}

RunSample SampleRun(const Scenario& sc, const VoterModel& m, uint64_t seed, uint64_t run) {
  RunSample s;
  const int R = m.num_regions, B = m.num_blocs, C = m.num_candidates;
  s.num_candidates = C;
  s.bloc_share.assign(static_cast<size_t>(R * B), 0.0);
  s.turnout.assign(static_cast<size_t>(R * B), 0.0);
  s.ballots.assign(static_cast<size_t>(R * B), 0);
  s.weight.assign(static_cast<size_t>(R * B * C), 0.0);
  s.stop.assign(static_cast<size_t>(R * B), 0.0);

  // Bloc shares: Dirichlet(concentration x share) per region, one stream per
  // region. A bloc with concentration 0 keeps its share; the others share the
  // rest in Dirichlet proportions.
  for (int r = 0; r < R; ++r) {
    Stream rng(seed, run, StreamPurpose::kBlocShares, static_cast<uint32_t>(r));
    double fixed = 0, drawn = 0, drawn_target = 0;
    std::vector<double> g(static_cast<size_t>(B), 0.0);
    for (int b = 0; b < B; ++b) {
      const double share = sc.blocs[b].share[r];
      const double conc = sc.blocs[b].concentration;
      if (conc <= 0 || share <= 0) {
        s.bloc_share[r * B + b] = share;
        fixed += share;
      } else {
        g[b] = Gamma(rng, conc * share);
        drawn += g[b];
        drawn_target += share;
      }
    }
    for (int b = 0; b < B; ++b) {
      if (g[b] > 0) s.bloc_share[r * B + b] = drawn > 0 ? g[b] / drawn * drawn_target : 0.0;
    }
  }
  // Turnout: Beta(mean, sd) per cell.
  {
    Stream rng(seed, run, StreamPurpose::kTurnout);
    for (int r = 0; r < R; ++r) {
      for (int b = 0; b < B; ++b) {
        const BetaSpec& t = sc.regions[r].turnout;
        const double mean = std::min(0.999, t.mean * sc.blocs[b].turnout_factor);
        double x = mean;
        if (t.sd > 0) {
          const double var = std::min(t.sd * t.sd, 0.99 * mean * (1 - mean));
          const double kappa = mean * (1 - mean) / var - 1;
          const double a = Gamma(rng, mean * kappa);
          const double c = Gamma(rng, (1 - mean) * kappa);
          x = a / (a + c);
        }
        s.turnout[r * B + b] = x;
        s.ballots[r * B + b] = std::llround(static_cast<double>(sc.regions[r].members) * s.bloc_share[r * B + b] * x);
      }
    }
  }
  // Campaign noise: one standard Normal per candidate, scaled per bloc.
  std::vector<double> z(static_cast<size_t>(C), 0.0);
  {
    Stream rng(seed, run, StreamPurpose::kCampaign);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (int c = 0; c < C; ++c) z[c] = normal(rng);
  }
  for (int r = 0; r < R; ++r) {
    for (int b = 0; b < B; ++b) {
      const int cell = r * B + b;
      s.stop[cell] = m.stop[b];
      for (int c = 0; c < C; ++c) {
        const double u = m.base_utility[(static_cast<size_t>(b) * R + r) * C + c] + sc.blocs[b].campaign_noise * z[c];
        s.weight[static_cast<size_t>(cell) * C + c] = std::exp(u);
      }
    }
  }
  return s;
}

namespace {

// A node's generator: SplitMix64 seeded by ObjectSeed (sim/rng.h).
using SplitMix = SplitMix64;

template <class Rng>
double Uniform01(Rng& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// The remainder of Stirling's series for log k!:
//   log k! = (k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2 + StirlingTail(k),
// exact (from lgamma) below 10, else the series' next three terms (absolute
// error below 1e-10 at k = 10, falling as k^-7).
double StirlingTail(int64_t k) {
  static const std::array<double, 10> kTable = [] {
    std::array<double, 10> t{};
    for (int i = 0; i < 10; ++i) {
      t[static_cast<size_t>(i)] =
          std::lgamma(i + 1.0) - (i + 0.5) * std::log(i + 1.0) + (i + 1.0) - 0.5 * std::log(2 * std::numbers::pi);
    }
    return t;
  }();
  if (k < 10) return kTable[static_cast<size_t>(k)];
  const double r = 1.0 / (static_cast<double>(k) + 1.0), r2 = r * r;
  return (1.0 / 12 - (1.0 / 360 - r2 / 1260) * r2) * r;
}

// std::floor without the library call a baseline x86-64 build makes for it
// (no SSE4.1 rounding instruction): the same value for every finite x (a
// double of magnitude 2^52 or more is already whole).
inline double Floor(double x) {
  if (!(std::fabs(x) < 0x1p52)) return x;
  const double t = static_cast<double>(static_cast<int64_t>(x));  // towards zero
  return t > x ? t - 1.0 : t;
}

// Binomial(n, p) for p <= 1/2 and n p >= 10 by Hormann's transformed
// rejection with decomposition (BTRD; W. Hormann, "The generation of binomial
// random variates", J. Statist. Comput. Simul. 46, 1993): a hat of the form
// (2a / (1/2 - |u|) + b) u + c over a uniform u, whose central part (86% of
// draws) is accepted at once; otherwise the ratio f(k) / f(m) to the mode is
// checked by the pmf's recurrence (|k - m| <= 15), a squeeze, or Stirling's
// series. Exact, O(1) expected time, no table or lgamma call per draw.
template <class Rng>
int64_t BinomialBtrd(Rng& rng, int64_t n, double p) {
  const double dn = static_cast<double>(n);
  const double q = 1 - p;
  const double npq = dn * p * q;
  const double spq = std::sqrt(npq);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = dn * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double r = p / q;
  const double nr = (dn + 1) * r;
  const auto m = static_cast<int64_t>(Floor((dn + 1) * p));
  for (;;) {
    double v = Uniform01(rng);
    double u;
    if (v <= 0.86 * v_r) {
      u = v / v_r - 0.43;
      return static_cast<int64_t>(Floor((2 * a / (0.5 - std::fabs(u)) + b) * u + c));
    }
    if (v >= v_r) {
      u = Uniform01(rng) - 0.5;
    } else {
      u = v / v_r - 0.93;
      u = std::copysign(0.5, u) - u;
      v = Uniform01(rng) * v_r;
    }
    const double us = 0.5 - std::fabs(u);
    const double kf = Floor((2 * a / us + b) * u + c);
    if (!(kf >= 0 && kf <= dn)) continue;  // (also rejects us = 0)
    const auto k = static_cast<int64_t>(kf);
    v = v * alpha / (a / (us * us) + b);
    const int64_t km = k > m ? k - m : m - k;
    if (km <= 15) {
      // f(k) / f(m) by the recurrence f(i) / f(i - 1) = ((n + 1) / i - 1) p / q.
      double f = 1;
      if (m < k) {
        for (int64_t i = m + 1; i <= k; ++i) f *= nr / static_cast<double>(i) - r;
      } else if (m > k) {
        for (int64_t i = k + 1; i <= m; ++i) v *= nr / static_cast<double>(i) - r;
      }
      if (v <= f) return k;
      continue;
    }
    // Squeeze on log(f(k) / f(m)), then the exact value by Stirling's series.
    v = std::log(v);
    const double dkm = static_cast<double>(km);
    const double rho = (dkm / npq) * (((dkm / 3 + 0.625) * dkm + 1.0 / 6) / npq + 0.5);
    const double t = -dkm * dkm / (2 * npq);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    const double nm = dn - static_cast<double>(m) + 1;
    const double h = (static_cast<double>(m) + 0.5) * std::log((static_cast<double>(m) + 1) / (r * nm)) +
                     StirlingTail(m) + StirlingTail(n - m);
    const double nk = dn - kf + 1;
    if (v <= h + (dn + 1) * std::log(nm / nk) + (kf + 0.5) * std::log(nk * r / (kf + 1)) - StirlingTail(k) -
                  StirlingTail(n - k)) {
      return k;
    }
  }
}

template <class Rng>
int64_t BinomialImpl(Rng& rng, int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - BinomialImpl(rng, n, 1 - p);
  if (static_cast<double>(n) * p < 10) {
    // Inversion by sequential search from 0 (Kachitvichyanukul & Schmeiser's
    // BINV): expected cost O(np).
    const double q = 1 - p;
    const double ratio = p / q;
    const double a = static_cast<double>(n + 1) * ratio;
    double r = std::exp(static_cast<double>(n) * std::log1p(-p));
    double u = Uniform01(rng);
    int64_t x = 0;
    while (u > r) {
      u -= r;
      ++x;
      if (x > n) return n;
      r *= a / static_cast<double>(x) - ratio;
      if (r <= 0) break;
    }
    return std::min(x, n);
  }
  return BinomialBtrd(rng, n, p);
}

// Below this many ballots per category, a multinomial is drawn as n
// categorical draws by inversion (O(k + n), by the lane kernels: about 2.6 ns
// a draw with AVX-512, 8 ns without) rather than a chain of k binomials
// (about 45 ns each). Of 8, 16, 24 and 32, 16 was fastest with AVX-512 at
// 15k and 150k ballots (2-4% ahead of 8, and 10% at 1.5M); without AVX-512
// it is 7% ahead of 8 at 150k and 6% behind at 1.5M. The same for every
// processor, so that results do not depend on it.
constexpr int64_t kDrawnBallotsPerCategory = 16;

template <class Rng>
void MultinomialImpl(Rng& rng, int64_t n, const std::vector<double>& p, std::vector<int64_t>& out,
                     GuideCache* cache = nullptr) {
  out.assign(p.size(), 0);
  double mass = 0;
  for (double x : p) mass += x;
  if (n <= 0) return;
  if (n <= 12) {
    // Few ballots: one categorical draw each is cheaper than a chain of
    // binomials.
    // The category is the number of leading masses that u outlasts (u only
    // falls, so once below zero it stays there): counted without a branch
    // on the outcome.
    const size_t stop = p.size() - 1;
    for (int64_t k = 0; k < n; ++k) {
      double u = Uniform01(rng) * mass;
      size_t i = 0;
      for (size_t j = 0; j < stop; ++j) {
        u -= p[j];
        i += static_cast<size_t>(u >= 0);
      }
      while (p[i] <= 0 && i > 0) --i;  // rounding past the end: last category with mass
      ++out[i];
    }
    return;
  }
  const int64_t k = static_cast<int64_t>(p.size());
  if (n <= kDrawnBallotsPerCategory * k && k < (1 << 20) && mass > 0) {
    // n independent categorical draws by inversion (sim/lane_kernels.h),
    // from one number of rng; the guide table is built only for the kernel
    // that reads it.
    CategoricalTable t;
    if (cache != nullptr) {
      if (!cache->built) {
        cache->cdf.resize(static_cast<size_t>(k));
        CategoricalTable built = BuildCdfTable(p.data(), static_cast<int>(k), cache->cdf.data());
        cache->has_guide = CategoricalReadsGuide(built);
        if (cache->has_guide) {
          cache->guide.resize(GuideTableEntries(static_cast<int>(k)));
          BuildGuide(built, cache->guide.data());
        }
        cache->bits = built.bits;
        cache->last = built.last;
        cache->built = true;
      }
      t.k = static_cast<int>(k);
      t.bits = cache->bits, t.last = cache->last, t.cdf = cache->cdf.data();
      t.guide = cache->has_guide ? cache->guide.data() : nullptr;
      DrawCategorical(t, rng(), n, out.data());
      return;
    }
    double cdf_small[64];
    std::vector<double> cdf_big;
    double* cdf = cdf_small;
    if (k > 64) {
      cdf_big.resize(static_cast<size_t>(k));
      cdf = cdf_big.data();
    }
    t = BuildCdfTable(p.data(), static_cast<int>(k), cdf);
    // (Without a guide the plain kernel builds its own.)
    DrawCategorical(t, rng(), n, out.data());
    return;
  }
  for (size_t i = 0; i < p.size() && n > 0; ++i) {
    if (i + 1 == p.size() || p[i] >= mass) {
      out[i] = n;
      break;
    }
    const int64_t x = BinomialImpl(rng, n, p[i] / mass);
    out[i] = x;
    n -= x;
    mass -= p[i];
  }
}

}  // namespace

int64_t Binomial(Stream& rng, int64_t n, double p) { return BinomialImpl(rng, n, p); }

void Multinomial(Stream& rng, int64_t n, const std::vector<double>& p, std::vector<int64_t>& out) {
  MultinomialImpl(rng, n, p, out);
}

// Eight char flags (zero or not) as the low 8 bits of a word: a 0x80 in each
// non-zero byte, moved to bit 0 of its byte, then the bits gathered by one
// multiply.
inline uint64_t FlagBits8(const char* flags) {
  uint64_t x;
  std::memcpy(&x, flags, 8);
  uint64_t y = ((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x;
  y = (y >> 7) & 0x0101010101010101ULL;
  return (y * 0x0102040810204080ULL) >> 56;
}

// One step of the FNV-style hash that keys a node's stream.
inline uint64_t MixHash(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 1099511628211ULL;
}

void DrawMemo::Clear() {
  used_ = 0;
  hits_ = 0;
  arena_.clear();
  if (++generation_ == 0) {  // wrapped: forget the slots for real
    for (Slot& slot : slots_) slot.generation = 0;
    generation_ = 1;
  }
}

size_t DrawMemo::Probe(uint64_t key, int64_t n) const {
  const size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>((key ^ static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL >> 20) & mask;
  while (slots_[i].generation == generation_ && !(slots_[i].key == key && slots_[i].n == n)) i = (i + 1) & mask;
  return i;
}

const ChildSpec* DrawMemo::Find(uint64_t key, int64_t n, size_t& len) const {
  if (slots_.empty()) return nullptr;
  const Slot& slot = slots_[Probe(key, n)];
  if (slot.generation != generation_) return nullptr;
  ++hits_;
  len = slot.len;
  return arena_.data() + slot.offset;
}

void DrawMemo::Store(uint64_t key, int64_t n, const ChildSpec* first, size_t len) {
  if (2 * (used_ + 1) > slots_.size()) {
    // Grow (load at most one half): reinsert the slots in use.
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(std::max<size_t>(1024, 2 * old.size()), Slot{});
    const uint32_t gen = generation_;
    for (Slot& slot : slots_) slot.generation = gen - 1;  // (empty)
    for (const Slot& slot : old) {
      if (slot.generation == gen) slots_[Probe(slot.key, slot.n)] = slot;
    }
  }
  Slot& slot = slots_[Probe(key, n)];
  if (slot.generation == generation_) return;  // (already there)
  slot = Slot{key, n, generation_, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(len)};
  arena_.insert(arena_.end(), first, first + len);
  ++used_;
}

// (The memo's key also carries the seed and run, so a memo that was not
// cleared between runs can never hand one run's draws to another.)
bool PlExpander::MemoHit(uint64_t key, int64_t n, std::vector<ChildSpec>& out) const {
  if (memo_ == nullptr) return false;
  size_t len = 0;
  const ChildSpec* hit = memo_->Find(MixHash(MixHash(key, seed_), run_), n, len);
  if (hit == nullptr) return false;
  out.insert(out.end(), hit, hit + len);
  return true;
}

void PlExpander::MemoStore(uint64_t key, int64_t n, const std::vector<ChildSpec>& out, size_t start) {
  if (memo_ != nullptr) memo_->Store(MixHash(MixHash(key, seed_), run_), n, out.data() + start, out.size() - start);
}

void PlExpander::Reset(const RunSample& sample, uint64_t seed, uint64_t run, DrawMemo* memo) {
  memo_ = memo;
  s_ = &sample;
  seed_ = seed;
  run_ = run;
  run_key_ = Stream(seed, run, StreamPurpose::kBallots, 2)();
  if (++path_generation_ == 0) {  // (after 2^32 trees: forget everything once)
    path_info_.clear();
    path_generation_ = 1;
  }
  for (ContinuingTable& t : continuing_tables_) t.valid = false;
  std::fill(alias_built_.begin(), alias_built_.end(), 0);
}

void PlExpander::Expand(const BallotTree& tree, NodeId node, std::vector<ChildSpec>& out) {
  Draw(tree, node, nullptr, out);
}

void PlExpander::ExpandContinuing(const BallotTree& tree, NodeId node, const std::vector<char>& continuing,
                                  std::vector<ChildSpec>& out) {
  Draw(tree, node, &continuing, out);
}


// The path's hash (candidates from the root down) and, for up to 64
// candidates, its set as a bit mask; kept per node, computed from the nearest
// known ancestor.
const PlExpander::PathInfo& PlExpander::Path(const BallotTree& tree, NodeId node) {
  if (path_info_.size() < tree.size()) path_info_.resize(std::max(tree.size(), 2 * path_info_.size()));
  const uint32_t known = path_generation_;
  if (path_info_[node].generation == known) return path_info_[node];
  path_stack_.clear();
  NodeId n = node;
  while (n != BallotTree::kRoot && path_info_[n].generation != known) {
    path_stack_.push_back(n);
    n = tree.parent(n);
  }
  PathInfo acc;
  if (n == BallotTree::kRoot) {
    acc.hash = 1469598103934665603ULL;
    acc.mask = 0;
  } else {
    acc = path_info_[n];
  }
  for (size_t i = path_stack_.size(); i-- > 0;) {
    const NodeId m = path_stack_[i];
    const CandidateId c = tree.candidate(m);
    acc.hash = MixHash(acc.hash, static_cast<uint64_t>(c) + 1);
    if (c < 64) acc.mask |= uint64_t{1} << c;
    acc.generation = known;
    path_info_[m] = acc;
  }
  if (node == BallotTree::kRoot) {
    root_info_ = PathInfo{1469598103934665603ULL, 0, known};
    return root_info_;
  }
  return path_info_[node];
}

void PlExpander::Draw(const BallotTree& tree, NodeId node, const std::vector<char>* continuing,
                      std::vector<ChildSpec>& out) {
  const int C = s_->num_candidates;
  // Hash of (cell, path, continuing set) keys the node's stream.
  const PathInfo& info = Path(tree, node);
  uint64_t h = info.hash;
  auto mix = [&h](uint64_t v) { h = MixHash(h, v); };
  // The candidates on the path as flags, filled only where needed (the usual
  // draw of continuing preferences reads the path's bit mask instead).
  auto fill_on_path = [&] {
    on_path_.assign(static_cast<size_t>(C), 0);
    if (C <= 64) {
      for (uint64_t m = info.mask; m != 0; m &= m - 1) on_path_[std::countr_zero(m)] = 1;
    } else {
      for (NodeId n = node; n != BallotTree::kRoot; n = tree.parent(n)) on_path_[tree.candidate(n)] = 1;
    }
  };
  mix(static_cast<uint64_t>(tree.depth(node)) << 32);
  if (continuing) {
    // The continuing set as bit words, one mix per 64 candidates.
    const char* cont = continuing->data();
    cont_words_.clear();
    for (int base = 0, i = 0; base < C; base += 64, ++i) {
      uint64_t word = 0;
      const int end = std::min(C, base + 64);
      int c = base;
      for (; c + 8 <= end; c += 8) word |= FlagBits8(cont + c) << (c - base);
      if (c < end && end - base >= 8) {
        // The last few flags: the word's last eight bytes again (the
        // overlap sets bits already set).
        word |= FlagBits8(cont + end - 8) << (end - 8 - base);
        c = end;
      }
      for (; c < end; ++c) word |= static_cast<uint64_t>(cont[c] != 0) << (c - base);
      mix(word * 3 + 7 + (static_cast<uint64_t>(i) << 58));
      cont_words_.push_back(word);
    }
  } else {
    mix(0xFFFF);
  }
  auto eligible = [&](int c) { return !on_path_[c] && (continuing == nullptr || (*continuing)[c]); };

  const size_t out_start = out.size();
  const int64_t n_node = tree.count(node);
  if (node == BallotTree::kRoot) {
    // First preferences, cell by cell; every ballot has at least one.
    const uint64_t root_key = MixHash(h, 0x524F4F54);
    if (MemoHit(root_key, n_node, out)) return;
    fill_on_path();
    const int cells = static_cast<int>(s_->ballots.size());
    for (int cell = 0; cell < cells; ++cell) {
      if (s_->ballots[cell] == 0) continue;
      uint64_t hc = h;
      hc ^= (static_cast<uint64_t>(cell) + 1) * 0xD6E8FEB86659FD93ULL;
      SplitMix rng{ObjectSeed(run_key_, hc)};
      probs_.clear();
      cats_.clear();
      for (int c = 0; c < C; ++c) {
        if (!eligible(c)) continue;
        probs_.push_back(s_->weight[static_cast<size_t>(cell) * C + c]);
        cats_.push_back(c);
      }
      if (cats_.empty()) continue;
      MultinomialImpl(rng, s_->ballots[cell], probs_, counts_);
      for (size_t i = 0; i < cats_.size(); ++i) {
        if (counts_[i] > 0) out.push_back({cats_[i], counts_[i], cell});
      }
    }
    MemoStore(root_key, n_node, out, out_start);
    return;
  }
  const int cell = tree.tag(node);
  mix(static_cast<uint64_t>(cell) + 0x51ED);
  if (MemoHit(h, n_node, out)) return;
  SplitMix rng{ObjectSeed(run_key_, h)};
  if (continuing != nullptr) {
    // Every candidate on the path has been elected or excluded, so the
    // categories are the continuing candidates and stop: the same for every
    // parcel of the cell in this transfer, kept with their guide table.
    bool path_continuing = false;
    if (C <= 64) {
      path_continuing = (info.mask & cont_words_[0]) != 0;
    } else {
      fill_on_path();
      for (int c = 0; c < C; ++c) path_continuing |= on_path_[c] && (*continuing)[c];
    }
    if (!path_continuing) {
      if (continuing_tables_.size() != s_->ballots.size()) continuing_tables_.assign(s_->ballots.size(), {});
      ContinuingTable& t = continuing_tables_[cell];
      if (!t.valid || t.key != cont_words_) {
        t.key = cont_words_;
        t.cats.clear();
        t.probs.clear();
        const double* w = &s_->weight[static_cast<size_t>(cell) * C];
        // The continuing candidates in order, from the set's bit words.
        for (size_t i = 0; i < cont_words_.size(); ++i) {
          for (uint64_t bits = cont_words_[i]; bits != 0; bits &= bits - 1) {
            const int c = static_cast<int>(64 * i) + std::countr_zero(bits);
            t.probs.push_back(w[c]);
            t.cats.push_back(c);
          }
        }
        t.probs.push_back(s_->stop[cell]);
        t.guide.built = false;  // (keeps its storage)
        t.valid = true;
      }
      MultinomialImpl(rng, tree.count(node), t.probs, counts_, &t.guide);
      // The children with ballots, written without a branch on each count
      // (zero or not at random): every slot is written, the end advances
      // past the non-empty ones only.
      const size_t k = t.cats.size();
      out.resize(out_start + k);
      ChildSpec* dst = out.data() + out_start;
      size_t used = 0;
      for (size_t i = 0; i < k; ++i) {
        dst[used] = ChildSpec{t.cats[i], counts_[i], cell};
        used += static_cast<size_t>(counts_[i] > 0);
      }
      out.resize(out_start + used);
      MemoStore(h, n_node, out, out_start);
      return;
    }
  }
  fill_on_path();
  probs_.clear();
  cats_.clear();
  for (int c = 0; c < C; ++c) {
    if (!eligible(c)) continue;
    probs_.push_back(s_->weight[static_cast<size_t>(cell) * C + c]);
    cats_.push_back(c);
  }
  probs_.push_back(s_->stop[cell]);  // the stop category, last
  MultinomialImpl(rng, tree.count(node), probs_, counts_);
  for (size_t i = 0; i < cats_.size(); ++i) {
    if (counts_[i] > 0) out.push_back({cats_[i], counts_[i], cell});
  }
  MemoStore(h, n_node, out, out_start);
}

// The cell's tables for SampleMarks (BuildMarksTables, sim/lane_kernels.h).
void PlExpander::BuildAlias(int cell) {
  const int C = s_->num_candidates;
  const int cols = 1 << MarksTableBits(C);
  const size_t cells = s_->ballots.size();
  if (alias_built_.size() != cells) {
    alias_built_.assign(cells, 0);
    alias_threshold_.assign(cells * static_cast<size_t>(cols), 0);
    alias_other_.assign(cells * static_cast<size_t>(cols), 0);
    alias_total_.assign(cells, 0.0);
    by_weight_.assign(cells * static_cast<size_t>(C), 0);
  }
  const double* w = &s_->weight[static_cast<size_t>(cell) * C];
  alias_total_[cell] = BuildMarksTables(w, C, s_->stop[cell], &alias_threshold_[static_cast<size_t>(cell) * cols],
                                        &alias_other_[static_cast<size_t>(cell) * cols],
                                        &by_weight_[static_cast<size_t>(cell) * C]);
  if (C <= 63) {  // SampleMarks' weights by column: zero for stop and padding
    if (alias_wpad_.size() != cells * 64) alias_wpad_.assign(cells * 64, 0.0);
    double* wpad = &alias_wpad_[static_cast<size_t>(cell) * 64];
    std::fill(wpad, wpad + 64, 0.0);
    for (int c = 0; c < C; ++c) wpad[c] = w[c];
  }
  alias_built_[cell] = 1;
}

bool PlExpander::SampleMarks(const BallotTree& tree, NodeId node, int more, std::vector<int64_t>& marks) {
  if (node == BallotTree::kRoot) return false;
  const int C = s_->num_candidates;
  if (C + 1 > (1 << 15)) return false;
  const bool one_word = C <= 63;  // candidates as bits of one word (below), else flags
  if (!one_word) on_path_.assign(static_cast<size_t>(C), 0);
  uint64_t path = 0;
  uint64_t h = 0x6D61726B73ULL;  // "marks"
  int left_at_node = C;
  for (NodeId n = node; n != BallotTree::kRoot; n = tree.parent(n)) {
    if (one_word) path |= uint64_t{1} << tree.candidate(n);
    else on_path_[tree.candidate(n)] = 1;
    --left_at_node;
    h = (h ^ (static_cast<uint64_t>(tree.candidate(n)) + 1)) * 1099511628211ULL;
  }
  const int cell = tree.tag(node);
  h = (h ^ (static_cast<uint64_t>(cell) + 0x51ED)) * 1099511628211ULL;
  h = (h ^ static_cast<uint64_t>(node)) * 1099511628211ULL;
  const uint64_t node_seed = ObjectSeed(run_key_, h);
  if (alias_built_.size() != s_->ballots.size() || !alias_built_[cell]) BuildAlias(cell);
  const int bits = MarksTableBits(C);
  const int cols = 1 << bits;
  const int frac_bits = 64 - bits;
  const uint64_t frac_mask = frac_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << frac_bits) - 1;
  const uint64_t* thr = &alias_threshold_[static_cast<size_t>(cell) * cols];
  const int16_t* other = &alias_other_[static_cast<size_t>(cell) * cols];
  const double total = alias_total_[cell];
  const double* w = &s_->weight[static_cast<size_t>(cell) * C];
  const double stop = s_->stop[cell];
  double base = 0;
  const int64_t ballots = tree.count(node);
  if (one_word) {
    // Candidates as bits of one word: the ballots one by one, eight at a
    // time where the processor allows (sim/lane_kernels.h; the same marks
    // either way).
    int positive_left = 0;  // untaken candidates that can still be drawn
    for (int c = 0; c < C; ++c) {
      if (path >> c & 1) continue;
      base += w[c];
      positive_left += w[c] > 0;
    }
    MarksCell t;
    t.num_candidates = C;
    t.bits = bits;
    t.threshold = thr;
    t.other = other;
    t.wpad = &alias_wpad_[static_cast<size_t>(cell) * 64];
    t.weight = w;
    t.by_weight = &by_weight_[static_cast<size_t>(cell) * C];
    t.stop = stop;
    t.total = total;
    MarksNode nd;
    nd.seed = node_seed;
    nd.path = path;
    nd.ballots = ballots;
    nd.limit = std::min(more, positive_left);
    nd.base = base;
    int64_t local[64] = {0};
    DrawNodeMarks(t, nd, local);
    for (int c = 0; c < C; ++c) marks[c] += local[c];
    return true;
  }
  SplitMix rng{node_seed};
  for (int c = 0; c < C; ++c) {
    if (!on_path_[c]) base += w[c];
  }
  std::vector<char>& taken = on_path_;
  int picked[64];
  std::vector<int> picked_big;
  for (int64_t b = 0; b < ballots; ++b) {
    double mass = base;
    int left = left_at_node;
    int npicked = 0;
    for (int k = 0; k < more && left > 0; ++k) {
      // The next preference among the untaken candidates and stop, in
      // proportion to their weights. While they hold at least a quarter of
      // the cell's weight: alias draws over all categories, redrawn when a
      // taken candidate comes up (exactly the conditional law); else one
      // inversion over the untaken ones.
      int pick = -1;
      if (mass + stop >= 0.25 * total) {
        for (;;) {
          const uint64_t r = rng();
          const int col = static_cast<int>(r >> frac_bits);
          const int cat = (r & frac_mask) < thr[col] ? col : other[col];
          if (cat >= C) break;  // stop
          if (taken[cat]) continue;
          pick = cat;
          break;
        }
      } else {
        double u = rng.Uniform() * (mass + stop);
        for (int c = 0; c < C; ++c) {
          if (taken[c]) continue;
          u -= w[c];
          if (u < 0) {
            pick = c;
            break;
          }
        }
        if (pick < 0 && stop <= 0) {  // rounding past the end with no stop: the last one left
          for (int c = C - 1; c >= 0 && pick < 0; --c) {
            if (!taken[c]) pick = c;
          }
        }
      }
      if (pick < 0) break;  // stop
      taken[pick] = 1;
      if (npicked < 64) picked[npicked++] = pick;
      else picked_big.push_back(pick);
      mass -= w[pick];
      --left;
      ++marks[pick];
    }
    for (int i = 0; i < npicked; ++i) taken[picked[i]] = 0;
    for (int c : picked_big) taken[c] = 0;
    picked_big.clear();
  }
  return true;
}

Election SampleBallotsReference(const RunSample& s, uint64_t seed, uint64_t run) {
  Election e;
  const int C = s.num_candidates;
  e.candidates.resize(static_cast<size_t>(C));
  Stream rng(seed, run, StreamPurpose::kBallots, 0x7E7E);
  std::vector<double> w;
  std::vector<int> left;
  for (size_t cell = 0; cell < s.ballots.size(); ++cell) {
    for (int64_t v = 0; v < s.ballots[cell]; ++v) {
      Ballot b;
      left.resize(static_cast<size_t>(C));
      for (int c = 0; c < C; ++c) left[c] = c;
      double total = 0;
      for (int c = 0; c < C; ++c) total += s.weight[cell * C + c];
      while (!left.empty()) {
        const double stop = b.prefs.empty() ? 0.0 : s.stop[cell];
        double u = rng.Uniform() * (total + stop);
        size_t j = 0;
        bool stopped = true;
        for (; j < left.size(); ++j) {
          u -= s.weight[cell * C + left[j]];
          if (u < 0) {
            stopped = false;
            break;
          }
        }
        if (stopped) {
          if (stop > 0 || b.prefs.empty()) {
            if (b.prefs.empty()) j = left.size() - 1;  // rounding: take the last
            else break;
          } else {
            j = left.size() - 1;
          }
        }
        b.prefs.push_back(left[j]);
        total -= s.weight[cell * C + left[j]];
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(j));
      }
      e.ballots.push_back(std::move(b));
    }
  }
  return e;
}

}  // namespace necsim
