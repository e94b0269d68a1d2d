#include "scenario/constituency_table.h"

#include <algorithm>
#include <map>
#include <utility>

#include "io/csv.h"
#include "io/text.h"

namespace necsim {

namespace {

Error TableError(const std::string& file, int line, int column, std::string field, std::string message) {
  Error e;
  e.file = file;
  e.line = line;
  e.column = column;
  e.field = std::move(field);
  e.message = std::move(message);
  return e;
}

// A whole number >= 0 (optionally with thousands separators "12,345" when
// quoted). Returns a message when it is not.
std::string ParseCount(const std::string& s, int64_t& out) {
  if (s.empty()) return "is empty; expected a whole number";
  std::string digits;
  bool negative = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 0 && c == '-') {
      negative = true;
      continue;
    }
    if (i == 0 && c == '+') continue;
    if (c == ',' || c == '_') continue;
    if (c < '0' || c > '9') return "'" + s + "' is not a whole number";
    digits += c;
  }
  if (digits.empty()) return "'" + s + "' is not a whole number";
  if (negative && digits.find_first_not_of('0') != std::string::npos) return "is negative (" + s + ")";
  const size_t nz = digits.find_first_not_of('0');
  if (nz != std::string::npos && digits.size() - nz > 15) return "'" + s + "' is too large (limit 10^15)";
  out = nz == std::string::npos ? 0 : std::stoll(digits.substr(nz));
  return "";
}

}  // namespace

Result<ConstituencyTable> ParseConstituencyTable(const std::string& text, const std::string& source,
                                                 const ColumnMap& columns, const std::vector<std::string>& parties) {
  ConstituencyTable t;
  t.file = source;
  t.parties = parties;
  auto records = ParseCsv(text, source);
  if (!records.ok()) return records.error();
  int lineno = 0;
  std::vector<std::string> header;
  int header_line = 0;
  // Column indexes: id, name, region, country, electorate, then parties.
  std::vector<int> col;
  std::vector<std::string> col_name;
  std::map<std::string, int> id_line;
  for (const CsvRecord& rec : *records) {
    lineno = rec.line;
    const std::vector<std::string>& f = rec.fields;
    if (header.empty()) {
      header = f;
      t.header = f;
      header_line = lineno;
      std::map<std::string, int> seen;
      for (size_t i = 0; i < header.size(); ++i) {
        if (header[i].empty()) continue;
        if (auto it = seen.find(header[i]); it != seen.end()) {
          return TableError(source, lineno, static_cast<int>(i) + 1, header[i],
                            "column '" + header[i] + "' appears twice in the header (first as column " +
                                std::to_string(it->second + 1) + ")");
        }
        seen[header[i]] = static_cast<int>(i);
      }
      auto need = [&](const std::string& name, const std::string& role) -> Status {
        auto it = seen.find(name);
        if (it == seen.end()) {
          std::string have;
          for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
          return TableError(source, lineno, 0, name,
                            "missing column '" + name + "' (" + role + ") in the header row; the header has: " + have);
        }
        col.push_back(it->second);
        col_name.push_back(name);
        return {};
      };
      for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
               {columns.id, "the constituency id"},
               {columns.name, "the constituency name"},
               {columns.region, "the region"},
               {columns.country, "the country"},
               {columns.electorate, "the electorate"}}) {
        if (Status s = need(name, role); !s) return s.error();
      }
      for (const auto& p : parties) {
        if (Status s = need(p, "votes of party '" + p + "'"); !s) return s.error();
      }
      continue;
    }
    if (f.size() != header.size()) {
      return TableError(source, lineno, 0, "",
                        "expected " + std::to_string(header.size()) + " fields as in the header, found " +
                            std::to_string(f.size()));
    }
    auto field = [&](int k) -> const std::string& { return f[static_cast<size_t>(col[static_cast<size_t>(k)])]; };
    auto fail = [&](int k, const std::string& msg) {
      return TableError(source, lineno, col[static_cast<size_t>(k)] + 1, col_name[static_cast<size_t>(k)], msg);
    };
    const std::string& id = field(0);
    if (id.empty()) return fail(0, "the constituency id is empty");
    if (auto it = id_line.find(id); it != id_line.end()) {
      return fail(0, "duplicate constituency id '" + id + "' (first on line " + std::to_string(it->second) + ")");
    }
    id_line[id] = lineno;
    if (field(2).empty()) return fail(2, "the region of '" + id + "' is empty");
    if (field(3).empty()) return fail(3, "the country of '" + id + "' is empty");
    int64_t electorate = 0;
    if (std::string m = ParseCount(field(4), electorate); !m.empty()) return fail(4, "electorate " + m);
    int64_t total = 0;
    for (size_t p = 0; p < parties.size(); ++p) {
      int64_t v = 0;
      const int k = static_cast<int>(5 + p);
      if (std::string m = ParseCount(field(k), v); !m.empty()) {
        return fail(k, "votes for '" + parties[p] + "' in '" + id + "' " + m);
      }
      t.votes.push_back(v);
      total += v;
    }
    if (total == 0) {
      return TableError(source, lineno, 0, "", "constituency '" + id + "' has no votes for any party column");
    }
    t.id.push_back(id);
    t.name.push_back(field(1));
    t.region.push_back(field(2));
    t.country.push_back(field(3));
    t.electorate.push_back(electorate);
    t.line.push_back(lineno);
  }
  if (header.empty()) return TableError(source, std::max(lineno, 1), 0, "", "empty file: expected a header row");
  if (t.id.empty()) return TableError(source, header_line, 0, "", "no constituencies after the header row");
  return t;
}

Result<ConstituencyTable> ReadConstituencyTable(const std::string& path, const ColumnMap& columns,
                                                const std::vector<std::string>& parties) {
  auto text = ReadTextFile(path, kTableInput);
  if (!text.ok()) return text.error();
  return ParseConstituencyTable(*text, path, columns, parties);
}

}  // namespace necsim
