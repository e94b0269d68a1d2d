// The sampler's lane kernels: the block vote's marks and categorical draws
// (see lane_kernels.h).
//
// Compiled with -ffp-contract=off (sim/CMakeLists.txt): a ballot's running
// weight, and a categorical draw's uniform, are computed by the same
// operations, never a multiply fused into an add, in the plain kernels and in
// the AVX-512 ones, so both see the same doubles.
#include "voters/lane_kernels.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/rng.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define NECSIM_MARKS_AVX512 1
#include <immintrin.h>
#endif

namespace necsim {
namespace {

constexpr uint64_t kSplitMixGamma = 0x9E3779B97F4A7C15ULL;  // SplitMix64's increment (models/core/rng.h)
constexpr uint64_t kBallotGamma = 0xD1B54A32D192ED03ULL;    // spaces the lanes' seeds

// Each alias draw takes kDrawBits random bits: a 64-bit number gives four.
constexpr int kDrawBits = 16;
constexpr int kDrawsPerNumber = 64 / kDrawBits;

// What every ballot of a node shares.
struct NodeConsts {
  int candidates;
  int frac_bits;       // kDrawBits - bits: the bits of a draw below its column
  uint32_t frac_mask;
  double low_mass;     // a sixteenth of the cell's weight
};

NodeConsts Consts(const MarksCell& t) {
  NodeConsts k;
  k.candidates = t.num_candidates;
  k.frac_bits = kDrawBits - t.bits;
  k.frac_mask = (uint32_t{1} << k.frac_bits) - 1;
  k.low_mass = 0.0625 * t.total;
  return k;
}

// The category of one alias draw from kDrawBits random bits u: the top
// `bits` pick the column, the rest (f) are the leading bits of a uniform
// fraction of 64 - bits bits, compared with the column's threshold. They
// decide unless f equals the threshold's leading bits (a chance of
// 2^-(kDrawBits - bits)), when the fraction's other 64 - kDrawBits bits come
// from `tie`; so the comparison is exactly that of a (64 - bits)-bit fraction.
// Written with masks, not a branch on the outcome.
inline int AliasPick(uint32_t u, const NodeConsts& kc, const MarksCell& t, SplitMix64& tie) {
  constexpr int kRest = 64 - kDrawBits;
  const int col = static_cast<int>(u >> kc.frac_bits);
  const uint64_t f = u & kc.frac_mask;
  const uint64_t th = t.threshold[col];
  int use_alt = -static_cast<int>(f > (th >> kRest));
  if (f == (th >> kRest)) [[unlikely]] {
    use_alt = -static_cast<int>((tie() >> kDrawBits) >= (th & ((uint64_t{1} << kRest) - 1)));
  }
  const int alt = t.other[col];
  return col ^ ((col ^ alt) & use_alt);
}

// The rest of a ballot once its untaken candidates and stop hold less than a
// sixteenth of the cell's weight: each further mark by one inversion over the
// untaken candidates by decreasing weight (a short scan). Returns the marks.
uint64_t InversionTail(const MarksCell& t, SplitMix64& rng, uint64_t mask, double mass, int k, int limit) {
  const int C = t.num_candidates;
  while (k < limit) {
    double u = rng.Uniform() * (mass + t.stop);
    int p = -1, last = -1;
    for (int j = 0; j < C; ++j) {
      const int c = t.by_weight[j];
      if ((mask >> c & 1) || t.weight[c] <= 0) continue;
      last = c;
      u -= t.weight[c];
      if (u < 0) {
        p = c;
        break;
      }
    }
    if (p < 0 && t.stop <= 0) p = last;  // rounding past the end with no stop: the last one left
    if (p < 0) break;                   // stop
    mask |= uint64_t{1} << p;
    mass -= t.weight[p];
    ++k;
  }
  return mask;
}

// The seed of lane `lane`'s generator for alias ties and inversion tails
// (its own: the lane's main generator gives kDrawBits bits per step,
// whatever happens).
uint64_t TailSeed(uint64_t node_seed, int lane) {
  return Mix64(node_seed ^ 0x7461696C73ULL) + static_cast<uint64_t>(lane) * kBallotGamma;  // "tails"
}

// One lane of the plain kernel.
struct PlainLane {
  SplitMix64 rng;   // kDrawBits bits per step: a number's, from the top down
  SplitMix64 tail;  // alias ties and inversion tails
  uint64_t held = 0;  // the number being used
  int used = kDrawsPerNumber;  // draws taken from it
  uint64_t mask = 0;
  double mass = 0;
  int k = 0;
  bool active = false;
};

// One step of a lane's ballot: one draw, with no branch on its outcome
// (stop, a taken candidate to draw again, or a new mark). Returns whether the
// ballot has ended (with its inversion tail, when it reached it).
inline bool Step(const MarksCell& t, const MarksNode& nd, const NodeConsts& kc, PlainLane& lane) {
  if (lane.used == kDrawsPerNumber) {
    lane.held = lane.rng();
    lane.used = 0;
  }
  ++lane.used;
  const auto u = static_cast<uint32_t>(lane.held >> (64 - kDrawBits * lane.used) & ((1u << kDrawBits) - 1));
  const int pick = AliasPick(u, kc, t, lane.tail);
  const uint64_t stopped = static_cast<uint64_t>(pick >= kc.candidates);
  const uint64_t fresh = ~((lane.mask >> pick) | stopped) & 1;
  lane.mask |= fresh << pick;
  lane.k += static_cast<int>(fresh);
  lane.mass -= t.wpad[pick] * static_cast<double>(fresh);  // (exactly mass - w, or mass)
  if ((stopped | static_cast<uint64_t>(lane.k >= nd.limit)) != 0) return true;
  if (lane.mass + t.stop < kc.low_mass) [[unlikely]] {
    lane.mask = InversionTail(t, lane.tail, lane.mask, lane.mass, lane.k, nd.limit);
    return true;
  }
  return false;
}

// The lanes' schedule, step by step as the AVX-512 kernel runs it: at each
// step every active lane draws once, and a lane whose ballot ended takes the
// node's next ballot (lanes in order) while any is left, else stops.
void DrawPlain(const MarksCell& t, const MarksNode& nd, int64_t* marks) {
  const NodeConsts kc = Consts(t);
  PlainLane lanes[kMarksLanes] = {
      {SplitMix64(LaneSeed(nd.seed, 0)), SplitMix64(TailSeed(nd.seed, 0))},
      {SplitMix64(LaneSeed(nd.seed, 1)), SplitMix64(TailSeed(nd.seed, 1))},
      {SplitMix64(LaneSeed(nd.seed, 2)), SplitMix64(TailSeed(nd.seed, 2))},
      {SplitMix64(LaneSeed(nd.seed, 3)), SplitMix64(TailSeed(nd.seed, 3))},
      {SplitMix64(LaneSeed(nd.seed, 4)), SplitMix64(TailSeed(nd.seed, 4))},
      {SplitMix64(LaneSeed(nd.seed, 5)), SplitMix64(TailSeed(nd.seed, 5))},
      {SplitMix64(LaneSeed(nd.seed, 6)), SplitMix64(TailSeed(nd.seed, 6))},
      {SplitMix64(LaneSeed(nd.seed, 7)), SplitMix64(TailSeed(nd.seed, 7))},
  };
  int64_t remaining = nd.ballots;
  auto start = [&](PlainLane& lane) {
    lane.active = remaining > 0;
    if (!lane.active) return;
    --remaining;
    lane.mask = nd.path;
    lane.mass = nd.base;
    lane.k = 0;
  };
  for (PlainLane& lane : lanes) start(lane);
  for (bool any = true; any;) {
    any = false;
    for (PlainLane& lane : lanes) {
      if (!lane.active) continue;
      if (Step(t, nd, kc, lane)) {
        for (uint64_t m = lane.mask ^ nd.path; m != 0; m &= m - 1) ++marks[__builtin_ctzll(m)];
        start(lane);
      }
      any |= lane.active;
    }
  }
}

// One categorical draw by inversion with the guide table (see DrawCategorical).
inline int CategoricalDraw(const CategoricalTable& t, double total, uint64_t r) {
  const double u = static_cast<double>(r >> 11) * 0x1.0p-53 * total;
  int i = t.guide[t.bits == 0 ? 0 : static_cast<int>(r >> (64 - t.bits))];
  // The first two steps without branches (the answer is usually within two
  // of the guide's start; a branch on it would be a coin toss), then any
  // further ones.
  i += static_cast<int>((i < t.last) & (t.cdf[i] <= u));
  i += static_cast<int>((i < t.last) & (t.cdf[i] <= u));
  while (i < t.last && t.cdf[i] <= u) ++i;
  return i;
}

// Lane after lane: lane l draws the l-th, (l+8)-th, ... of the n draws.
void DrawCategoricalPlain(const CategoricalTable& table, uint64_t seed, int64_t n, int64_t* counts) {
  CategoricalTable t = table;
  int32_t guide_small[64];
  std::vector<int32_t> guide_big;
  if (t.guide == nullptr) {  // (a table built without one: BuildCdfTable)
    const size_t m = GuideTableEntries(t.k);
    int32_t* guide = guide_small;
    if (m > 64) {
      guide_big.resize(m);
      guide = guide_big.data();
    }
    BuildGuide(t, guide);
  }
  const double total = t.cdf[t.last];
  for (int lane = 0; lane < kMarksLanes && lane < n; ++lane) {
    SplitMix64 rng(LaneSeed(seed, lane));
    for (int64_t b = lane; b < n; b += kMarksLanes) ++counts[CategoricalDraw(t, total, rng())];
  }
}

#ifdef NECSIM_MARKS_AVX512
#define NECSIM_AVX512_TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,bmi2,popcnt")))
#define NECSIM_AVX512_LAMBDA __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,bmi2,popcnt")))

bool CpuHasAvx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("popcnt");
}

// Mix64 (models/core/rng.h) on eight lanes.
NECSIM_AVX512_TARGET inline __m512i Mix64x8(__m512i z) {
  z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 30));
  z = _mm512_mullo_epi64(z, _mm512_set1_epi64(static_cast<int64_t>(0xBF58476D1CE4E5B9ULL)));
  z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 27));
  z = _mm512_mullo_epi64(z, _mm512_set1_epi64(static_cast<int64_t>(0x94D049BB133111EBULL)));
  return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

