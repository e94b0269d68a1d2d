// The sampler's lane kernels: many independent categorical draws, eight
// lanes side by side with AVX-512 where the processor has it, lane after lane
// otherwise, with exactly the same result either way.
//
// * DrawNodeMarks: the block vote's marks of a node's ballots, ballot by
//   ballot. Each lane draws one ballot after another from its own generator;
//   a lane whose ballot ends takes the node's next one (lanes in order).
// * DrawCategorical: n draws over fixed masses by inversion (a multinomial
//   split of n ballots), searched from a guide table in the plain kernel and
//   counted over the whole cdf without a search in the AVX-512 one; lane l
//   draws the l-th, (l+8)-th, ... from its own generator.
//
// Each lane's generator is a SplitMix64 seeded from the caller's seed and the
// lane, so what a lane draws does not depend on the kernel. Each draw is the
// same arithmetic on the same values in both kernels (no fused multiply-add:
// lane_kernels.cc is compiled with -ffp-contract=off).
#ifndef NECSIM_SIM_LANE_KERNELS_H_
#define NECSIM_SIM_LANE_KERNELS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace necsim {

// One cell's tables (built by PlExpander::BuildAlias): Vose's alias method over
// the cell's candidates and stop (category num_candidates), padded with empty
// columns to 2^bits; and the weights for the inversion that ends a ballot
// once little untaken weight is left.
struct MarksCell {
  int num_candidates = 0;          // at most 63 (candidates are bits of one word)
  int bits = 0;                    // 2^bits alias columns
  const uint64_t* threshold = nullptr;  // [column]: the top bits of r pick the column, the rest is compared with this
  const int16_t* other = nullptr;       // [column]: the category when the rest is at or above the threshold
  const double* wpad = nullptr;    // [64]: weight by category, zero for stop and padding
  const double* weight = nullptr;  // [candidate]
  const int16_t* by_weight = nullptr;  // candidates by decreasing weight
  double stop = 0;   // the stop weight
  double total = 0;  // the candidates' and stop's weights together
};

// The bits of a cell's alias table: 2^bits >= num_candidates + 1 columns.
int MarksTableBits(int num_candidates);

// Builds a cell's tables from its weights and stop weight: Vose's alias
// method over the candidates and stop (category num_candidates), padded with
// empty columns to 2^MarksTableBits; a draw takes one 64-bit number, its top
// bits pick the column and the rest is compared with the column's threshold
// (a resolution of 2^-(64-bits), finer than a double uniform's). A column
// that keeps all its draws has the threshold 2^(64-bits) and is its own alias;
// a column of no weight (a zero-weight candidate, or padding) hands every draw
// to the heaviest category. Fills threshold and other (2^bits each) and
// by_weight (num_candidates: the candidates by decreasing weight, ties in
// order); returns the total weight.
double BuildMarksTables(const double* weight, int num_candidates, double stop, uint64_t* threshold, int16_t* other,
                        int16_t* by_weight);

// One cell's tables with their storage (tests, benchmarks; the engine keeps
// every cell's in its own arrays): BuildMarksTables over `weight` and `stop`.
struct MarksCellTables {
  std::vector<double> weight;
  std::vector<uint64_t> threshold;
  std::vector<int16_t> other, by_weight;
  std::vector<double> wpad;
  MarksCell view;  // points into the vectors above

  MarksCellTables(std::vector<double> weight, double stop);
  MarksCellTables(const MarksCellTables&) = delete;
  MarksCellTables& operator=(const MarksCellTables&) = delete;
};

// One node of the ballot tree whose ballots are drawn one by one.
struct MarksNode {
  uint64_t seed = 0;     // the node's seed (ObjectSeed of its key)
  uint64_t path = 0;     // the candidates ranked so far, as bits
  int64_t ballots = 0;   // its ballots
  int limit = 0;         // marks to draw per ballot at most (> 0)
  double base = 0;       // the weight of the candidates not on the path
};

enum class LaneKernel {
  kBest,    // AVX-512 where the processor has it and the tables fit, else plain
  kPlain,   // one ballot after another
  kAvx512,  // eight ballots at a time (only where LaneKernelAvailable says so)
};

