#include "counting/constrained_count.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace necsim {

bool RecountsWithoutConstraints(Rule rule, const Constraints& constraints) {
  return !constraints.empty() && rule != Rule::kBlock && rule != Rule::kFptp;
}

Result<ConstrainedCount> CountWithConstraints(Rule rule, BallotTree& tree, const std::vector<Candidate>& cands,
                                              CountOptions opt, const Stream& lots,
                                              const std::function<BallotTree*()>& fresh) {
  opt.record_stages = false;
  const bool recounts = RecountsWithoutConstraints(rule, opt.constraints);
  opt.resume_without_constraints = recounts;  // (a rule that cannot resume counts again)
  Stream first_lots = lots;
  auto res = Count(rule, tree, cands, opt, first_lots);
  if (!res.ok()) return res.error();
  ConstrainedCount out;
  out.elected = res->elected;
  out.first_preferences = res->first_preferences;
  out.marks = res->marks;
  if (!res->constraints_acted || opt.constraints.empty()) return out;
  if (!recounts) {
    std::vector<double> v;
    for (size_t c = 0; c < cands.size(); ++c) {
      if (!cands[c].withdrawn) v.push_back(res->final_votes_value[c]);
    }
    std::sort(v.begin(), v.end(), std::greater<>());
    const double nth = v[static_cast<size_t>(std::min<int>(opt.seats, static_cast<int>(v.size())) - 1)];
    for (CandidateId e : res->elected) out.constraints_changed |= res->final_votes_value[e] < nth;
    return out;
  }
  std::vector<CandidateId> plain_elected;
  if (res->without_constraints) {
    plain_elected = res->without_constraints->elected;
  } else {
    CountOptions plain = opt;
    plain.constraints = {};
    plain.resume_without_constraints = false;
    Stream second_lots = lots;
    auto res2 = Count(rule, *fresh(), cands, plain, second_lots);
    if (!res2.ok()) return res2.error();
    plain_elected = res2->elected;
  }
  std::vector<CandidateId> elected = res->elected;
  std::sort(elected.begin(), elected.end());
  std::sort(plain_elected.begin(), plain_elected.end());
  out.constraints_changed = elected != plain_elected;
  return out;
}

}  // namespace necsim