// A 32-entry table of 64-bit values in four registers, looked up per lane.
struct Table32 {
  __m512i r[4];
  NECSIM_AVX512_TARGET __m512i Get(__m512i idx) const {
    const __m512i lo = _mm512_permutex2var_epi64(r[0], idx, r[1]);
    const __m512i hi = _mm512_permutex2var_epi64(r[2], idx, r[3]);
    return _mm512_mask_blend_epi64(_mm512_test_epi64_mask(idx, _mm512_set1_epi64(16)), lo, hi);
  }
};

// Per-candidate counts of finished ballots' mark sets: each set becomes 64
// byte flags (one instruction) added to byte counters, widened at the end
// (at most kCountBuffer + 7 sets, fewer than 256, so no byte overflows).
constexpr int kCountBuffer = 240;
NECSIM_AVX512_TARGET void CountSets(const uint64_t* sets, int n, int64_t* counts) {
  __m512i acc = _mm512_setzero_si512();
  for (int i = 0; i < n; ++i) acc = _mm512_sub_epi8(acc, _mm512_movm_epi8(_cvtu64_mask64(sets[i])));
  alignas(64) uint8_t bytes[64];
  _mm512_store_si512(bytes, acc);
  for (int c = 0; c < 64; ++c) counts[c] += bytes[c];
}

