// The block vote's per-ballot draws: the marks of a node's ballots, one ballot
// at a time, with an AVX-512 kernel that runs eight ballots side by side and a
// plain one that gives exactly the same result.
//
// The ballots are dealt to eight lanes, lane l taking ballots l, l + 8, ...;
// each lane draws its ballots one after another from its own generator. The
// AVX-512 kernel runs the lanes side by side, the plain one lane after lane:
// the same draws for the same ballots, so the kernels can only differ in
// speed. Each draw is the same arithmetic on the same values in both (no
// fused multiply-add; this file's .cc is compiled with -ffp-contract=off).
#ifndef NECSIM_SIM_MARKS_KERNEL_H_
#define NECSIM_SIM_MARKS_KERNEL_H_

#include <cstdint>

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

// One node of the ballot tree whose ballots are drawn one by one.
struct MarksNode {
  uint64_t seed = 0;     // the node's seed (ObjectSeed of its key)
  uint64_t path = 0;     // the candidates ranked so far, as bits
  int64_t ballots = 0;   // its ballots
  int limit = 0;         // marks to draw per ballot at most (> 0)
  double base = 0;       // the weight of the candidates not on the path
};

enum class MarksKernel {
  kBest,    // AVX-512 where the processor has it and the tables fit, else plain
  kPlain,   // one ballot after another
  kAvx512,  // eight ballots at a time (only where MarksKernelAvailable says so)
};

// Whether `kernel` can run here on `cell` (kAvx512: the processor has
// AVX-512 F, DQ, BW and VL, and the cell has at most 32 alias columns).
bool MarksKernelAvailable(MarksKernel kernel, const MarksCell& cell);

// Ballots are drawn in kMarksLanes lanes: lane l draws ballots l, l + 8,
// l + 16, ... one after another from one generator, seeded by LaneSeed.
constexpr int kMarksLanes = 8;
uint64_t LaneSeed(uint64_t node_seed, int lane);

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
                   MarksKernel kernel = MarksKernel::kBest);

}  // namespace necsim

#endif  // NECSIM_SIM_MARKS_KERNEL_H_
