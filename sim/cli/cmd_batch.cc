// `necsim batch` on the command line: its options, and the signal handling
// and MPI start-up around RunBatch (batch/batch.h does the work).
#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <memory>

#include "batch/batch.h"
#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"

namespace necsim {
namespace {

// The one piece of global state: the stopping signal (SIGINT: Ctrl-C;
// SIGTERM: `kill`, or Slurm at a job's time limit), set by the handler and
// read between blocks of runs. A signal handler can reach nothing else (POSIX
// allows it only lock-free atomics), so it cannot live in an object. It is
// only set while a batch runs.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void OnStopSignal(int sig) {
  g_stop_signal.store(sig);
  // A second signal stops at once (the default action).
  std::signal(sig, SIG_DFL);
}

// Installs the handler for SIGINT and SIGTERM for its lifetime, restoring
// the previous ones after.
class StopSignalScope {
 public:
  StopSignalScope() {
    struct sigaction sa {};
    sa.sa_handler = OnStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, &previous_int_);
    sigaction(SIGTERM, &sa, &previous_term_);
  }
  ~StopSignalScope() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
  }
  StopSignalScope(const StopSignalScope&) = delete;
  StopSignalScope& operator=(const StopSignalScope&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
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
      ->check(SeedText());
  b->add_option("--threads", o.threads, "Threads per process (default: the CPUs it may use, shared among MPI ranks on a machine)")
      ->check(CLI::Range(1, 4096));
  b->add_option("--set", o.sets, "Override a field of every scenario, NEC and boundary: PATH=VALUE (repeatable; a PATH some scenario lacks stops the batch)");
  b->add_option("--sweep", o.sweeps,
                "Sweep a field of every NEC scenario: PATH=V1,V2,... or PATH=START:STOP:STEP (repeatable: a grid)");
  b->add_option("--data", o.data_dir,
                "Folder of the constituency tables of boundary scenarios (as necsim boundary --data)");
  b->add_flag("--force", o.force, "Replace results folders in OUTDIR made from other inputs");
  return b;
}

int RunBatchCommand(BatchOptions& opt, std::ostream& out, std::ostream& err) {
  StopSignalScope scope;
  g_stop_signal.store(0);
  opt.stop_requested = [] { return g_stop_signal.load() != 0; };
  std::unique_ptr<Comm> mpi = MaybeStartMpi();
  LocalComm local;
  Comm& comm = mpi ? *mpi : local;
  switch (RunBatch(opt, comm, out, err)) {
    case BatchOutcome::kOk: return kExitOk;
    case BatchOutcome::kWriteFailed: return kExitFailure;
    case BatchOutcome::kBadInput: return kExitBadInput;
    case BatchOutcome::kSomeFailed: return kExitBatchFailures;
    case BatchOutcome::kInterrupted:
      // Stopped by SIGTERM: 128 + 15, as a process the signal had ended.
      return g_stop_signal.load() == SIGTERM ? 128 + SIGTERM : kExitInterrupted;
  }
  return kExitFailure;
}

}  // namespace necsim
