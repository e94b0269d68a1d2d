// `necsim report RESULTS_DIR [-o FILE] [--force]`: the self-contained HTML
// report of a results folder (see sim/report.h), and the helper behind
// `necsim run --report`.
#pragma once

#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace necsim {

struct ReportArgs {
  std::string dir;   // the results folder (holding summary.json)
  std::string out;   // default: <dir>/report.html; "-" for stdout
  bool force = false;
};

// Registers the `report` subcommand on `app`, filling `a` when parsed.
CLI::App* AddReportCommand(CLI::App& app, ReportArgs& a);

// Exit codes as RunCli: 0 written (notes about missing parts go to `err`),
// 2 not a results folder / unreadable summary.json / refusal to overwrite,
// 1 the file could not be written.
int RunReport(const ReportArgs& a, std::ostream& out, std::ostream& err);

// Writes <dir>/report.html after `necsim run --report`; messages start with
// `who` ("necsim run").
int WriteFolderReport(const std::string& dir, bool force, const std::string& who, std::ostream& out,
                      std::ostream& err);

}  // namespace necsim
