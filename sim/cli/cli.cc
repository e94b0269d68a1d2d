#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <thread>

#include <nlohmann/json.hpp>

#include "regional/apportion.h"
#include "ballots/blt.h"
#include "core/numeric.h"
#include "cli/cli_boundary.h"
#include "cli/cli_report.h"
#include "cli/cli_batch.h"
#include "engine/engine.h"
#include "outputs/outputs.h"
#include "outputs/run_output.h"
#include "scenario/scenario_yaml.h"
#include "regional/size_finder.h"
#include "scenario/sweep.h"
#include "counting/count.h"
#include "counting/result_sheet.h"

namespace necsim {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

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

struct CountArgs {
  std::string file;
  std::string rule;
  int seats = 0;
  int women_min = -1;
  std::string women_file;
  std::vector<std::string> gender;
  std::vector<std::string> groups;
  uint64_t seed = 1;
  bool json = false;
};

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
    std::ifstream in(a.women_file);
    if (!in) {
      Error err;
      err.file = a.women_file;
      err.field = "--women";
      err.message = "cannot open the file of women candidates";
      return err;
    }
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
  return {};
}

int RunCount(const CountArgs& a, std::ostream& out, std::ostream& err) {
  auto rule = ParseRule(a.rule);
  if (!rule) {
    err << "necsim count: --rule: unknown rule '" << a.rule
        << "' (scottish, ers97, meek, warren, wigm, block, fptp, irv)\n";
    return kExitBadInput;
  }
  auto election = ReadBltFile(a.file);
  if (!election) {
    err << "necsim count: " << election.error().ToString() << "\n";
    return kExitBadInput;
  }
  Election& e = *election;
  CountOptions opt;
  opt.seats = a.seats > 0 ? a.seats : e.seats;
  if (Status s = ApplyConstraints(a, e, opt); !s) {
    err << "necsim count: " << s.error().ToString() << "\n";
    return kExitBadInput;
  }
  Stream lots(a.seed, 0, StreamPurpose::kLots);
  auto result = CountElection(*rule, e, opt, lots);
  if (!result) {
    Error er = result.error();
    if (er.file.empty()) er.file = a.file;
    err << "necsim count: " << er.ToString() << "\n";
    return kExitBadInput;
  }
  if (a.json) {
    out << ResultToJson(*result, e.candidates, e.title).dump(2) << "\n";
  } else {
    out << ResultToText(*result, e.candidates, e.title);
  }
  return kExitOk;
}


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
  std::vector<std::string> sets;
  bool report = false;
};

