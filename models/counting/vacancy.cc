#include "counting/vacancy.h"

#include <algorithm>

namespace necsim {

namespace {

bool Meets(const std::vector<CandidateId>& members, const Constraints& constraints) {
  for (const ConstraintGroup& g : constraints.groups) {
    int in = 0;
    for (CandidateId m : members) in += std::find(g.members.begin(), g.members.end(), m) != g.members.end();
    if (in < g.min || in > g.max) return false;
  }
  return true;
}

}  // namespace

VacancyFill ReadVacancy(const std::vector<CandidateId>& elected, CandidateId leaving,
                        const std::vector<CandidateId>& recount, const Constraints& constraints) {
  auto in = [](const std::vector<CandidateId>& v, CandidateId c) { return std::find(v.begin(), v.end(), c) != v.end(); };
  VacancyFill out;
  std::vector<CandidateId> sitting;
  for (CandidateId m : elected) {
    if (m == leaving) continue;
    sitting.push_back(m);
    out.unseats |= !in(recount, m);
  }
  std::vector<CandidateId> fresh;
  for (CandidateId c : recount) {
    if (c != leaving && !in(elected, c)) fresh.push_back(c);
  }
  if (fresh.empty()) return out;
  out.replacement = fresh.front();
  for (CandidateId c : fresh) {
    std::vector<CandidateId> members = sitting;
    members.push_back(c);
    if (Meets(members, constraints)) {
      out.replacement = c;
      break;
    }
  }
  return out;
}

VacancyFill FillVacancy(Rule rule, BallotTree* tree, const std::vector<int64_t>& votes,
                        const std::vector<Candidate>& candidates, CountOptions options, const Stream& lots,
                        const std::vector<CandidateId>& elected, CandidateId leaving,
                        const std::vector<CandidateId>& seated_elsewhere) {
  std::vector<Candidate> without = candidates;
  without[static_cast<size_t>(leaving)].withdrawn = true;
  for (CandidateId c : seated_elsewhere) without[static_cast<size_t>(c)].withdrawn = true;
  options.record_stages = false;
  options.resume_without_constraints = false;
  Stream recount_lots = lots;
  std::vector<CandidateId> recount;
  int standing = 0;
  for (const Candidate& c : without) standing += !c.withdrawn;
  if (standing < options.seats) return {};
  if (VacancyFromVotes(rule)) {
    // The check Count makes before counting.
    if (!CheckFeasible(options.constraints, without, options.seats).ok()) return {};
    recount = ElectFromVotes(rule, votes, without, options, recount_lots).elected;
  } else {
    if (tree == nullptr) return {};
    if (tree->draws_continuing()) {
      // The first count's root: every candidate it had standing.
      std::vector<char> standing(candidates.size(), 0);
      for (size_t c = 0; c < candidates.size(); ++c) standing[c] = !candidates[c].withdrawn;
      tree->continuing_children(BallotTree::kRoot, standing);
    }
    auto res = Count(rule, *tree, without, options, recount_lots);
    if (!res.ok()) return {};
    recount = std::move(res->elected);
  }
  return ReadVacancy(elected, leaving, recount, options.constraints);
}

}  // namespace necsim
