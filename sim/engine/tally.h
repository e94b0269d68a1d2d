// What a run yields (RunRecord) and the integer tallies over runs from which
// every reported figure is derived (Tally), added in run order.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/election.h"
#include "scenario/scenario.h"

namespace necsim {

// What one run yields for one rule set.
struct RuleSetRecord {
  std::vector<CandidateId> elected;        // in order of election
  std::vector<float> first_pref_share;     // per candidate, share of valid first preferences
  std::vector<int64_t> first_preferences;  // per candidate, ballots ranking them first (as counted)
  std::vector<int64_t> marks;              // block rule sets only: per candidate, the count's marks
  bool constraints_changed = false;        // the result differs from the unconstrained count
  // Casual vacancies (Scenario::vacancies): for each
  // entry of `elected`, who takes the seat when that member leaves (the count
  // re-run without them, engine.h FillVacancies), -1 for none; and whether
  // that recount also unseated another sitting member (1) or not (0). Empty
  // when vacancies are not computed.
  std::vector<CandidateId> vacancy_replacement;
  std::vector<uint8_t> vacancy_unseats;
};

struct RunRecord {
  int64_t ballots = 0;
  std::vector<int> nec_other;  // per NEC faction: seats won in the NEC's other sections this run
  std::vector<RuleSetRecord> rule_sets;
};

// Integer counters (and sums of shares added in run order) from which every
// reported figure is derived.
struct RuleSetTally {
  std::vector<int64_t> elected;          // [candidate] runs in which elected
  std::vector<double> first_pref_sum;    // [candidate] sum over runs of first-preference share
  // First preferences and (block rule sets) marks: per candidate the sum over
  // runs, and every run's value, [run * candidates + candidate], for their
  // quantiles. A run's counts fit in 32 bits (the scenario's members do).
  std::vector<int64_t> first_pref_count_sum;
  std::vector<int32_t> first_pref_runs;
  bool has_marks = false;
  std::vector<int64_t> marks_sum;
  std::vector<int32_t> marks_runs;
  std::vector<std::vector<int64_t>> slate_seats;  // [slate][k] runs in which the slate won k seats
  // The joint outcome: the seats of every slate (independents last) of a
  // run -> the runs with that split. Integer counts, so the same in any order.
  std::map<std::vector<int>, int64_t> seat_splits;
  // Casual vacancies (when computed): [leaving][replacement] runs in which
  // `leaving` was elected and `replacement` takes the seat when they leave
  // (replacement = candidates: none); [leaving] runs in which that recount
  // also unseated another sitting member.
  bool has_vacancies = false;
  std::vector<std::vector<int64_t>> vacancy;
  std::vector<int64_t> vacancy_unseats;
  std::vector<int64_t> region_any;       // [region] runs with at least one elected
  std::vector<int64_t> region_seats;     // [region] sum over runs of seats won
  std::vector<int64_t> region_seats_sq;  // [region] sum of squares
  std::vector<int64_t> women;            // [k] runs with k women elected
  int64_t constraints_changed = 0;       // runs where the constraints changed the result
  // Disproportionality between regions' member shares and seat shares, one
  // value per run (Loosemore-Hanby: half the sum of |m - s|; Gallagher: the
  // root of half the sum of (m - s)^2), as shares (0 to 1).
  std::vector<float> loosemore_hanby;
  std::vector<float> gallagher;
  // The whole NEC (when the scenario has `nec:`): per faction, the sum of
  // seats over runs and the runs in which it held a majority.
  std::vector<int64_t> nec_seats;
  std::vector<int64_t> nec_majority;
  // Every run's outcome, in run order (runs.csv, and paired comparisons of
  // results folders: necsim compare, a sweep's changes between points): the
  // elected in order of election, whether the constraints changed the
  // result, and the NEC faction holding a majority (-1: none, or no `nec:`).
  std::vector<std::vector<CandidateId>> elected_by_run;
  std::vector<uint8_t> changed_by_run;
  std::vector<int16_t> nec_majority_by_run;
};

// Paired differences between rule sets a and b (a listed before b): sums of
// d and d^2 per run, so SE = sqrt((S2 - S1^2/n) / (n (n-1))).
struct PairTally {
  int a = 0, b = 0;
  std::vector<int64_t> cand_d, cand_d2;    // [candidate], d = elected_a - elected_b
  std::vector<int64_t> slate_d, slate_d2;  // [slate], d = seats_a - seats_b
  // [slate], d = seats_a * seats(b) - seats_b * seats(a): the difference in
  // seat shares times both rule sets' seats, whole numbers for exact sums.
  std::vector<int64_t> share_d, share_d2;
  std::vector<int64_t> region_d, region_d2;  // [region], d = represented_a - represented_b
  int64_t women_d = 0, women_d2 = 0;
};

struct Tally {
  int64_t runs = 0;
  int64_t ballots_sum = 0;
  std::vector<RuleSetTally> rule_sets;
  std::vector<PairTally> pairs;
  int64_t members_total_ = 0;
  std::vector<int> slate_of_;  // per candidate: slate index (-1: independent)

  static Tally Empty(const Scenario& sc);
  void Add(const Scenario& sc, const RunRecord& r);  // call in run order
  double MaxStandardError() const;
};

}  // namespace necsim
