// Helpers for the tidy CSV files necsim writes (run, boundary, batch, sweep).
#pragma once

#include <iomanip>
#include <sstream>
#include <string>

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

}  // namespace necsim
