#include "io/csv.h"

#include <sstream>

#include "io/text.h"

namespace necsim {

namespace {

// One line into fields; false on an unterminated quote or text after a
// closing quote.
bool SplitRecord(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  std::string cur;
  size_t i = 0;
  for (;;) {
    cur.clear();
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cur += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        cur += line[i++];
      }
      if (!closed) return false;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') return false;
      fields.push_back(cur);
    } else {
      while (i < line.size() && line[i] != ',') cur += line[i++];
      fields.push_back(Trim(cur));
    }
    if (i >= line.size()) return true;
    ++i;  // the comma
    if (i == line.size()) {
      fields.emplace_back();
      return true;
    }
  }
}

}  // namespace

Result<std::vector<CsvRecord>> ParseCsv(const std::string& text, const std::string& source) {
  std::vector<CsvRecord> out;
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (Trim(line).empty()) continue;
    CsvRecord rec;
    rec.line = lineno;
    if (!SplitRecord(line, rec.fields)) {
      Error e;
      e.file = source;
      e.line = lineno;
      e.message = "malformed quoted field (unterminated quote or text after a closing quote)";
      return e;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace necsim
