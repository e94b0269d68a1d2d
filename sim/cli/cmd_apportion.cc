// `necsim apportion`: seats among regions in proportion to their members
// (regional/apportion.h, docs/apportionment.md), read from a membership CSV
// and printed as a table with each region's share and exact quota, or JSON.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/numeric.h"
#include "io/csv.h"
#include "io/text.h"
#include "regional/apportion.h"

namespace necsim {
namespace {

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

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The lines of `text` as std::getline reads them (a last line without a
// newline counts), for the errors that point at the end of the file.
int LineCount(const std::string& text) {
  const auto newlines = std::count(text.begin(), text.end(), '\n');
  return static_cast<int>(newlines) + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

// The membership CSV: a header row naming two columns (region and a count:
// "region,members", "region,clps", any names), then one row per region with
// a positive whole number in the second column. Read by ParseCsv (io/csv.h:
// quotes, BOM, CR and blank lines). Errors carry file:line.
Result<RegionCounts> ReadRegionCounts(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    Error e;
    e.file = file;
    e.message = "is a directory, not a CSV file";
    return e;
  }
  auto text = ReadTextFile(file, kTableInput);
  if (!text) return text.error();
  auto records = ParseCsv(*text, file);
  if (!records) return records.error();
  RegionCounts rc;
  std::map<std::string, int> first_line;
  std::vector<std::string> f;
  const int lines = LineCount(*text);
  bool have_header = false;
  for (const CsvRecord& record : *records) {
    const int lineno = record.line;
    // ParseCsv keeps the spaces at the ends of a quoted field; the membership
    // reader has always dropped them.
    f.clear();
    for (const std::string& field : record.fields) f.push_back(Trim(field));
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
  if (!have_header) return CsvError(file, std::max(lines, 1), "empty file: expected a header row and one row per region");
  if (rc.names.empty()) return CsvError(file, lines, "no regions after the header row");
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

}  // namespace

CLI::App* AddApportionCommand(CLI::App& app, ApportionArgs& a) {
  CLI::App* cmd =
      app.add_subcommand("apportion", "Apportion seats among regions in proportion to their members (see docs/apportionment.md)");
  cmd->add_option("file", a.file, "CSV with a header row and two columns: region and count (e.g. region,members)")
      ->required();
  cmd->add_option("--seats", a.seats, "Seats to apportion")->required()->check(CLI::Range(1, kMaxApportionSeats));
  cmd->add_option("--method", a.method, "sainte-lague|dhondt|hamilton|huntington-hill")->required();
  cmd->add_option("--min", a.min, "At least K seats per region (a floor; default 0)")
      ->check(CLI::Range(0, kMaxApportionSeats));
  cmd
      ->add_option("--base", a.base,
                   "B base seats per region outright, the other seats shared in proportion on top (default 0)")
      ->check(CLI::Range(0, kMaxApportionSeats));
  cmd->add_flag("--json", a.json, "Print the result as one JSON object");
  return cmd;
}

int RunApportionCommand(const ApportionArgs& a, std::ostream& out, std::ostream& err) {
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

}  // namespace necsim
