#include "engine/executor.h"

#include <sched.h>

#include <algorithm>
#include <thread>

#ifdef NECSIM_HAVE_OPENMP
#include <omp.h>
#endif
#ifdef NECSIM_HAVE_TBB
#include <tbb/blocked_range.h>
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

int DefaultThreads(int ranks_here) {
  int cpus = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) cpus = CPU_COUNT(&set);
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (cpus <= 0) cpus = hw;
  // A rank bound to its own cores sees only those; unbound ranks on one
  // machine each see them all and split them.
  return std::max(1, std::min(cpus, hw / std::max(1, ranks_here)));
}

int WorkerThreads(Backend backend, int threads) {
  if (backend == Backend::kSerial) return 1;
  return threads > 0 ? threads : DefaultThreads();
}

void ParallelFor(Backend backend, int workers, int64_t n, int64_t grain,
                 const std::function<void(int64_t, int64_t, int)>& body) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  workers = std::max(workers, 1);
  const int64_t ranges = (n + grain - 1) / grain;
  auto range = [&](int64_t r, int worker) { body(r * grain, std::min(n, (r + 1) * grain), worker); };
  switch (backend) {
#ifdef NECSIM_HAVE_OPENMP
    case Backend::kOpenMp: {
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
      for (int64_t r = 0; r < ranges; ++r) range(r, omp_get_thread_num());
      return;
    }
#endif
#ifdef NECSIM_HAVE_TBB
    case Backend::kTbb: {
      tbb::task_arena arena(workers);
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<int64_t>(0, ranges, 1), [&](const tbb::blocked_range<int64_t>& rs) {
          const int worker = tbb::this_task_arena::current_thread_index();
          for (int64_t r = rs.begin(); r < rs.end(); ++r) range(r, worker);
        });
      });
      return;
    }
#endif
    default:
      for (int64_t r = 0; r < ranges; ++r) range(r, 0);
  }
}

}  // namespace necsim
