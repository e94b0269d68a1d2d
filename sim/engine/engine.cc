#include "engine/engine.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>

#include "counting/constrained_count.h"
#include "counting/vacancy.h"
#include "nec/nec.h"
#include "regional/regional.h"

namespace necsim {

namespace {

// A run's ballots for the districts of a regional design, from the run's
// sampler: the fast sampler's tree over the district's restricted sample, or
// the district's voters drawn one by one (from the district's own stream,
// kept for a repeat of the count).
class RunDistrictBallots final : public DistrictBallots {
 public:
  RunDistrictBallots(const Scenario& sc, const RunSample& sample, uint64_t seed, uint64_t run, SamplerKind sampler)
      : sc_(sc), sample_(sample), seed_(seed), run_(run), sampler_(sampler) {}

  BallotTree* Tree(const std::vector<int>* regions, uint32_t stream) override {
    if (sampler_ == SamplerKind::kReference) {
      for (auto& [key, tree] : reference_) {
        if (key == stream) return tree.get();
      }
      const Election e = ReferenceDistrictBallots(sc_, sample_, seed_, run_, regions, stream);
      reference_.emplace_back(stream, std::make_unique<BallotTree>(BallotTree::FromElection(e)));
      return reference_.back().second.get();
    }
    const RunSample* s = &sample_;
    if (regions != nullptr) {
      restricted_.push_back(std::make_unique<RunSample>(RestrictToRegions(sc_, sample_, *regions)));
      s = restricted_.back().get();
    }
    fast_.push_back(std::make_unique<SampledBallots>(*s, seed_, run_));
    return &fast_.back()->tree;
  }

