// Casual vacancies: who takes an elected member's seat when they leave. The
// party's rule since 2021 re-runs the last count without the member who left;
// the member the re-run elects who was not elected before takes the seat. For
// the block vote and FPTP, whose result is the poll of votes, the re-run is
// the same poll without the member (the next highest, subject to the
// constraints); for the other rules the same ballots are counted again with
// the member withdrawn (their ballots pass to their next preference).
#pragma once

#include <cstdint>
#include <vector>

#include "ballots/ballot_tree.h"
#include "core/election.h"
#include "core/rng.h"
#include "core/status.h"
#include "counting/count.h"

namespace necsim {

// Whether `rule`'s re-run is read off the first count's votes (block vote:
// its marks; FPTP: its first preferences) rather than counted again.
inline bool VacancyFromVotes(Rule rule) { return rule == Rule::kBlock || rule == Rule::kFptp; }

// The block vote or FPTP elected down the poll from `votes` (per candidate:
// marks, or first preferences), as CountBlock and CountFptp elect once they
// have counted them: withdrawn candidates passed over, the constraints
// applied, ties by the tie order or by lot. REQUIRES: rule is kBlock or kFptp.
CountResult ElectFromVotes(Rule rule, const std::vector<int64_t>& votes, const std::vector<Candidate>& candidates,
                           const CountOptions& options, Stream& lots);

struct VacancyFill {
  CandidateId replacement = -1;  // -1: none (the re-run could not be counted)
  bool unseats = false;          // the re-run also left out another sitting member
};

// Reads the re-run: `elected` the first count's members, `leaving` one of
// them, `recount` the re-run's elected (in order of election, without
// `leaving`). The replacement is the first member of the re-run, in its
// order of election, who was not elected before and with whom the sitting
// members meet `constraints`; if none meets them, the first who was not
// elected before. Sitting members keep their seats whatever the re-run gives
// them (`unseats` says that it left one out).
VacancyFill ReadVacancy(const std::vector<CandidateId>& elected, CandidateId leaving,
                        const std::vector<CandidateId>& recount, const Constraints& constraints);

// The re-run for `leaving` and its reading: `candidates` with `leaving`
// withdrawn counted under `rule` and `options` on `tree` (the same ballots
// as the first count: a tree of real ballots, or a fresh sampled tree of the
// same run, whose root is first expanded over every candidate the first
// count had standing, so its first preferences are the first count's), or,
// for VacancyFromVotes rules, elected from `votes`. `lots` is copied, so the
// re-run draws the first count's lots. A re-run that cannot be counted (the
// constraints cannot be met without `leaving`) gives no replacement.
// `seated_elsewhere` (a regional design's members of other counts, who stood
// in this one) are withdrawn from the re-run as well: they hold a seat
// already. The root of a sampled tree is still expanded over every candidate
// the first count had standing, so the re-run reads the same ballots.
VacancyFill FillVacancy(Rule rule, BallotTree* tree, const std::vector<int64_t>& votes,
                        const std::vector<Candidate>& candidates, CountOptions options, const Stream& lots,
                        const std::vector<CandidateId>& elected, CandidateId leaving,
                        const std::vector<CandidateId>& seated_elsewhere = {});

}  // namespace necsim
