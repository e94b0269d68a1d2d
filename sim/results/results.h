// The results of `necsim run` as one typed structure: the contract between
// the engine's side and every reader. Built once from the tally
// (BuildRunResults, sim/outputs/outputs.h), then rendered to summary.json (ToJson), the tidy
// CSV tables and the readable text (outputs/outputs.h); read back from a
// summary.json by the same types (RunResultsFromJson, or section by section
// with ReadRunResultsBySection), so every later reader (sweeps, batch
// indexes, the text summary, the HTML report) uses fields, not string keys.
// Probabilities and means are rounded to 6 decimals when built: far below
// any Monte Carlo error, and it keeps files readable and diffs meaningful.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace necsim {

// A distribution over whole numbers: (value as text, probability), in order.
using Distribution = std::vector<std::pair<std::string, double>>;

// A per-run count's mean over runs and its 5% and 95% quantiles (the
// nearest-rank order statistics of the runs' values, QuantileRank).
struct RangeResult {
  double mean = 0, p5 = 0, p95 = 0;
};

struct CandidateResult {
  std::string name, slate, region, gender;  // gender "f", "m" or ""
  double p_elected = 0, se = 0, mean_first_pref_share = 0;
  // Ballots ranking the candidate first, and that as a share of the ballots
  // with a first preference (absent in summaries written before them).
  std::optional<RangeResult> first_preferences, first_preference_share;
  // Block rule sets only: ballots marking the candidate among their first
  // `seats` preferences, the votes the block vote elects on.
  std::optional<RangeResult> marks;
};

struct SlateResult {
  std::string name;
  Distribution seat_distribution;
  double mean = 0;
  int p5 = 0, p95 = 0;
  // P(the slate wins at least k seats) for k = 0 .. seats, with standard
  // errors, and mean seats / the rule set's seats (absent in summaries
  // written before them: empty, and no seat_share).
  std::vector<double> p_at_least, p_at_least_se;
  std::optional<double> seat_share;
};

// One joint outcome of a rule set: every slate's seats in one run.
struct SeatSplitResult {
  std::vector<std::pair<std::string, int>> split;  // (slate, seats), in the order of `slates`
  std::string label;                                // "GV 4 / LTW 4 / OL 1" (docs/outputs.md)
  double p = 0, se = 0;
};

// The splits left out of a capped `seat_splits` list, summed.
struct SeatSplitsOther {
  int64_t splits = 0;  // how many splits
  double p = 0, se = 0;
};

// Who takes an elected member's seat when they leave (casual vacancies).
struct ReplacementResult {
  std::optional<std::string> name;  // none: the re-run could not fill it
  double p = 0, se = 0;             // given that the member was elected
};

struct VacancyResult {
  std::string elected;  // the member who leaves
  int64_t runs = 0;     // the runs in which they were elected (the condition)
  double p_elected = 0;
  // P(the re-run also left out another sitting member | elected): they keep
  // their seats, but the recount would have unseated them.
  double p_unseats = 0;
  std::vector<ReplacementResult> replacements;  // likeliest first
};

struct RegionResult {
  std::string name;
  double p_at_least_one = 0, se = 0, expected_elected = 0, members_share = 0, seats_share = 0;
};

struct WomenResult {
  Distribution distribution;
  double mean = 0, p_gender_rule_changed = 0, se = 0;
};

struct SpreadResult {  // a value's distribution over runs
  double mean = 0, p5 = 0, p50 = 0, p95 = 0;
};

struct DesignResult {  // a regional design
  std::string regional_rule;
  int regional_seats = 0;
  std::string seats;  // how the seats were set
  std::string gender;
  int national_seats = 0;
  std::optional<std::string> national_rule;
};

struct NecFactionResult {
  std::string name;
  double mean_seats = 0, p_majority = 0, se = 0;
};

struct NecResult {
  int total_seats = 0;
  std::vector<NecFactionResult> factions;
};

struct RuleSetResult {
  std::string name, rule;
  int seats = 0;
  std::optional<int> women_min;
  std::vector<CandidateResult> candidates;
  std::vector<SlateResult> slates;
  // The joint outcome, likeliest first (at most kSeatSplitsListed; the rest
  // summed in seat_splits_other). Empty in summaries written before it.
  std::vector<SeatSplitResult> seat_splits;
  std::optional<SeatSplitsOther> seat_splits_other;
  // Casual vacancies, when computed (`vacancies: true`):
  // one entry per candidate elected in some run, in candidate order.
  std::optional<std::vector<VacancyResult>> vacancies;
  std::vector<RegionResult> regions;
  WomenResult women;
  std::optional<DesignResult> design;
  std::optional<SpreadResult> loosemore_hanby, gallagher;
  std::optional<NecResult> nec;
};

struct DifferenceResult {  // a paired difference between two rule sets
  std::string name;
  double difference = 0, se = 0;
};

