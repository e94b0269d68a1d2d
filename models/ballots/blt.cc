#include "ballots/blt.h"

#include "core/input_file.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <set>
#include <string_view>
#include <system_error>
#include <vector>

namespace necsim {
namespace {

// Limits that keep every later computation in range: fixed-point Meek needs
// total ballots x 10^9 to fit in 63 bits.
constexpr int64_t kMaxWeight = 1'000'000'000;
constexpr int64_t kMaxTotal = 1'000'000'000;
constexpr int64_t kMaxCandidates = 10'000;
// Tokens quoted in messages are cut to this many bytes.
constexpr size_t kMaxShown = 40;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A token as it may be quoted in a message: printable ASCII kept, other bytes
// of valid UTF-8 kept, anything else written as \xNN; long tokens cut short.
std::string Show(std::string_view s);

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t len = 0;
  uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return len;
}

std::string Show(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size() && out.size() < kMaxShown) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const size_t len = c >= 0x80 ? Utf8Length(s, i) : 0;
    if (len > 0) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
    out.append(buf);
    ++i;
  }
  if (i < s.size()) out.append("...");
  return out;
}

// A name as every output shows it: runs of spaces and tabs made one space,
// none at either end.
std::string Tidy(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// A tidy name's slate label, if it has one: "NAME (LABEL)" (the label in
// brackets at the end, the space before it optional), or LABEL "NAME" (a quoted name after the label, as
// the doubled-quote layout writes it). Returns (name, label).
std::optional<std::pair<std::string, std::string>> SplitLabel(const std::string& s) {
  if (!s.empty() && s.back() == ')') {
    const size_t open = s.rfind('(');
    if (open != std::string::npos && open > 0 && open + 2 < s.size()) {  // "NAME(LABEL)" too
      std::string label = Tidy(s.substr(open + 1, s.size() - open - 2));
      std::string name = Tidy(s.substr(0, open));
      if (!label.empty() && !name.empty() && label.find_first_of("()") == std::string::npos) {
        return std::make_pair(std::move(name), std::move(label));
      }
    }
  }
  const size_t q1 = s.find('"');
  if (q1 != std::string::npos && q1 > 1 && s[q1 - 1] == ' ' && s.back() == '"' && s.size() > q1 + 2) {
    std::string name = Tidy(s.substr(q1 + 1, s.size() - q1 - 2));
    std::string label = Tidy(s.substr(0, q1));
    if (!name.empty() && name.find('"') == std::string::npos && label.find('"') == std::string::npos) {
      return std::make_pair(std::move(name), std::move(label));
    }
  }
  return std::nullopt;
}

struct Token {
  std::string_view text;
  int line;
  int column;
};

class Parser {
 public:
  // With `flat`, the ballots go there (the Election's stay empty).
  Parser(std::string_view text, std::string source, FlatBallots* flat = nullptr)
      : text_(text), source_(std::move(source)), flat_(flat) {
    // A UTF-8 byte order mark at the start of the file is not part of the data.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3;
    pos_ = bom_;
  }

  Result<Election> Parse();

 private:
  Error Fail(int line, int column, const std::string& field, const std::string& msg) const {
    Error e;
    e.file = source_;
    e.line = line;
    e.column = column;
    e.field = field;
    e.message = msg;
    return e;
  }
  Error Fail(const Token& t, const std::string& field, const std::string& msg) const {
    return Fail(t.line, t.column, field, msg);
  }
  // Splits the next line holding any tokens (comments after '#' dropped).
  // Returns false at end of input.
  bool NextLine(std::vector<Token>& tokens);
  // The next line as it stands (without its '\n'), and its number. Returns
  // false at end of input.
  bool NextRawLine(std::string_view& line, int& number);
  static bool IsInteger(std::string_view s) {
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    if (i == s.size()) return false;
    for (; i < s.size(); ++i) {
      if (!IsDigit(s[i])) return false;
    }
    return true;
  }
  // Parses a non-negative integer token no larger than `max` (which must be
  // below 10^18). On failure sets `err` and returns false.
  bool ParseCount(const Token& t, int64_t max, int64_t& out, Error& err, const std::string& field,
                  const std::string& what) const;
  // A 1-based candidate number in range, returned 0-based.
  bool CandidateNumber(const Token& t, std::string_view digits, int n, CandidateId& out, Error& err,
                       const std::string& field) const;

  std::string_view text_;
  std::string source_;
  FlatBallots* flat_;
  size_t bom_ = 0;
  size_t pos_ = 0;
  int line_ = 0;
};

bool Parser::NextLine(std::vector<Token>& tokens) {
  tokens.clear();
  while (pos_ < text_.size()) {
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    if (line_ < INT32_MAX) ++line_;
    const size_t start = pos_;  // columns are 1-based bytes (after any BOM)
    pos_ = end + 1;
    size_t i = start;
    while (i < end) {
      const char c = text_[i];
      if (c == '#') break;
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      size_t j = i;
      if (c == '"') {
        j = text_.find('"', i + 1);
        if (j == std::string_view::npos || j >= end) j = end;  // unterminated: caught by caller
        else ++j;
      } else if (c == '[' || c == ']') {
        j = i + 1;
      } else {
        while (j < end && !IsSpace(text_[j]) && text_[j] != '#' && text_[j] != '[' &&
               text_[j] != ']' && text_[j] != '"')
          ++j;
      }
      const size_t col = i - start + 1;
      tokens.push_back({text_.substr(i, j - i), line_, col < INT32_MAX ? static_cast<int>(col) : INT32_MAX});
      i = j;
    }
    if (!tokens.empty()) return true;
  }
  return false;
}

bool Parser::NextRawLine(std::string_view& line, int& number) {
  if (pos_ >= text_.size()) return false;
  size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) end = text_.size();
  if (line_ < INT32_MAX) ++line_;
  line = text_.substr(pos_, end - pos_);
  number = line_;
  pos_ = end + 1;
  return true;
}

