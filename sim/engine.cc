#include "sim/engine.h"

#include "sim/regional.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>

#ifdef NECSIM_HAVE_OPENMP
#include <omp.h>
#endif
#ifdef NECSIM_HAVE_TBB
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#endif

namespace necsim {

const char* BackendName(Backend b) {
  switch (b) {
    case Backend::kSerial: return "serial";
    case Backend::kOpenMp: return "openmp";
    case Backend::kTbb: return "tbb";
  }
  return "?";
}

bool BackendAvailable(Backend b) {
  switch (b) {
    case Backend::kSerial: return true;
#ifdef NECSIM_HAVE_OPENMP
    case Backend::kOpenMp: return true;
#endif
#ifdef NECSIM_HAVE_TBB
    case Backend::kTbb: return true;
#endif
    default: return false;
  }
}

namespace {

// Whether CountOne counts again without the constraints when they acted
// (block vote and FPTP read the unconstrained result off their votes).
bool RecountsWithoutConstraints(Rule rule, const Constraints& constraints) {
  return !constraints.empty() && rule != Rule::kBlock && rule != Rule::kFptp;
}


RuleSetRecord CountOne(const Scenario& sc, const std::vector<Candidate>& cands, size_t k, Constraints constraints,
                       BallotTree& tree, uint64_t seed, uint64_t run,
                       const std::function<BallotTree*()>& fresh_tree, CountScratch* scratch = nullptr) {
  const RuleSetConfig& rs = sc.rule_sets[k];
  CountOptions opt;
  opt.seats = rs.seats;
  opt.constraints = std::move(constraints);
  opt.record_stages = false;
  opt.scratch = scratch;
  opt.resume_without_constraints = RecountsWithoutConstraints(rs.rule, opt.constraints);
  Stream lots(seed, run, StreamPurpose::kLots, static_cast<uint32_t>(k));
  auto res = Count(rs.rule, tree, cands, opt, lots);
  RuleSetRecord rec;
  if (!res.ok()) return rec;  // validated at load; cannot happen
  rec.elected = res->elected;
  double total = 0;
  for (double v : res->first_preferences) total += v;
  rec.first_pref_share.resize(cands.size(), 0.0f);
  for (size_t c = 0; c < cands.size() && c < res->first_preferences.size(); ++c) {
    rec.first_pref_share[c] = total > 0 ? static_cast<float>(res->first_preferences[c] / total) : 0.0f;
  }
  if (res->constraints_acted && !opt.constraints.empty() && !RecountsWithoutConstraints(rs.rule, opt.constraints)) {
    // Block vote and FPTP elect the top N by votes, so the count without
    // constraints needs no recount: the constraints changed the result exactly
    // when some winner has fewer votes than the N-th highest (a tie at the
    // boundary that lots could have settled either way is no change).
    std::vector<double> v;
    for (size_t c = 0; c < cands.size(); ++c) {
      if (!cands[c].withdrawn) v.push_back(res->final_votes_value[c]);
    }
    std::sort(v.begin(), v.end(), std::greater<>());
    const double nth = v[static_cast<size_t>(std::min<int>(opt.seats, static_cast<int>(v.size())) - 1)];
    for (CandidateId e : res->elected) rec.constraints_changed |= res->final_votes_value[e] < nth;
  } else if (res->constraints_acted && RecountsWithoutConstraints(rs.rule, opt.constraints)) {
    // The result without the constraints: resumed by the rule from where they
    // first acted (CountOptions::resume_without_constraints), else counted
    // again on the same ballots (the fast sampler's node streams give equal
    // draws for equal nodes).
    std::vector<CandidateId> plain_elected;
    if (res->without_constraints) {
      plain_elected = res->without_constraints->elected;
    } else {
      CountOptions plain = opt;
      plain.constraints = {};
      plain.resume_without_constraints = false;
      Stream lots2(seed, run, StreamPurpose::kLots, static_cast<uint32_t>(k));
      auto res2 = Count(rs.rule, *fresh_tree(), cands, plain, lots2);
      if (!res2.ok()) return rec;  // (cannot happen: the same rule without constraints)
      plain_elected = res2->elected;
    }
    std::vector<CandidateId> elected = res->elected;
    std::sort(elected.begin(), elected.end());
    std::sort(plain_elected.begin(), plain_elected.end());
    rec.constraints_changed = elected != plain_elected;
  }
  return rec;
}

}  // namespace

RunRecord SimulateRun(const Scenario& sc, const VoterModel& model, uint64_t seed, uint64_t run, SamplerKind sampler,
                      RunWorkspace* ws) {
  RunRecord out;
  const RunSample sample = SampleRun(sc, model, seed, run);
  out.ballots = sample.total_ballots();
  if (sc.nec.enabled) {
    // The other sections' seats: fixed ones, then each remaining seat to a
    // faction with the section's probabilities (the rest to no faction).
    Stream rng(seed, run, StreamPurpose::kNec);
    out.nec_other.assign(sc.nec.factions.size(), 0);
    for (const NecSection& sec : sc.nec.sections) {
      int fixed = 0;
      for (size_t f = 0; f < sec.fixed.size(); ++f) {
        out.nec_other[f] += sec.fixed[f];
        fixed += sec.fixed[f];
      }
      for (int seat = fixed; seat < sec.seats; ++seat) {
        double u = rng.Uniform();
        for (size_t f = 0; f < sec.p_faction.size(); ++f) {
          if (u < sec.p_faction[f]) {
            ++out.nec_other[f];
            break;
          }
          u -= sec.p_faction[f];
        }
      }
    }
  }
  const std::vector<Candidate> cands = sc.CountCandidates();
  if (sampler == SamplerKind::kReference) {
    const Election e = SampleBallotsReference(sample, seed, run);
    BallotTree tree = BallotTree::FromElection(e);
    for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
      if (sc.rule_sets[k].is_regional()) {
        out.rule_sets.push_back(CountRegionalRuleSet(sc, k, sample, cands, seed, run, sampler));
        continue;
      }
      out.rule_sets.push_back(
          CountOne(sc, cands, k, sc.rule_sets[k].MakeConstraints(cands), tree, seed, run, [&]() { return &tree; }));
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
      out.rule_sets.push_back(CountRegionalRuleSet(sc, k, sample, cands, seed, run, sampler));
      continue;
    }
    // A count that CountOne may repeat without its constraints keeps its
    // draws for that recount (the memo); other counts would only pay to
    // store them, and so would ERS97, which resumes instead of repeating.
    Constraints constraints = rs.MakeConstraints(cands);
    ws->memo.Clear();
    DrawMemo* memo =
        RecountsWithoutConstraints(rs.rule, constraints) && !ResumesWithoutConstraints(rs.rule) ? &ws->memo : nullptr;
    ws->ballots.Reset(sample, seed, run, memo);
    out.rule_sets.push_back(CountOne(sc, cands, k, std::move(constraints), ws->ballots.tree, seed, run, [&]() {
      ws->again.Reset(sample, seed, run, memo);
      return &ws->again.tree;
    }, &ws->scratch));
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

int WorkerThreads(const EngineOptions& opt) {
  if (opt.backend == Backend::kSerial) return 1;
  return opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

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
  auto body = [&](int64_t i, int slot) {
    records[static_cast<size_t>(i)] =
        SimulateRun(sc, model, opt.seed, static_cast<uint64_t>(begin + i), opt.sampler, spaces.At(slot));
  };
  switch (opt.backend) {
#ifdef NECSIM_HAVE_OPENMP
    case Backend::kOpenMp: {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
      for (int64_t i = 0; i < n; ++i) body(i, omp_get_thread_num());
      return;
    }
#endif
#ifdef NECSIM_HAVE_TBB
    case Backend::kTbb: {
      tbb::task_arena arena(threads);
      arena.execute([&] {
        tbb::parallel_for(int64_t{0}, n, [&](int64_t i) {
          body(i, tbb::this_task_arena::current_thread_index());
        });
      });
      return;
    }
#endif
    default:
      for (int64_t i = 0; i < n; ++i) body(i, 0);
  }
}

Tally Tally::Empty(const Scenario& sc) {
  Tally t;
  for (const auto& r : sc.regions) t.members_total_ += r.members;
  const size_t C = sc.candidates.size(), S = sc.slates.size() + 1, R = sc.regions.size();
  for (const auto& rs : sc.rule_sets) {
    RuleSetTally r;
    r.elected.assign(C, 0);
    r.first_pref_sum.assign(C, 0.0);
    r.slate_seats.assign(S, std::vector<int64_t>(static_cast<size_t>(rs.seats) + 1, 0));
    r.region_any.assign(R, 0);
    r.region_seats.assign(R, 0);
    r.region_seats_sq.assign(R, 0);
    r.women.assign(static_cast<size_t>(rs.seats) + 1, 0);
    r.nec_seats.assign(sc.nec.factions.size(), 0);
    r.nec_majority.assign(sc.nec.factions.size(), 0);
    t.rule_sets.push_back(r);
  }
  for (int a = 0; a < static_cast<int>(sc.rule_sets.size()); ++a) {
    for (int b = a + 1; b < static_cast<int>(sc.rule_sets.size()); ++b) {
      PairTally p;
      p.a = a;
      p.b = b;
      p.cand_d.assign(C, 0);
      p.cand_d2.assign(C, 0);
      p.slate_d.assign(S, 0);
      p.slate_d2.assign(S, 0);
      p.region_d.assign(R, 0);
      p.region_d2.assign(R, 0);
      t.pairs.push_back(p);
    }
  }
  return t;
}

namespace {
struct Counts {
  std::vector<int> cand, slate, region;
  int women = 0;
};
Counts Summarise(const Scenario& sc, const RuleSetRecord& r) {
  Counts c;
  c.cand.assign(sc.candidates.size(), 0);
  c.slate.assign(sc.slates.size() + 1, 0);
  c.region.assign(sc.regions.size(), 0);
  for (CandidateId e : r.elected) {
    const auto& cc = sc.candidates[e];
    c.cand[e] = 1;
    ++c.slate[cc.slate >= 0 ? static_cast<size_t>(cc.slate) : sc.slates.size()];
    if (cc.region >= 0) ++c.region[cc.region];
    c.women += cc.gender == Gender::kWoman;
  }
  return c;
}
}  // namespace

void Tally::Add(const Scenario& sc, const RunRecord& rec) {
  ++runs;
  ballots_sum += rec.ballots;
  std::vector<Counts> counts;
  for (size_t k = 0; k < rule_sets.size(); ++k) {
    RuleSetTally& t = rule_sets[k];
    const RuleSetRecord& r = rec.rule_sets[k];
    counts.push_back(Summarise(sc, r));
    const Counts& c = counts.back();
    for (size_t i = 0; i < c.cand.size(); ++i) {
      t.elected[i] += c.cand[i];
      if (i < r.first_pref_share.size()) t.first_pref_sum[i] += r.first_pref_share[i];
    }
    for (size_t s = 0; s < c.slate.size(); ++s) ++t.slate_seats[s][static_cast<size_t>(c.slate[s])];
    for (size_t g = 0; g < c.region.size(); ++g) {
      t.region_any[g] += c.region[g] > 0;
      t.region_seats[g] += c.region[g];
      t.region_seats_sq[g] += static_cast<int64_t>(c.region[g]) * c.region[g];
    }
    ++t.women[static_cast<size_t>(c.women)];
    t.constraints_changed += r.constraints_changed;
    {
      double lh = 0, gal = 0;
      const int seats = sc.rule_sets[k].seats;
      for (size_t g = 0; g < c.region.size(); ++g) {
        const double m = static_cast<double>(sc.regions[g].members) / static_cast<double>(members_total_);
        const double s = static_cast<double>(c.region[g]) / seats;
        lh += std::fabs(m - s);
        gal += (m - s) * (m - s);
      }
      t.loosemore_hanby.push_back(static_cast<float>(0.5 * lh));
      t.gallagher.push_back(static_cast<float>(std::sqrt(0.5 * gal)));
    }
    if (sc.nec.enabled) {
      std::vector<int> held = rec.nec_other;
      for (CandidateId e : r.elected) {
        const int sl = sc.candidates[e].slate;
        const int f = sc.nec.slate_faction[sl >= 0 ? static_cast<size_t>(sl) : sc.slates.size()];
        if (f >= 0) ++held[static_cast<size_t>(f)];
      }
      const int total = sc.nec.other_seats() + sc.rule_sets[k].seats;
      for (size_t f = 0; f < held.size(); ++f) {
        t.nec_seats[f] += held[f];
        t.nec_majority[f] += 2 * held[f] > total;
      }
    }
  }
  for (PairTally& p : pairs) {
    const Counts& A = counts[static_cast<size_t>(p.a)];
    const Counts& B = counts[static_cast<size_t>(p.b)];
    for (size_t i = 0; i < A.cand.size(); ++i) {
      const int d = A.cand[i] - B.cand[i];
      p.cand_d[i] += d;
      p.cand_d2[i] += d * d;
    }
    for (size_t s = 0; s < A.slate.size(); ++s) {
      const int d = A.slate[s] - B.slate[s];
      p.slate_d[s] += d;
      p.slate_d2[s] += d * d;
    }
    for (size_t g = 0; g < A.region.size(); ++g) {
      const int d = (A.region[g] > 0) - (B.region[g] > 0);
      p.region_d[g] += d;
      p.region_d2[g] += d * d;
    }
    const int d = A.women - B.women;
    p.women_d += d;
    p.women_d2 += d * d;
  }
}

double Tally::MaxStandardError() const {
  if (runs < 2) return 1.0;
  const double n = static_cast<double>(runs);
  auto se = [n](int64_t k) {
    const double p = static_cast<double>(k) / n;
    return std::sqrt(p * (1 - p) / n);
  };
  double worst = 0;
  for (const auto& t : rule_sets) {
    for (int64_t k : t.elected) worst = std::max(worst, se(k));
    for (int64_t k : t.region_any) worst = std::max(worst, se(k));
    for (const auto& hist : t.slate_seats) {
      for (int64_t k : hist) worst = std::max(worst, se(k));
    }
    worst = std::max(worst, se(t.constraints_changed));
    for (int64_t k : t.nec_majority) worst = std::max(worst, se(k));
  }
  return worst;
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