struct ComparisonResult {
  std::string a, b;
  std::vector<DifferenceResult> slates;      // mean seat difference
  std::vector<DifferenceResult> slate_shares;  // mean seat-share difference (empty in older summaries)
  std::vector<DifferenceResult> candidates;  // P(elected) difference
  std::vector<DifferenceResult> regions;     // P(represented) difference
  double women_mean_difference = 0, women_se = 0;
};

// The scenario's assumptions as summary.json's `assumptions` records them
// (the report's "scenario in brief"): each region's members and turnout, and
// each bloc's shares by region, turnout and behaviour, with what the
// behaviour implies: the split of a bloc's first preferences by slate, the
// probabilities of the voter model (models/voters/voter_model.h) without
// campaign noise, averaged over regions by the bloc's expected voters.
using NamedValues = std::vector<std::pair<std::string, double>>;

struct RegionAssumption {
  std::string name;
  int64_t members = 0;
  double turnout_mean = 0, turnout_sd = 0;
};

struct FollowAssumption {
  std::string card, slate;
  double share = 0;  // of the bloc's voters
};

struct BlocAssumption {
  std::string name;
  NamedValues share;  // region -> the share of its members in this bloc
  double concentration = 0, turnout_factor = 1;
  NamedValues affinity;  // slate (and "independent") -> utility
  double home_region = 0, women = 0, campaign_noise = 0;
  double stop = 0;  // the stop weight, resolved from mean_preferences when given
  std::vector<FollowAssumption> follow;
  double compliance = 1;
  NamedValues first_preferences;  // slate (and "independent") -> probability
};

struct AssumptionsResult {
  std::vector<RegionAssumption> regions;
  std::vector<BlocAssumption> blocs;
};

struct RunResults {
  std::string scenario, description;
  uint64_t seed = 0;
  int64_t runs = 0;
  std::string sampler;  // "fast" or "reference"
  std::optional<double> precision_target;
  bool stopped_on_precision = false;  // written with precision_target
  double mean_ballots = 0;
  std::optional<AssumptionsResult> assumptions;  // absent in summaries written before it
  std::vector<RuleSetResult> rule_sets;
  std::vector<ComparisonResult> comparisons;
};

// The most splits `seat_splits` lists; the rest are summed as `seat_splits_other`.
inline constexpr size_t kSeatSplitsListed = 50;

// summary.json's object (its key order is the outputs' contract, README.md).
nlohmann::ordered_json ToJson(const RunResults& r);
// A rule set's `nec` object of summary.json.
nlohmann::ordered_json ToJson(const NecResult& n);

// Which parts of one rule set of a summary.json could be read: each Status is
// ok, or holds the Error (the field's path, `rule_sets[1].women.mean`) that
// made that part unreadable.
struct RuleSetSections {
  Status object;  // the entry is a JSON object (when not, nothing else is read)
  Status name, rule, seats, women_min;
  Status candidates, slates, seat_splits, vacancies, regions, women, design;
  bool has_disproportionality = false;  // the `disproportionality` object is there
  Status loosemore_hanby, gallagher;
  Status nec;
};

// A summary.json read section by section, for a reader that shows what it can
// (the HTML report). Every part that read is in `results`; a part that did
// not keeps its default there (an absent optional, an empty list) and its
// Error here. The header fields, each rule set's fields and sections and each
// comparison are read separately.
struct RunResultsView {
  RunResults results;
  Status object;  // the summary is a JSON object (when not, nothing else is read)
  Status scenario, description, seed, runs, sampler, precision_target, stopped_on_precision, mean_ballots;
  Status assumptions;                      // `assumptions`, when there
  Status rule_sets_list;                   // `rule_sets` is a list
  std::vector<RuleSetSections> rule_sets;  // one per results.rule_sets, in order
  bool has_comparisons = false;            // the `comparisons` key is there (older summaries lack it)
  Status comparisons_list;                 // `comparisons`, when there, is a list
  std::vector<Status> comparisons;         // one per results.comparisons, in order
  // Keys this necsim does not know, at the top, in a rule set or in a
  // comparison (`quantum`, `rule_sets[1].mystery`), in the summary's order.
  std::vector<std::string> unknown_fields;

  // The first unreadable part in reading order (the summary's key order);
  // ok when every part read.
  Status FirstError() const;
};

// Reads every part of a summary.json that it can; errors name `source`.
RunResultsView ReadRunResultsBySection(const nlohmann::ordered_json& j, const std::string& source = "summary.json");

// The results of a summary.json written by ToJson; an Error naming `source`
// and the first missing or mistyped field (`rule_sets[1].women.mean`): the
// section-by-section read, with any unreadable part being the error.
Result<RunResults> RunResultsFromJson(const nlohmann::ordered_json& j, const std::string& source = "summary.json");

}  // namespace necsim
