// The subcommands of `necsim`, for the dispatcher (cli.cc), one file each
// (cmd_count.cc, cmd_run.cc, cmd_apportion.cc, cmd_size.cc, cmd_boundary.cc,
// cmd_report.cc, cmd_batch.cc). For each: its arguments, Add...Command, which
// registers it on the CLI11 app and fills the arguments when it is parsed,
// and Run...Command, which runs it and returns the exit code (as RunCli's,
// cli.h). Private to sim/cli.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "io/io_faults.h"

namespace CLI {
class App;
}

namespace necsim {

// `necsim count FILE --rule R [--seats N] [--women-min K] [--women FILE]
// [--gender NAME=f,...] [--group NAME:MIN:MAX:Cand|...] [--seed S] [--json]`:
// one BLT ballot file counted under one rule (cmd_count.cc).
struct CountArgs {
  std::vector<std::string> files;  // one BLT file; or several, or folders (every *.blt, sorted): a table
  bool csv = false;                // the table of several files as CSV (else --json: JSON lines)
  std::string rule;
  int seats = 0;
  int women_min = -1;
  std::string women_file;
  std::vector<std::string> gender;
  std::vector<std::string> groups;
  // --tie-order NAME,NAME,...: the order wherever a rule would otherwise
  // draw lots (and the PRF order of meek's procedure T), the first listed
  // losing; replaces the file's [tie ...] option.
  std::vector<std::string> tie_order;
  // --exclude NAME,NAME,...: counted as if these candidates had withdrawn
  // (names or 1-based numbers, as --tie-order).
  std::vector<std::string> exclude;
  uint64_t seed = 1;
  bool json = false;
  std::string out_file;  // --out FILE: the result sheet written (atomically) to FILE
  bool force = false;    // replace an existing FILE
  const IoFaults* faults = nullptr;  // tests only (io_faults.h)
};
CLI::App* AddCountCommand(CLI::App& app, CountArgs& args);
int RunCountCommand(const CountArgs& args, std::ostream& out, std::ostream& err);

// `necsim fit FILE.blt [--blocs K|auto] [--slates FILE] [--terms ...] [--out
// SCENARIO.yaml] [--report FIT.html] [--rule R] [--seed S] [--threads T]
// [--json] [--force]`: the voter model fitted to a ballot file (cmd_fit.cc).
struct FitArgs {
  std::string file;
  std::string blocs = "auto";
  int max_blocs = 6;
  std::string slates_file;
  std::string terms = "slate,profile";
  std::string out_file;
  std::string report_file;
  std::string rule = "scottish";
  int seats = 0;
  int starts = 4;
  int max_evaluations = 5000;  // per start (diagnosis, and the tests of non-convergence)
  uint64_t seed = 1;
  int threads = 0;
  bool json = false;
  bool force = false;
  // --totals: a block-vote contest's reported totals instead of ballots.
  std::string totals;
  std::string elections;
  std::string election;
  std::string contest;
  std::string base;
  double ballots = 0;
  int unlisted = 0;
  int runs = 2000;
};
CLI::App* AddFitCommand(CLI::App& app, FitArgs& args);
int RunFitCommand(const FitArgs& args, std::ostream& out, std::ostream& err);

// `necsim sample [SCENARIO] --out FILE.blt [--run N] [--seed S] [--rule-set
// NAME] [--set PATH=VALUE]... [--force]`: one run's ballots, voter by voter
// (the reference sampler), written as a BLT file (cmd_sample.cc).
struct SampleArgs {
  std::string scenario;
  std::string out_file;
  uint64_t run = 0;
  uint64_t seed = 0;
  bool seed_given = false;
  std::string rule_set;
  std::vector<std::string> sets;
  bool force = false;
};
CLI::App* AddSampleCommand(CLI::App& app, SampleArgs& args);
int RunSampleCommand(const SampleArgs& args, std::ostream& out, std::ostream& err);

// `necsim run [SCENARIO] [--out DIR] [--runs N] [--seed S] [--threads T]
// [--backend B] [--sampler S] [--precision E] [--set PATH=VALUE]... [--force]
// [--report]`: simulate a scenario into a results folder (cmd_run.cc).
struct RunArgs {
  std::string scenario;
  std::string out_dir;
  int64_t runs = 0;
  int64_t seed = -1;
  int threads = 0;
  std::string backend = "openmp";
  std::string sampler = "fast";
  double precision = 0;
  bool force = false;
  const IoFaults* faults = nullptr;  // tests only (io_faults.h)
  std::vector<std::string> sets;
  bool report = false;
  std::string ballots_out;   // --ballots-out DIR: the listed runs' ballots as BLT files
  std::string ballots_runs;  // --ballots-runs LIST: run indices, e.g. "0,1"
  bool vacancies = false;    // --vacancies: as the scenario's `vacancies: true`
};
CLI::App* AddRunCommand(CLI::App& app, RunArgs& args);
int RunRunCommand(const RunArgs& args, std::ostream& out, std::ostream& err);

// `necsim apportion FILE --seats N --method M [--min K] [--base B] [--json]`:
// seats among the regions of a membership CSV (cmd_apportion.cc).
struct ApportionArgs {
  std::string file;
  int seats = 0;
  std::string method;
  int min = 0;
  int base = 0;  // base seats per region, the rest shared on top (docs/apportionment.md)
  bool json = false;
};
CLI::App* AddApportionCommand(CLI::App& app, ApportionArgs& args);
int RunApportionCommand(const ApportionArgs& args, std::ostream& out, std::ostream& err);

// `necsim size [SCENARIO] --rule-set NAME [--runs N] [--seed S] [--threads T]
// [--top-up-rule R] [--json]`: the smallest CLP section for a regional design,
// and its NEC effect (cmd_size.cc).
struct SizeArgs {
  std::string scenario;
  std::string rule_set;
  int64_t runs = -1;  // -1: 2000 for the NEC comparison, the scenario's runs for --confidence
  int64_t seed = -1;
  int threads = 0;
  std::string top_up_rule = "ers97";
  bool json = false;
  double confidence = -1;  // > 0: also the smallest size meeting the women's minimum in this share of runs
};
CLI::App* AddSizeCommand(CLI::App& app, SizeArgs& args);
int RunSizeCommand(const SizeArgs& args, std::ostream& out, std::ostream& err);

// `necsim boundary SCENARIO [--out DIR] [--set PATH=VALUE]... [--runs N]
// [--seed S] [--threads T] [--backend openmp|tbb|serial] [--data DIR] [--force]
// [--deterministic] [--json]`: seat projections on old and new boundaries
// (cmd_boundary.cc; RunBoundaryToDir, for `necsim batch` and tests, is in
// cmd_boundary.h).
struct BoundaryArgs {
  std::string scenario;       // the scenario file (YAML with a `boundary:` mapping)
  std::string out_dir;        // default results/<scenario name>/
  std::string data_dir;       // --data; empty: $NECSIM_DATA_DIR, else ../shared/data/uk-ge
  std::vector<std::string> sets;  // --set PATH=VALUE overrides, in order (as `necsim run`)
  int64_t runs = 0;           // 0: the scenario's
  int64_t seed = -1;          // < 0: the scenario's
  int threads = 0;            // 0: all hardware threads
  std::string backend = "openmp";
  bool force = false;         // overwrite an existing output folder
  bool deterministic = false; // zero swing, zero noise; print seats per set
  bool json = false;          // print JSON on stdout
  const IoFaults* faults = nullptr;  // tests only (io_faults.h)
};
CLI::App* AddBoundaryCommand(CLI::App& app, BoundaryArgs& args);
// 0 success, 2 bad input (message on `err`, nothing written), 1 internal failure.
int RunBoundaryCommand(const BoundaryArgs& args, std::ostream& out, std::ostream& err);

// `necsim boundary backtest SCENARIO --actual ACTUAL.csv [--set old|new]
// [--by national|region] [--models M,...] [--runs N] [--seed S] [--threads T]
// [--backend B] [--data DIR] [--out DIR] [--force] [--json]` (cmd_backtest.cc;
// argv[0] is "backtest"). 0 success, 2 bad input (nothing written).
int RunBoundaryBacktestCli(int argc, char** argv, std::ostream& out, std::ostream& err, const IoFaults* faults);

// `necsim compare A B [--csv|--json] [--out FILE] [--force] [--unpaired]`:
// two results folders compared, B minus A (cmd_compare.cc).
struct CompareArgs {
  std::string a, b;
  bool csv = false, json = false;
  std::string out_file;
  bool force = false;
  bool unpaired = false;
};
CLI::App* AddCompareCommand(CLI::App& app, CompareArgs& args);
int RunCompareCommand(const CompareArgs& args, std::ostream& out, std::ostream& err);

// `necsim report RESULTS_DIR [-o FILE] [--force]`: the self-contained HTML
// report of a results folder (report/report.h; cmd_report.cc).
struct ReportArgs {
  std::string dir;   // the results folder (holding summary.json)
  std::string out;   // default: <dir>/report.html; "-" for stdout
  bool force = false;
};
CLI::App* AddReportCommand(CLI::App& app, ReportArgs& args);
// 0 written (notes about missing parts go to `err`), 2 not a results folder /
// unreadable summary.json / refusal to overwrite, 1 the file could not be
// written.
int RunReportCommand(const ReportArgs& args, std::ostream& out, std::ostream& err);

// Writes <dir>/report.html after `necsim run --report`; messages start with
// `who` ("necsim run"). Exit codes as RunReportCommand.
int WriteFolderReport(const std::string& dir, bool force, const std::string& who, std::ostream& out,
                      std::ostream& err);

// `necsim batch SCENARIO... --out DIR [...]`: many scenarios into one
// resumable output folder (batch/batch.h does the work; cmd_batch.cc).
CLI::App* AddBatchCommand(CLI::App& app, BatchOptions& opt);
// Starts MPI when launched by mpirun/srun (in an MPI build), catches Ctrl-C,
// and returns the exit code.
int RunBatchCommand(BatchOptions& opt, std::ostream& out, std::ostream& err);

}  // namespace necsim
