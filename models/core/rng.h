// Counter-based random streams.
//
// Every random draw in necsim comes from a Stream keyed by (master seed, run
// index, purpose). The generator is Philox4x32-10 (Salmon, Moraes, Dror & Shaw,
// "Parallel random numbers: as easy as 1, 2, 3", SC 2011): the output block is
// a bijective function of a 128-bit counter under a 64-bit key, so a stream is
// fully determined by its key and how many numbers were drawn from it, never
// by which thread runs it. Stream satisfies UniformRandomBitGenerator, so
// standard and Boost.Random distributions sit on top.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace necsim {

// What a stream is used for. Distinct purposes never share numbers, so extra
// draws for one purpose never shift another (as OpenMC's per-particle streams).
enum class StreamPurpose : uint32_t {
  kLots = 1,         // tie-breaking by lot in counts
  kBlocShares = 2,   // per-run bloc shares
  kTurnout = 3,      // per-run turnout
  kCampaign = 4,     // per-run campaign noise
  kBallots = 5,      // ballot sampling
  kSwing = 6,        // boundary-review swing errors
  kNec = 7,          // alignment of the NEC's other sections
  kFit = 8,          // random starts of necsim fit
  kCards = 9,        // per-run split of card followers (how-to-vote cards)
  kTest = 99,
};

class Stream {
 public:
  using result_type = uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint64_t>::max(); }

  Stream(uint64_t seed, uint64_t run, StreamPurpose purpose, uint32_t sub = 0)
      : key_{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)},
        ctr_{0, static_cast<uint32_t>(purpose) ^ (sub << 16), static_cast<uint32_t>(run),
             static_cast<uint32_t>(run >> 32)} {}

  result_type operator()() {
    if (idx_ >= 2) Refill();
    return block_[idx_++];
  }

  // Uniform double in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n) without modulo bias (Lemire's method). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    for (;;) {
      const uint64_t x = (*this)();
      const unsigned __int128 m = static_cast<unsigned __int128>(x) * n;
      const auto lo = static_cast<uint64_t>(m);
      if (lo >= n || lo >= (-n) % n) return static_cast<uint64_t>(m >> 64);
    }
  }

 private:
  static void Round(std::array<uint32_t, 4>& c, const std::array<uint32_t, 2>& k) {
    constexpr uint64_t kM0 = 0xD2511F53, kM1 = 0xCD9E8D57;
    const uint64_t p0 = kM0 * c[0];
    const uint64_t p1 = kM1 * c[2];
    c = {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<uint32_t>(p1),
         static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<uint32_t>(p0)};
  }
  void Refill() {
    std::array<uint32_t, 4> c = ctr_;
    std::array<uint32_t, 2> k = key_;
    for (int r = 0; r < 10; ++r) {
      Round(c, k);
      k[0] += 0x9E3779B9;
      k[1] += 0xBB67AE85;
    }
    block_[0] = (static_cast<uint64_t>(c[0]) << 32) | c[1];
    block_[1] = (static_cast<uint64_t>(c[2]) << 32) | c[3];
    idx_ = 0;
    ++ctr_[0];  // 2^32 blocks per stream before the purpose word would be touched
  }

  std::array<uint32_t, 2> key_;
  std::array<uint32_t, 4> ctr_;
  std::array<uint64_t, 2> block_{};
  int idx_ = 2;
};

// The SplitMix64 output function (Steele, Lea & Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014): a bijective 64-bit mixer.
inline uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// SplitMix64: a UniformRandomBitGenerator, ~1 ns per number; for the many
// draws of one object (a node of a ballot tree, a run's error vector), seeded
// from a Stream or by ObjectSeed.
class SplitMix64 {
 public:
  using result_type = uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint64_t>::max(); }
  explicit SplitMix64(uint64_t state) : s_(state) {}
  result_type operator()() { return Mix64(s_ += 0x9E3779B97F4A7C15ULL); }
  // Uniform double in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  uint64_t s_;
};

// The seed of one object's SplitMix64 within a run: the object's 64-bit hash
// and the run's key for that purpose (one output of the run's Stream, drawn
// once per run) through two 64-bit finalisers. A function of (seed, run,
// purpose, object) alone, whatever the thread, and far cheaper than a Philox
// block per object; distinct objects start at unrelated points of SplitMix's
// sequence.
inline uint64_t ObjectSeed(uint64_t run_key, uint64_t object_hash) {
  uint64_t z = Mix64(object_hash + 0x9E3779B97F4A7C15ULL) ^ run_key;
  z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDULL;
  z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ULL;
  return z ^ (z >> 33);
}

}  // namespace necsim