// Whether `kernel` can run here on `cell` (kAvx512: the processor has
// AVX-512 F, DQ, BW and VL, and the cell has at most 32 alias columns).
bool LaneKernelAvailable(LaneKernel kernel, const MarksCell& cell);

// The lanes: eight, lane l's generator seeded by LaneSeed(seed, l).
constexpr int kMarksLanes = 8;
uint64_t LaneSeed(uint64_t seed, int lane);

// Adds to marks[c] (c < 64) the number of the node's ballots that mark c
// beyond the path. Each ballot: the next preference among the untaken
// candidates and stop in proportion to their weights, until stop or `limit`
// marks. While the untaken candidates and stop hold at least a sixteenth of
// the cell's weight, one alias draw over all categories per step, a taken
// candidate being drawn again at the next step (each accepted draw has exactly
// the conditional law); below that, one inversion over the untaken candidates
// by decreasing weight for each remaining mark. (The switch depends only on
// what the ballot has marked, never on the draw it leads to, so the law is
// exact either way.)
void DrawNodeMarks(const MarksCell& cell, const MarksNode& node, int64_t* marks,
                   LaneKernel kernel = LaneKernel::kBest);

// Fixed masses for categorical draws by inversion with a guide table (Chen
// and Asau): cdf[0..k-1] the cumulative masses, `last` the last category with
// mass, guide[g] (2^bits entries) the first category whose cdf exceeds
// g / 2^bits of the total.
//
// A draw takes one 64-bit number r: U = (r >> 11) 2^-53 is uniform on [0, 1),
// u = U T (T the total), and the category is the first i with cdf[i] > u,
// that is exactly inversion of the distribution. The search starts at
// guide[g] with g = r >> (64 - bits) = floor(U m), m = 2^bits: U >= g/m, so
// (rounding being monotone) u >= (g/m) T, and no category before guide[g] can
// be the answer. (The guide only shortens the search: the category drawn is
// the same for any m.) A category of no mass adds nothing to the cdf and is
// never the first to exceed u; a u rounded up to T (U within 2^-53 of 1)
// takes the last category with mass. Since the cdf never falls, that
// category is also the number of i < last with cdf[i] <= u, which the AVX-512
// kernel counts without a guide (so `guide` may be null: see BuildCdfTable).
struct CategoricalTable {
  int k = 0;
  int last = 0;
  int bits = 0;
  const double* cdf = nullptr;
  const int32_t* guide = nullptr;
};

// The guide entries BuildGuide fills for k categories: m >= k/2, about two
// or three comparisons a draw, for half the building of m >= k.
size_t GuideTableEntries(int k);

// Fills cdf[0..k-1] for masses p[0..k-1] and returns the table over them,
// without a guide (guide null). The AVX-512 kernel needs no guide: it counts
// the cdf entries at or below u for all eight lanes at once.
CategoricalTable BuildCdfTable(const double* p, int k, double* cdf);

// Fills guide[0..GuideTableEntries(t.k)-1] for the table's cdf and points the
// table at it.
void BuildGuide(CategoricalTable& t, int32_t* guide);

// BuildCdfTable, then BuildGuide.
CategoricalTable BuildGuideTable(const double* p, int k, double* cdf, int32_t* guide);

// Whether `kernel` can run here on `table` (kAvx512: the processor has it,
// and at most 32 categories).
bool LaneKernelAvailable(LaneKernel kernel, const CategoricalTable& table);

// Whether DrawCategorical with `kernel` will read the table's guide (the
// plain kernel does; on a table without one it builds one for the call).
bool CategoricalReadsGuide(const CategoricalTable& table, LaneKernel kernel = LaneKernel::kBest);

// Adds to counts[0..k-1] n categorical draws over the table's masses. Each
// draw takes one 64-bit number r: u = (r >> 11) 2^-53 times the total, and
// the category is the first whose cdf exceeds u, searched from
// guide[r >> (64 - bits)]; that is exactly inversion.
void DrawCategorical(const CategoricalTable& table, uint64_t seed, int64_t n, int64_t* counts,
                     LaneKernel kernel = LaneKernel::kBest);

}  // namespace necsim

#endif  // NECSIM_SIM_LANE_KERNELS_H_
