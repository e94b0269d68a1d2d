// The one executor: every parallel loop of necsim (the Monte Carlo runs of
// `necsim run`, `necsim batch`, `necsim size` and the boundary projection)
// goes through ParallelFor, on OpenMP, oneTBB or one thread, with one rule
// for the default thread count.
//
// Reproducibility does not rest on the executor: run i draws only from
// streams keyed by (seed, i, purpose) and callers combine per-index results
// in index order (or add integer counters), so any schedule gives the same
// result.
#pragma once

#include <cstdint>
#include <functional>

namespace necsim {

enum class Backend { kSerial, kOpenMp, kTbb };

const char* BackendName(Backend b);
// Whether `b` is built into this necsim (OpenMP and oneTBB are optional).
bool BackendAvailable(Backend b);

// The thread count used when none is given: the CPUs this process may run on
// (its affinity mask, which respects taskset, cpusets, Slurm and mpirun
// binding), shared among `ranks_here` processes of one job on this machine.
int DefaultThreads(int ranks_here = 1);

// The workers a loop uses: 1 for the serial backend, else `threads`, or
// DefaultThreads() when it is 0 or less.
int WorkerThreads(Backend backend, int threads);

// Calls body(begin, end, worker) over [0, n) cut into ranges of `grain`
// indices (the last may be shorter), handed out dynamically to `workers`
// workers of `backend` (WorkerThreads). `worker` is in [0, workers) and no
// two calls with the same worker run at once, so it may index per-worker
// scratch. An unavailable backend runs serially (callers check
// BackendAvailable first to report it).
void ParallelFor(Backend backend, int workers, int64_t n, int64_t grain,
                 const std::function<void(int64_t begin, int64_t end, int worker)>& body);

}  // namespace necsim
