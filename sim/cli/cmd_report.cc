// `necsim report RESULTS_DIR [-o FILE] [--force]`: the self-contained HTML
// report of a results folder, a batch folder or a sweep's folder
// (report/report.h), and WriteFolderReport, the
// helper behind `necsim run --report`.
#include <CLI/CLI.hpp>
#include <filesystem>

#include "cli/cli.h"
#include "cli/commands.h"
#include "report/report.h"

namespace necsim {
namespace {

int WriteReport(const std::string& dir, const std::string& out_path, bool force, const std::string& who,
           std::ostream& out, std::ostream& err) {
  auto in = ReadResultsFolder(dir, NECSIM_VERSION);
  if (!in) {
    err << who << ": " << in.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (!out_path.empty() && out_path != "-") {
    // A batch page written elsewhere links to the folders from where it is.
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path from = fs::absolute(fs::path(out_path), ec).parent_path();
    const fs::path rel = fs::relative(fs::absolute(fs::path(dir), ec), from, ec);
    if (!ec && !rel.empty() && rel != ".") {
      in->link_prefix = rel.generic_string();
      in->link_prefix.push_back('/');
    }
  }
  auto report = RenderReport(*in);
  if (!report) {
    err << who << ": " << report.error().ToString() << "\n";
    return kExitBadInput;
  }
  for (const auto& n : report->notes) err << who << ": note: " << n << "\n";
  if (out_path == "-") {
    out << report->html;
    return kExitOk;
  }
  const std::string path =
      out_path.empty() ? (std::filesystem::path(dir) / "report.html").string() : out_path;
  if (Status st = WriteReportFile(path, report->html, force); !st) {
    err << who << ": " << st.error().ToString() << "\n";
    const bool refused = st.error().field == "-o";
    return refused ? kExitBadInput : kExitFailure;
  }
  out << "Wrote " << path << " (" << report->charts.size() << " charts"
      << (report->notes.empty() ? "" : ", " + std::to_string(report->notes.size()) + " notes on missing or unknown parts")
      << ")\n";
  return kExitOk;
}

}  // namespace

CLI::App* AddReportCommand(CLI::App& app, ReportArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "report", "Draw a results, batch or sweep folder as one self-contained HTML page (inline SVG charts; opens offline, prints)");
  cmd->add_option("results_dir", a.dir, "Results folder of necsim run or boundary (summary.json), necsim batch's OUTDIR (index.csv), or a sweep's folder (sweep.csv)")->required();
  cmd->add_option("-o,--output", a.out, "Report file (default RESULTS_DIR/report.html; - for stdout)");
  cmd->add_flag("--force", a.force, "Overwrite an existing file that is not a report necsim wrote");
  return cmd;
}

int RunReportCommand(const ReportArgs& a, std::ostream& out, std::ostream& err) {
  return WriteReport(a.dir, a.out, a.force, "necsim report", out, err);
}

int WriteFolderReport(const std::string& dir, bool force, const std::string& who, std::ostream& out,
                      std::ostream& err) {
  return WriteReport(dir, "", force, who, out, err);
}

}  // namespace necsim
