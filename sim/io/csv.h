// The one CSV reader (every table necsim reads: membership counts,
// constituency tables) and the helpers for the tidy CSV files it writes
// (run, boundary, batch, sweep).
#pragma once

#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "core/status.h"

namespace necsim {

// A CSV field, quoted (RFC 4180: inner quotes doubled) when it holds a comma,
// a quote or a line break.
inline std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A number as CSV files print it: up to 10 significant digits, shortest form.
inline std::string CsvNumber(double x) {
  std::ostringstream os;
  os << std::setprecision(10) << x;
  return os.str();
}

// One record of a CSV text: its 1-based line and its fields.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// The records of `text` (RFC 4180 with two allowances): commas separate
// fields; a field may be in double quotes, and then holds commas and ""
// stands for a quote; spaces around a field (quoted or not) are dropped; only
// spaces may follow a closing quote before the next comma. A leading UTF-8
// byte-order mark and CR before LF are dropped, blank lines skipped; a record
// does not continue over a line break. An unterminated quote or text after a
// closing quote is an Error naming `source` and the line.
Result<std::vector<CsvRecord>> ParseCsv(const std::string& text, const std::string& source);

}  // namespace necsim