// Whether a ballot of the node can ever reach the inversion tail. The check
// comes after a step that leaves the ballot at most limit - 1 marks, when its
// untaken weight is at least `base` less the limit - 1 heaviest untaken
// weights; if that (with a margin far above the rounding of the lanes'
// running sums) and stop hold a sixteenth of the cell's weight, the check
// can never pass and the AVX-512 kernel leaves out the running sums (the
// same draws, with less work).
bool MayGoLow(const MarksCell& t, const MarksNode& nd, const NodeConsts& kc) {
  double left = nd.base;
  int taken = 0;
  for (int j = 0; j < t.num_candidates && taken < nd.limit - 1; ++j) {
    const int c = t.by_weight[j];
    if (nd.path >> c & 1) continue;
    left -= t.weight[c];
    ++taken;
  }
  return left + t.stop < kc.low_mass + 1e-12 * (nd.base + t.stop);
}

// The AVX-512 kernel's lanes: their state and one step of all of them.
// kTrackMass: whether the lanes keep their untaken weight, to switch to the
// inversion tail (only where MayGoLow).
template <bool kTrackMass>
struct Avx512Lanes {
  const MarksCell* t;
  const MarksNode* nd;
  Table32 alias, w;
  __m512i one, cand, limit, path, frac_mask, draw_mask, th_mask;
  __m128i frac_shift;
  __m512d base, stop, low_mass;
  SplitMix64* tails;
  __m512i mask, k;
  __m512d mass;
  __mmask8 active;
  int64_t remaining;  // ballots not yet started
  uint64_t* sets;     // finished ballots' mark sets, the first n_sets of them
  int n_sets;
  int64_t* counts;

