// `necsim fit BALLOTS.blt`: the voter model fitted to a ballot file by
// maximum likelihood (sim/fitting, models/fit; docs/fit.md), written as a
// scenario `necsim run` accepts, with JSON, a tidy CSV and an HTML report.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ballots/blt.h"
#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "counting/count.h"
#include "fitting/fit_election.h"
#include "fitting/fit_totals.h"
#include "io/atomic_write.h"
#include "io/csv.h"
#include "io/text.h"

namespace necsim {
namespace {

Error FileError(std::string message, std::string field, const std::string& file) {
  Error e = MakeError(std::move(message), std::move(field));
  e.file = file;
  return e;
}

// --slates FILE: a CSV with a header naming `candidate` and `slate` (and
// optionally `gender`, f or m), one row per candidate of the ballot file.
Status ApplySlates(const std::string& path, Election& e) {
  auto text = ReadTextFile(path, kTableInput);
  if (!text) return text.error();
  auto rows = ParseCsv(*text, path);
  if (!rows) return rows.error();
  if (rows->empty()) return FileError("the file is empty; expected a header candidate,slate[,gender]", "--slates", path);
  const std::vector<std::string>& head = (*rows)[0].fields;
  int ci = -1, si = -1, gi = -1;
  for (size_t k = 0; k < head.size(); ++k) {
    if (head[k] == "candidate") ci = static_cast<int>(k);
    else if (head[k] == "slate") si = static_cast<int>(k);
    else if (head[k] == "gender") gi = static_cast<int>(k);
    else {
      Error er = FileError("unknown column '" + head[k] + "' (expected candidate, slate, gender)", "header", path);
      er.line = (*rows)[0].line;
      return er;
    }
  }
  if (ci < 0 || si < 0) {
    Error er = FileError("the header must name the columns candidate and slate", "header", path);
    er.line = (*rows)[0].line;
    return er;
  }
  std::map<std::string, int> index;
  for (int c = 0; c < e.num_candidates(); ++c) index[e.candidates[static_cast<size_t>(c)].name] = c;
  std::vector<char> seen(static_cast<size_t>(e.num_candidates()), 0);
  for (size_t r = 1; r < rows->size(); ++r) {
    const CsvRecord& rec = (*rows)[r];
    auto fail = [&](const std::string& field, const std::string& msg) {
      Error er = FileError(msg, field, path);
      er.line = rec.line;
      return er;
    };
    if (rec.fields.size() != head.size()) {
      return fail("row", "expected " + std::to_string(head.size()) + " fields, found " + std::to_string(rec.fields.size()));
    }
    const std::string& name = rec.fields[static_cast<size_t>(ci)];
    auto it = index.find(name);
    if (it == index.end()) return fail("candidate", "no candidate named '" + name + "' in " + e.source);
    if (seen[static_cast<size_t>(it->second)]) return fail("candidate", "'" + name + "' is listed twice");
    seen[static_cast<size_t>(it->second)] = 1;
    Candidate& c = e.candidates[static_cast<size_t>(it->second)];
    c.slate = rec.fields[static_cast<size_t>(si)];
    if (gi >= 0) {
      const std::string& g = rec.fields[static_cast<size_t>(gi)];
      if (g == "f" || g == "F") c.gender = Gender::kWoman;
      else if (g == "m" || g == "M") c.gender = Gender::kMan;
      else if (!g.empty()) return fail("gender", "expected f or m, got '" + g + "'");
    }
  }
  for (int c = 0; c < e.num_candidates(); ++c) {
    if (!seen[static_cast<size_t>(c)]) {
      return FileError("candidate '" + e.candidates[static_cast<size_t>(c)].name + "' of " + e.source + " has no row",
                       "candidate", path);
    }
  }
  return {};
}

Result<fit::Terms> ParseTerms(const std::string& spec) {
  fit::Terms t;
  t.slate = t.gender = t.profile = false;
  for (const std::string& raw : Split(spec, ',')) {
    const std::string w = Trim(raw);
    if (w == "slate") t.slate = true;
    else if (w == "gender") t.gender = true;
    else if (w == "profile") t.profile = true;
    else if (w == "region") {
      return MakeError("the region term needs each ballot's region, and a BLT file has none (fit each region's file, "
                       "or leave region out)",
                       "--terms");
    } else if (!w.empty()) {
      return MakeError("unknown term '" + w + "' (slate, gender, region, profile)", "--terms");
    }
  }
  return t;
}

}  // namespace

CLI::App* AddFitCommand(CLI::App& app, FitArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "fit", "Fit the voter model to a BLT ballot file (maximum likelihood), or to a block vote's reported totals (--totals)");
  cmd->add_option("file", a.file, "BLT ballot file (not with --totals)");
  cmd->add_option("--blocs", a.blocs,
                  "Number of blocs K, or auto (BIC over 1..--max-blocs; default auto); with --totals, bloc NAMES "
                  "(comma-separated; a bloc named as a slate is aligned with it; default: the base's blocs, else one per slate)");
  cmd->add_option("--totals", a.totals,
                  "Fit to reported block-vote totals: a results table (year,month,contest,seats,system,candidate,votes,elected,slate[,gender])");
  cmd->add_option("--election", a.election, "With --totals: the contest, YEAR or YEAR-MM (e.g. 2016, 2018-09)");
  cmd->add_option("--contest", a.contest, "With --totals: full or by-election (when the election has both)");
  cmd->add_option("--elections", a.elections,
                  "With --totals: the contests table with ballots cast (default: clp_elections.csv beside the results)");
  cmd->add_option("--base", a.base,
                  "With --totals: a base scenario (regions, slates, candidates' genders and regions, rule sets: the first is the rule used)");
  cmd->add_option("--ballots", a.ballots, "With --totals: valid ballots, overriding the contests table")
      ->check(CLI::Range(1.0, 1e9));
  cmd->add_option("--unlisted", a.unlisted, "With --totals: candidates who stood and lost but are not in the table")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--runs", a.runs, "With --totals: runs of the fitted scenario scoring it under the real rule (default 2000)")
      ->check(CLI::Range(100, 1'000'000));
  cmd->add_option("--max-blocs", a.max_blocs, "Largest K tried by --blocs auto (default 6)")->check(CLI::Range(1, 20));
  cmd->add_option("--slates", a.slates_file,
                  "CSV (candidate,slate[,gender]) giving every candidate's slate; default: the BLT names' labels");
  cmd->add_option("--terms", a.terms, "Utility terms: slate,gender,region,profile (default slate,profile)");
  cmd->add_option("--out", a.out_file, "Write the fitted scenario (YAML) to FILE (default: stdout)");
  cmd->add_option("--report", a.report_file, "Write the fit report to FILE.html and its tables to FILE.csv");
  cmd->add_option("--rule", a.rule, "The scenario's counting rule for the file's seats (default scottish)");
  cmd->add_option("--seats", a.seats, "Seats (default: the file's)")->check(CLI::Range(1, 1000));
  cmd->add_option("--starts", a.starts, "Random starts per K beside the deterministic one (default 4)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--max-evaluations", a.max_evaluations, "Likelihood evaluations allowed per start (default 5000)")
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--seed", a.seed, "Seed of the random starts and of the fitted draws (default 1)")
      ->check(WholeNumberUpTo(std::numeric_limits<uint64_t>::max()));
  cmd->add_option("--threads", a.threads, "Threads (default: the CPUs available)")->check(CLI::Range(1, 4096));
  cmd->add_flag("--json", a.json, "Print the fit as JSON on stdout (the scenario then only with --out)");
  cmd->add_flag("--force", a.force, "Replace existing output files");
  return cmd;
}

