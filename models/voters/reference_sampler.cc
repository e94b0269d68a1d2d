#include "voters/reference_sampler.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace necsim {

Election SampleBallotsReference(const RunSample& s, uint64_t seed, uint64_t run) {
  Election e;
  const int C = s.num_candidates;
  e.candidates.resize(static_cast<size_t>(C));
  Stream rng(seed, run, StreamPurpose::kBallots, 0x7E7E);
  std::vector<int> left;
  double total = 0;
  // One Plackett-Luce step over the candidates `left` and stop (never before
  // the first preference): appends the pick to b and returns true, or returns
  // false when the ballot stops.
  auto free_step = [&](size_t cell, Ballot& b) {
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
        else return false;
      } else {
        j = left.size() - 1;
      }
    }
    b.prefs.push_back(left[j]);
    total -= s.weight[cell * C + left[j]];
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(j));
    return true;
  };
  auto start_ballot = [&](size_t cell) {
    left.resize(static_cast<size_t>(C));
    for (int c = 0; c < C; ++c) left[c] = c;
    total = 0;
    for (int c = 0; c < C; ++c) total += s.weight[cell * C + c];
  };
  for (size_t cell = 0; cell < s.ballots.size(); ++cell) {
    const int64_t plain = s.PlainBallots(static_cast<int>(cell));
    for (int64_t v = 0; v < plain; ++v) {
      Ballot b;
      start_ballot(cell);
      while (!left.empty() && free_step(cell, b)) {
      }
      e.ballots.push_back(std::move(b));
    }
  }
  // Card followers (scenarios/README.md, "How-to-vote cards"): while
  // following, each step ranks the card's next name not yet ranked (of
  // positive weight) with probability `compliance`; otherwise, and once the
  // card has no such name left, the voter ranks freely from then on.
  std::vector<char> ranked;
  for (const CardVoters& g : s.card_voters) {
    const auto cell = static_cast<size_t>(g.cell);
    const std::vector<CandidateId>& card = s.cards[static_cast<size_t>(g.card)];
    for (int64_t v = 0; v < g.ballots; ++v) {
      Ballot b;
      start_ballot(cell);
      ranked.assign(static_cast<size_t>(C), 0);
      bool following = true;
      size_t pos = 0;
      while (!left.empty()) {
        if (following) {
          while (pos < card.size() && (ranked[card[pos]] || s.weight[cell * C + card[pos]] <= 0)) ++pos;
          if (pos == card.size()) following = false;
        }
        if (following) {
          if (rng.Uniform() < g.compliance) {
            const CandidateId c = card[pos++];
            b.prefs.push_back(c);
            ranked[c] = 1;
            total -= s.weight[cell * C + c];
            left.erase(std::find(left.begin(), left.end(), c));
            continue;
          }
          following = false;
        }
        const size_t before = b.prefs.size();
        if (!free_step(cell, b)) break;
        if (b.prefs.size() > before) ranked[b.prefs.back()] = 1;
      }
      e.ballots.push_back(std::move(b));
    }
  }
  return e;
}

}  // namespace necsim