  // One step: a draw from the kDrawBits random bits in each lane of u
  // (below 2^kDrawBits).
  [[gnu::always_inline]] NECSIM_AVX512_TARGET inline void Step(__m512i u) {
    const __m512i col = _mm512_srl_epi64(u, frac_shift);
    const __m512i f = _mm512_and_si512(u, frac_mask);
    const __m512i entry = alias.Get(col);
    const __m512i th = _mm512_and_si512(entry, th_mask);
    __mmask8 alt = _mm512_cmpgt_epu64_mask(f, th);
    const __mmask8 tie = static_cast<__mmask8>(active & _mm512_cmpeq_epu64_mask(f, th));
    if (tie != 0) [[unlikely]] {
      alignas(64) uint64_t lc[8];
      _mm512_store_si512(lc, col);
      for (int l = 0; l < 8; ++l) {
        if (!(tie >> l & 1)) continue;
        constexpr int kRest = 64 - kDrawBits;
        const bool a = (tails[l]() >> kDrawBits) >= (t->threshold[lc[l]] & ((uint64_t{1} << kRest) - 1));
        alt = static_cast<__mmask8>((alt & ~(1u << l)) | (static_cast<unsigned>(a) << l));
      }
    }
    const __m512i pick = _mm512_mask_mov_epi64(col, alt, _mm512_srli_epi64(entry, 59));
    const __mmask8 stopped = _mm512_cmpge_epi64_mask(pick, cand);
    const __mmask8 taken = _mm512_test_epi64_mask(_mm512_srlv_epi64(mask, pick), one);
    const __mmask8 fresh = static_cast<__mmask8>(active & ~stopped & ~taken);
    mask = _mm512_mask_or_epi64(mask, fresh, mask, _mm512_sllv_epi64(one, pick));
    k = _mm512_mask_add_epi64(k, fresh, k, one);
    if constexpr (kTrackMass) mass = _mm512_mask_sub_pd(mass, fresh, mass, _mm512_castsi512_pd(w.Get(pick)));
    __mmask8 done = static_cast<__mmask8>(active & (stopped | _mm512_cmpge_epi64_mask(k, limit)));
    __mmask8 low = 0;
    if constexpr (kTrackMass) {
      low = static_cast<__mmask8>(active & ~done &
                                  _mm512_cmp_pd_mask(_mm512_add_pd(mass, stop), low_mass, _CMP_LT_OQ));
    }
    if (low != 0) [[unlikely]] {
      alignas(64) uint64_t lm[8], lk[8];
      alignas(64) double lw[8];
      _mm512_store_si512(lm, mask);
      _mm512_store_si512(lk, k);
      _mm512_store_pd(lw, mass);
      for (int l = 0; l < 8; ++l) {
        if (!(low >> l & 1)) continue;
        lm[l] = InversionTail(*t, tails[l], lm[l], lw[l], static_cast<int>(lk[l]), nd->limit);
      }
      mask = _mm512_load_si512(lm);
      done = static_cast<__mmask8>(done | low);
    }
    // No branch on `done` (a coin toss at every step): with no lane done,
    // nothing is stored and no lane starts a ballot.
    const int ended = __builtin_popcount(done);
    _mm512_storeu_si512(sets + n_sets, _mm512_maskz_compress_epi64(done, _mm512_xor_si512(mask, path)));
    n_sets += ended;
    if (n_sets >= kCountBuffer) [[unlikely]] {
      CountSets(sets, n_sets, counts);
      n_sets = 0;
    }
    mask = _mm512_mask_mov_epi64(mask, done, path);
    k = _mm512_mask_mov_epi64(k, done, _mm512_setzero_si512());
    if constexpr (kTrackMass) mass = _mm512_mask_mov_pd(mass, done, base);
    if (remaining >= kMarksLanes) [[likely]] {
      remaining -= ended;  // every lane that ended starts a ballot
    } else {
      const int n = static_cast<int>(std::min<int64_t>(ended, remaining));
      const __mmask8 start = static_cast<__mmask8>(_pdep_u32((1u << n) - 1, done));  // the first n of them
      active = static_cast<__mmask8>((active & ~done) | start);
      remaining -= n;
    }
  }
};

