#include "batch/ranks.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "batch/run_records.h"

namespace necsim {
namespace batch_detail {

namespace {

// A boundary tally as bytes, for Gather.
std::string EncodeBoundaryTally(const BoundaryTally& t) {
  std::string s;
  auto put = [&s](int64_t v) { s.append(reinterpret_cast<const char*>(&v), sizeof v); };
  auto vec = [&](const std::vector<int64_t>& v) {
    put(static_cast<int64_t>(v.size()));
    for (int64_t x : v) put(x);
  };
  put(t.runs);
  for (size_t k = 0; k < 2; ++k) {
    put(t.hung[k]);
    vec(t.seat_hist[k]);
    vec(t.majority[k]);
    vec(t.region_seat_sum[k]);
    vec(t.nation_seat_sum[k]);
    vec(t.wins[k]);
  }
  vec(t.change_hist);
  vec(t.region_change_hist);
  vec(t.nation_change_hist);
  return s;
}

// Adds the encoded tally (of the same model) to `into`; false if malformed.
bool MergeEncodedBoundaryTally(const std::string& bytes, const BoundaryModel& m, BoundaryTally& into) {
  BoundaryTally t = BoundaryTally::Empty(m);
  size_t pos = 0;
  auto get = [&](int64_t& v) {
    if (bytes.size() - pos < sizeof v) return false;
    std::memcpy(&v, bytes.data() + pos, sizeof v);
    pos += sizeof v;
    return true;
  };
  auto vec = [&](std::vector<int64_t>& v) {
    int64_t n = 0;
    if (!get(n) || n != static_cast<int64_t>(v.size())) return false;
    for (int64_t& x : v) {
      if (!get(x)) return false;
    }
    return true;
  };
  bool ok = get(t.runs);
  for (size_t k = 0; k < 2 && ok; ++k) {
    ok = get(t.hung[k]) && vec(t.seat_hist[k]) && vec(t.majority[k]) && vec(t.region_seat_sum[k]) &&
         vec(t.nation_seat_sum[k]) && vec(t.wins[k]);
  }
  ok = ok && vec(t.change_hist) && vec(t.region_change_hist) && vec(t.nation_change_hist) && pos == bytes.size();
  if (ok) into.Merge(t);
  return ok;
}

}  // namespace

SimulationResult SimulateAcrossRanks(const Scenario& sc, const EngineOptions& opt, Comm& comm,
                                     const std::function<bool()>& stop, bool& interrupted) {
  const VoterModel model = VoterModel::Build(sc);
  SimulationResult out;
  out.tally = Tally::Empty(sc);
  interrupted = false;
  const int64_t K = comm.size();
  const int64_t block = RunsPerBlock(WorkerThreads(opt)) * K;
  WorkspacePool pool;
  int64_t next_checkpoint = 1000;
  int64_t done = 0;
  std::vector<RunRecord> mine, theirs;
  while (done < opt.runs) {
    int64_t end = std::min(opt.runs, done + block);
    if (opt.precision > 0) end = std::min(end, next_checkpoint);
    const int64_t n = end - done;
    const int64_t b = done + n * comm.rank() / K, e = done + n * (comm.rank() + 1) / K;
    SimulateRuns(sc, model, opt, b, e, mine, &pool);
    if (K == 1) {
      for (const RunRecord& r : mine) out.tally.Add(sc, r);
    } else {
      const std::vector<std::string> parts = comm.Gather(EncodeRunRecords(mine));
      for (const std::string& part : parts) {  // rank order = run order
        theirs.clear();
        DecodeRunRecords(part, theirs);
        for (const RunRecord& r : theirs) out.tally.Add(sc, r);
      }
    }
    done = end;
    int64_t flags = 0;
    if (comm.rank() == 0 && opt.precision > 0 && done == next_checkpoint &&
        out.tally.MaxStandardError() < opt.precision) {
      flags = 1;
    }
    flags = std::stoll(comm.Broadcast(std::to_string(flags)));
    if (comm.AllMax(stop && stop() ? 1 : 0) != 0) {
      interrupted = true;
      return out;
    }
    if (flags == 1) {
      out.stopped_on_precision = true;
      break;
    }
    if (opt.precision > 0 && done == next_checkpoint) next_checkpoint *= 2;
  }
  return out;
}

BoundaryTally SimulateBoundaryAcrossRanks(const BoundaryModel& m, const BoundaryOptions& base, Comm& comm,
                                          const std::function<bool()>& stop, bool& interrupted) {
  BoundaryTally out = BoundaryTally::Empty(m);
  interrupted = false;
  const int64_t K = comm.size();
  const int64_t block = 1024 * K;
  for (int64_t done = 0; done < base.runs;) {
    const int64_t end = std::min(base.runs, done + block), n = end - done;
    BoundaryOptions o = base;
    o.first_run = done + n * comm.rank() / K;
    o.runs = done + n * (comm.rank() + 1) / K - o.first_run;
    const BoundaryTally mine = SimulateBoundary(m, o);
    if (K == 1) {
      out.Merge(mine);
    } else {
      for (const std::string& part : comm.Gather(EncodeBoundaryTally(mine))) MergeEncodedBoundaryTally(part, m, out);
    }
    done = end;
    if (comm.AllMax(stop && stop() ? 1 : 0) != 0) {
      interrupted = true;
      return out;
    }
  }
  return out;
}

}  // namespace batch_detail
}  // namespace necsim