 private:
  const Scenario& sc_;
  const RunSample& sample_;
  uint64_t seed_, run_;
  SamplerKind sampler_;
  std::vector<std::unique_ptr<RunSample>> restricted_;
  std::vector<std::unique_ptr<SampledBallots>> fast_;
  std::vector<std::pair<uint32_t, std::unique_ptr<BallotTree>>> reference_;
};

std::vector<float> Shares(const std::vector<double>& first, size_t candidates) {
  double total = 0;
  for (double v : first) total += v;
  std::vector<float> out(candidates, 0.0f);
  for (size_t c = 0; c < candidates && c < first.size(); ++c) {
    out[c] = total > 0 ? static_cast<float>(first[c] / total) : 0.0f;
  }
  return out;
}

RuleSetRecord Record(std::vector<CandidateId> elected, const std::vector<double>& first, std::vector<int64_t> marks,
                     bool changed, size_t candidates) {
  RuleSetRecord rec;
  rec.elected = std::move(elected);
  rec.first_pref_share = Shares(first, candidates);
  // First preferences are whole ballots under every rule (the rules' first
  // stage counts each ballot once at full value).
  rec.first_preferences.assign(candidates, 0);
  for (size_t c = 0; c < candidates && c < first.size(); ++c) rec.first_preferences[c] = std::llround(first[c]);
  rec.marks = std::move(marks);
  if (!rec.marks.empty()) rec.marks.resize(candidates, 0);
  rec.constraints_changed = changed;
  return rec;
}

// Rule set k counted on the run's tree (a national rule set).
RuleSetRecord CountNational(const Scenario& sc, const std::vector<Candidate>& cands, size_t k,
                            Constraints constraints, BallotTree& tree, uint64_t seed, uint64_t run,
                            const std::function<BallotTree*()>& fresh_tree, CountScratch* scratch = nullptr) {
  const RuleSetConfig& rs = sc.rule_sets[k];
  CountOptions opt;
  opt.seats = rs.seats;
  opt.constraints = std::move(constraints);
  opt.scratch = scratch;
  const Stream lots(seed, run, StreamPurpose::kLots, static_cast<uint32_t>(k));
  auto res = CountWithConstraints(rs.rule, tree, cands, opt, lots, fresh_tree);
  if (!res.ok()) return RuleSetRecord{};  // validated at load; cannot happen
  return Record(std::move(res->elected), res->first_preferences, std::move(res->marks), res->constraints_changed,
                cands.size());
}

// Casual vacancies of national rule set k (Scenario::vacancies): for each
// member `rec` elected, the count re-run without them (counting/vacancy.h), on
// `fresh_tree()`, a tree of the run's same ballots (none for the rules whose
// re-run is read off the votes), with the rule set's constraints and lots.
void FillVacancies(const Scenario& sc, const std::vector<Candidate>& cands, size_t k, RuleSetRecord& rec,
                   uint64_t seed, uint64_t run, const std::function<BallotTree*()>& fresh_tree,
                   CountScratch* scratch) {
  const RuleSetConfig& rs = sc.rule_sets[k];
  CountOptions opt;
  opt.seats = rs.seats;
  opt.constraints = rs.MakeConstraints(cands);
  opt.scratch = scratch;
  const Stream lots(seed, run, StreamPurpose::kLots, static_cast<uint32_t>(k));
  const std::vector<int64_t>& votes = rs.rule == Rule::kBlock ? rec.marks : rec.first_preferences;
  rec.vacancy_replacement.clear();
  rec.vacancy_unseats.clear();
  for (CandidateId leaving : rec.elected) {
    BallotTree* tree = VacancyFromVotes(rs.rule) ? nullptr : fresh_tree();
    const VacancyFill f = FillVacancy(rs.rule, tree, votes, cands, opt, lots, rec.elected, leaving);
    rec.vacancy_replacement.push_back(f.replacement);
    rec.vacancy_unseats.push_back(f.unseats ? 1 : 0);
  }
}

RuleSetRecord CountRegional(const Scenario& sc, const std::vector<Candidate>& cands, size_t k,
                            const RunSample& sample, uint64_t seed, uint64_t run, SamplerKind sampler) {
  RunDistrictBallots ballots(sc, sample, seed, run, sampler);
  RegionalCount rc = CountRegionalRuleSet(sc, sc.rule_sets[k], k, cands, ballots, seed, run, sc.vacancies);
  RuleSetRecord rec = Record(std::move(rc.elected), rc.first_preferences, std::move(rc.marks), rc.constraints_changed,
                             cands.size());
  for (const VacancyFill& f : rc.vacancies) {
    rec.vacancy_replacement.push_back(f.replacement);
    rec.vacancy_unseats.push_back(f.unseats ? 1 : 0);
  }
  return rec;
}

}  // namespace

Election ReferenceDistrictBallots(const Scenario& sc, const RunSample& sample, uint64_t seed, uint64_t run,
                                  const std::vector<int>* regions, uint32_t stream) {
  const uint64_t key = run ^ (uint64_t{stream} << 40);
  if (regions == nullptr) return SampleBallotsReference(sample, seed, key);
  return SampleBallotsReference(RestrictToRegions(sc, sample, *regions), seed, key);
}

RunRecord SimulateRun(const Scenario& sc, const VoterModel& model, uint64_t seed, uint64_t run, SamplerKind sampler,
                      RunWorkspace* ws) {
  RunRecord out;
  const RunSample sample = SampleRun(sc, model, seed, run);
  out.ballots = sample.total_ballots();
  if (sc.nec.enabled) {
    Stream rng(seed, run, StreamPurpose::kNec);
    out.nec_other = DrawOtherSections(sc.nec, rng);
  }
  const std::vector<Candidate> cands = sc.CountCandidates();
  if (sampler == SamplerKind::kReference) {
    const Election e = SampleBallotsReference(sample, seed, run);
    BallotTree tree = BallotTree::FromElection(e);
    for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
      if (sc.rule_sets[k].is_regional()) {
        out.rule_sets.push_back(CountRegional(sc, cands, k, sample, seed, run, sampler));
        continue;
      }
      out.rule_sets.push_back(CountNational(sc, cands, k, sc.rule_sets[k].MakeConstraints(cands), tree, seed, run,
                                            [&]() { return &tree; }));
      // Real ballots: the same tree serves every re-run.
      if (sc.vacancies) FillVacancies(sc, cands, k, out.rule_sets.back(), seed, run, [&]() { return &tree; }, nullptr);
    }
    return out;
  }
  std::unique_ptr<RunWorkspace> own;
  if (ws == nullptr) {
    own = std::make_unique<RunWorkspace>();
    ws = own.get();
  }
  for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
    const RuleSetConfig& rs = sc.rule_sets[k];
    if (rs.is_regional()) {
      out.rule_sets.push_back(CountRegional(sc, cands, k, sample, seed, run, sampler));
      continue;
    }
    // A count that may be repeated without its constraints keeps its draws
    // for that recount (the memo); other counts would only pay to store
    // them, and so would ERS97, which resumes instead of repeating. The
    // re-runs of casual vacancies take the first count's draws from it too.
    Constraints constraints = rs.MakeConstraints(cands);
    ws->memo.Clear();
    DrawMemo* memo = sc.vacancies || (RecountsWithoutConstraints(rs.rule, constraints) &&
                                      !ResumesWithoutConstraints(rs.rule))
                         ? &ws->memo
                         : nullptr;
    ws->ballots.Reset(sample, seed, run, memo);
    out.rule_sets.push_back(CountNational(sc, cands, k, std::move(constraints), ws->ballots.tree, seed, run, [&]() {
      ws->again.Reset(sample, seed, run, memo);
      return &ws->again.tree;
    }, &ws->scratch));
    if (sc.vacancies) {
      FillVacancies(sc, cands, k, out.rule_sets.back(), seed, run, [&]() {
        ws->again.Reset(sample, seed, run, memo);
        return &ws->again.tree;
      }, &ws->scratch);
    }
  }
  return out;
}