// Eight lanes side by side (kMarksLanes), on the plain kernel's schedule.
// Each lane's generator gives kDrawBits bits per step whatever happens (one
// number every four steps), so the random numbers never wait on the
// outcomes, and nothing branches on a draw's outcome. Alias ties and inversion tails (both
// rare) are drawn lane by lane with the plain code.
template <bool kTrackMass>
NECSIM_AVX512_TARGET void DrawAvx512(const MarksCell& t, const MarksNode& nd, const NodeConsts& kc, int64_t* marks) {
  static_assert(kMarksLanes == 8, "one 512-bit register of 64-bit lanes");
  const int cols = 1 << t.bits;
  // Each column's threshold's leading bits (below 2^(kDrawBits + 1)) and its
  // alias (in the top 5 bits) in one word.
  alignas(64) uint64_t alias[32];
  alignas(64) double wts[32];
  for (int i = 0; i < 32; ++i) {
    alias[i] = i < cols ? (t.threshold[i] >> (64 - kDrawBits)) | (static_cast<uint64_t>(t.other[i]) << 59) : 0;
    wts[i] = t.wpad[i];
  }
  SplitMix64 tails[kMarksLanes] = {
      SplitMix64(TailSeed(nd.seed, 0)), SplitMix64(TailSeed(nd.seed, 1)), SplitMix64(TailSeed(nd.seed, 2)),
      SplitMix64(TailSeed(nd.seed, 3)), SplitMix64(TailSeed(nd.seed, 4)), SplitMix64(TailSeed(nd.seed, 5)),
      SplitMix64(TailSeed(nd.seed, 6)), SplitMix64(TailSeed(nd.seed, 7))};
  uint64_t sets[kCountBuffer + 8];
  int64_t counts[64] = {};
  Avx512Lanes<kTrackMass> x;
  x.t = &t;
  x.nd = &nd;
  for (int j = 0; j < 4; ++j) {
    x.alias.r[j] = _mm512_load_si512(alias + 8 * j);
    x.w.r[j] = _mm512_castpd_si512(_mm512_load_pd(wts + 8 * j));
  }
  x.one = _mm512_set1_epi64(1);
  x.cand = _mm512_set1_epi64(kc.candidates);
  x.limit = _mm512_set1_epi64(nd.limit);
  x.path = _mm512_set1_epi64(static_cast<int64_t>(nd.path));
  x.frac_mask = _mm512_set1_epi64(kc.frac_mask);
  x.draw_mask = _mm512_set1_epi64((1 << kDrawBits) - 1);
  x.th_mask = _mm512_set1_epi64((int64_t{1} << 32) - 1);
  x.frac_shift = _mm_cvtsi32_si128(kc.frac_bits);
  x.base = _mm512_set1_pd(nd.base);
  x.stop = _mm512_set1_pd(t.stop);
  x.low_mass = _mm512_set1_pd(kc.low_mass);
  x.tails = tails;
  x.mask = x.path;
  x.k = _mm512_setzero_si512();
  x.mass = x.base;
  const int first = static_cast<int>(std::min<int64_t>(kMarksLanes, nd.ballots));
  x.active = static_cast<__mmask8>((1u << first) - 1);
  x.remaining = nd.ballots - first;
  x.sets = sets;
  x.n_sets = 0;
  x.counts = counts;

  alignas(64) uint64_t seeds[8];
  for (int l = 0; l < 8; ++l) seeds[l] = LaneSeed(nd.seed, l);
  __m512i s = _mm512_load_si512(seeds);  // each lane's generator
  const __m512i gamma = _mm512_set1_epi64(static_cast<int64_t>(kSplitMixGamma));
  for (;;) {
    s = _mm512_add_epi64(s, gamma);
    const __m512i r = Mix64x8(s);
    static_assert(kDrawBits == 16, "four draws a number");
    x.Step(_mm512_srli_epi64(r, 48));
    if (x.active == 0) break;
    x.Step(_mm512_and_si512(_mm512_srli_epi64(r, 32), x.draw_mask));
    if (x.active == 0) break;
    x.Step(_mm512_and_si512(_mm512_srli_epi64(r, 16), x.draw_mask));
    if (x.active == 0) break;
    x.Step(_mm512_and_si512(r, x.draw_mask));
    if (x.active == 0) break;
  }
  CountSets(sets, x.n_sets, counts);
  for (int c = 0; c < kc.candidates; ++c) marks[c] += counts[c];
}

