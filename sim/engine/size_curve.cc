#include "engine/size_curve.h"

#include <algorithm>
#include <cmath>

#include "counting/constraints.h"
#include "engine/tally.h"
#include "voters/voter_model.h"

namespace necsim {

Result<SizeCurve> SimulateSectionSizes(const Scenario& sc, const std::string& name, const SectionSize& size,
                                       Rule top_up_rule, double confidence, const EngineOptions& opt) {
  if (!BackendAvailable(opt.backend)) {
    return MakeError(std::string("backend '") + BackendName(opt.backend) + "' is not built into this necsim",
                     "--backend");
  }
  const RuleSetConfig* orig = nullptr;
  for (const auto& rs : sc.rule_sets) {
    if (rs.name == name) orig = &rs;
  }
  if (orig == nullptr || !orig->is_regional()) return MakeError("no regional rule set named '" + name + "'", "--rule-set");
  // The sized design at m top-up seats (m = 0 .. size.top_up_seats).
  Scenario cand = sc;
  cand.rule_sets.clear();
  SizeCurve out;
  out.confidence = confidence;
  out.runs = opt.runs;
  out.seed = opt.seed;
  const int C = static_cast<int>(sc.candidates.size());
  for (int m = 0; m <= size.top_up_seats; ++m) {
    std::vector<RuleSetConfig> one{*orig};
    SectionSize s = size;
    s.top_up_seats = m;
    s.total_seats = size.regional_seats + m;
    ResizeRuleSet(one, name, s, top_up_rule);
    RuleSetConfig rs = one[0];
    if (size.top_up_seats > 0 && m == 0) {  // no top-up seats: no rule to enforce the minimum
      rs.national_seats = 0;
      rs.women_min = -1;
      rs.seats = size.regional_seats;
    }
    rs.name = name + "_top_up_" + std::to_string(m);
    if (rs.seats > C) {
      ++out.left_out;
      continue;
    }
    SizeCurvePoint p;
    p.top_up_seats = size.top_up_seats > 0 ? m : rs.national_seats;
    p.total_seats = rs.seats;
    p.women_needed = WomenMinimum(rs.seats);
    out.points.push_back(p);
    cand.rule_sets.push_back(rs);
  }
  if (cand.rule_sets.empty()) {
    return MakeError("every candidate section size has more seats than the scenario's " + std::to_string(C) +
                         " candidates",
                     "--confidence");
  }
  const VoterModel model = VoterModel::Build(cand);
  Tally tally = Tally::Empty(cand);
  std::vector<RunRecord> chunk;
  WorkspacePool pool;
  const int64_t chunk_size = RunsPerBlock(WorkerThreads(opt));
  for (int64_t done = 0; done < opt.runs;) {
    const int64_t end = std::min(opt.runs, done + chunk_size);
    SimulateRuns(cand, model, opt, done, end, chunk, &pool);
    for (const RunRecord& r : chunk) {
      tally.Add(cand, r);
      for (size_t k = 0; k < out.points.size(); ++k) {
        const RuleSetRecord& rec = r.rule_sets[k];
        int women = 0;
        for (CandidateId c : rec.elected) women += cand.candidates[static_cast<size_t>(c)].gender == Gender::kWoman;
        if (women >= out.points[k].women_needed) {
          ++out.points[k].met;
          if (!rec.constraints_changed) ++out.points[k].unforced;
        }
      }
    }
    done = end;
  }
  const double n = static_cast<double>(opt.runs);
  auto se = [n](double p) { return std::sqrt(p * (1 - p) / n); };
  if (sc.nec.enabled) out.factions = sc.nec.factions;
  for (size_t k = 0; k < out.points.size(); ++k) {
    SizeCurvePoint& p = out.points[k];
    p.p_met = static_cast<double>(p.met) / n;
    p.se_met = se(p.p_met);
    p.p_unforced = static_cast<double>(p.unforced) / n;
    p.se_unforced = se(p.p_unforced);
    if (sc.nec.enabled) {
      const RuleSetTally& t = tally.rule_sets[k];
      for (size_t f = 0; f < sc.nec.factions.size(); ++f) {
        p.nec_mean_seats.push_back(static_cast<double>(t.nec_seats[f]) / n);
        const double pm = static_cast<double>(t.nec_majority[f]) / n;
        p.nec_p_majority.push_back(pm);
        p.nec_se_majority.push_back(se(pm));
      }
    }
    if (out.chosen < 0 && p.p_met >= confidence) out.chosen = static_cast<int>(k);
  }
  return out;
}

}  // namespace necsim