int RunRun(const RunArgs& a, std::ostream& out, std::ostream& err) {
  auto overrides = ParseOverrideArgs(a.sets);
  if (!overrides) {
    err << "necsim run: " << overrides.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto sc = a.scenario.empty() ? LoadScenarioText(DefaultScenarioYaml(), "<built-in default scenario>", *overrides)
                               : LoadScenarioFile(a.scenario, *overrides);
  if (!sc) {
    err << "necsim run: " << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (!a.scenario.empty()) {
    // A grid is `necsim batch`'s: say so rather than drop it silently.
    const auto axes = ReadSweepBlock(a.scenario);
    if (axes && !axes->empty()) {
      err << "necsim run: note: " << a.scenario << " has a sweep: of " << axes->size()
          << (axes->size() == 1 ? " axis" : " axes")
          << "; `necsim run` runs the scenario without it (`necsim batch " << a.scenario << "` runs the grid)\n";
    }
  }
  EngineOptions opt;
  opt.runs = a.runs > 0 ? a.runs : sc->runs;
  opt.seed = a.seed >= 0 ? static_cast<uint64_t>(a.seed) : sc->seed;
  opt.precision = a.precision > 0 ? a.precision : sc->precision;
  opt.threads = a.threads;
  if (a.backend == "openmp") opt.backend = Backend::kOpenMp;
  else if (a.backend == "tbb") opt.backend = Backend::kTbb;
  else if (a.backend == "serial") opt.backend = Backend::kSerial;
  else {
    err << "necsim run: --backend: unknown backend '" << a.backend << "' (openmp, tbb, serial)\n";
    return kExitBadInput;
  }
  if (!BackendAvailable(opt.backend)) {
    err << "necsim run: --backend: '" << a.backend << "' is not built into this necsim\n";
    return kExitBadInput;
  }
  if (a.sampler == "fast") opt.sampler = SamplerKind::kFast;
  else if (a.sampler == "reference") opt.sampler = SamplerKind::kReference;
  else {
    err << "necsim run: --sampler: unknown sampler '" << a.sampler << "' (fast, reference)\n";
    return kExitBadInput;
  }
  const std::string dir = a.out_dir.empty() ? "results/" + sc->name : a.out_dir;
  if (std::filesystem::exists(dir) && !a.force) {
    err << "necsim run: " << dir << ": the output folder already exists; choose another --out or pass --force\n";
    return kExitBadInput;
  }
  const int threads = WorkerThreads(opt.backend, opt.threads);
  const auto t0 = std::chrono::steady_clock::now();
  if (isatty(STDERR_FILENO)) {
    opt.progress = [&](int64_t done, int64_t planned) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
      const int width = 30;
      const int fill = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(planned));
      err << "\r[" << std::string(static_cast<size_t>(fill), '#') << std::string(static_cast<size_t>(width - fill), ' ')
          << "] " << done << "/" << planned << " runs  " << std::fixed << std::setprecision(0) << rate
          << " runs/s  ETA " << (rate > 0 ? static_cast<double>(planned - done) / rate : 0) << " s   " << std::flush;
    };
  }
  auto result = Simulate(*sc, opt);
  if (opt.progress) err << "\n";
  if (!result) {
    err << "necsim run: " << result.error().ToString() << "\n";
    return kExitBadInput;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::ordered_json summary;
  RunInfo info;
  info.wall_s = wall;
  info.threads = threads;
  const std::map<std::string, std::string> files = RunOutputFiles(*sc, *result, opt, info, &summary);
  if (Status st = WriteOutputs(dir, files, a.force); !st) {
    err << "necsim run: " << st.error().ToString() << "\n";
    return kExitBadInput;
  }
  out << SummaryText(summary);
  std::string names;
  for (const auto& f : files) names += (names.empty() ? "" : ", ") + f.first;
  out << "\nWrote " << dir << "/ (" << names << ") in " << std::fixed << std::setprecision(1) << wall << " s\n";
  if (a.report) return WriteFolderReport(dir, a.force, "necsim run", out, err);
  return kExitOk;
}

struct ApportionArgs {
  std::string file;
  int seats = 0;
  std::string method;
  int min = 0;
  int base = 0;  // base seats per region, the rest shared on top (docs/apportionment.md)
  bool json = false;
};

// Regions and their counts read from a two-column CSV.
struct RegionCounts {
  std::vector<std::string> names;
  std::vector<int64_t> counts;
  std::string region_column;
  std::string count_column;
};

Error CsvError(const std::string& file, int line, std::string message) {
  Error e;
  e.file = file;
  e.line = line;
  e.message = std::move(message);
  return e;
}

// One CSV line into fields: commas separate; a field may be enclosed in
// double quotes (then it may hold commas, and "" stands for a quote).
// Returns false on an unterminated quote.
bool SplitCsvLine(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"' && Trim(cur).empty()) {
      cur.clear();
      quoted = true;
    } else if (c == ',') {
      fields.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (quoted) return false;
  fields.push_back(Trim(cur));
  return true;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The membership CSV: a header row naming two columns (region and a count:
// "region,members", "region,clps", any names), then one row per region with
// a positive whole number in the second column. Blank lines are skipped.
// Errors carry file:line.
Result<RegionCounts> ReadRegionCounts(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    Error e;
    e.file = file;
    e.message = "is a directory, not a CSV file";
    return e;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    Error e;
    e.file = file;
    e.message = "cannot open the file";
    return e;
  }
  RegionCounts rc;
  std::map<std::string, int> first_line;
  std::string line;
  std::vector<std::string> f;
  int lineno = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (Trim(line).empty()) continue;
    if (!SplitCsvLine(line, f)) return CsvError(file, lineno, "unterminated quoted field");
    if (!have_header) {
      if (f.size() != 2) {
        return CsvError(file, lineno,
                        "expected a header row with two columns, a region and a count (e.g. region,members); found " +
                            std::to_string(f.size()) + " column" + (f.size() == 1 ? "" : "s"));
      }
      if (AllDigits(f[1]) || (f[1].size() > 1 && f[1][0] == '-' && AllDigits(f[1].substr(1)))) {
        return CsvError(file, lineno, "expected a header row naming the columns (e.g. region,members), found data");
      }
      if (f[0].empty() || f[1].empty()) return CsvError(file, lineno, "a column name in the header is empty");
      rc.region_column = f[0];
      rc.count_column = f[1];
      have_header = true;
      continue;
    }
    if (f.size() != 2) {
      return CsvError(file, lineno,
                      "expected 2 columns (" + rc.region_column + "," + rc.count_column + "), found " +
                          std::to_string(f.size()));
    }
    const std::string& region = f[0];
    const std::string& count = f[1];
    if (region.empty()) return CsvError(file, lineno, "the region name is empty");
    if (count.empty()) return CsvError(file, lineno, "no " + rc.count_column + " count for region '" + region + "'");
    if (count[0] == '-' && AllDigits(count.substr(1))) {
      return CsvError(file, lineno, "negative " + rc.count_column + " count " + count + " for region '" + region + "'");
    }
    if (!AllDigits(count)) {
      return CsvError(file, lineno,
                      rc.count_column + " count '" + count + "' for region '" + region + "' is not a whole number");
    }
    const std::string digits = count.substr(std::min(count.find_first_not_of('0'), count.size()));
    if (digits.size() > 13 || (!digits.empty() && std::stoll(digits) > kMaxApportionPopulation)) {
      return CsvError(file, lineno, rc.count_column + " count " + count + " for region '" + region +
                                        "' is above the limit of 10^12");
    }
    const int64_t value = digits.empty() ? 0 : std::stoll(digits);
    if (value == 0) {
      return CsvError(file, lineno, "region '" + region + "' has a " + rc.count_column + " count of 0; counts must be positive");
    }
    if (auto it = first_line.find(region); it != first_line.end()) {
      return CsvError(file, lineno,
                      "region '" + region + "' is listed twice (first on line " + std::to_string(it->second) + ")");
    }
    first_line[region] = lineno;
    rc.names.push_back(region);
    rc.counts.push_back(value);
  }
  if (!have_header) return CsvError(file, std::max(lineno, 1), "empty file: expected a header row and one row per region");
  if (rc.names.empty()) return CsvError(file, lineno, "no regions after the header row");
  return rc;
}

std::string MethodTitle(ApportionMethod m) {
  switch (m) {
    case ApportionMethod::kSainteLague:
      return "Sainte-Lague (Webster)";
    case ApportionMethod::kDHondt:
      return "D'Hondt (Jefferson)";
    case ApportionMethod::kHamilton:
      return "Hamilton (largest remainder, Hare quota)";
    case ApportionMethod::kHuntingtonHill:
      return "Huntington-Hill (equal proportions)";
  }
  return "?";
}

// round(num / den * 10^dp), half up, as a scaled integer.
int64_t ScaledRatio(unsigned __int128 num, unsigned __int128 den, int dp) {
  const unsigned __int128 scaled = num * static_cast<unsigned __int128>(Pow10(dp));
  return static_cast<int64_t>((2 * scaled + den) / (2 * den));
}

int RunApportion(const ApportionArgs& a, std::ostream& out, std::ostream& err) {
  auto method = ParseApportionMethod(a.method);
  if (!method) {
    Error e = method.error();
    e.field = "--method";
    err << "necsim apportion: " << e.ToString() << "\n";
    return kExitBadInput;
  }
  auto rc = ReadRegionCounts(a.file);
  if (!rc) {
    err << "necsim apportion: " << rc.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto seats = Apportion(rc->names, rc->counts, a.seats, *method, a.min, a.base);
  if (!seats) {
    Error e = seats.error();
    if (e.file.empty()) e.file = a.file;
    if (e.field == "base") e.field = "--base";
    err << "necsim apportion: " << e.ToString() << "\n";
    return kExitBadInput;
  }
  unsigned __int128 total = 0;
  for (int64_t c : rc->counts) total += static_cast<unsigned __int128>(c);
  const auto S = static_cast<unsigned __int128>(a.seats);
  if (a.json) {
    nlohmann::ordered_json j;
    j["method"] = ApportionMethodName(*method);
    j["total_seats"] = a.seats;
    j["min_per_region"] = a.min;
    j["base_per_region"] = a.base;
    j["count_column"] = rc->count_column;
    j["total"] = static_cast<int64_t>(total);
    nlohmann::ordered_json s = nlohmann::ordered_json::object();
    nlohmann::ordered_json q = nlohmann::ordered_json::object();
    for (size_t i = 0; i < rc->names.size(); ++i) {
      s[rc->names[i]] = (*seats)[i];
      // The Hare quota p S / P, rounded to 9 decimals for display.
      q[rc->names[i]] = static_cast<double>(ScaledRatio(static_cast<unsigned __int128>(rc->counts[i]) * S, total, 9)) / 1e9;
    }
    j["seats"] = s;
    j["quotas"] = q;
    out << j.dump(2) << "\n";
    return kExitOk;
  }
  size_t w = std::max<size_t>(rc->region_column.size(), 5);
  for (const auto& n : rc->names) w = std::max(w, n.size());
  const size_t cw = std::max<size_t>(rc->count_column.size(), 10);
  std::ostringstream t;
  t << "Apportionment of " << a.seats << " seats among " << rc->names.size() << " regions by " << MethodTitle(*method);
  if (a.base > 0) {
    t << ", " << a.base << " base seat" << (a.base == 1 ? "" : "s") << " per region plus "
      << a.seats - a.base * static_cast<int>(rc->names.size()) << " shared in proportion";
  }
  if (a.min > 0) t << ", at least " << a.min << " per region";
  t << "\n\n";
  t << std::left << std::setw(static_cast<int>(w)) << rc->region_column << std::right << "  "
    << std::setw(static_cast<int>(cw)) << rc->count_column << "    share  exact quota  seats\n";
  for (size_t i = 0; i < rc->names.size(); ++i) {
    const auto p = static_cast<unsigned __int128>(rc->counts[i]);
    t << std::left << std::setw(static_cast<int>(w)) << rc->names[i] << std::right << "  "
      << std::setw(static_cast<int>(cw)) << rc->counts[i] << "  " << std::setw(6)
      << FormatFixed(ScaledRatio(p * 100, total, 2), 2) << "%  " << std::setw(11)
      << FormatFixed(ScaledRatio(p * S, total, 4), 4) << "  " << std::setw(5) << (*seats)[i] << "\n";
  }
  t << std::left << std::setw(static_cast<int>(w)) << "total" << std::right << "  " << std::setw(static_cast<int>(cw))
    << static_cast<int64_t>(total) << "  " << std::setw(6) << "100.00" << "%  " << std::setw(11)
    << FormatFixed(static_cast<int64_t>(a.seats) * 10000, 4) << "  " << std::setw(5) << a.seats << "\n";
  t << "\nexact quota = " << rc->count_column << " x seats / total (Hare quota), shown to 4 decimals.\n";
  out << t.str();
  return kExitOk;
}

struct SizeArgs {
  std::string scenario;
  std::string rule_set;
  int64_t runs = 2000;
  int64_t seed = -1;
  int threads = 0;
  std::string top_up_rule = "ers97";
  bool json = false;
};

int RunSize(const SizeArgs& a, std::ostream& out, std::ostream& err) {
  auto sc = a.scenario.empty() ? LoadScenarioText(DefaultScenarioYaml(), "<built-in default scenario>")
                               : LoadScenarioFile(a.scenario);
  if (!sc) {
    err << "necsim size: " << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto size = FindSectionSize(*sc, sc->rule_sets, a.rule_set);
  if (!size) {
    err << "necsim size: " << size.error().ToString() << "\n";
    return kExitBadInput;
  }
  const auto rule = ParseRule(a.top_up_rule);
  if (!rule || *rule == Rule::kIrv) {
    err << "necsim size: --top-up-rule: '" << a.top_up_rule << "' is not a multi-seat rule\n";
    return kExitBadInput;
  }
  nlohmann::ordered_json j;
  j["rule_set"] = size->rule_set;
  j["method"] = size->method;
  j["regional_seats"] = size->regional_seats;
  nlohmann::ordered_json by_region = nlohmann::ordered_json::object();
  for (size_t r = 0; r < sc->regions.size(); ++r) by_region[sc->regions[r].name] = size->seats_by_region[r];
  j["seats_by_region"] = by_region;
  j["top_up_seats"] = size->top_up_seats;
  j["total_seats"] = size->total_seats;
  j["women_rule"] = size->women_rule;
  if (sc->nec.enabled) {
    if (size->total_seats > static_cast<int>(sc->candidates.size())) {
      j["nec"] = "not simulated: the scenario has fewer candidates (" + std::to_string(sc->candidates.size()) +
                 ") than the section's seats";
    } else {
      // The scenario with the sized design added beside the original, on the
      // same runs, so P(majority) is compared on common random numbers.
      Scenario both = *sc;
      Scenario sized = *sc;
      ResizeRuleSet(sized.rule_sets, a.rule_set, *size, *rule);
      for (const auto& rs : sized.rule_sets) {
        if (rs.name == a.rule_set + "_sized") both.rule_sets.push_back(rs);
      }
      EngineOptions opt;
      opt.runs = a.runs;
      opt.seed = a.seed >= 0 ? static_cast<uint64_t>(a.seed) : sc->seed;
      opt.threads = a.threads;
      auto res = Simulate(both, opt);
      if (!res) {
        err << "necsim size: " << res.error().ToString() << "\n";
        return kExitBadInput;
      }
      const auto summary = SummaryJson(both, res->tally, opt.seed, SamplerKind::kFast, false, 0);
      nlohmann::ordered_json nec = nlohmann::ordered_json::object();
      for (const auto& rs : summary["rule_sets"]) {
        const std::string nm = rs["name"].get<std::string>();
        if (nm == a.rule_set || nm == a.rule_set + "_sized") nec[nm] = rs["nec"];
      }
      j["nec"] = nec;
      j["runs"] = a.runs;
    }
  }
  if (a.json) {
    out << j.dump(2) << "\n";
    return kExitOk;
  }
  out << "Rule set " << size->rule_set << " (" << size->method << ")\n";
  out << "  Smallest regional section giving every region a seat: " << size->regional_seats << "\n";
  for (size_t r = 0; r < sc->regions.size(); ++r) {
    out << "    " << sc->regions[r].name << ": " << size->seats_by_region[r] << "\n";
  }
  out << "  Women's minimum: " << size->women_rule << "\n";
  out << "  Top-up seats: " << size->top_up_seats << "; section size: " << size->total_seats << "\n";
  if (j.contains("nec") && j["nec"].is_object()) {
    for (const auto& [nm, nec] : j["nec"].items()) {
      out << "  NEC with " << nm << " (" << nec["total_seats"].get<int>() << " seats): P(majority)";
      for (const auto& f : nec["factions"]) {
        out << "  " << f["name"].get<std::string>() << " " << std::fixed << std::setprecision(1)
            << 100 * f["p_majority"].get<double>() << "%";
      }
      out << "\n";
    }
  } else if (j.contains("nec")) {
    out << "  NEC: " << j["nec"].get<std::string>() << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"necsim: Monte Carlo simulator of Labour NEC elections and boundary reviews"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "necsim 0.1.0");

  CountArgs ca;
  CLI::App* count = app.add_subcommand("count", "Count a BLT ballot file under one rule and print the result sheet");
  count->add_option("file", ca.file, "Ballot file (BLT format)")->required();
  count->add_option("--rule", ca.rule, "scottish|ers97|meek|warren|wigm|block|fptp|irv")->required();
  count->add_option("--seats", ca.seats, "Seats to fill (default: as in the file)")->check(CLI::Range(1, 10000));
  count->add_option("--women-min", ca.women_min, "At least K women elected")->check(CLI::Range(0, 10000));
  count->add_option("--women", ca.women_file, "File naming the women candidates, one per line (others are men)");
  count->add_option("--gender", ca.gender, "Genders as NAME=f,NAME=m,... (names or 1-based numbers)");
  count->add_option("--group", ca.groups,
                    "Constraint group NAME:MIN:MAX:Cand|Cand|... (MIN or MAX may be empty); repeatable");
  count->add_option("--seed", ca.seed, "Seed for ties settled by lot (default 1)");
  count->add_flag("--json", ca.json, "Print the result as one JSON object");

  RunArgs ra;
  CLI::App* run = app.add_subcommand("run", "Simulate a scenario (default: the built-in 9-seat CLP section scenario)");
  run->add_option("scenario", ra.scenario, "Scenario file (YAML); omit for the built-in default");
  run->add_option("--out", ra.out_dir, "Output folder (default results/<scenario name>/)");
  run->add_option("--runs", ra.runs, "Number of runs (or the cap with --precision)")->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  run->add_option("--seed", ra.seed, "Master seed")->check(CLI::NonNegativeNumber);
  run->add_option("--threads", ra.threads, "Threads (default: all cores)")->check(CLI::Range(1, 4096));
  run->add_option("--backend", ra.backend, "openmp|tbb|serial (default openmp)");
  run->add_option("--sampler", ra.sampler, "fast|reference (default fast)");
  run->add_option("--precision", ra.precision,
                  "Stop when every reported probability's standard error is below E (checked at 1000, 2000, 4000... runs)")
      ->check(CLI::Range(1e-6, 0.5));
  run->add_option("--set", ra.sets, "Override a scenario field: PATH=VALUE (repeatable)");
  run->add_flag("--force", ra.force, "Overwrite an existing output folder");
  run->add_flag("--report", ra.report, "Also write report.html (necsim report) into the output folder");

  ApportionArgs aa;
  CLI::App* apportion =
      app.add_subcommand("apportion", "Apportion seats among regions in proportion to their members (see docs/apportionment.md)");
  apportion->add_option("file", aa.file, "CSV with a header row and two columns: region and count (e.g. region,members)")
      ->required();
  apportion->add_option("--seats", aa.seats, "Seats to apportion")->required()->check(CLI::Range(1, kMaxApportionSeats));
  apportion->add_option("--method", aa.method, "sainte-lague|dhondt|hamilton|huntington-hill")->required();
  apportion->add_option("--min", aa.min, "At least K seats per region (a floor; default 0)")
      ->check(CLI::Range(0, kMaxApportionSeats));
  apportion
      ->add_option("--base", aa.base,
                   "B base seats per region outright, the other seats shared in proportion on top (default 0)")
      ->check(CLI::Range(0, kMaxApportionSeats));
  apportion->add_flag("--json", aa.json, "Print the result as one JSON object");

  SizeArgs sa;
  CLI::App* size = app.add_subcommand(
      "size", "Smallest CLP section giving every region a seat and meeting the women's minimum, and its NEC effect");
  size->add_option("scenario", sa.scenario, "Scenario file (YAML); omit for the built-in default");
  size->add_option("--rule-set", sa.rule_set, "The regional design to size")->required();
  size->add_option("--runs", sa.runs, "Runs for the NEC comparison (default 2000)")->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  size->add_option("--seed", sa.seed, "Master seed (default: the scenario's)")->check(CLI::NonNegativeNumber);
  size->add_option("--threads", sa.threads, "Threads")->check(CLI::Range(1, 4096));
  size->add_option("--top-up-rule", sa.top_up_rule, "Rule for national top-up seats (default ers97)");
  size->add_flag("--json", sa.json, "Print one JSON object");

  BoundaryArgs ba;
  CLI::App* boundary = AddBoundaryCommand(app, ba);
  ReportArgs rpa;
  CLI::App* report = AddReportCommand(app, rpa);
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
  if (count->parsed()) return RunCount(ca, out, err);
  if (run->parsed()) return RunRun(ra, out, err);
  if (size->parsed()) return RunSize(sa, out, err);
  if (apportion->parsed()) return RunApportion(aa, out, err);
  if (boundary->parsed()) return RunBoundaryCommand(ba, out, err);
  if (report->parsed()) return RunReport(rpa, out, err);
  if (batch->parsed()) return RunBatchCommand(bo, out, err);
  return kExitBadInput;
}

}  // namespace necsim
