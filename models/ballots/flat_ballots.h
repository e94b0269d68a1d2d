// FlatBallots: an election's ballots in flat arrays, the form the ballot tree
// of real ballots reads (BallotTree::FromFlat) and the BLT reader can write
// straight away (ParseBltFlat): every ballot's preferences in one array, each
// list ended by kEnd, and per ballot where its list starts and its weight. No
// allocation per ballot, and the tree adopts the arrays without a copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include "core/election.h"

namespace necsim {

// Pref: the stored type of a candidate (0-based). uint16_t holds up to 65,535
// candidates (ids up to 65,534; the BLT reader allows 10,000), int32_t any
// CandidateId.
template <class Pref>
struct BasicFlatBallots {
  static constexpr Pref kEnd = std::numeric_limits<Pref>::max();
  // 8 bytes a ballot (the tree sorts these): a list starts below 2^34 (the
  // reader's texts are far smaller: each preference takes two bytes), and a
  // weight above 2^30 - 1 is held as several entries of the same list (the
  // BLT reader's weights are at most 10^9, below it).
  static constexpr uint64_t kMaxStart = (uint64_t{1} << 34) - 1;
  static constexpr int64_t kMaxEntryWeight = (int64_t{1} << 30) - 1;
  struct Entry {
    uint64_t start : 34;   // the ballot's preferences from prefs[start], up to kEnd
    uint64_t weight : 30;  // 1 to kMaxEntryWeight
  };
  std::vector<Pref> prefs;     // every ballot's preferences, each list ended by kEnd
  std::vector<Entry> ballots;  // in file order
  int64_t total = 0;           // the sum of the weights

  // The entries (ballots, but for weights above kMaxEntryWeight).
  size_t size() const { return ballots.size(); }
  int64_t weight(size_t i) const { return static_cast<int64_t>(ballots[i].weight); }
  // Appends a ballot of weight >= 1 (preferences as in Ballot::prefs).
  // Throws std::length_error past 2^34 preferences in all.
  void Add(int64_t weight, std::span<const CandidateId> ranking) {
    const size_t at = prefs.size();
    if (at > kMaxStart) throw std::length_error("more than 2^34 preferences in all");
    total += weight;
    for (; weight > kMaxEntryWeight; weight -= kMaxEntryWeight) ballots.push_back({at, uint64_t{kMaxEntryWeight}});
    ballots.push_back({at, static_cast<uint64_t>(weight)});
    prefs.resize(at + ranking.size() + 1);
    Pref* out = prefs.data() + at;
    for (CandidateId c : ranking) *out++ = static_cast<Pref>(c);
    *out = kEnd;
  }
  // The preferences of ballot i, as Ballot::prefs holds them.
  std::vector<CandidateId> Ranking(size_t i) const {
    std::vector<CandidateId> out;
    for (size_t k = ballots[i].start; prefs[k] != kEnd; ++k) out.push_back(static_cast<CandidateId>(prefs[k]));
    return out;
  }
};

using FlatBallots = BasicFlatBallots<uint16_t>;

// Removes the candidates c with withdrawn[c] from every ballot, in place (the
// later preferences move up; a ballot left without any stays, exhausted), as
// the BLT reader drops a file's withdrawn candidates. `withdrawn` may be
// shorter than the candidates (those beyond it stay).
template <class Pref>
void WithdrawFromBallots(BasicFlatBallots<Pref>& b, const std::vector<char>& withdrawn) {
  using Ballots = BasicFlatBallots<Pref>;
  auto gone = [&](Pref p) { return static_cast<size_t>(p) < withdrawn.size() && withdrawn[p]; };
  size_t write = 0;
  uint64_t last_old = 0, last_new = 0;
  for (size_t i = 0; i < b.ballots.size(); ++i) {
    const uint64_t old = b.ballots[i].start;
    if (i > 0 && old == last_old) {  // another entry of the same list (a large weight)
      b.ballots[i].start = last_new;
      continue;
    }
    // Lists follow one another, so the write position never passes the read one.
    const uint64_t at = write;
    for (size_t k = old;; ++k) {
      const Pref p = b.prefs[k];
      if (p != Ballots::kEnd && gone(p)) continue;
      b.prefs[write++] = p;
      if (p == Ballots::kEnd) break;
    }
    last_old = old;
    last_new = at;
    b.ballots[i].start = at;
  }
  b.prefs.resize(write);
}

}  // namespace necsim
