#include "voters/voter_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>
#include <functional>
#include <numbers>
#include <random>

#include "voters/draws.h"

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

VoterModel VoterModel::Build(const Electorate& sc) {
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

RunSample SampleRun(const Electorate& sc, const VoterModel& m, uint64_t seed, uint64_t run) {
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
  // Turnout: Beta(mean, sd) per cell, the mean being the region's times the
  // bloc's factor plus the bloc's shift there, within [0, 0.999]. A cell whose
  // mean is 0 casts no ballots (and draws nothing).
  {
    Stream rng(seed, run, StreamPurpose::kTurnout);
    for (int r = 0; r < R; ++r) {
      for (int b = 0; b < B; ++b) {
        const BetaSpec& t = sc.regions[r].turnout;
        const BlocConfig& bc = sc.blocs[b];
        const double shift = bc.turnout_shift.empty() ? 0.0 : bc.turnout_shift[static_cast<size_t>(r)];
        const double mean = std::min(0.999, std::max(0.0, t.mean * bc.turnout_factor + shift));
        double x = mean;
        if (t.sd > 0 && mean > 0) {
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
  // How-to-vote cards: each voter of a bloc with `follow` follows card k with
  // probability share_k (and none with the rest), independently: the cell's
  // ballots split by one multinomial draw per cell, from one stream.
  if (!sc.cards.empty()) {
    for (const CardConfig& card : sc.cards) s.cards.emplace_back(card.order.begin(), card.order.end());
    Stream rng(seed, run, StreamPurpose::kCards);
    std::vector<double> p;
    std::vector<int64_t> counts;
    for (int r = 0; r < R; ++r) {
      for (int b = 0; b < B; ++b) {
        const BlocConfig& bc = sc.blocs[b];
        if (bc.follow.empty()) continue;
        p.clear();
        double rest = 1;
        for (const BlocConfig::Follow& f : bc.follow) {
          p.push_back(f.share);
          rest -= f.share;
        }
        p.push_back(std::max(0.0, rest));
        Multinomial(rng, s.ballots[r * B + b], p, counts);
        for (size_t k = 0; k < bc.follow.size(); ++k) {
          if (counts[k] == 0) continue;
          const int card = bc.follow[k].card;
          s.card_voters.push_back({r * B + b, card, counts[k], bc.compliance, R * B + static_cast<int32_t>(s.card_tag_group.size())});
          s.card_tag_group.insert(s.card_tag_group.end(), s.cards[card].size() + 1,
                                  static_cast<int32_t>(s.card_voters.size() - 1));
        }
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

RunSample RestrictToRegions(const Electorate& sc, const RunSample& s, const std::vector<int>& regions) {
  RunSample out = s;
  const int B = static_cast<int>(sc.blocs.size());
  const int C = s.num_candidates;
  auto in = [&](int r) { return std::find(regions.begin(), regions.end(), r) != regions.end(); };
  for (int r = 0; r < static_cast<int>(sc.regions.size()); ++r) {
    if (in(r)) continue;
    for (int b = 0; b < B; ++b) out.ballots[static_cast<size_t>(r * B + b)] = 0;
  }
  // Card followers outside the regions: none (their tags keep their numbers).
  for (CardVoters& g : out.card_voters) {
    if (!in(g.cell / B)) g.ballots = 0;
  }
  for (int c = 0; c < C; ++c) {
    if (sc.candidates[c].region >= 0 && in(sc.candidates[c].region)) continue;
    for (size_t cell = 0; cell < s.ballots.size(); ++cell) out.weight[cell * C + c] = 0.0;
  }
  return out;
}

}  // namespace necsim
