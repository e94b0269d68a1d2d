// `necsim compare A/ B/ [--csv|--json] [--out FILE] [--force] [--unpaired]`:
// two results folders of necsim run compared measure by measure, B minus A,
// run by run when they share seed, runs and sampler (outputs/runs_table.h).
#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "core/input_file.h"
#include "io/atomic_write.h"
#include "io/csv.h"
#include "outputs/runs_table.h"
#include "results/results.h"

namespace necsim {
namespace {

struct Folder {
  RunResults summary;
  std::vector<std::vector<RunOutcome>> runs;
};

Result<Folder> ReadFolder(const std::string& dir) {
  const std::string summary_path = (std::filesystem::path(dir) / "summary.json").string();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    Error e;
    e.file = dir;
    e.message = "not a folder (name a results folder written by necsim run)";
    return e;
  }
  auto text = ReadInputFile(summary_path, kResultsInput);
  if (!text) return text.error();
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(*text);
  } catch (const std::exception& ex) {
    Error e;
    e.file = summary_path;
    e.message = std::string("not valid JSON: ") + ex.what();
    return e;
  }
  auto summary = RunResultsFromJson(j, summary_path);
  if (!summary) return summary.error();
  const std::string runs_path = (std::filesystem::path(dir) / "runs.csv").string();
  if (!std::filesystem::exists(runs_path, ec)) {
    Error e;
    e.file = runs_path;
    e.message = "missing: the folder was written by a necsim without runs.csv; run the scenario again";
    return e;
  }
  auto runs_text = ReadInputFile(runs_path, kResultsInput);
  if (!runs_text) return runs_text.error();
  auto runs = ReadRunsCsv(*runs_text, runs_path, *summary);
  if (!runs) return runs.error();
  return Folder{std::move(*summary), std::move(*runs)};
}

std::string Num(double x) {
  std::ostringstream s;
  s << std::setprecision(6) << x;
  return s.str();
}

}  // namespace

CLI::App* AddCompareCommand(CLI::App& app, CompareArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare two results folders of necsim run, B minus A, run by run when they share seed, runs and sampler");
  cmd->add_option("a", a.a, "Results folder A (the baseline)")->required();
  cmd->add_option("b", a.b, "Results folder B (the variant)")->required();
  cmd->add_flag("--csv", a.csv, "Print the table as CSV: rule_set,measure,entity,a,b,difference,se,paired");
  cmd->add_flag("--json", a.json, "Print the table as JSON");
  cmd->add_option("--out", a.out_file, "Also write the table as CSV to FILE");
  cmd->add_flag("--force", a.force, "Replace an existing --out FILE");
  cmd->add_flag("--unpaired", a.unpaired,
                "Compare as independent samples (needed for folders of different seeds, runs or samplers)");
  return cmd;
}

int RunCompareCommand(const CompareArgs& a, std::ostream& out, std::ostream& err) {
  const std::string who = "necsim compare";
  if (a.csv && a.json) {
    err << who << ": --csv and --json: pass one of them\n";
    return kExitBadInput;
  }
  if (!a.out_file.empty()) {
    if (auto why = OutputFileRefusal(a.out_file, a.force)) {
      err << who << ": --out " << a.out_file << ": " << *why << "\n";
      return kExitBadInput;
    }
  }
  auto fa = ReadFolder(a.a);
  if (!fa) {
    err << who << ": " << fa.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto fb = ReadFolder(a.b);
  if (!fb) {
    err << who << ": " << fb.error().ToString() << "\n";
    return kExitBadInput;
  }
  const RunResults& A = fa->summary;
  const RunResults& B = fb->summary;
  const bool same_draws = A.seed == B.seed && A.runs == B.runs && A.sampler == B.sampler;
  if (!same_draws && !a.unpaired) {
    err << who << ": " << a.a << " (seed " << A.seed << ", " << A.runs << " runs, " << A.sampler << " sampler) and "
        << a.b << " (seed " << B.seed << ", " << B.runs << " runs, " << B.sampler
        << " sampler) did not draw the same runs, so they cannot be compared run by run; rerun one with the other's "
           "--seed and --runs, or pass --unpaired\n";
    return kExitBadInput;
  }
  const bool paired = same_draws && !a.unpaired;
  const std::vector<PairedRow> rows = CompareRuns(A, fa->runs, B, fb->runs, paired);
  size_t common = 0;
  for (const auto& rs : A.rule_sets) {
    for (const auto& rt : B.rule_sets) common += rs.name == rt.name;
  }
  if (common == 0) {
    err << who << ": " << a.a << " and " << a.b << " have no rule set of the same name\n";
    return kExitBadInput;
  }
  std::string csv = "rule_set,measure,entity,a,b,difference,se,paired\n";
  for (const PairedRow& r : rows) {
    csv += CsvField(r.rule_set) + "," + r.measure + "," + CsvField(r.entity) + "," + CsvNumber(r.a) + "," +
           CsvNumber(r.b) + "," + CsvNumber(r.difference) + "," + CsvNumber(r.se) + "," + (paired ? "true" : "false") +
           "\n";
  }
  if (!a.out_file.empty()) {
    if (Status st = WriteFileAtomic(a.out_file, csv); !st) {
      err << who << ": " << st.error().ToString() << "\n";
      return kExitFailure;
    }
  }
  if (a.csv) {
    out << csv;
  } else if (a.json) {
    nlohmann::ordered_json j;
    j["a"] = a.a;
    j["b"] = a.b;
    j["paired"] = paired;
    j["runs"] = {A.runs, B.runs};
    j["rows"] = nlohmann::ordered_json::array();
    for (const PairedRow& r : rows) {
      j["rows"].push_back({{"rule_set", r.rule_set}, {"measure", r.measure}, {"entity", r.entity}, {"a", r.a},
                           {"b", r.b}, {"difference", r.difference}, {"se", r.se}});
    }
    out << j.dump(2) << "\n";
  } else {
    out << "B minus A: B = " << a.b << ", A = " << a.a << "; "
        << (paired ? "paired run by run (the same seed, runs and sampler)" : "unpaired (independent samples)") << "; "
        << A.runs << " runs\n";
    out << "Differences of at least twice their standard error are marked *.\n";
    std::string last_rs, last_measure;
    for (const PairedRow& r : rows) {
      if (r.rule_set != last_rs) out << "\n" << r.rule_set << "\n", last_rs = r.rule_set, last_measure.clear();
      if (r.measure != last_measure) out << "  " << r.measure << "\n", last_measure = r.measure;
      const bool marked = std::fabs(r.difference) >= 2 * r.se && r.difference != 0;
      out << "    " << std::left << std::setw(28) << r.entity << std::right << std::setw(10) << Num(r.a) << " -> "
          << std::setw(10) << Num(r.b) << "  " << (r.difference > 0 ? "+" : "") << Num(r.difference) << " (se "
          << Num(r.se) << ")" << (marked ? " *" : "") << "\n";
    }
    for (const auto& rs : A.rule_sets) {
      bool in_b = false;
      for (const auto& rt : B.rule_sets) in_b = in_b || rs.name == rt.name;
      if (!in_b) out << "\nRule set " << rs.name << " is only in A.\n";
    }
    for (const auto& rt : B.rule_sets) {
      bool in_a = false;
      for (const auto& rs : A.rule_sets) in_a = in_a || rs.name == rt.name;
      if (!in_a) out << "\nRule set " << rt.name << " is only in B.\n";
    }
  }
  if (!a.out_file.empty()) err << who << ": wrote " << a.out_file << "\n";
  return kExitOk;
}

}  // namespace necsim
