// necsim batch in-process: a batch of 50 small scenarios (bench/batch_small.yaml.in,
// 300 runs each, block vote and STV) with 1 and 2 threads, wall clock. Each
// iteration writes a fresh output folder (removed outside the timing).
// Ranks: bench/batch_scaling.sh (mpirun). Figures: bench/README.md.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "batch/batch.h"

namespace {

namespace fs = std::filesystem;

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

// The 50 scenarios, written once: left share 0.40 to 0.64 in 50 steps.
fs::path Scenarios() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("necsim_batch_bench_" + std::to_string(::getpid()));
    fs::create_directories(d / "in");
    std::ifstream in(NECSIM_BENCH_TEMPLATE);
    std::ostringstream ss;
    ss << in.rdbuf();
    for (int n = 0; n < 50; ++n) {
      const int left_permille = 400 + 5 * n;
      std::string text = Replace(ss.str(), "@N@", std::to_string(n));
      text = Replace(text, "@SEED@", std::to_string(1000 + n));
      text = Replace(text, "@LEFT@", "0." + std::to_string(left_permille));
      text = Replace(text, "@RIGHT@", "0." + std::to_string(1000 - left_permille));
      char name[32];
      std::snprintf(name, sizeof(name), "s%02d.yaml", n);
      std::ofstream(d / "in" / name) << text;
    }
    return d;
  }();
  return dir;
}

void BM_Batch50(benchmark::State& state) {
  const fs::path dir = Scenarios();
  necsim::BatchOptions opt;
  opt.inputs = {(dir / "in").string()};
  opt.out_dir = (dir / "out").string();
  opt.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(opt.out_dir);
    state.ResumeTiming();
    necsim::LocalComm comm;
    std::ostringstream out, err;
    const necsim::BatchOutcome code = necsim::RunBatch(opt, comm, out, err);
    if (code != necsim::BatchOutcome::kOk) state.SkipWithError(err.str().c_str());
  }
  state.counters["scenarios_per_s"] = benchmark::Counter(50.0 * static_cast<double>(state.iterations()),
                                                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Batch50)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
