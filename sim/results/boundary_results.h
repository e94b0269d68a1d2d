// The results of `necsim boundary` as one typed structure, as results.h is
// for `necsim run`: built once from the tally (BuildBoundaryResults,
// sim/outputs/boundary_outputs.h), rendered to summary.json (ToJson), the
// tidy CSV tables and the readable text (boundary_outputs.h), and read back
// from a summary.json by the same types (BoundaryResultsFromJson, or section
// by section with ReadBoundaryResultsView).
//
// Every number is kept exactly as summary.json holds it: means, sds, shares
// and leads are rounded when built (BuildBoundaryResults), probabilities are
// not, so ToJson of what BoundaryResultsFromJson read is the same bytes.
// Objects keyed by party or area keep their keys' order (Keyed). The two
// boundary sets are always "old" and "new", in that order ([0], [1]).
//
// summary.json's top-level keys, each one section for
// ReadBoundaryResultsView: scenario, kind, seed, runs, swing_model, parties,
// regions, nations, sets, p_majority, change (as three sections:
// change.national, change.by_region, change.by_nation), changes_of_hands,
// majority_lead, clp (optional). Their meaning: README.md, "necsim boundary".
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "results/results.h"  // Distribution

namespace necsim {

// A JSON object's entries (party or area -> value), in the object's order.
template <typename T>
using Keyed = std::vector<std::pair<std::string, T>>;

// The value of `key` in `entries`, or nullptr.
template <typename T>
const T* FindKey(const Keyed<T>& entries, std::string_view key) {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

// The boundary sets' keys in summary.json, in order: "old", "new".
inline constexpr std::array<const char*, 2> kBoundarySetKeys = {"old", "new"};

// A party's seats on one set over the runs.
struct BoundarySeatStats {
  double mean = 0, sd = 0;  // rounded to 4 decimals
  int p5 = 0, p50 = 0, p95 = 0;
  double p_majority = 0;
  Distribution distribution;  // seats -> probability (non-zero only)
};

// The distribution of a party's seat change (new minus old) over the runs.
struct BoundaryChangeStats {
  double mean = 0, sd = 0;  // rounded to 4 decimals
  int p5 = 0, p50 = 0, p95 = 0;
  double p_gain = 0, p_loss = 0;  // P(change > 0), P(change < 0)
  Distribution distribution;      // change -> probability (non-zero only)
};

// One boundary set (`sets.old`, `sets.new`).
struct BoundarySetResult {
  std::string label;
  std::string file;  // base name of the constituency table
  int seats = 0;
  int majority = 0;                 // seats needed for a majority
  Keyed<double> national_share;     // party -> % (4 decimals)
  Keyed<int> baseline_seats;        // party -> seats, zero swing and no noise
  Keyed<int> central_seats;         // party -> seats, the central swing and no noise
  Keyed<BoundarySeatStats> parties;  // party -> its seats over the runs
  // area -> party -> mean seats (4 decimals; parties with a seat there).
  Keyed<Keyed<double>> mean_seats_by_region, mean_seats_by_nation;
};

// P(majority) on one set (`p_majority.old`, `p_majority.new`).
struct BoundaryMajorityResult {
  Keyed<double> parties;  // party -> P(majority)
  double none = 0;        // P(no party at a majority), written after the parties
};

// The change new minus old (`change`).
struct BoundaryChangeResult {
  Keyed<BoundaryChangeStats> national;                     // party -> change
  Keyed<Keyed<BoundaryChangeStats>> by_region, by_nation;  // area -> party -> change
};

// A seat likely to change hands against its baseline winner (`changes_of_hands.old[i]`).
struct ChangeOfHandsResult {
  std::string id, name, region, baseline_winner;
  double p_change = 0;
  std::optional<std::string> likeliest_gainer;  // null when no other party ever wins it
  double p_likeliest_gainer = 0;
};

// The lead a party needs over a rival for a majority (`majority_lead[i]`),
// national share points (3 decimals); nullopt (null) when unreachable.
struct MajorityLeadResult {
  std::string party, rival;
  std::array<std::optional<double>, 2> lead;  // on old, new
  std::optional<double> bias;                 // new minus old; null unless both are reachable
  // The same under the scenario's own swing model (`majority_lead[i].under_model`,
  // only when the model is not plain uniform swing): MajorityLeadUnderModel.
  std::optional<std::string> model;
  std::array<std::optional<double>, 2> model_lead;
  std::optional<double> model_bias;
};

// A Labour region's CLPs on one set (`clp.regions[i].old`, `.new`).
struct ClpSetResult {
  int64_t clps = 0, electors = 0;
  std::optional<int> nec_seats;  // with an apportionment
  // With members: members, and members per CLP (1 decimal; null, nullopt, when
  // the region has no CLPs). members_per_clp is written exactly when members is.
  std::optional<int64_t> members;
  std::optional<double> members_per_clp;
};

// New minus old for a Labour region (`clp.regions[i].change`).
struct ClpChangeResult {
  int64_t clps = 0, electors = 0;
  std::optional<int> nec_seats;  // with an apportionment on both sets
};

struct ClpRegionResult {
  std::string labour_region;
  std::array<ClpSetResult, 2> sets;  // old, new
  ClpChangeResult change;
};

// The NEC seats' apportionment among Labour regions (`clp.method` ...).
struct ClpApportionResult {
  std::string method, by;
  int nec_seats = 0, min_per_region = 0, base_per_region = 0;
};

// The CLP link (`clp`, with a `clp:` block in the scenario).
struct ClpResult {
  std::optional<ClpApportionResult> apportion;
  std::vector<ClpRegionResult> regions;
};

// A party whose seats differ from the base tables' (boundary.stands): the
// seats it stands in on each set, and those it stood in in the tables.
struct StandsResult {
  std::string party;
  std::array<int, 2> seats{};    // old, new
  std::array<int, 2> as_base{};  // old, new
};

struct BoundaryResults {
  std::string scenario;  // kind is always "boundary"
  uint64_t seed = 0;
  int64_t runs = 0;
  std::string swing_model;
  std::vector<std::string> parties, regions, nations;
  std::array<BoundarySetResult, 2> sets;                        // old, new
  std::array<BoundaryMajorityResult, 2> p_majority;             // old, new
  BoundaryChangeResult change;
  std::array<std::vector<ChangeOfHandsResult>, 2> changes_of_hands;  // old, new; likeliest first
  std::vector<MajorityLeadResult> majority_lead;
  std::optional<ClpResult> clp;
  std::vector<StandsResult> stands;  // empty: every party stands as in the tables (`stands` absent)
};

// summary.json's object (its key order is the outputs' contract, README.md).
nlohmann::ordered_json ToJson(const BoundaryResults& r);

// The results of a summary.json written by ToJson; an Error naming `source`
// and the first missing or mistyped field (`sets.old.parties.lab.mean`).
Result<BoundaryResults> BoundaryResultsFromJson(const nlohmann::ordered_json& j,
                                                const std::string& source = "summary.json");

// A summary read one top-level section at a time (the keys listed above), for
// a reader that shows what it can and says what it cannot (the report): a
// section that is missing or has a missing or mistyped field is left at its
// default in `results` and has its first error in `errors`. `clp` missing is
// no error (results.clp stays nullopt).
struct BoundaryResultsView {
  BoundaryResults results;
  // (section, its first error), in summary.json's key order; Error::field is
  // the field's path (it begins with the section).
  std::vector<std::pair<std::string, Error>> errors;

  bool ok() const { return errors.empty(); }
  // The section's error (or the whole summary's, when it is not an object),
  // or nullptr when the section was read; "change" stands for its three
  // sections (the first of their errors).
  const Error* ErrorOf(std::string_view section) const;
  bool Has(std::string_view section) const { return ErrorOf(section) == nullptr; }
};

// Every section of `j`; a `j` that is not an object is one error with section
// and field "" (the same as BoundaryResultsFromJson's).
BoundaryResultsView ReadBoundaryResultsView(const nlohmann::ordered_json& j,
                                            const std::string& source = "summary.json");

}  // namespace necsim