bool Parser::ParseCount(const Token& t, int64_t max, int64_t& out, Error& err,
                        const std::string& field, const std::string& what) const {
  const std::string_view s = t.text;
  if (!IsInteger(s)) {
    const bool looks_fractional = !s.empty() && (IsDigit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.') &&
                                  s.find_first_of(".,eE/") != std::string_view::npos;
    err = Fail(t, field,
               what + (looks_fractional ? " must be a whole number, got '" : " must be a number, got '") +
                   Show(s) + "'");
    return false;
  }
  if (s[0] == '-') {
    err = Fail(t, field, what + " must not be negative, got " + Show(s));
    return false;
  }
  std::string_view digits = s[0] == '+' ? s.substr(1) : s;
  const size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string_view::npos ? std::string_view("0") : digits.substr(nz);
  int64_t v = 0;
  bool too_large = digits.size() > 18;
  if (!too_large) {
    for (char c : digits) v = v * 10 + (c - '0');  // at most 18 digits: no overflow
    too_large = v > max;
  }
  if (too_large) {
    err = Fail(t, field, what + " " + Show(s) + " is too large (at most " + std::to_string(max) + ")");
    return false;
  }
  out = v;
  return true;
}

bool Parser::CandidateNumber(const Token& t, std::string_view digits, int n, CandidateId& out,
                             Error& err, const std::string& field) const {
  const std::string range = " is out of range (candidates are numbered 1 to " + std::to_string(n) + ")";
  if (!IsInteger(digits)) {
    err = Fail(t, field, "expected a candidate number, got '" + Show(t.text) + "'");
    return false;
  }
  if (digits[0] == '-') {
    err = Fail(t, field, "candidate number " + Show(t.text) + range);
    return false;
  }
  Token d = t;
  d.text = digits;
  int64_t k = 0;
  if (!ParseCount(d, n, k, err, field, "candidate number") || k < 1) {
    err = Fail(t, field, "candidate number " + Show(t.text) + range);
    return false;
  }
  out = static_cast<CandidateId>(k - 1);
  return true;
}

Result<Election> Parser::Parse() {
  Election e;
  e.source = source_;
  std::vector<Token> toks;
  Error err;

  // Header.
  if (!NextLine(toks)) {
    return Fail(line_ > 0 ? line_ : 1, 1, "header", "the file is empty (expected '<candidates> <seats>')");
  }
  if (toks.size() != 2) {
    const Token& at = toks.size() > 2 ? toks[2] : toks[0];
    return Fail(at, "header",
                "the first line must be two numbers '<candidates> <seats>', found " +
                    std::to_string(toks.size()) + " item(s)");
  }
  int64_t ncand = 0, seats = 0;
  if (!ParseCount(toks[0], kMaxCandidates, ncand, err, "candidates", "number of candidates")) return err;
  if (!ParseCount(toks[1], kMaxCandidates, seats, err, "seats", "number of seats")) return err;
  if (ncand < 1) return Fail(toks[0], "candidates", "there must be at least one candidate");
  if (seats < 1) return Fail(toks[1], "seats", "there must be at least one seat");
  if (seats > ncand) {
    return Fail(toks[1], "seats", std::to_string(seats) + " seats but only " + std::to_string(ncand) + " candidates");
  }
  const Token seats_token = toks[1];
  const int n = static_cast<int>(ncand);
  e.seats = static_cast<int>(seats);
  e.candidates.resize(static_cast<size_t>(n));

  // Withdrawn candidates (-k lines) and option lines, in any order.
  std::vector<char> in_tie(static_cast<size_t>(n), 0);
  bool have_line = NextLine(toks);
  while (have_line && (toks[0].text[0] == '-' || toks[0].text == "[")) {
    if (toks[0].text == "[") {
      if (toks.size() < 3 || toks.back().text != "]" || toks[1].text == "]") {
        return Fail(toks[0], "option", "an option line must look like '[tie 3 1 2]' or '[withdrawn 4]'");
      }
      const Token& name = toks[1];
      const bool tie = name.text == "tie";
      if (!tie && name.text != "withdrawn") {
        return Fail(name, "option",
                    "unsupported option '[" + Show(name.text) + "]' (necsim reads [tie] and [withdrawn])");
      }
      const std::string field = tie ? "tie" : "withdrawn";
      for (size_t i = 2; i + 1 < toks.size(); ++i) {
        CandidateId c = 0;
        if (!CandidateNumber(toks[i], toks[i].text, n, c, err, field)) return err;
        if (tie) {
          if (in_tie[c]) return Fail(toks[i], "tie", "candidate " + Show(toks[i].text) + " listed twice");
          in_tie[c] = 1;
          e.tie_order.push_back(c);
        } else {
          e.candidates[c].withdrawn = true;
        }
      }
    } else {
      for (const Token& t : toks) {
        if (t.text.size() < 2 || t.text[0] != '-') {
          if (toks.back().text == "0" && IsInteger(toks[0].text)) {
            // "-3 1 2 0": a ballot with a negative weight, not a withdrawal.
            return Fail(toks[0], "weight", "ballot weight must not be negative, got " + Show(toks[0].text));
          }
          return Fail(t, "withdrawn",
                      "expected withdrawn candidates as '-k' (e.g. -4), got '" + Show(t.text) + "'");
        }
        CandidateId c = 0;
        if (!CandidateNumber(t, t.text.substr(1), n, c, err, "withdrawn")) return err;
        e.candidates[c].withdrawn = true;
      }
    }
    have_line = NextLine(toks);
  }

  // Ballot lines, up to the terminating "0".
  int64_t total = 0;
  bool terminated = false;
  std::vector<char> seen(static_cast<size_t>(n), 0);
  std::vector<CandidateId> marked;  // entries of `seen` to clear after each ballot
  // The common case of a preference, plain digits 1 to n, read without the
  // checks (and messages) of CandidateNumber, which sees everything else and
  // gives the same candidate for the same token. -1 when not that case.
  const auto plain_candidate = [n](std::string_view s) -> CandidateId {
    if (s.empty() || s.size() > 5) return -1;
    int v = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return -1;
      v = v * 10 + (ch - '0');
    }
    return v >= 1 && v <= n ? v - 1 : -1;
  };
  // The common ballot line, "W C1 C2 ... 0" in plain digits with spaces (W
  // and every Ci in range, the total within bounds), read straight from the
  // text: appends the ballot, moves past the line and returns true. Anything
  // else (ids, comments, the "0" that ends the ballots, any error) returns
  // false having read nothing, and the line goes through NextLine and the
  // checks below, which accept the same lines with the same ballots.
  // plain_line serves more than 64 candidates, plain_line_small (below) up
  // to 64.
  std::vector<CandidateId> line_prefs;
  uint64_t withdrawn_mask = 0;  // for n <= 64
  for (int c = 0; c < n && c < 64; ++c) withdrawn_mask |= uint64_t{e.candidates[c].withdrawn} << c;
  // One ballot a line at most: reserving for the lines left (up to 4M;
  // address space untouched beyond the ballots) spares the copies of a
  // growing vector.
  const size_t rest = std::min(pos_, text_.size());
  const auto lines_left = static_cast<size_t>(
      std::count(text_.begin() + static_cast<std::ptrdiff_t>(rest), text_.end(), '\n'));
  if (flat_ != nullptr) {
    // Each preference, and the 0 that ends a ballot's list, takes a number
    // and a space (or the line's end): at most one a byte pair left.
    flat_->ballots.reserve(std::min<size_t>(lines_left + 1, size_t{1} << 22));
    flat_->prefs.reserve(std::min<size_t>((text_.size() - rest) / 2 + 1, size_t{1} << 28));
  } else {
    e.ballots.reserve(e.ballots.size() + std::min<size_t>(lines_left + 1, size_t{1} << 22));
  }
  // Appends a ballot, to the flat store when there is one.
  const auto emit = [&](int64_t weight, std::span<const CandidateId> prefs) {
    if (flat_ != nullptr) flat_->Add(weight, prefs);
    else e.ballots.push_back(Ballot{weight, std::vector<CandidateId>(prefs.begin(), prefs.end())});
  };
  const auto plain_line = [&]() -> bool {
    const size_t end = text_.size();
    size_t p = pos_;
    while (p < end && IsSpace(text_[p])) ++p;
    int64_t weight = 0;
    const size_t wstart = p;
    while (p < end && IsDigit(text_[p]) && p - wstart < 10) weight = weight * 10 + (text_[p++] - '0');
    if (p == wstart || weight < 1 || weight > kMaxWeight || total + weight > kMaxTotal) return false;
    line_prefs.clear();
    bool ended = false;
    for (;;) {
      if (p == end || text_[p] == '\n') break;
      if (!IsSpace(text_[p])) return false;
      while (p < end && IsSpace(text_[p])) ++p;
      if (p == end || text_[p] == '\n') break;
      if (ended) return false;  // text after the 0
      const size_t cstart = p;
      int v = 0;
      if (p + 2 < end) {  // one or two digits without a branch to mispredict
        const unsigned d0 = static_cast<unsigned char>(text_[p]) - unsigned{'0'};
        const unsigned d1 = static_cast<unsigned char>(text_[p + 1]) - unsigned{'0'};
        if (d0 > 9) return false;
        const bool two = d1 <= 9;
        v = static_cast<int>(two ? d0 * 10 + d1 : d0);
        p += two ? 2 : 1;
      }
      while (p < end && IsDigit(text_[p]) && p - cstart < 6) v = v * 10 + (text_[p++] - '0');
      if (p == cstart || (p < end && !IsSpace(text_[p]) && text_[p] != '\n')) return false;
      if (v == 0) {
        if (p - cstart != 1) return false;
        ended = true;
        continue;
      }
      if (v > n) return false;
      line_prefs.push_back(v - 1);
    }
    if (!ended) return false;
    for (CandidateId c : line_prefs) {
      if (seen[c]) continue;  // a repeated candidate: the first ranking counts
      seen[c] = 1;
      marked.push_back(c);
    }
    line_prefs.clear();
    for (CandidateId c : marked) {
      if (!e.candidates[c].withdrawn) line_prefs.push_back(c);
      seen[c] = 0;
    }
    marked.clear();
    total += weight;
    emit(weight, line_prefs);
    if (line_ < INT32_MAX) ++line_;
    pos_ = p < end ? p + 1 : end;
    return true;
  };
  // The same for up to 64 candidates, in one pass: the numbers of one or two
  // digits (anything longer, such as "007", goes to the general reader),
  // repeats and withdrawals by bit masks. The text ends with a '\0' (the
  // std::string it is a view of), which is not a space, a digit or a line's
  // end: the loops stop there without a bound to check, and a '\0' before
  // the end is told from it by position.
  const char* const t = text_.data();
  const size_t t_end = text_.size();
  assert(t[t_end] == '\0');
  const auto digit = [t](size_t p) { return static_cast<unsigned>(static_cast<unsigned char>(t[p])) - unsigned{'0'}; };
  const auto plain_line_small = [&]() -> bool {
    if (pos_ >= t_end) return false;  // (NextLine leaves pos_ one past a last line without '\n')
    size_t p = pos_;
    while (IsSpace(t[p])) ++p;
    int64_t weight = 0;
    const size_t wstart = p;
    while (IsDigit(t[p]) && p - wstart < 10) weight = weight * 10 + (t[p++] - '0');
    if (p == wstart || weight < 1 || weight > kMaxWeight || total + weight > kMaxTotal) return false;
    CandidateId kept[64];
    size_t k = 0;
    uint64_t dup = 0;
    for (;;) {
      // After a number: a space (the line's end, before the 0, is the
      // general reader's to report).
      if (!IsSpace(t[p])) return false;
      do ++p;
      while (IsSpace(t[p]));
      const unsigned d0 = digit(p);
      if (d0 > 9) return false;
      // One digit or two without a branch to mispredict (t[p + 1] exists: t[p]
      // is a digit, not the final '\0').
      const unsigned d1 = digit(p + 1);
      const bool two = d1 <= 9;
      const unsigned v = two ? d0 * 10 + d1 : d0;
      p += two ? 2 : 1;
      if (digit(p) <= 9) return false;  // three digits or more
      if (v == 0) {
        if (two) return false;  // "00"
        break;  // the 0 that ends the ballot
      }
      if (v > static_cast<unsigned>(n)) return false;
      const uint64_t bit = uint64_t{1} << (v - 1);
      if (dup & bit) continue;  // a repeated candidate: the first ranking counts
      dup |= bit;
      if (!(withdrawn_mask & bit)) kept[k++] = static_cast<CandidateId>(v - 1);
    }
    while (IsSpace(t[p])) ++p;
    if (t[p] == '\n') ++p;
    else if (p != t_end) return false;  // text after the 0
    total += weight;
    emit(weight, std::span<const CandidateId>(kept, k));
    if (line_ < INT32_MAX) ++line_;
    pos_ = p;
    return true;
  };
  const bool small = n <= 64;
  while (have_line) {
    size_t i = 0;
    if (toks[0].text.size() >= 2 && toks[0].text.front() == '(' && toks[0].text.back() == ')') i = 1;  // ballot id
    if (i >= toks.size()) return Fail(toks[0], "ballot", "ballot id without a ballot");
    const Token& w = toks[i];
    if (w.text == "0" && toks.size() == i + 1) {
      terminated = true;
      break;
    }
    if (w.text.front() == '"') {
      return Fail(w, "ballots", "candidate names began before the line '0' that ends the ballots");
    }
    if (w.text == "[" || (w.text[0] == '-' && toks.back().text != "0")) {
      return Fail(w, "ballots",
                  "option and withdrawn-candidate lines must come before the first ballot");
    }
    int64_t weight = 0;
    if (!ParseCount(w, kMaxWeight, weight, err, "weight", "ballot weight")) return err;
    if (weight == 0) {
      return Fail(w, "weight",
                  "ballot weight 0 (a line '0' alone ends the ballots; empty ballots have weight >= 1)");
    }
    total += weight;  // both at most 10^9: no overflow
    if (total > kMaxTotal) {
      return Fail(w, "weight", "total ballot weight exceeds " + std::to_string(kMaxTotal));
    }
    Ballot b;
    b.weight = weight;
    b.prefs.reserve(toks.size() - i - 1);
    bool ended = false;
    for (++i; i < toks.size(); ++i) {
      const Token& t = toks[i];
      if (t.text == "0") {
        ended = true;
        if (i + 1 != toks.size()) {
          return Fail(toks[i + 1], "ballot", "text after the 0 that ends the ballot");
        }
        break;
      }
      if (const CandidateId c = plain_candidate(t.text); c >= 0) {
        if (seen[c]) continue;  // a repeated candidate: the first ranking counts
        seen[c] = 1;
        marked.push_back(c);
        if (!e.candidates[c].withdrawn) b.prefs.push_back(c);
        continue;
      }
      if (t.text.find('=') != std::string_view::npos) {
        return Fail(t, "ballot", "equal rankings ('=') are not supported; rank candidates one at a time");
      }
      if (t.text == "-") {
        return Fail(t, "ballot", "skipped rankings ('-') are not supported");
      }
      if (t.text.front() == '"') {
        return Fail(t, "ballot", "ballot does not end with 0 (found a quoted name)");
      }
      CandidateId c = 0;
      if (!CandidateNumber(t, t.text, n, c, err, "ballot")) return err;
      if (seen[c]) continue;  // a repeated candidate: the first ranking counts
      seen[c] = 1;
      marked.push_back(c);
      if (!e.candidates[c].withdrawn) b.prefs.push_back(c);
    }
    for (CandidateId c : marked) seen[c] = 0;
    marked.clear();
    if (!ended) {
      return Fail(toks.back(), "ballot", "ballot does not end with 0");
    }
    emit(b.weight, b.prefs);
    while (small ? plain_line_small() : plain_line()) {
    }
    have_line = NextLine(toks);
  }
  if (!terminated) {
    return Fail(line_ > 0 ? line_ : 1, 1, "ballots", "the file ends before the line '0' that ends the ballots");
  }

  // Names and title, in either of the layouts found in the wild
  // (README.md, "BLT files"): quoted strings in any layout, "" inside a
  // quoted string standing for one quote; or names not quoted, one per line.
  // The layout is the first name line's: quoted when it opens with a quote.
  // Then the title (optional); anything after it is ignored, with a note.
  struct Text {
    std::string text;  // the string as read (quotes undone), before tidying
    int line;
    int column;
    int offset = 0;  // from the column to the text's first byte (1 after an opening quote)
  };
  std::vector<Text> strings;
  int extra_line = 0;  // first line of text after the title, 0 if none
  bool quoted = true;
  bool first_line = true;
  while (extra_line == 0) {
    std::string_view raw;
    int lineno = 0;
    if (!NextRawLine(raw, lineno)) break;
    size_t i = 0;
    while (i < raw.size() && IsSpace(raw[i])) ++i;
    if (i == raw.size() || raw[i] == '#') continue;  // blank or comment line
    if (first_line) {
      quoted = raw[i] == '"';
      first_line = false;
    }
    if (static_cast<int>(strings.size()) > n) {
      extra_line = lineno;
      break;
    }
    if (!quoted) {
      // One name (or the title) per line, as it stands; a title in quotes
      // (as some files have it after unquoted names) loses them.
      size_t j = raw.size();
      while (j > i && IsSpace(raw[j - 1])) --j;
      int offset = 0;
      if (static_cast<int>(strings.size()) == n && j - i >= 2 && raw[i] == '"' && raw[j - 1] == '"') {
        ++i;
        --j;
        offset = 1;
      }
      strings.push_back({std::string(raw.substr(i, j - i)), lineno, static_cast<int>(i + 1) - offset, offset});
      continue;
    }
    while (i < raw.size()) {
      if (IsSpace(raw[i])) {
        ++i;
        continue;
      }
      if (raw[i] == '#') break;
      const int col = static_cast<int>(i + 1);
      if (static_cast<int>(strings.size()) > n) {
        extra_line = lineno;
        break;
      }
      if (raw[i] != '"' && static_cast<int>(strings.size()) == n) {
        // The title not quoted after quoted names (as many published files
        // have it): the rest of the line.
        size_t j = raw.size();
        while (j > i && IsSpace(raw[j - 1])) --j;
        strings.push_back({std::string(raw.substr(i, j - i)), lineno, col});
        break;
      }
      if (raw[i] != '"') {
        size_t j = i;
        while (j < raw.size() && !IsSpace(raw[j])) ++j;
        return Fail(lineno, col, "names", "expected a quoted name, got '" + Show(raw.substr(i, j - i)) + "'");
      }
      std::string body;
      size_t j = i + 1;
      bool closed = false;
      while (j < raw.size()) {
        if (raw[j] == '"') {
          if (j + 1 < raw.size() && raw[j + 1] == '"') {  // "" inside: one quote
            body.push_back('"');
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        body.push_back(raw[j]);
        ++j;
      }
      if (!closed) {
        return Fail(lineno, col, "names", "unterminated quoted name (a name must open and close on one line)");
      }
      if (j < raw.size() && !IsSpace(raw[j]) && raw[j] != '#') {
        return Fail(lineno, static_cast<int>(j + 1), "names", "text straight after a closing quote");
      }
      strings.push_back({std::move(body), lineno, col, 1});
      i = j;
    }
  }
  if (static_cast<int>(strings.size()) < n) {
    return Fail(line_ > 0 ? line_ : 1, 1, "names",
                "expected " + std::to_string(n) + " candidate names, found " + std::to_string(strings.size()));
  }
  if (extra_line > 0) {
    e.notes.push_back("text after the title (from line " + std::to_string(extra_line) + ") is ignored");
  }
  std::vector<std::string> tidy(strings.size());
  for (size_t k = 0; k < strings.size(); ++k) {
    const Text& t = strings[k];
    const std::string_view body = t.text;
    const bool is_title = static_cast<int>(k) == n;
    const std::string what = is_title ? "the title" : "candidate name";
    const int offset = t.offset;
    for (size_t i = 0; i < body.size();) {
      const unsigned char c = static_cast<unsigned char>(body[i]);
      if (c < 0x20 || c == 0x7F) {
        if (c == '\t') {
          ++i;
          continue;
        }
        return Fail(t.line, t.column + offset + static_cast<int>(i), "names",
                    what + " contains a control character");
      }
      const size_t len = Utf8Length(body, i);
      if (len == 0) {
        return Fail(t.line, t.column + offset + static_cast<int>(i), "names",
                    what + " is not valid UTF-8 (byte " + Show(body.substr(i, 1)) + ")");
      }
      i += len;
    }
    tidy[k] = Tidy(body);
  }
  if (static_cast<int>(strings.size()) > n) e.title = tidy[static_cast<size_t>(n)];

  // Slates: when every name carries a label, either at the end in brackets
  // ("Yvonne ALLAN (Lab)") or before a quoted name ("Lab ""Barney CROCKETT"""),
  // the label is the candidate's slate and the name is the rest.
  std::vector<std::pair<std::string, std::string>> labelled;  // (name, slate)
  for (int k = 0; k < n; ++k) {
    auto split = SplitLabel(tidy[static_cast<size_t>(k)]);
    if (!split) break;
    labelled.push_back(std::move(*split));
  }
  bool slates = static_cast<int>(labelled.size()) == n;
  if (slates) {  // names that only their labels tell apart keep their labels
    std::set<std::string> bare;
    for (const auto& [name, label] : labelled) bare.insert(name);
    if (static_cast<int>(bare.size()) < n) {
      for (int k = 0; k < n; ++k) labelled[static_cast<size_t>(k)].first = tidy[static_cast<size_t>(k)];
    }
  }

  std::set<std::string> names;
  for (int k = 0; k < n; ++k) {
    const Text& t = strings[static_cast<size_t>(k)];
    std::string name = slates ? labelled[static_cast<size_t>(k)].first : tidy[static_cast<size_t>(k)];
    if (name.empty()) {
      return Fail(t.line, t.column, "names", "candidate " + std::to_string(k + 1) + " has an empty name");
    }
    if (!names.insert(name).second) {
      return Fail(t.line, t.column, "names", "candidate name '" + Show(name) + "' appears twice");
    }
    e.candidates[k].name = std::move(name);
    if (slates) e.candidates[k].slate = labelled[static_cast<size_t>(k)].second;
  }

  int standing = 0;
  for (const auto& c : e.candidates) standing += !c.withdrawn;
  if (standing < e.seats) {
    return Fail(seats_token, "withdrawn",
                std::to_string(e.seats) + " seats but only " + std::to_string(standing) +
                    " candidates remain after withdrawals");
  }
  return e;
}

}  // namespace

Result<Election> ParseBlt(const std::string& text, const std::string& source) {
  try {
    Parser p(text, source);
    return p.Parse();
  } catch (const std::exception& ex) {  // only std::bad_alloc is possible
    Error e;
    e.file = source;
    e.message = std::string("cannot read the ballot file: ") + ex.what();
    return e;
  }
}

Result<FlatElection> ParseBltFlat(const std::string& text, const std::string& source) {
  try {
    FlatElection out;
    Parser p(text, source, &out.ballots);
    auto e = p.Parse();
    if (!e) return e.error();
    out.election = std::move(*e);
    return out;
  } catch (const std::exception& ex) {  // only std::bad_alloc is possible
    Error e;
    e.file = source;
    e.message = std::string("cannot read the ballot file: ") + ex.what();
    return e;
  }
}

Result<Election> ReadBltFile(const std::string& path) {
  auto text = ReadInputFile(path, kBallotInput);
  if (!text) return text.error();
  return ParseBlt(*text, path);
}

namespace {

std::string QuoteBlt(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string WriteBlt(const Election& e) {
  std::string out = std::to_string(e.num_candidates()) + " " + std::to_string(e.seats) + "\n";
  std::string withdrawn;
  for (int c = 0; c < e.num_candidates(); ++c) {
    if (e.candidates[static_cast<size_t>(c)].withdrawn) withdrawn += (withdrawn.empty() ? "-" : " -") + std::to_string(c + 1);
  }
  if (!withdrawn.empty()) out += withdrawn + "\n";
  std::map<std::vector<CandidateId>, size_t> index;
  std::vector<std::pair<const std::vector<CandidateId>*, int64_t>> lines;
  for (const Ballot& b : e.ballots) {
    auto [it, fresh] = index.try_emplace(b.prefs, lines.size());
    if (fresh) lines.push_back({&it->first, 0});
    lines[it->second].second += b.weight;
  }
  for (const auto& [prefs, weight] : lines) {
    out += std::to_string(weight);
    for (CandidateId c : *prefs) out += " " + std::to_string(c + 1);
    out += " 0\n";
  }
  out += "0\n";
  bool labelled = e.num_candidates() > 0;
  for (const Candidate& c : e.candidates) labelled = labelled && !c.slate.empty();
  for (const Candidate& c : e.candidates) out += QuoteBlt(labelled ? c.name + " (" + c.slate + ")" : c.name) + "\n";
  out += QuoteBlt(e.title) + "\n";
  return out;
}

Result<FlatElection> ReadBltFileFlat(const std::string& path) {
  auto text = ReadInputFile(path, kBallotInput);
  if (!text) return text.error();
  return ParseBltFlat(*text, path);
}

}  // namespace necsim
