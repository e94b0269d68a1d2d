// The HTML report of a results folder (`necsim report`, `necsim run --report`):
// one self-contained page (inline CSS and SVG charts, no script, no network)
// drawn from the folder's summary.json and, when present, run_info.json.
//
// Contract:
// * A folder whose summary.json is missing, unreadable, not JSON, or not a
//   necsim summary is an Error (file, and line:column for malformed JSON);
//   nothing is written.
// * A readable necsim summary always gives a whole page: any section whose
//   fields are missing or of the wrong type (results of an older necsim, an
//   edited file) is replaced by a visible note naming the field, and fields
//   this necsim does not know are listed in a note. The same notes are
//   returned to the caller.
// * All user text (scenario, rule set, slate, candidate, region names) is
//   HTML-escaped; the page carries a Content-Security-Policy that forbids
//   scripts and any fetch, so it renders the same opened from disk offline.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/csv.h"

namespace necsim {

// The kinds of results a summary.json may hold, detected from its keys.
enum class ResultsKind {
  kNec,       // `necsim run`: has `rule_sets`
  kBoundary,  // `necsim boundary`: "kind": "boundary" (or `sets` and `change`)
  kUnknown,   // not a necsim summary
};

ResultsKind DetectResultsKind(const nlohmann::ordered_json& summary);

// A CSV table of a batch folder as read: its file, header and records (the
// header's record excluded). Each record has as many fields as the header.
struct ReportCsv {
  std::string file;
  std::vector<std::string> header;
  std::vector<CsvRecord> rows;
  // The column named `name`, -1 when there is none.
  int Column(const std::string& name) const;
};

// What a folder holds: the results of one run (summary.json), a batch's
// output folder (index.csv, `necsim batch`), or one sweep's folder of a batch
// (sweep.csv beside point_NNN/).
enum class FolderKind { kResults, kBatch, kSweep };

// One sweep of a batch or sweep folder: its folder relative to the folder
// reported ("" for that folder itself), the scenario's name, and sweep.csv.
struct SweepInput {
  std::string folder;
  std::string scenario;
  ReportCsv table;
};

struct ReportInput {
  FolderKind folder = FolderKind::kResults;
  // kBatch: index.csv; kBatch and kSweep: the sweeps (for a batch, those of
  // its scenarios with a sweep whose sweep.csv is there).
  ReportCsv index;
  std::vector<SweepInput> sweeps;
  // kBatch and kSweep: the results folders (relative paths) that hold a
  // report.html, for the index's links.
  std::vector<std::string> reported_folders;
  nlohmann::ordered_json summary;
  // run_info.json; null when absent.
  nlohmann::ordered_json run_info;
  // Notes gathered while reading the folder (a missing run_info.json, ...).
  std::vector<std::string> read_notes;
  // Names of the files found in the folder (for the file list and links).
  std::vector<std::string> files;
  // Version of the necsim writing the report (compared with run_info's).
  std::string version;
  // kBatch and kSweep: the path from the page's folder to the batch's (or
  // sweep's) folder, put before every link ("" when the page is written into
  // that folder; `necsim report -o FILE` sets it for a page written elsewhere).
  std::string link_prefix;
};

struct Report {
  std::string html;
  // Every note shown on the page (missing or unknown parts), in page order.
  std::vector<std::string> notes;
  // The ids of the charts (<svg id=...>) on the page, in page order.
  std::vector<std::string> charts;
};

// Reads summary.json (required) and run_info.json (optional) from `dir`; or,
// when `dir` has no summary.json, a batch folder (index.csv and each sweep's
// sweep.csv) or a sweep folder (sweep.csv). Errors name the file, and
// line:column for malformed JSON or the line of a malformed table; a folder
// that is none of these is an Error naming the summary.json it lacks.
Result<ReportInput> ReadResultsFolder(const std::string& dir, const std::string& version);

// Parses a JSON file; a syntax error becomes file:line:column: message.
Result<nlohmann::ordered_json> ReadJsonFile(const std::string& path);
// The same for text already read (`path` names it in messages).
Result<nlohmann::ordered_json> ParseJsonText(const std::string& text, const std::string& path);

// The page. Fails only when the summary is not of a kind it knows (a batch or
// sweep folder's tables were checked as they were read).
Result<Report> RenderReport(const ReportInput& in);

// Writes `html` to `path` through a temporary file renamed into place.
// An existing file is replaced only when it is a report necsim wrote (its
// generator mark) or when `force`; a folder is always refused.
Status WriteReportFile(const std::string& path, const std::string& html, bool force);

// True when `path` is a file whose head carries the necsim report mark.
bool IsNecsimReport(const std::string& path);

// & < > " ' as character references.
std::string HtmlEscape(std::string_view s);

}  // namespace necsim