// Eight lanes side by side: at step j lane l makes draw 8j + l. A lane's
// category is the number of j < last with cdf[j] <= u: the cdf does not fall,
// so that is the first i with cdf[i] > u, capped at `last`, the same category
// as the guided search of the plain kernel, found without a search (one
// comparison per category, no branch; the guide table is not read). The
// counts are kept as bytes, one per (lane, category), in four registers
// (register q: categories 8q..8q+7, one byte each in every lane's word), and
// summed over the lanes before a byte can overflow.
NECSIM_AVX512_TARGET void DrawCategoricalAvx512(const CategoricalTable& t, uint64_t seed, int64_t n,
                                                int64_t* counts) {
  const int last = t.last;
  const __m512i one = _mm512_set1_epi64(1);
  const __m512i seven = _mm512_set1_epi64(7);
  const __m512i gamma = _mm512_set1_epi64(static_cast<int64_t>(kSplitMixGamma));
  const __m512d scale = _mm512_set1_pd(0x1.0p-53);
  const __m512d total = _mm512_set1_pd(t.cdf[last]);
  alignas(64) uint64_t seeds[8];
  for (int l = 0; l < 8; ++l) seeds[l] = LaneSeed(seed, l);
  __m512i s = _mm512_load_si512(seeds);
  __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                    _mm512_setzero_si512()};
  auto flush = [&]() NECSIM_AVX512_LAMBDA {
    for (int q = 0; q < 4; ++q) {
      // Lane words 0-3 plus 4-7, then the halves: each byte position summed
      // over the eight lanes, as 16-bit counts.
      const __m512i lo = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(acc[q]));
      const __m512i hi = _mm512_cvtepu8_epi16(_mm512_extracti64x4_epi64(acc[q], 1));
      const __m512i s16 = _mm512_add_epi16(lo, hi);
      const __m256i s8 = _mm256_add_epi16(_mm512_castsi512_si256(s16), _mm512_extracti64x4_epi64(s16, 1));
      const __m128i s4 = _mm_add_epi16(_mm256_castsi256_si128(s8), _mm256_extracti128_si256(s8, 1));
      alignas(16) uint16_t c8[8];
      _mm_store_si128(reinterpret_cast<__m128i*>(c8), s4);
      for (int b = 0; b < 8 && 8 * q + b < t.k; ++b) counts[8 * q + b] += c8[b];
      acc[q] = _mm512_setzero_si512();
    }
  };
  const int64_t steps = (n + kMarksLanes - 1) / kMarksLanes;
  int since_flush = 0;
  for (int64_t j = 0; j < steps; ++j) {
    const __mmask8 active =
        j + 1 < steps ? static_cast<__mmask8>(0xFF) : static_cast<__mmask8>((1u << (n - 8 * j)) - 1);
    s = _mm512_add_epi64(s, gamma);
    const __m512i r = Mix64x8(s);
    const __m512d u = _mm512_mul_pd(_mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(r, 11)), scale), total);
    // Two counters, for two chains of adds half as long.
    __m512i i0 = _mm512_setzero_si512(), i1 = _mm512_setzero_si512();
    int c = 0;
    for (; c + 1 < last; c += 2) {
      i0 = _mm512_mask_add_epi64(i0, _mm512_cmp_pd_mask(_mm512_set1_pd(t.cdf[c]), u, _CMP_LE_OQ), i0, one);
      i1 = _mm512_mask_add_epi64(i1, _mm512_cmp_pd_mask(_mm512_set1_pd(t.cdf[c + 1]), u, _CMP_LE_OQ), i1, one);
    }
    if (c < last) i0 = _mm512_mask_add_epi64(i0, _mm512_cmp_pd_mask(_mm512_set1_pd(t.cdf[c]), u, _CMP_LE_OQ), i0, one);
    const __m512i i = _mm512_add_epi64(i0, i1);
    // One in byte (i mod 8) of the lane's word, added to register i / 8.
    const __m512i unit = _mm512_sllv_epi64(one, _mm512_slli_epi64(_mm512_and_si512(i, seven), 3));
    const __m512i q = _mm512_srli_epi64(i, 3);
    for (int g = 0; g < 4; ++g) {
      const __mmask8 m = static_cast<__mmask8>(active & _mm512_cmpeq_epi64_mask(q, _mm512_set1_epi64(g)));
      acc[g] = _mm512_mask_add_epi64(acc[g], m, acc[g], unit);
    }
    if (++since_flush == 255) {
      flush();
      since_flush = 0;
    }
  }
  flush();
}
#endif

}  // namespace

