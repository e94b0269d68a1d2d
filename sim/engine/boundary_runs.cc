#include "engine/boundary_runs.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace necsim {

namespace {

BoundaryTally SimulateChunk(const BoundaryModel& m, const BoundaryOptions& opt) {
  const int workers = WorkerThreads(opt.backend, opt.threads);
  // Each worker tallies its own runs; integer counters merge by addition,
  // which gives the same totals whatever runs each worker took.
  std::vector<std::unique_ptr<BoundaryTally>> locals(static_cast<size_t>(workers));
  std::vector<std::unique_ptr<BoundaryScratch>> scratch(static_cast<size_t>(workers));
  ParallelFor(opt.backend, workers, opt.runs, 256, [&](int64_t first, int64_t last, int w) {
    auto& local = locals[static_cast<size_t>(w)];
    auto& space = scratch[static_cast<size_t>(w)];
    if (!local) local = std::make_unique<BoundaryTally>(BoundaryTally::Empty(m));
    if (!space) space = std::make_unique<BoundaryScratch>(m);
    for (int64_t i = first; i < last; ++i) {
      SimulateBoundaryRun(m, opt.seed, static_cast<uint64_t>(opt.first_run + i), *space, *local);
    }
  });
  BoundaryTally total = BoundaryTally::Empty(m);
  for (const auto& local : locals) {
    if (local) total.Merge(*local);
  }
  return total;
}

}  // namespace

BoundaryTally SimulateBoundary(const BoundaryModel& m, const BoundaryOptions& opt) {
  if (!opt.progress) return SimulateChunk(m, opt);
  // Chunks only to report progress: the tally is a sum of integer counters,
  // so chunking changes nothing in the result.
  constexpr int64_t kChunk = 10'000;
  BoundaryTally total = BoundaryTally::Empty(m);
  for (int64_t done = 0; done < opt.runs;) {
    BoundaryOptions c = opt;
    c.first_run = opt.first_run + done;
    c.runs = std::min(kChunk, opt.runs - done);
    total.Merge(SimulateChunk(m, c));
    done += c.runs;
    opt.progress(done, opt.runs);
  }
  return total;
}

std::vector<int64_t> SimulateBoundarySetWins(const BoundaryModel& m, int k, const BoundaryOptions& opt) {
  const int workers = WorkerThreads(opt.backend, opt.threads);
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  const size_t cells = static_cast<size_t>(s.seats) * static_cast<size_t>(m.parties);
  struct Local {
    std::vector<int64_t> wins;
    RunErrors errors;
    SetSwing swing;
    std::vector<int> winners;
  };
  std::vector<std::unique_ptr<Local>> locals(static_cast<size_t>(workers));
  ParallelFor(opt.backend, workers, opt.runs, 256, [&](int64_t first, int64_t last, int w) {
    auto& l = locals[static_cast<size_t>(w)];
    if (!l) {
      l = std::make_unique<Local>();
      l->wins.assign(cells, 0);
      l->winners.assign(static_cast<size_t>(s.seats), -1);
    }
    for (int64_t i = first; i < last; ++i) {
      const auto run = static_cast<uint64_t>(opt.first_run + i);
      DrawRunErrors(m, opt.seed, run, l->errors);
      SetSwingFor(m, k, l->errors, l->swing);
      RunWinners(m, k, opt.seed, run, l->swing, l->winners.data());
      for (int c = 0; c < s.seats; ++c) {
        ++l->wins[static_cast<size_t>(c) * static_cast<size_t>(m.parties) + static_cast<size_t>(l->winners[static_cast<size_t>(c)])];
      }
    }
  });
  std::vector<int64_t> total(cells, 0);
  for (const auto& l : locals) {
    if (!l) continue;
    for (size_t i = 0; i < cells; ++i) total[i] += l->wins[i];
  }
  return total;
}

}  // namespace necsim