namespace {

// Every output's place is checked before any work, so nothing is written
// unless everything can be. Returns the report's CSV beside it ("" without a
// report), or the refusal.
Result<std::string> CheckFitOutputs(const FitArgs& a, const std::string& input) {
  std::vector<std::string> targets;
  if (!a.out_file.empty()) targets.push_back(a.out_file);
  std::string csv_file;
  if (!a.report_file.empty()) {
    std::filesystem::path p(a.report_file);
    csv_file = (p.parent_path() / p.stem()).string() + ".csv";
    if (p.extension() != ".html") {
      return MakeError("expected a file name ending .html (its tables go beside it as .csv), got " + a.report_file, "--report");
    }
    targets.push_back(a.report_file);
    targets.push_back(csv_file);
  }
  for (const std::string& t : targets) {
    if (t == input) return MakeError(t + ": an output may not be the input file", "--out");
    if (auto why = OutputFileRefusal(t, a.force)) return MakeError(t + ": " + *why, "--out");
  }
  return csv_file;
}

std::vector<std::string> SplitNames(const std::string& spec) {
  std::vector<std::string> out;
  for (const std::string& raw : Split(spec, ',')) {
    const std::string w = Trim(raw);
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

int RunTotalsFit(const FitArgs& a, std::ostream& out, std::ostream& err) {
  const std::string me = "necsim fit --totals: ";
  if (!a.file.empty()) {
    err << me << "give either a ballot file or --totals, not both\n";
    return kExitBadInput;
  }
  if (a.election.empty()) {
    err << me << "--election YEAR[-MM] is required with --totals\n";
    return kExitBadInput;
  }
  TotalsRequest req;
  req.results = a.totals;
  req.elections = a.elections;
  req.election = a.election;
  req.contest = a.contest;
  req.base = a.base;
  if (a.blocs != "auto") req.blocs = SplitNames(a.blocs);
  req.ballots = a.ballots;
  req.unlisted = a.unlisted;
  req.starts = a.starts;
  req.seed = a.seed;
  req.threads = a.threads;
  req.runs = a.runs;
  if (a.max_evaluations != 5000) req.max_evaluations = a.max_evaluations;
  auto csv_file = CheckFitOutputs(a, a.totals);
  if (!csv_file) {
    err << me << csv_file.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto fitted = FitTotalsElection(req);
  if (!fitted) {
    err << me << fitted.error().ToString() << "\n";
    return kExitBadInput;
  }
  const TotalsFit& f = *fitted;
  const std::string json = TotalsJson(f);
  if (!f.result.converged) {
    err << me << f.label << ": the fit did not converge: " << f.result.message
        << "; its best values follow on stdout as JSON; nothing was written\n";
    out << json;
    return kExitNotConverged;
  }
  if (!a.out_file.empty()) {
    if (Status s = WriteFileAtomic(a.out_file, f.scenario_yaml); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
  }
  if (!a.report_file.empty()) {
    if (Status s = WriteFileAtomic(*csv_file, TotalsCsv(f)); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
    if (Status s = WriteFileAtomic(a.report_file, TotalsHtml(f)); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
  }
  if (a.json) out << json;
  else if (a.out_file.empty()) out << f.scenario_yaml;
  int within = 0, reported = 0;
  for (int j = 0; j < f.data.num_candidates(); ++j) {
    const double v = f.data.votes[static_cast<size_t>(j)];
    if (v != v) continue;
    ++reported;
    within += v >= f.result.p05[static_cast<size_t>(j)] && v <= f.result.p95[static_cast<size_t>(j)];
  }
  err << me << f.label << ": " << f.prior.K() << " bloc(s); " << within << " of " << reported
      << " reported totals within their 90% intervals; P(the actual result) under " << f.real_rule << " "
      << f.p_actual;
  if (!a.out_file.empty()) err << "; scenario " << a.out_file;
  if (!a.report_file.empty()) err << "; report " << a.report_file << " and " << *csv_file;
  err << "\n";
  return kExitOk;
}

}  // namespace

int RunFitCommand(const FitArgs& a, std::ostream& out, std::ostream& err) {
  if (!a.totals.empty()) return RunTotalsFit(a, out, err);
  const std::string me = "necsim fit: ";
  if (a.file.empty()) {
    err << me << "a BLT ballot file is required (or --totals RESULTS.csv for reported block-vote totals)\n";
    return kExitBadInput;
  }
  for (const std::string* opt : {&a.election, &a.contest, &a.base, &a.elections}) {
    if (!opt->empty()) {
      err << me << "--election, --contest, --elections and --base go with --totals\n";
      return kExitBadInput;
    }
  }
  FitRequest req;
  req.seed = a.seed;
  req.threads = a.threads;
  req.starts = a.starts;
  req.max_evaluations = a.max_evaluations;
  req.max_blocs = a.max_blocs;
  req.seats = a.seats;
  if (a.blocs == "auto" || a.blocs.empty()) {
    req.blocs = 0;
  } else if (a.blocs.find_first_not_of("0123456789") == std::string::npos && a.blocs.size() < 4 &&
             std::stoi(a.blocs) >= 1 && std::stoi(a.blocs) <= 20) {
    req.blocs = std::stoi(a.blocs);
  } else {
    err << me << "--blocs: expected a whole number from 1 to 20, or auto; got '" << a.blocs << "'\n";
    return kExitBadInput;
  }
  auto rule = ParseRule(a.rule);
  if (!rule) {
    err << me << "--rule: unknown rule '" << a.rule << "' (scottish, ers97, meek, warren, wigm, block, fptp, irv)\n";
    return kExitBadInput;
  }
  req.rule = a.rule == "av" ? "irv" : a.rule;
  auto terms = ParseTerms(a.terms);
  if (!terms) {
    err << me << terms.error().ToString() << "\n";
    return kExitBadInput;
  }
  req.terms = *terms;
  auto checked = CheckFitOutputs(a, a.file);
  if (!checked) {
    err << me << checked.error().ToString() << "\n";
    return kExitBadInput;
  }
  const std::string csv_file = *checked;
  auto election = ReadBltFile(a.file);
  if (!election) {
    err << me << election.error().ToString() << "\n";
    return kExitBadInput;
  }
  Election& e = *election;
  for (const std::string& note : e.notes) err << me << "note: " << a.file << ": " << note << "\n";
  for (const Candidate& c : e.candidates) {
    if (c.withdrawn) {
      err << me << a.file << ": candidate " << c.name << " is withdrawn; fit the election without them\n";
      return kExitBadInput;
    }
  }
  if (!a.slates_file.empty()) {
    if (Status s = ApplySlates(a.slates_file, e); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
  }
  auto fitted = FitElection(e, req);
  if (!fitted) {
    Error er = fitted.error();
    if (er.file.empty() && er.field != "--blocs" && er.field != "--terms" && er.field != "--rule") er.file = a.file;
    err << me << er.ToString() << "\n";
    return kExitBadInput;
  }
  const ElectionFit& f = *fitted;
  for (const FitTry& t : f.tries) {
    err << me << "K = " << t.K << ": ";
    if (t.ok) {
      err << "log-likelihood " << t.result.loglik << ", " << t.result.num_params << " parameters, BIC " << t.result.bic
          << (t.result.converged ? "" : " (not converged)") << "\n";
    } else {
      err << t.error << "\n";
    }
  }
  // The observed-against-fitted tables (100,000 drawn ballots) only for the
  // outputs that show them.
  const bool tabled = a.json || !a.report_file.empty() || !f.best().converged;
  const FitTables tables = tabled ? ComputeFitTables(f, 100000, a.seed) : FitTables{};
  const std::string json = tabled ? FitJson(e, f, tables, req, a.file) : std::string();
  if (!f.best().converged) {
    err << me << a.file << ": the fit with K = " << f.K() << " did not converge: " << f.best().message
        << "; its best values follow on stdout as JSON; nothing was written\n";
    out << json;
    return kExitNotConverged;
  }
  auto yaml = FittedScenarioYaml(e, f, req, a.file);
  if (!yaml) {
    err << me << yaml.error().ToString() << "\n";
    return kExitFailure;
  }
  if (!a.out_file.empty()) {
    if (Status s = WriteFileAtomic(a.out_file, *yaml); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
  }
  if (!a.report_file.empty()) {
    if (Status s = WriteFileAtomic(csv_file, FitCsv(f, tables)); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
    if (Status s = WriteFileAtomic(a.report_file, FitHtml(e, f, tables, req, a.file)); !s) {
      err << me << s.error().ToString() << "\n";
      return kExitBadInput;
    }
  }
  if (a.json) out << json;
  else if (a.out_file.empty()) out << *yaml;
  err << me << "K = " << f.K() << (req.blocs > 0 ? " (as asked)" : " (lowest BIC)");
  if (!a.out_file.empty()) err << "; scenario " << a.out_file;
  if (!a.report_file.empty()) err << "; report " << a.report_file << " and " << csv_file;
  err << "\n";
  return kExitOk;
}

}  // namespace necsim