int MarksTableBits(int num_candidates) {
  int bits = 0;
  while ((1 << bits) < num_candidates + 1) ++bits;
  return bits;
}

double BuildMarksTables(const double* w, int C, double stop, uint64_t* thr, int16_t* other, int16_t* by_weight) {
  const int bits = MarksTableBits(C);
  const int cols = 1 << bits;
  double total = stop;
  for (int c = 0; c < C; ++c) total += w[c];
  std::vector<double> scaled(static_cast<size_t>(cols), 0.0);
  for (int c = 0; c < C; ++c) scaled[c] = w[c] / total * cols;
  scaled[C] = stop / total * cols;
  std::vector<int> small, large;
  for (int i = 0; i < cols; ++i) (scaled[i] < 1.0 ? small : large).push_back(i);
  const int frac_bits = 64 - bits;
  const double one = std::ldexp(1.0, frac_bits);
  const uint64_t full = frac_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << frac_bits);
  while (!small.empty() && !large.empty()) {
    const int sm = small.back();
    small.pop_back();
    const int lg = large.back();
    thr[sm] = static_cast<uint64_t>(scaled[sm] * one);
    other[sm] = static_cast<int16_t>(lg);
    scaled[lg] = (scaled[lg] + scaled[sm]) - 1.0;
    if (scaled[lg] < 1.0) {
      large.pop_back();
      small.push_back(lg);
    }
  }
  // Left over (1 up to rounding): always their own column, unless they have
  // no weight at all.
  int heaviest = C;
  for (int c = 0; c < C; ++c) {
    if (w[c] > (heaviest == C ? stop : w[heaviest])) heaviest = c;
  }
  for (int i : large) thr[i] = full, other[i] = static_cast<int16_t>(i);
  for (int i : small) {
    const double wi = i < C ? w[i] : (i == C ? stop : 0.0);
    if (wi > 0) thr[i] = full, other[i] = static_cast<int16_t>(i);
    else thr[i] = 0, other[i] = static_cast<int16_t>(heaviest);
  }
  for (int c = 0; c < C; ++c) by_weight[c] = static_cast<int16_t>(c);
  std::stable_sort(by_weight, by_weight + C, [w](int16_t a, int16_t b) { return w[a] > w[b]; });
  return total;
}

MarksCellTables::MarksCellTables(std::vector<double> w, double stop) : weight(std::move(w)), wpad(64, 0.0) {
  const int C = static_cast<int>(weight.size());
  const int bits = MarksTableBits(C);
  threshold.assign(size_t{1} << bits, 0);
  other.assign(size_t{1} << bits, 0);
  by_weight.assign(static_cast<size_t>(C), 0);
  view.total = BuildMarksTables(weight.data(), C, stop, threshold.data(), other.data(), by_weight.data());
  for (int c = 0; c < C && c < 64; ++c) wpad[c] = weight[c];
  view.num_candidates = C;
  view.bits = bits;
  view.threshold = threshold.data();
  view.other = other.data();
  view.wpad = wpad.data();
  view.weight = weight.data();
  view.by_weight = by_weight.data();
  view.stop = stop;
}

size_t GuideTableEntries(int k) {
  int bits = 0;
  while ((1 << bits) < k) ++bits;
  return size_t{1} << std::max(0, bits - 1);
}

