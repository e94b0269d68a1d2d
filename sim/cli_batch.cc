#include "sim/cli_batch.h"

#include <csignal>

#include <atomic>


namespace necsim {
namespace {

// The one piece of global state: set by the SIGINT handler, read between
// blocks of runs. A signal handler can reach nothing else (POSIX allows it
// only lock-free atomics), so the flag cannot live in an object. It is only
// ever set, and only while a batch runs.
std::atomic<bool> g_interrupt_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int) {
  g_interrupt_requested.store(true);
  // A second Ctrl-C stops at once (the default action).
  std::signal(SIGINT, SIG_DFL);
}

// Installs the handler for its lifetime, restoring the previous one after.
class InterruptScope {
 public:
  InterruptScope() {
    struct sigaction sa {};
    sa.sa_handler = OnInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, &previous_);
  }
  ~InterruptScope() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  struct sigaction previous_ {};
};

}  // namespace

CLI::App* AddBatchCommand(CLI::App& app, BatchOptions& o) {
  CLI::App* b = app.add_subcommand(
      "batch", "Run many scenarios (files or folders of them), with sweeps, into one resumable output folder");
  b->add_option("scenarios", o.inputs, "Scenario files (YAML) or folders of *.yaml / *.yml files")->required();
  b->add_option("--out", o.out_dir, "Output folder: one results folder per scenario file, plus index.csv and index.json")
      ->required();
  b->add_option("--runs", o.runs, "Runs for every scenario (default: each scenario's own)")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  b->add_option("--seed", o.seed, "Master seed for every scenario (default: each scenario's own)")
      ->check(CLI::NonNegativeNumber);
  b->add_option("--threads", o.threads, "Threads per process (default: the CPUs it may use, shared among MPI ranks on a machine)")
      ->check(CLI::Range(1, 4096));
  b->add_option("--set", o.sets, "Override a field of every NEC scenario: PATH=VALUE (repeatable)");
  b->add_option("--sweep", o.sweeps,
                "Sweep a field of every NEC scenario: PATH=V1,V2,... or PATH=START:STOP:STEP (repeatable: a grid)");
  b->add_option("--data", o.data_dir,
                "Folder of the constituency tables of boundary scenarios (as necsim boundary --data)");
  b->add_flag("--force", o.force, "Replace results folders in OUTDIR made from other inputs");
  return b;
}

int RunBatchCommand(BatchOptions& opt, std::ostream& out, std::ostream& err) {
  InterruptScope scope;
  g_interrupt_requested.store(false);
  opt.stop_requested = [] { return g_interrupt_requested.load(); };
  std::unique_ptr<Comm> mpi = MaybeStartMpi();
  LocalComm local;
  Comm& comm = mpi ? *mpi : local;
  return RunBatch(opt, comm, out, err);
}

}  // namespace necsim
