#include "sim/sampler.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <random>

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

int64_t Binomial(Stream& rng, int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - Binomial(rng, n, 1 - p);
  if (static_cast<double>(n) * p < 30) {
    // Inversion by sequential search from 0 (Kachitvichyanukul & Schmeiser's
    // BINV): expected cost O(np).
    const double q = 1 - p;
    const double ratio = p / q;
    const double a = static_cast<double>(n + 1) * ratio;
    double r = std::exp(static_cast<double>(n) * std::log1p(-p));
    double u = rng.Uniform();
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
  std::binomial_distribution<int64_t> bd(n, p);
  return bd(rng);
}

void Multinomial(Stream& rng, int64_t n, const std::vector<double>& p, std::vector<int64_t>& out) {
  out.assign(p.size(), 0);
  double mass = 0;
  for (double x : p) mass += x;
  if (n <= 12) {
    // Few ballots: one categorical draw each is cheaper than a chain of
    // binomials.
    for (int64_t k = 0; k < n; ++k) {
      double u = rng.Uniform() * mass;
      size_t i = 0;
      for (; i + 1 < p.size(); ++i) {
        u -= p[i];
        if (u < 0) break;
      }
      while (p[i] <= 0 && i > 0) --i;  // rounding past the end: last category with mass
      ++out[i];
    }
    return;
  }
  for (size_t i = 0; i < p.size() && n > 0; ++i) {
    if (i + 1 == p.size() || p[i] >= mass) {
      out[i] = n;
      break;
    }
    const int64_t k = Binomial(rng, n, p[i] / mass);
    out[i] = k;
    n -= k;
    mass -= p[i];
  }
}

void PlExpander::Expand(const BallotTree& tree, NodeId node, std::vector<ChildSpec>& out) {
  Draw(tree, node, nullptr, out);
}

void PlExpander::ExpandContinuing(const BallotTree& tree, NodeId node, const std::vector<char>& continuing,
                                  std::vector<ChildSpec>& out) {
  Draw(tree, node, &continuing, out);
}

void PlExpander::Draw(const BallotTree& tree, NodeId node, const std::vector<char>* continuing,
                      std::vector<ChildSpec>& out) {
  const int C = s_.num_candidates;
  on_path_.assign(static_cast<size_t>(C), 0);
  // Hash of (cell, path, continuing set) keys the node's stream.
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 1099511628211ULL;
  };
  for (NodeId n = node; n != BallotTree::kRoot; n = tree.parent(n)) {
    on_path_[tree.candidate(n)] = 1;
    mix(static_cast<uint64_t>(tree.candidate(n)) + 1);
  }
  mix(static_cast<uint64_t>(tree.depth(node)) << 32);
  if (continuing) {
    for (int c = 0; c < C; ++c) mix((*continuing)[c] ? 3 * static_cast<uint64_t>(c) + 7 : 0);
  } else {
    mix(0xFFFF);
  }
  auto eligible = [&](int c) { return !on_path_[c] && (continuing == nullptr || (*continuing)[c]); };

  if (node == BallotTree::kRoot) {
    // First preferences, cell by cell; every ballot has at least one.
    const int cells = static_cast<int>(s_.ballots.size());
    for (int cell = 0; cell < cells; ++cell) {
      if (s_.ballots[cell] == 0) continue;
      uint64_t hc = h;
      hc ^= (static_cast<uint64_t>(cell) + 1) * 0xD6E8FEB86659FD93ULL;
      Stream rng = Stream::ForObject(seed_, run_, StreamPurpose::kBallots, hc);
      probs_.clear();
      cats_.clear();
      for (int c = 0; c < C; ++c) {
        if (!eligible(c)) continue;
        probs_.push_back(s_.weight[static_cast<size_t>(cell) * C + c]);
        cats_.push_back(c);
      }
      if (cats_.empty()) continue;
      std::vector<int64_t> counts;
      Multinomial(rng, s_.ballots[cell], probs_, counts);
      for (size_t i = 0; i < cats_.size(); ++i) {
        if (counts[i] > 0) out.push_back({cats_[i], counts[i], cell});
      }
    }
    return;
  }
  const int cell = tree.tag(node);
  mix(static_cast<uint64_t>(cell) + 0x51ED);
  Stream rng = Stream::ForObject(seed_, run_, StreamPurpose::kBallots, h);
  probs_.clear();
  cats_.clear();
  for (int c = 0; c < C; ++c) {
    if (!eligible(c)) continue;
    probs_.push_back(s_.weight[static_cast<size_t>(cell) * C + c]);
    cats_.push_back(c);
  }
  probs_.push_back(s_.stop[cell]);  // the stop category, last
  std::vector<int64_t> counts;
  Multinomial(rng, tree.count(node), probs_, counts);
  for (size_t i = 0; i < cats_.size(); ++i) {
    if (counts[i] > 0) out.push_back({cats_[i], counts[i], cell});
  }
}

bool PlExpander::SampleMarks(const BallotTree& tree, NodeId node, int more, std::vector<int64_t>& marks) {
  if (node == BallotTree::kRoot) return false;
  const int C = s_.num_candidates;
  on_path_.assign(static_cast<size_t>(C), 0);
  uint64_t h = 0x6D61726B73ULL;  // "marks"
  for (NodeId n = node; n != BallotTree::kRoot; n = tree.parent(n)) {
    on_path_[tree.candidate(n)] = 1;
    h = (h ^ (static_cast<uint64_t>(tree.candidate(n)) + 1)) * 1099511628211ULL;
  }
  const int cell = tree.tag(node);
  h = (h ^ (static_cast<uint64_t>(cell) + 0x51ED)) * 1099511628211ULL;
  h = (h ^ static_cast<uint64_t>(node)) * 1099511628211ULL;
  Stream rng = Stream::ForObject(seed_, run_, StreamPurpose::kBallots, h);
  const double* w = &s_.weight[static_cast<size_t>(cell) * C];
  const double stop = s_.stop[cell];
  double base = 0;
  for (int c = 0; c < C; ++c) {
    if (!on_path_[c]) base += w[c];
  }
  std::vector<char>& taken = on_path_;
  std::vector<int> picked;
  for (int64_t b = 0; b < tree.count(node); ++b) {
    double mass = base;
    picked.clear();
    for (int k = 0; k < more && mass > 0; ++k) {
      double u = rng.Uniform() * (mass + stop);
      int pick = -1;
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
      if (pick < 0) break;  // stop
      taken[pick] = 1;
      picked.push_back(pick);
      mass -= w[pick];
      ++marks[pick];
    }
    for (int c : picked) taken[c] = 0;
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
