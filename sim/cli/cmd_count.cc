// `necsim count`: one BLT ballot file counted under one rule (counting/count.h),
// with the candidates' genders and constraint groups given on the command
// line, printed as a result sheet or JSON. Several files (or folders of them)
// are counted one by one into one table: CSV, or JSON lines.
#include <algorithm>
#include <filesystem>
#include <CLI/CLI.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ballots/blt.h"
#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "io/atomic_write.h"
#include "io/csv.h"
#include "cli/commands.h"
#include "counting/count.h"
#include "counting/result_sheet.h"
#include "io/text.h"

namespace necsim {
namespace {

// A candidate given by name or by 1-based number.
Result<CandidateId> FindCandidate(const Election& e, const std::string& who, const std::string& field) {
  const std::string w = Trim(who);
  for (int c = 0; c < e.num_candidates(); ++c) {
    if (e.candidates[c].name == w) return c;
  }
  if (!w.empty() && w.find_first_not_of("0123456789") == std::string::npos && w.size() < 9) {
    const int k = std::stoi(w);
    if (k >= 1 && k <= e.num_candidates()) return k - 1;
  }
  return MakeError("no candidate named '" + w + "' in " + e.source, field);
}

// Applies --gender / --women / --women-min / --group to the election and
// options. Errors name the option at fault.
Status ApplyConstraints(const CountArgs& a, Election& e, CountOptions& opt) {
  for (const std::string& spec : a.gender) {
    for (const std::string& item : Split(spec, ',')) {
      if (Trim(item).empty()) continue;
      const size_t eq = item.rfind('=');
      if (eq == std::string::npos) {
        return MakeError("expected NAME=f or NAME=m, got '" + item + "'", "--gender");
      }
      auto c = FindCandidate(e, item.substr(0, eq), "--gender");
      if (!c) return c.error();
      const std::string g = Trim(item.substr(eq + 1));
      if (g == "f" || g == "F" || g == "w" || g == "W") e.candidates[*c].gender = Gender::kWoman;
      else if (g == "m" || g == "M") e.candidates[*c].gender = Gender::kMan;
      else return MakeError("gender must be f or m, got '" + g + "' for " + Trim(item.substr(0, eq)), "--gender");
    }
  }
  if (!a.women_file.empty()) {
    auto women = ReadTextFile(a.women_file, kListInput);
    if (!women) {
      Error err = women.error();
      err.field = "--women";
      return err;
    }
    std::istringstream in(*women);
    for (auto& c : e.candidates) {
      if (c.gender == Gender::kUnknown) c.gender = Gender::kMan;
    }
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      const std::string name = Trim(line.substr(0, line.find('#')));
      if (name.empty()) continue;
      auto c = FindCandidate(e, name, "--women");
      if (!c) {
        Error err = c.error();
        err.file = a.women_file;
        err.line = lineno;
        err.column = 1;
        return err;
      }
      e.candidates[*c].gender = Gender::kWoman;
    }
  }
  const bool have_gender = !a.gender.empty() || !a.women_file.empty();
  if (a.women_min >= 0) {
    if (!have_gender) {
      return MakeError("--women-min needs the candidates' genders (--women FILE or --gender NAME=f,...)",
                       "--women-min");
    }
    opt.constraints.groups.push_back(WomenGroup(e.candidates, a.women_min));
  }
  for (const std::string& spec : a.groups) {
    // NAME:MIN:MAX:cand|cand|...
    const auto parts = Split(spec, ':');
    if (parts.size() != 4) {
      return MakeError("expected NAME:MIN:MAX:Candidate|Candidate..., got '" + spec + "'", "--group");
    }
    ConstraintGroup g;
    g.name = Trim(parts[0]);
    auto num = [&](const std::string& s, int& out) -> bool {
      const std::string t = Trim(s);
      if (t.empty()) return true;
      if (t.find_first_not_of("0123456789") != std::string::npos || t.size() > 6) return false;
      out = std::stoi(t);
      return true;
    };
    if (!num(parts[1], g.min) || !num(parts[2], g.max)) {
      return MakeError("group '" + g.name + "': MIN and MAX must be whole numbers or empty", "--group");
    }
    for (const std::string& who : Split(parts[3], '|')) {
      if (Trim(who).empty()) continue;
      auto c = FindCandidate(e, who, "--group");
      if (!c) return c.error();
      g.members.push_back(*c);
    }
    opt.constraints.groups.push_back(g);
  }
  // --tie-order: names or 1-based numbers, each at most once; candidates left
  // out follow the listed ones in file order.
  std::vector<char> listed(static_cast<size_t>(e.num_candidates()), 0);
  for (const std::string& spec : a.tie_order) {
    for (const std::string& item : Split(spec, ',')) {
      if (Trim(item).empty()) continue;
      auto c = FindCandidate(e, item, "--tie-order");
      if (!c) return c.error();
      if (listed[*c]) {
        return MakeError(e.candidates[*c].name + " is listed twice", "--tie-order");
      }
      listed[*c] = 1;
      opt.tie_order.push_back(*c);
    }
  }
  if (!a.tie_order.empty() && opt.tie_order.empty()) {
    return MakeError("expected NAME,NAME,... (names or 1-based numbers)", "--tie-order");
  }
  return {};
}

// --exclude: the candidates counted as withdrawn (names or 1-based numbers, as
// --tie-order), marked in `e`; empty when none are named.
Result<std::vector<char>> ExcludedCandidates(const CountArgs& a, Election& e) {
  std::vector<char> out;
  for (const std::string& spec : a.exclude) {
    for (const std::string& item : Split(spec, ',')) {
      if (Trim(item).empty()) continue;
      auto c = FindCandidate(e, item, "--exclude");
      if (!c) return c.error();
      out.resize(static_cast<size_t>(e.num_candidates()), 0);
      out[static_cast<size_t>(*c)] = 1;
      e.candidates[static_cast<size_t>(*c)].withdrawn = true;
    }
  }
  if (!a.exclude.empty() && out.empty()) {
    return MakeError("expected NAME,NAME,... (names or 1-based numbers)", "--exclude");
  }
  return out;
}

// One file counted: the election (ballots let go) and its result, or the
// located error.
struct Counted {
  Election election;
  CountResult result;
};

Result<Counted> CountFile(const CountArgs& a, Rule rule, const std::string& file, std::ostream& err) {
  auto read = ReadBltFileFlat(file);
  if (!read) return read.error();
  Counted c{std::move(read->election), {}};
  Election& e = c.election;
  for (const std::string& note : e.notes) err << "necsim count: note: " << file << ": " << note << "\n";
  CountOptions opt;
  opt.seats = a.seats > 0 ? a.seats : e.seats;
  if (Status s = ApplyConstraints(a, e, opt); !s) return s.error();
  auto excluded = ExcludedCandidates(a, e);
  if (!excluded) return excluded.error();
  // As the file's own withdrawn candidates: gone from every ballot, which
  // counts at its next preference.
  if (!excluded->empty()) WithdrawFromBallots(read->ballots, *excluded);
  Stream lots(a.seed, 0, StreamPurpose::kLots);
  // As CountElection, the tree adopting the reader's flat ballots (no copy
  // of them, no ballot vectors: for a large file, the count's time and peak
  // memory).
  BallotTree tree = BallotTree::FromFlat(e.num_candidates(), std::move(read->ballots));
  if (opt.tie_order.empty()) opt.tie_order = e.tie_order;
  auto result = Count(rule, tree, e.candidates, opt, lots);
  if (!result) {
    Error er = result.error();
    if (er.file.empty()) er.file = file;
    return er;
  }
  c.result = std::move(*result);
  return c;
}

// The rows of one counted file in the CSV table.
void AppendCsvRows(const std::string& file, const Counted& c, std::string& out) {
  const CountResult& r = c.result;
  for (size_t k = 0; k < c.election.candidates.size(); ++k) {
    const Candidate& cand = c.election.candidates[k];
    const auto at = std::find(r.elected.begin(), r.elected.end(), static_cast<CandidateId>(k));
    const bool elected = at != r.elected.end();
    out += CsvField(file) + "," + CsvField(r.rule) + "," + std::to_string(r.seats) + "," + CsvField(cand.name) +
           "," + CsvField(cand.slate) + "," + (elected ? "true" : "false") + "," +
           (elected ? std::to_string(at - r.elected.begin() + 1) : std::string()) + "," +
           (k < r.final_votes.size() ? CsvField(r.final_votes[k]) : std::string()) + "\n";
  }
}

// Several files (or folders): each counted, one table of all. A file that
// cannot be read or counted is reported on stderr and the others still count
// (exit 3, as `necsim batch` does when some scenarios fail).
int RunCountTable(const CountArgs& a, Rule rule, std::ostream& out, std::ostream& err) {
  if (!a.csv && !a.json) {
    err << "necsim count: " << a.files[0]
        << ": several files (or a folder) give one table: pass --csv or --json\n";
    return kExitBadInput;
  }
  if (a.csv && a.json) {
    err << "necsim count: --csv and --json: pass one of them\n";
    return kExitBadInput;
  }
  std::vector<std::string> files;
  for (const std::string& f : a.files) {
    std::error_code ec;
    if (!std::filesystem::is_directory(f, ec)) {
      files.push_back(f);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(f, ec)) {
      if (entry.path().extension() == ".blt") found.push_back(entry.path().string());
    }
    if (ec) {
      err << "necsim count: " << f << ": cannot list the folder: " << ec.message() << "\n";
      return kExitBadInput;
    }
    if (found.empty()) {
      err << "necsim count: " << f << ": no *.blt files in the folder\n";
      return kExitBadInput;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  std::string table = a.csv ? "file,rule,seats,candidate,slate,elected,order,final_votes\n" : "";
  int failed = 0;
  for (const std::string& file : files) {
    auto counted = CountFile(a, rule, file, err);
    if (!counted) {
      Error er = counted.error();
      if (er.file.empty()) er.file = file;
      err << "necsim count: " << er.ToString() << "\n";
      ++failed;
      continue;
    }
    if (a.csv) {
      AppendCsvRows(file, *counted, table);
    } else {
      nlohmann::ordered_json j;
      j["file"] = file;
      const nlohmann::ordered_json sheet =
          ResultToJson(counted->result, counted->election.candidates, counted->election.title);
      for (const auto& [key, value] : sheet.items()) j[key] = value;
      table += j.dump() + "\n";
    }
  }
  if (a.out_file.empty()) {
    out << table;
  } else if (Status w = WriteFileAtomic(a.out_file, table, a.faults); !w) {
    err << "necsim count: " << w.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (failed > 0) {
    err << "necsim count: " << failed << " of " << files.size() << " files not counted\n";
    return kExitBatchFailures;
  }
  return kExitOk;
}

}  // namespace

CLI::App* AddCountCommand(CLI::App& app, CountArgs& a) {
  CLI::App* cmd = app.add_subcommand("count", "Count a BLT ballot file under one rule and print the result sheet");
  cmd->add_option("file", a.files,
                  "Ballot file (BLT format); several files or folders (every *.blt in it, sorted) give one table "
                  "(--csv or --json)")
      ->required();
  cmd->add_option("--rule", a.rule, "scottish|ers97|meek|warren|wigm|block|fptp|irv")->required();
  cmd->add_option("--seats", a.seats, "Seats to fill (default: as in the file)")->check(CLI::Range(1, 10000));
  cmd->add_option("--women-min", a.women_min, "At least K women elected")->check(CLI::Range(0, 10000));
  cmd->add_option("--women", a.women_file, "File naming the women candidates, one per line (others are men)");
  cmd->add_option("--gender", a.gender, "Genders as NAME=f,NAME=m,... (names or 1-based numbers)");
  cmd->add_option("--group", a.groups,
                    "Constraint group NAME:MIN:MAX:Cand|Cand|... (MIN or MAX may be empty); repeatable");
  cmd->add_option("--tie-order", a.tie_order,
                  "Candidates in tie-break order NAME,NAME,... (names or 1-based numbers), the first listed "
                  "losing a tie; used wherever the rule would draw lots, instead of the file's [tie] option");
  cmd->add_option("--exclude", a.exclude,
                  "Count as if these candidates had withdrawn, NAME,NAME,... (names or 1-based numbers): each "
                  "ballot counts at its next preference (a casual vacancy's recount under an STV rule)");
  cmd->add_option("--seed", a.seed, "Seed for ties settled by lot (default 1)")
      ->check(WholeNumberUpTo(std::numeric_limits<uint64_t>::max()));
  cmd->add_flag("--json", a.json, "Print the result as one JSON object (several files: one a line)");
  cmd->add_flag("--csv", a.csv,
                "Several files: one CSV table, a row per candidate (file, rule, seats, candidate, slate, elected, "
                "order, final_votes)");
  cmd->add_option("--out", a.out_file, "Write the result sheet (text, or JSON with --json) to FILE instead of stdout");
  cmd->add_flag("--force", a.force, "Replace an existing --out FILE");
  return cmd;
}

int RunCountCommand(const CountArgs& a, std::ostream& out, std::ostream& err) {
  auto rule = ParseRule(a.rule);
  if (!rule) {
    err << "necsim count: --rule: unknown rule '" << a.rule
        << "' (scottish, ers97, meek, warren, wigm, block, fptp, irv)\n";
    return kExitBadInput;
  }
  if (!a.out_file.empty()) {
    if (auto why = OutputFileRefusal(a.out_file, a.force)) {
      err << "necsim count: " << a.out_file << ": --out: " << *why << "\n";
      return kExitBadInput;
    }
  }
  std::error_code ec;
  if (a.files.size() > 1 || std::filesystem::is_directory(a.files[0], ec)) return RunCountTable(a, *rule, out, err);
  if (a.csv) {
    err << "necsim count: --csv: a table of several files or a folder; one file gives its sheet (or --json)\n";
    return kExitBadInput;
  }
  auto counted = CountFile(a, *rule, a.files[0], err);
  if (!counted) {
    err << "necsim count: " << counted.error().ToString() << "\n";
    return kExitBadInput;
  }
  const Election& e = counted->election;
  const CountResult& res = counted->result;
  const std::string sheet = a.json ? ResultToJson(res, e.candidates, e.title).dump(2) + "\n"
                                   : ResultToText(res, e.candidates, e.title);
  if (a.out_file.empty()) {
    out << sheet;
    return kExitOk;
  }
  // Written beside its place and renamed over it: FILE is the old sheet or the new.
  if (Status w = WriteFileAtomic(a.out_file, sheet, a.faults); !w) {
    err << "necsim count: " << w.error().ToString() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace necsim