CategoricalTable BuildCdfTable(const double* p, int k, double* cdf) {
  CategoricalTable t;
  t.k = k;
  double acc = 0;
  for (int i = 0; i < k; ++i) {
    acc += p[i];
    cdf[i] = acc;
    if (p[i] > 0) t.last = i;
  }
  t.cdf = cdf;
  return t;
}

void BuildGuide(CategoricalTable& t, int32_t* guide) {
  const auto m = static_cast<int>(GuideTableEntries(t.k));
  t.bits = 0;
  while ((1 << t.bits) < m) ++t.bits;
  const double total = t.cdf[t.last];
  const double step = 1.0 / m;  // (exact: a power of two)
  int i = 0;
  for (int g = 0; g < m; ++g) {
    const double th = (static_cast<double>(g) * step) * total;
    while (i < t.last && t.cdf[i] <= th) ++i;
    guide[g] = i;
  }
  t.guide = guide;
}

CategoricalTable BuildGuideTable(const double* p, int k, double* cdf, int32_t* guide) {
  CategoricalTable t = BuildCdfTable(p, k, cdf);
  BuildGuide(t, guide);
  return t;
}

uint64_t LaneSeed(uint64_t node_seed, int lane) { return node_seed + static_cast<uint64_t>(lane) * kBallotGamma; }

namespace {

// Whether `kernel` runs here, for tables that fit the AVX-512 kernels or not.
bool KernelRuns(LaneKernel kernel, bool fits_avx512) {
  switch (kernel) {
    case LaneKernel::kBest:
    case LaneKernel::kPlain:
      return true;
    case LaneKernel::kAvx512: {
#ifdef NECSIM_MARKS_AVX512
      static const bool cpu = CpuHasAvx512();
      return cpu && fits_avx512;
#else
      (void)fits_avx512;
      return false;
#endif
    }
  }
  return false;
}

}  // namespace

bool LaneKernelAvailable(LaneKernel kernel, const MarksCell& cell) {
  if (cell.num_candidates < 1 || cell.num_candidates > 63) return false;
  return KernelRuns(kernel, cell.bits >= 1 && cell.bits <= 5);
}

bool LaneKernelAvailable(LaneKernel kernel, const CategoricalTable& table) {
  if (table.k < 1 || table.last < 0 || table.last >= table.k) return false;
  return KernelRuns(kernel, table.k <= 32);
}

bool CategoricalReadsGuide(const CategoricalTable& table, LaneKernel kernel) {
  if (kernel == LaneKernel::kBest) return !LaneKernelAvailable(LaneKernel::kAvx512, table);
  return kernel == LaneKernel::kPlain || !LaneKernelAvailable(kernel, table);
}

void DrawCategorical(const CategoricalTable& table, uint64_t seed, int64_t n, int64_t* counts, LaneKernel kernel) {
  if (n <= 0) return;
  if (kernel == LaneKernel::kBest) {
    kernel = LaneKernelAvailable(LaneKernel::kAvx512, table) ? LaneKernel::kAvx512 : LaneKernel::kPlain;
  }
#ifdef NECSIM_MARKS_AVX512
  if (kernel == LaneKernel::kAvx512 && LaneKernelAvailable(LaneKernel::kAvx512, table)) {
    DrawCategoricalAvx512(table, seed, n, counts);
    return;
  }
#endif
  DrawCategoricalPlain(table, seed, n, counts);
}

void DrawNodeMarks(const MarksCell& cell, const MarksNode& node, int64_t* marks, LaneKernel kernel) {
  if (node.ballots <= 0 || node.limit <= 0) return;
  if (kernel == LaneKernel::kBest) {
    kernel = LaneKernelAvailable(LaneKernel::kAvx512, cell) ? LaneKernel::kAvx512 : LaneKernel::kPlain;
  }
#ifdef NECSIM_MARKS_AVX512
  if (kernel == LaneKernel::kAvx512 && LaneKernelAvailable(LaneKernel::kAvx512, cell)) {
    const NodeConsts kc = Consts(cell);
    if (MayGoLow(cell, node, kc)) DrawAvx512<true>(cell, node, kc, marks);
    else DrawAvx512<false>(cell, node, kc, marks);
    return;
  }
#endif
  DrawPlain(cell, node, marks);
}

}  // namespace necsim
