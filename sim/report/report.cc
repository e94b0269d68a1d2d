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
  if (!fs::exists(summary_path, ec)) {
    Error e;
    e.file = summary_path.string();
    e.message = "missing: this is not a necsim results folder (necsim run writes summary.json beside its CSV tables)";
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
