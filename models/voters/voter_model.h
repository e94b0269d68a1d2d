// The voter model of the Monte Carlo engine, and the state of one run.
//
// The voter model (../shared/design.md): voters fall into cells (region,
// bloc). Each cell ranks candidates by Plackett-Luce with weights
// w_j = exp(utility_j) and a "stop" pseudo-candidate of weight s that ends the
// ballot (never before the first preference). Per run, the bloc shares of
// each region are drawn from a Dirichlet around the scenario's estimate, each
// cell's turnout from a Beta, and campaign noise on each candidate's utility
// from a Normal (models/core/electorate.h documents the parameters).
//
// Two samplers of the same model:
//   fast      - a lazily expanded ballot tree (PlExpander): a parcel of ballots
//               sitting on a candidate is split among the continuing candidates
//               and stop by one multinomial draw, valid because Plackett-Luce
//               has independence from irrelevant alternatives. Cost depends on
//               cells x candidates x stages, not on the number of voters.
//   reference - every voter's ballot drawn one by one, then counted as a real
//               election. Cost grows with the electorate; kept to test the
//               fast sampler against (tests/statistical).
#pragma once

#include <cstdint>
#include <vector>

#include "core/electorate.h"
#include "core/rng.h"

namespace necsim {


// Fixed per-scenario tables.
struct VoterModel {
  int num_regions = 0;
  int num_blocs = 0;
  int num_candidates = 0;
  std::vector<double> base_utility;  // [bloc][region][candidate], without noise
  std::vector<double> stop;          // per bloc: stop weight (resolved from mean_preferences)

  static VoterModel Build(const Electorate& sc);
  int cell(int region, int bloc) const { return region * num_blocs + bloc; }
};

// The voters of one cell who follow one how-to-vote card in a run.
struct CardVoters {
  int cell = 0;
  int card = 0;             // index into RunSample::cards
  int64_t ballots = 0;      // of the cell's ballots, those following the card
  double compliance = 1.0;  // P(ranking the card's next name) at each step
  int32_t first_tag = 0;    // their tags: first_tag + i (following, card names
                            // up to position i ranked), first_tag + card size (free)
};

// The state of one run, drawn from its own streams.
//
// How-to-vote cards (scenarios/README.md): the ballots of a cell are its
// plain voters (ranking by Plackett-Luce) and, for each card its bloc
// follows, that card's followers (card_voters). In the fast sampler's ballot
// tree a node's tag says which: tags below num_cells() are the plain voters
// of that cell; the followers of card_voters[g] have FollowingTag(g, i) while
// they still follow the card, their ballot so far being the card's names up
// to position i (those of weight > 0), and FreeTag(g) once they rank freely.
// So the ballots' futures depend only on (tag, continuing set), as the
// counts' merging of parcels requires (MergeByTag, ballots/ballot_tree.h).
struct RunSample {
  std::vector<double> bloc_share;    // [region][bloc]
  std::vector<double> turnout;       // [cell]
  std::vector<int64_t> ballots;      // [cell]: ballots cast (card followers included)
  std::vector<double> weight;        // [cell][candidate]: Plackett-Luce weights
  std::vector<double> stop;          // [cell]
  std::vector<CardVoters> card_voters;              // by cell, then by the bloc's `follow` order
  std::vector<std::vector<CandidateId>> cards;      // [card]: the card's order
  std::vector<int32_t> card_tag_group;              // [tag - num_cells()]: the group of a card tag
  int num_candidates = 0;
  int64_t total_ballots() const;
  int num_cells() const { return static_cast<int>(ballots.size()); }
  int num_tags() const { return num_cells() + static_cast<int>(card_tag_group.size()); }
  // The cell's ballots that follow no card.
  int64_t PlainBallots(int cell) const {
    int64_t n = ballots[static_cast<size_t>(cell)];
    for (const CardVoters& g : card_voters) n -= g.cell == cell ? g.ballots : 0;
    return n;
  }
  size_t CardSize(size_t group) const { return cards[static_cast<size_t>(card_voters[group].card)].size(); }
  int32_t FollowingTag(size_t group, size_t position) const {
    return card_voters[group].first_tag + static_cast<int32_t>(position);
  }
  int32_t FreeTag(size_t group) const { return card_voters[group].first_tag + static_cast<int32_t>(CardSize(group)); }
  // For a tag >= num_cells(): its group.
  size_t GroupOfTag(int32_t tag) const { return static_cast<size_t>(card_tag_group[static_cast<size_t>(tag - num_cells())]); }
  // The cell whose weights and stop a tag's voters use.
  int CellOfTag(int32_t tag) const { return tag < num_cells() ? tag : card_voters[GroupOfTag(tag)].cell; }
};

RunSample SampleRun(const Electorate& sc, const VoterModel& model, uint64_t seed, uint64_t run);

// Expected ballot length under stop weight s for weights w (used to resolve
// `mean_preferences`): the first preference is always given; after k
// preferences the ballot goes on with probability W_k / (W_k + s), where W_k
// is the weight left once the k heaviest candidates are ranked.
double ExpectedBallotLength(std::vector<double> weights, double stop);

// The run's sample restricted to the members of `regions` voting for the
// candidates of `regions` (Plackett-Luce restricted to a subset of candidates
// is Plackett-Luce with the same weights).
RunSample RestrictToRegions(const Electorate& sc, const RunSample& sample, const std::vector<int>& regions);

}  // namespace necsim
