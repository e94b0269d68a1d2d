#include "report/report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "core/input_file.h"
#include "io/atomic_write.h"
#include "report/report_shared.h"

namespace necsim {

using J = nlohmann::ordered_json;
using namespace report_detail;

namespace {

std::pair<int, int> LineColumn(const std::string& text, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {line, col};
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

ResultsKind DetectResultsKind(const nlohmann::ordered_json& summary) {
  if (!summary.is_object()) return ResultsKind::kUnknown;
  if ((summary.contains("kind") && summary["kind"] == "boundary") ||
      (summary.contains("sets") && summary.contains("change"))) {
    return ResultsKind::kBoundary;
  }
  if (summary.contains("rule_sets") && summary["rule_sets"].is_array()) return ResultsKind::kNec;
  return ResultsKind::kUnknown;
}

Result<nlohmann::ordered_json> ReadJsonFile(const std::string& path) {
  auto read = ReadInputFile(path, kResultsInput);
  if (!read) return read.error();
  return ParseJsonText(*read, path);
}

Result<nlohmann::ordered_json> ParseJsonText(const std::string& text, const std::string& path) {
  try {
    return J::parse(text);
  } catch (const nlohmann::json::parse_error& pe) {
    Error e;
    e.file = path;
    // nlohmann's byte is 1-based and points just past the offending character.
    const auto [line, col] = LineColumn(text, pe.byte > 0 ? pe.byte - 1 : 0);
    e.line = line;
    e.column = col;
    std::string what = pe.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing ..."
    const size_t colon = what.find(": ");
    e.message = "malformed JSON: " + (colon != std::string::npos ? what.substr(colon + 2) : what);
    return e;
  } catch (const nlohmann::json::exception& ex) {
    // A number beyond a double ("1e999", out_of_range 406): located at the
    // first such token in a value position.
    Error e;
    e.file = path;
    const std::string what = ex.what();
    const size_t q1 = what.find('\''), q2 = q1 == std::string::npos ? q1 : what.find('\'', q1 + 1);
    if (q2 != std::string::npos) {
      const std::string token = what.substr(q1 + 1, q2 - q1 - 1);
      for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
        size_t k = at;
        while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\n' || text[k - 1] == '\r' || text[k - 1] == '\t')) --k;
        if (k > 0 && (text[k - 1] == ':' || text[k - 1] == '[' || text[k - 1] == ',')) {
          const auto [line, col] = LineColumn(text, at);
          e.line = line;
          e.column = col;
          break;
        }
      }
      e.message = "the number " + token + " is out of range (beyond a double)";
    } else {
      e.message = "cannot read the JSON: " + what;
    }
    return e;
  }
}

int ReportCsv::Column(const std::string& name) const {
  for (size_t k = 0; k < header.size(); ++k) {
    if (header[k] == name) return static_cast<int>(k);
  }
  return -1;
}

namespace {

Error TableError(const std::string& file, int line, const std::string& message) {
  Error e;
  e.file = file;
  e.line = line;
  e.message = message;
  return e;
}

// A CSV table of a batch folder: its header must name `required` columns,
// and every record must have the header's number of fields.
Result<ReportCsv> ReadReportCsv(const std::string& path, const std::vector<std::string>& required) {
  auto text = ReadInputFile(path, kResultsInput);
  if (!text) return text.error();
  auto records = ParseCsv(*text, path);
  if (!records) return records.error();
  ReportCsv t;
  t.file = path;
  if (records->empty()) return TableError(path, 1, "empty: expected a header line naming the columns");
  t.header = (*records)[0].fields;
  for (const std::string& col : required) {
    if (t.Column(col) < 0) {
      return TableError(path, (*records)[0].line,
                        "the header has no column '" + col + "' (not a table necsim batch wrote?)");
    }
  }
  for (size_t k = 1; k < records->size(); ++k) {
    const CsvRecord& r = (*records)[k];
    if (r.fields.size() != t.header.size()) {
      return TableError(path, r.line,
                        std::to_string(r.fields.size()) + " fields where the header has " +
                            std::to_string(t.header.size()) + " (a truncated or edited table?)");
    }
    t.rows.push_back(r);
  }
  return t;
}

// A number of a table, or an error naming its file, line and column.
Result<double> TableNumber(const ReportCsv& t, const CsvRecord& r, int column) {
  const std::string& v = r.fields[static_cast<size_t>(column)];
  try {
    size_t used = 0;
    const double x = std::stod(v, &used);
    if (used == v.size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  return TableError(t.file, r.line, "column '" + t.header[static_cast<size_t>(column)] + "': '" + v +
                                        "' is not a number");
}

// sweep.csv: point, the axes, rule_set, measure, entity, value, se; every
// slate_mean_seats row's value and se are numbers.
Result<ReportCsv> ReadSweepCsv(const std::string& path) {
  auto t = ReadReportCsv(path, {"point", "rule_set", "measure", "entity", "value", "se"});
  if (!t) return t.error();
  if (t->Column("rule_set") < 2 || t->Column("point") != 0) {
    return TableError(path, 1, "the header does not have the sweep's axes between 'point' and 'rule_set'");
  }
  const int measure = t->Column("measure"), value = t->Column("value"), se = t->Column("se");
  for (const CsvRecord& r : t->rows) {
    if (r.fields[static_cast<size_t>(measure)] != "slate_mean_seats") continue;
    for (const int c : {value, se}) {
      if (auto x = TableNumber(*t, r, c); !x) return x.error();
    }
  }
  return t;
}

// The folders under `dir` (relative, up to two levels down) holding a report.html.
std::vector<std::string> ReportedFolders(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it.depth() >= 2) it.disable_recursion_pending();
    if (it.depth() >= 1 && it->is_regular_file(ec) && it->path().filename() == "report.html") {
      out.push_back(fs::relative(it->path().parent_path(), dir, ec).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A batch's output folder (index.csv) or one sweep's folder (sweep.csv).
Result<ReportInput> ReadBatchFolder(const std::string& dir, const std::string& version, bool batch) {
  namespace fs = std::filesystem;
  std::error_code ec;
  ReportInput in;
  in.version = version;
  if (batch) {
    in.folder = FolderKind::kBatch;
    auto index = ReadReportCsv((fs::path(dir) / "index.csv").string(),
                               {"scenario", "kind", "point", "sweep", "status", "message", "folder", "rule_set"});
    if (!index) return index.error();
    in.index = std::move(*index);
    // Each scenario with sweep points has its sweep.csv in its folder.
    const int scenario = in.index.Column("scenario"), point = in.index.Column("point");
    std::vector<std::string> swept;
    for (const CsvRecord& r : in.index.rows) {
      const std::string& name = r.fields[static_cast<size_t>(scenario)];
      if (!r.fields[static_cast<size_t>(point)].empty() &&
          std::find(swept.begin(), swept.end(), name) == swept.end()) {
        swept.push_back(name);
      }
    }
    for (const std::string& name : swept) {
      const fs::path p = fs::path(dir) / name / "sweep.csv";
      if (!fs::exists(p, ec)) {
        in.read_notes.push_back(name + "/sweep.csv is missing (the sweep did not finish?): its seat curves are "
                                       "not drawn");
        continue;
      }
      auto t = ReadSweepCsv(p.string());
      if (!t) return t.error();
      in.sweeps.push_back({name, name, std::move(*t)});
    }
  } else {
    in.folder = FolderKind::kSweep;
    auto t = ReadSweepCsv((fs::path(dir) / "sweep.csv").string());
    if (!t) return t.error();
    in.sweeps.push_back({"", fs::absolute(dir, ec).lexically_normal().filename().string(), std::move(*t)});
    if (in.sweeps[0].scenario.empty()) in.sweeps[0].scenario = fs::absolute(dir, ec).parent_path().filename().string();
  }
  in.reported_folders = ReportedFolders(dir);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) in.files.push_back(entry.path().filename().string());
  }
  std::sort(in.files.begin(), in.files.end());
  return in;
}

}  // namespace

Result<ReportInput> ReadResultsFolder(const std::string& dir, const std::string& version) {
  namespace fs = std::filesystem;
  std::error_code ec;
  ReportInput in;
  in.version = version;
  if (!fs::exists(dir, ec)) {
    Error e;
    e.file = dir;
    e.message = "no such results folder";
    return e;
  }
  if (!fs::is_directory(dir, ec)) {
    Error e;
    e.file = dir;
    e.message = "is not a folder; give the results folder of `necsim run` (the one holding summary.json)";
    return e;
  }
  const fs::path summary_path = fs::path(dir) / "summary.json";
  if (!fs::exists(summary_path, ec) && fs::is_regular_file(fs::path(dir) / "index.csv", ec)) {
    return ReadBatchFolder(dir, version, true);
  }
  if (!fs::exists(summary_path, ec) && fs::is_regular_file(fs::path(dir) / "sweep.csv", ec)) {
    return ReadBatchFolder(dir, version, false);
  }
  if (!fs::exists(summary_path, ec)) {
    Error e;
    e.file = summary_path.string();
    e.message =
        "missing: this is not a necsim results folder (necsim run writes summary.json beside its CSV tables), nor "
        "a batch folder (necsim batch writes index.csv) or a sweep's folder (sweep.csv)";
    // A folder of results folders (necsim batch, sweeps): name a few inside.
    std::vector<std::string> inside;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it.depth() >= 2) it.disable_recursion_pending();
      if (it->is_regular_file(ec) && it->path().filename() == "summary.json") {
        inside.push_back(it->path().parent_path().string());
      }
    }
    ec.clear();
    std::sort(inside.begin(), inside.end());
    if (!inside.empty()) {
      e.message += "; it holds " + std::to_string(inside.size()) + " results folder" + (inside.size() > 1 ? "s" : "") +
                   ", e.g. " + inside[0] + (inside.size() > 1 ? ", " + inside[1] : "") + ": report one of those";
    }
    return e;
  }
  auto summary = ReadJsonFile(summary_path.string());
  if (!summary) return summary.error();
  in.summary = std::move(*summary);
  if (DetectResultsKind(in.summary) == ResultsKind::kUnknown) {
    Error e;
    e.file = summary_path.string();
    e.line = 1;
    e.column = 1;
    e.message = in.summary.is_object()
                    ? "not a necsim summary: no `rule_sets` list (necsim run writes one) and not boundary results "
                      "(necsim boundary writes \"kind\": \"boundary\")"
                    : "not a necsim summary: expected a JSON object";
    return e;
  }
  const fs::path info_path = fs::path(dir) / "run_info.json";
  if (fs::exists(info_path, ec)) {
    auto info = ReadJsonFile(info_path.string());
    if (info && info->is_object()) {
      in.run_info = std::move(*info);
    } else {
      in.read_notes.push_back("run_info.json could not be read (" +
                              (info ? std::string("not a JSON object") : info.error().ToString()) +
                              "): version and timing are not shown");
    }
  } else {
    in.read_notes.push_back("run_info.json is missing: version and timing are not shown");
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) in.files.push_back(entry.path().filename().string());
  }
  std::sort(in.files.begin(), in.files.end());
  return in;
}

Result<Report> RenderReport(const ReportInput& in) {
  if (in.folder != FolderKind::kResults) {
    auto page = RenderBatchPage(in);
    if (!page) return page.error();
    Report r;
    r.html = HtmlDocument(page->title + " - necsim report", in.version, page->body);
    r.notes = page->notes;
    r.charts = page->charts;
    return r;
  }
  if (DetectResultsKind(in.summary) == ResultsKind::kUnknown) {
    return MakeError("not a necsim summary: no `rule_sets` list", "summary.json");
  }
  Report r;
  auto page = DetectResultsKind(in.summary) == ResultsKind::kBoundary ? RenderBoundaryPage(in) : RenderNecPage(in);
  if (!page) return page.error();
  r.html = HtmlDocument((page->title.empty() ? "results" : page->title) + " - necsim report", in.version, page->body);
  r.notes = page->notes;
  r.charts = page->charts;
  return r;
}

bool IsNecsimReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head.find(kReportGeneratorMark) != std::string::npos;
}

Status WriteReportFile(const std::string& path, const std::string& html, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    Error e;
    e.file = path;
    e.field = "-o";
    e.message = "is a folder; give the report's file name";
    return e;
  }
  if (fs::exists(path, ec) && !force && !IsNecsimReport(path)) {
    Error e;
    e.file = path;
    e.field = "-o";
    e.message = "exists and is not a report necsim wrote; pass --force to overwrite it";
    return e;
  }
  const fs::path final_path(path);
  fs::path parent = final_path.parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec)) {
    Error e;
    e.file = path;
    e.field = "-o";
    e.message = "the folder " + parent.string() + " does not exist";
    return e;
  }
  return WriteFileAtomic(path, html);
}

}  // namespace necsim
