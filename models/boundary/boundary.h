// Boundary reviews: seat projections on two boundary sets (old and new) under
// swing uncertainty, and what a review does to CLPs per Labour region.
//
// Pipeline: two constituency tables (CSV: id, name, region, country,
// electorate, votes per party) + a swing specification -> BoundaryModel (flat
// arrays of each seat's base vote shares, precomputed once) -> many runs, each
// drawing one national error vector (correlated across parties through the
// Cholesky factor of a covariance matrix), one error per (region, party), and
// constituency noise, then finding every seat's winner on both sets -> integer
// tallies (BoundaryTally) -> summary.json and tidy CSVs (boundary_outputs.h).
//
// Reproducibility: run i draws only from streams keyed by (seed, i, kSwing,
// sub): sub 0 for the national and regional errors (shared by both sets: one
// political world per run), sub 1 and 2 for the old and new sets'
// constituency noise. Tallies are integer counters merged by addition, so the
// result does not depend on the thread count, the backend or the order in
// which runs finish.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "boundary/stands.h"
#include "regional/apportion.h"
#include "core/status.h"

namespace necsim {

// Column names of a constituency table. Party vote columns are listed
// separately (BoundaryScenario::parties).
struct ColumnMap {
  std::string id = "ons_id";
  std::string name = "constituency_name";
  std::string region = "region_name";
  std::string country = "country_name";
  std::string electorate = "electorate";
};

// One constituency table, as read (rows in file order; the reader is
// sim/scenario/constituency_table.h).
struct ConstituencyTable {
  std::string file;  // the path read, for messages
  std::vector<std::string> header;   // the header row's column names
  std::vector<std::string> parties;  // the party columns read, in scenario order
  std::vector<std::string> id, name, region, country;
  std::vector<int> line;             // 1-based line of each row in the file
  std::vector<int64_t> electorate;
  std::vector<int64_t> votes;        // [seat * parties + party]
  int seats() const { return static_cast<int>(id.size()); }
  int64_t Votes(int seat, int party) const {
    return votes[static_cast<size_t>(seat) * parties.size() + static_cast<size_t>(party)];
  }
};

// The lower Cholesky factor L of the n x n symmetric matrix `a` (row-major):
// a = L L^T. Returns false when `a` is not positive definite.
bool CholeskyLower(const std::vector<double>& a, int n, std::vector<double>& lower);

enum class SwingModel {
  kUniform,       // every seat's share of party p moves by the same points: s + d_p
  kProportional,  // every seat's share of p is scaled by (national share after / before): s (S + d_p) / S
  kRegional,      // uniform within each region, to the region's target shares: s + (T_rp - R_rp)
  // Electoral Calculus's transition model: a party losing support loses the
  // same fraction of its vote in every seat; the votes it releases in a seat
  // go to the gaining parties in proportion to their national gains.
  kTransition,
  // Electoral Calculus's strong transition model: as kTransition, but a
  // losing party's supporters up to `strong_threshold` of a seat's vote
  // ("weak") defect before those above it ("strong").
  kStrong,
  // w x uniform + (1 - w) x proportional, w = `mixture_weight`.
  kMixture,
};
const char* SwingModelName(SwingModel m);
// Parses a model name ("uniform", ..., "mixture"); false when unknown.
bool ParseSwingModel(const std::string& name, SwingModel& m);

// A tactical-voting term: in every seat, `rate[region]` of the vote of each
// `from` party (other than the seat's best-placed challenger of `against`)
// moves to that challenger (the standing party other than `against` with the
// largest projected value before constituency noise).
struct TacticalTerm {
  int against = 0;
  std::vector<uint8_t> from;   // [party]: 1 if the party's voters may move
  std::vector<double> rate;    // [region], a fraction
};

// The swing and its uncertainty. All shares are fractions (0.01 = one
// percentage point); the scenario file gives them in points.
struct SwingSpec {
  SwingModel model = SwingModel::kUniform;
  // Central national change per party, or a national target share (target
  // wins where set: change = target - the set's own national share).
  std::vector<double> change;          // [party]
  std::vector<double> target;          // [party], < 0 when not given
  // Regional model: target shares per (region, party), < 0 when not given
  // (then the national change applies in that region).
  std::vector<double> region_target;   // [region * parties + party]
  // National error e = L z, z standard normal, L the lower Cholesky factor of
  // the parties' covariance matrix (row-major, parties x parties).
  std::vector<double> national_cholesky;
  std::vector<double> regional_sd;     // [party], independent per (region, party)
  std::vector<double> constituency_sd; // [party], independent per (seat, party)
  // kMixture: the weight of the uniform part (0..1).
  double mixture_weight = 0.5;
  // kStrong: a party's "weak" supporters in a seat are its vote up to this
  // share of the seat's vote (a fraction); kTransition is kStrong at 1.
  double strong_threshold = 0.2;
  // Tactical voting, applied after the swing, before constituency noise.
  std::vector<TacticalTerm> tactical;
  // Whether region r has any target (region_target) set: the transition
  // models and the mixture then swing that region from its own shares.
  bool HasRegionTargets() const {
    for (double t : region_target) {
      if (t >= 0) return true;
    }
    return false;
  }
};

// One boundary set in a scenario.
struct BoundarySet {
  std::string key;    // "old" or "new"
  std::string label;  // e.g. "2019 result, 2010 boundaries"
  std::string file;   // the file as given in the scenario
  ColumnMap columns;  // the table's column names (a backtest reads its actual table with them)
  ConstituencyTable table;
  std::vector<int> region;  // per seat: index into BoundaryScenario::regions
  std::vector<int> nation;  // per seat: index into BoundaryScenario::nations
  int majority = 0;         // seats needed for a majority
};

// A (party, rival) pair for the lead-needed-for-a-majority figure.
struct LeadPair {
  int party = 0;
  int rival = 0;
};

// The CLP link: constituencies (= CLPs) and electors per Labour region on
// each set, and the apportionment of regional NEC seats among them.
struct ClpLink {
  bool enabled = false;
  std::vector<std::string> labour_regions;  // in first-seen order of the mapping
  std::vector<int> labour_region_of;        // [region] -> labour region, -1: no CLPs (Northern Ireland)
  bool apportion = false;
  ApportionMethod method = ApportionMethod::kSainteLague;
  int seats = 0;
  int min_per_region = 0;
  int base_per_region = 0;  // base seats per region (docs/apportionment.md)
  std::string by = "clps";  // "clps" or "electors"
  // Members per Labour region (optional; empty when not given): a review
  // does not move members between regions, but changes members per CLP.
  std::vector<int64_t> members;
};

struct BoundaryScenario {
  std::string name;
  std::string description;
  std::string source;  // the scenario file
  int64_t runs = 1000;
  uint64_t seed = 1;
  std::vector<std::string> parties;  // party columns, in scenario order
  std::vector<std::string> regions;  // regions after the scenario's renaming, first seen in old, then new
  std::vector<std::string> nations;  // values of the country column, first seen order
  std::array<BoundarySet, 2> sets;   // [0] old, [1] new
  SwingSpec swing;
  std::vector<LeadPair> leads;
  ClpLink clp;
  // Who stands where (`stands:`; docs/boundary.md, "Who stands"): inactive
  // when every party stands as in the base election.
  StandsSpec stands;
  int top_changes = 20;  // seats listed per set in changes_of_hands
};

// Precomputed flat arrays for one set: each seat's parties that stood (votes
// > 0) and their base vote shares, the set's national and regional shares.
// With a stands: block, the parties that stand and their base shares after
// entries and withdrawals, and the national and regional shares (and base
// winners) recomputed from those shares (docs/boundary.md, "Who stands").
struct SetModel {
  int seats = 0;
  int parties = 0;
  int regions = 0;
  std::vector<int32_t> offset;    // [seats + 1] into party/share
  std::vector<uint8_t> party;     // candidates' parties
  std::vector<double> share;      // their base shares
  std::vector<int32_t> cell;      // their (region * parties + party), the index into a SetSwing
  std::vector<double> noise_sd;   // their party's constituency_sd
  // Seats in order of their number of candidates (stable): the run loop
  // visits them in this order so the inner loop's length is predictable.
  std::vector<int32_t> order;
  std::vector<int16_t> region;    // [seat]
  std::vector<int16_t> nation;    // [seat]
  std::vector<double> national_share;  // [party]
  std::vector<double> region_share;    // [region * parties + party]
  std::vector<int> base_winner;        // [seat], plurality of the votes as given
  // The transition models' weak supporters: sum over seats of the seat's
  // votes x min(share, strong_threshold), over the national (or regional) vote.
  std::vector<double> national_weak;   // [party]
  std::vector<double> region_weak;     // [region * parties + party]
};

struct BoundaryModel {
  const BoundaryScenario* scenario = nullptr;
  std::array<SetModel, 2> sets;
  int parties = 0;
  int regions = 0;
  int nations = 0;
};

// REQUIRES: a validated scenario (LoadBoundaryScenario). Parties are at most 255.
BoundaryModel BuildBoundaryModel(const BoundaryScenario& sc);

// The run's swing as seen by one set: each seat's projected value of party p
// is share * mult[r, p] + add[r, p] + noise (r the seat's region).
//
// The transition models and tactical voting (`general`) add per-seat terms:
// a losing party loses weak_loss x min(share, threshold) + strong_loss x
// max(0, share - threshold); the seat's released vote (the sum of those
// losses) is shared out to gaining parties, gain[r, p] x released; then the
// tactical terms move votes to the challenger of each named party.
struct SetSwing {
  std::vector<double> mult;  // [region * parties + party]
  std::vector<double> add;
  bool general = false;
  double threshold = 1.0;
  std::vector<double> weak_loss, strong_loss, gain;  // [region * parties + party]
  const std::vector<TacticalTerm>* tactical = nullptr;
};

// The run's national errors (fractions) and regional errors, shared by both sets.
struct RunErrors {
  std::vector<double> national;  // [party]
  std::vector<double> regional;  // [region * parties + party]
};

// Errors of run `run` (zero vectors when every sd is zero).
void DrawRunErrors(const BoundaryModel& m, uint64_t seed, uint64_t run, RunErrors& out);
// The swing on set k given the run's errors (the scenario's central swing when errors are zero).
void SetSwingFor(const BoundaryModel& m, int k, const RunErrors& e, SetSwing& out);

// Valid projected shares of one seat under a swing, without constituency
// noise: each standing party's share * mult + add, negative values set to
// zero, then renormalised to sum to one (parties that did not stand stay at
// zero). Winners are the argmax of these; the run loop skips the clipping and
// renormalisation, which never change the argmax (see boundary.cc).
std::vector<double> ProjectSeatShares(const BoundaryModel& m, int k, int seat, const SetSwing& sw);

// The projected values of one seat's standing parties (in the seat's
// candidate order, SetModel::offset) under a swing, before noise.
void SeatValues(const SetModel& s, const SetSwing& sw, int seat, double* x);

// Winners of every seat of set k in run `run` under the swing `sw`, with the
// run's constituency noise (stream (seed, run, kSwing, 1 + k)).
void RunWinners(const BoundaryModel& m, int k, uint64_t seed, uint64_t run, const SetSwing& sw, int* winners);

// Winner of every seat of set k with no noise (zero swing: pass a swing with
// mult 1 and add 0; see ZeroSwing).
std::vector<int> ProjectWinners(const BoundaryModel& m, int k, const SetSwing& sw);
SetSwing ZeroSwing(const BoundaryModel& m);
// Seats per party on set k from a winners vector.
std::vector<int> SeatsByParty(const BoundaryModel& m, const std::vector<int>& winners);

// The lead (party's national share minus the rival's, as a fraction) at which
// the party reaches set k's majority under a uniform transfer of t points from
// the rival to the party in every seat, on the tables as given. Returns false
// when no transfer gives a majority (the party stands in too few seats).
bool MajorityLead(const BoundaryModel& m, int k, int party, int rival, double& lead);

// The same lead under the scenario's own swing model: the central swing plus
// a national transfer of t from the rival to the party (as a national error
// of +t and -t), the smallest t (by bisection, to 1e-7) at which the party's
// projected seats reach the majority; the lead is the party's projected
// national share minus the rival's (vote-weighted valid shares of every seat)
// at that t. Returns false when even t = 1 gives no majority.
bool MajorityLeadUnderModel(const BoundaryModel& m, int k, int party, int rival, double& lead);

// Integer tallies over runs (merged by addition: order-independent).
struct BoundaryTally {
  int64_t runs = 0;
  int parties = 0;
  std::array<int, 2> seats{};                      // seats per set
  std::array<std::vector<int64_t>, 2> seat_hist;   // [party * (seats + 1) + k]
  std::array<std::vector<int64_t>, 2> majority;    // [party]
  std::array<int64_t, 2> hung{};                   // runs with no party at a majority
  int change_span = 0;                             // max(seats old, seats new)
  std::vector<int64_t> change_hist;                // [party * (2 span + 1) + d + span]
  // By region / nation: spans and offsets per area.
  std::vector<int> region_span, region_offset;
  std::vector<int64_t> region_change_hist;         // [offset[g] + party * (2 span_g + 1) + d + span_g]
  std::array<std::vector<int64_t>, 2> region_seat_sum;  // [region * parties + party]
  std::vector<int> nation_span, nation_offset;
  std::vector<int64_t> nation_change_hist;
  std::array<std::vector<int64_t>, 2> nation_seat_sum;
  std::array<std::vector<int64_t>, 2> wins;        // [seat * parties + party]

  static BoundaryTally Empty(const BoundaryModel& m);
  void Merge(const BoundaryTally& o);
};

// Per-run scratch space (no allocation inside the run loop).
struct BoundaryScratch {
  RunErrors errors;
  SetSwing swing;
  std::array<std::vector<int>, 2> winners;
  std::array<std::vector<int>, 2> seats;         // [party]
  std::array<std::vector<int>, 2> region_seats;  // [region * parties + party]
  std::array<std::vector<int>, 2> nation_seats;
  explicit BoundaryScratch(const BoundaryModel& m);
};

// One run: errors, winners on both sets, added to the tally.
void SimulateBoundaryRun(const BoundaryModel& m, uint64_t seed, uint64_t run, BoundaryScratch& scratch,
                         BoundaryTally& tally);

// The deterministic projection: zero swing and zero noise on both sets.
std::array<std::vector<int>, 2> DeterministicSeats(const BoundaryModel& m);

// The CLP link on set k: per Labour region, constituencies and electors.
struct ClpCounts {
  std::vector<int64_t> clps;      // [labour region]
  std::vector<int64_t> electors;  // [labour region]
};
ClpCounts CountClps(const BoundaryScenario& sc, int k);

}  // namespace necsim
