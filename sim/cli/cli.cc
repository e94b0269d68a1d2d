// RunCli, the `necsim` command line: registers the subcommands (one file
// each, declared in commands.h) on one CLI11 app, parses the arguments, runs
// the subcommand given and returns its exit code.
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <string>

#include "cli/commands.h"

namespace necsim {

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err, const IoFaults* faults) {
  // `necsim boundary backtest ...`: its own options (cmd_backtest.cc).
  if (argc > 2 && std::string(argv[1]) == "boundary" && std::string(argv[2]) == "backtest") {
    return RunBoundaryBacktestCli(argc - 2, argv + 2, out, err, faults);
  }
  CLI::App app{"necsim: Monte Carlo simulator of Labour NEC elections and boundary reviews"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "necsim 0.1.0");

  CountArgs ca;
  CLI::App* count = AddCountCommand(app, ca);
  RunArgs ra;
  CLI::App* run = AddRunCommand(app, ra);
  ApportionArgs aa;
  CLI::App* apportion = AddApportionCommand(app, aa);
  SizeArgs sa;
  CLI::App* size = AddSizeCommand(app, sa);
  BoundaryArgs ba;
  CLI::App* boundary = AddBoundaryCommand(app, ba);
  ReportArgs rpa;
  CLI::App* report = AddReportCommand(app, rpa);
  CompareArgs cma;
  CLI::App* compare = AddCompareCommand(app, cma);
  FitArgs fa;
  CLI::App* fitc = AddFitCommand(app, fa);
  SampleArgs sma;
  CLI::App* sample = AddSampleCommand(app, sma);
  BatchOptions bo;
  CLI::App* batch = AddBatchCommand(app, bo);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // An unknown command word: name it rather than "A subcommand is required".
    if (argc > 1 && argv[1][0] != '-' &&
        app.get_subcommands([&](CLI::App* s) { return s->check_name(argv[1]); }).empty()) {
      err << "necsim: unknown command '" << argv[1] << "' (see necsim --help)\n";
      return kExitBadInput;
    }
    // Help and version exit 0 (printed on `out`); usage errors exit 2.
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  ca.faults = ra.faults = ba.faults = bo.faults = faults;
  if (count->parsed()) return RunCountCommand(ca, out, err);
  if (run->parsed()) return RunRunCommand(ra, out, err);
  if (size->parsed()) return RunSizeCommand(sa, out, err);
  if (apportion->parsed()) return RunApportionCommand(aa, out, err);
  if (boundary->parsed()) return RunBoundaryCommand(ba, out, err);
  if (report->parsed()) return RunReportCommand(rpa, out, err);
  if (compare->parsed()) return RunCompareCommand(cma, out, err);
  if (fitc->parsed()) return RunFitCommand(fa, out, err);
  if (sample->parsed()) return RunSampleCommand(sma, out, err);
  if (batch->parsed()) return RunBatchCommand(bo, out, err);
  return kExitBadInput;
}

}  // namespace necsim
