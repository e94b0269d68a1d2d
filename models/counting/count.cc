#include "counting/count.h"

namespace necsim {

const char* RuleName(Rule rule) {
  switch (rule) {
    case Rule::kScottish: return "scottish";
    case Rule::kErs97: return "ers97";
    case Rule::kMeek: return "meek";
    case Rule::kWarren: return "warren";
    case Rule::kWigm: return "wigm";
    case Rule::kBlock: return "block";
    case Rule::kFptp: return "fptp";
    case Rule::kIrv: return "irv";
  }
  return "?";
}

std::optional<Rule> ParseRule(const std::string& name) {
  for (Rule r : {Rule::kScottish, Rule::kErs97, Rule::kMeek, Rule::kWarren, Rule::kWigm, Rule::kBlock,
                 Rule::kFptp, Rule::kIrv}) {
    if (name == RuleName(r)) return r;
  }
  if (name == "av") return Rule::kIrv;
  return std::nullopt;
}

bool IsStv(Rule rule) {
  return rule == Rule::kScottish || rule == Rule::kErs97 || rule == Rule::kMeek ||
         rule == Rule::kWarren || rule == Rule::kWigm;
}

const char* StateName(CandidateState s) {
  switch (s) {
    case CandidateState::kHopeful: return "hopeful";
    case CandidateState::kElected: return "elected";
    case CandidateState::kExcluded: return "excluded";
    case CandidateState::kWithdrawn: return "withdrawn";
  }
  return "?";
}

Result<CountResult> Count(Rule rule, BallotTree& ballots, const std::vector<Candidate>& candidates,
                          const CountOptions& options, Stream& lots) {
  if (options.seats < 1) return MakeError("the number of seats must be at least 1", "seats");
  if (ballots.num_candidates() != static_cast<int>(candidates.size())) {
    return MakeError("ballots and candidate list disagree on the number of candidates", "candidates");
  }
  if (rule == Rule::kIrv && options.seats != 1) {
    return MakeError("irv elects one candidate; use an STV rule for " + std::to_string(options.seats) +
                         " seats",
                     "seats");
  }
  if (Status s = CheckFeasible(options.constraints, candidates, options.seats); !s) return s.error();
  switch (rule) {
    case Rule::kScottish: return CountScottish(ballots, candidates, options, lots);
    case Rule::kErs97: return CountErs97(ballots, candidates, options, lots);
    case Rule::kMeek: return CountMeek(ballots, candidates, options, lots);
    case Rule::kWarren: return CountWarren(ballots, candidates, options, lots);
    case Rule::kWigm: return CountWigm(ballots, candidates, options, lots);
    case Rule::kBlock: return CountBlock(ballots, candidates, options, lots);
    case Rule::kFptp: return CountFptp(ballots, candidates, options, lots);
    case Rule::kIrv: return CountIrv(ballots, candidates, options, lots);
  }
  return MakeError("unknown rule", "rule");
}

Result<CountResult> CountElection(Rule rule, const Election& election, CountOptions options,
                                  Stream& lots) {
  BallotTree tree = BallotTree::FromElection(election);
  if (options.tie_order.empty()) options.tie_order = election.tie_order;
  return Count(rule, tree, election.candidates, options, lots);
}

}  // namespace necsim