void WorkspacePool::Reserve(int threads) {
  if (threads > static_cast<int>(spaces_.size())) spaces_.resize(static_cast<size_t>(threads));
}

RunWorkspace* WorkspacePool::At(int slot) {
  if (slot < 0 || slot >= static_cast<int>(spaces_.size())) return nullptr;
  auto& mine = spaces_[static_cast<size_t>(slot)];
  if (!mine) mine = std::make_unique<RunWorkspace>();
  return mine.get();
}

int WorkerThreads(const EngineOptions& opt) { return WorkerThreads(opt.backend, opt.threads); }

int64_t RunsPerBlock(int threads) { return std::max<int64_t>(256, int64_t{128} * std::max(threads, 1)); }

void SimulateRuns(const Scenario& sc, const VoterModel& model, const EngineOptions& opt, int64_t begin, int64_t end,
                  std::vector<RunRecord>& records, WorkspacePool* pool) {
  const int64_t n = end - begin;
  records.assign(static_cast<size_t>(std::max<int64_t>(n, 0)), RunRecord{});
  const int threads = WorkerThreads(opt);
  // One workspace per worker thread (indexed by the backend's thread number);
  // a run's result does not depend on the workspace it gets.
  WorkspacePool local;
  WorkspacePool& spaces = pool != nullptr ? *pool : local;
  spaces.Reserve(threads);
  ParallelFor(opt.backend, threads, n, 1, [&](int64_t first, int64_t last, int slot) {
    for (int64_t i = first; i < last; ++i) {
      records[static_cast<size_t>(i)] =
          SimulateRun(sc, model, opt.seed, static_cast<uint64_t>(begin + i), opt.sampler, spaces.At(slot));
    }
  });
}

Result<SimulationResult> Simulate(const Scenario& sc, const EngineOptions& opt) {
  if (!BackendAvailable(opt.backend)) {
    return MakeError(std::string("backend '") + BackendName(opt.backend) + "' is not built into this necsim",
                     "--backend");
  }
  const VoterModel model = VoterModel::Build(sc);
  SimulationResult out;
  out.tally = Tally::Empty(sc);
  std::vector<RunRecord> chunk;
  WorkspacePool pool;
  int64_t next_checkpoint = 1000;
  const int64_t chunk_size = RunsPerBlock(WorkerThreads(opt));
  int64_t done = 0;
  while (done < opt.runs) {
    int64_t end = std::min(opt.runs, done + chunk_size);
    if (opt.precision > 0) end = std::min(end, next_checkpoint);
    SimulateRuns(sc, model, opt, done, end, chunk, &pool);
    for (const RunRecord& r : chunk) out.tally.Add(sc, r);
    done = end;
    if (opt.progress) opt.progress(done, opt.runs);
    if (opt.precision > 0 && done == next_checkpoint) {
      if (out.tally.MaxStandardError() < opt.precision) {
        out.stopped_on_precision = true;
        break;
      }
      next_checkpoint *= 2;
    }
  }
  return out;
}

}  // namespace necsim
