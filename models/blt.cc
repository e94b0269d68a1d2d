#include "models/blt.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace necsim {
namespace {

// Limits that keep every later computation in range: fixed-point Meek needs
// total ballots x 10^9 to fit in 63 bits.
constexpr int64_t kMaxWeight = 1'000'000'000;
constexpr int64_t kMaxTotal = 1'000'000'000;
constexpr int kMaxCandidates = 10'000;

struct Token {
  std::string text;
  int line;
  int column;
};

class Parser {
 public:
  Parser(const std::string& text, std::string source) : text_(text), source_(std::move(source)) {}

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
  // Splits the next non-blank line into tokens (comments after '#' dropped).
  // Returns false at end of input.
  bool NextLine(std::vector<Token>& tokens);
  static bool IsInteger(const std::string& s) {
    if (s.empty()) return false;
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  }
  // Parses a non-negative integer token no larger than `max`.
  bool ParseCount(const Token& t, int64_t max, int64_t& out, Error& err, const std::string& field,
                  const std::string& what) const;

  const std::string& text_;
  std::string source_;
  size_t pos_ = 0;
  int line_ = 0;
};

bool Parser::NextLine(std::vector<Token>& tokens) {
  tokens.clear();
  while (pos_ < text_.size()) {
    size_t end = text_.find('\n', pos_);
    if (end == std::string::npos) end = text_.size();
    ++line_;
    const size_t start = pos_;
    pos_ = end + 1;
    size_t i = start;
    while (i < end) {
      const char c = text_[i];
      if (c == '#') break;
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      size_t j = i;
      if (c == '"') {
        j = text_.find('"', i + 1);
        if (j == std::string::npos || j > end) j = end;  // unterminated: caught by caller
        else ++j;
      } else if (c == '[' || c == ']') {
        j = i + 1;
      } else {
        while (j < end && !std::isspace(static_cast<unsigned char>(text_[j])) && text_[j] != '#' &&
               text_[j] != '[' && text_[j] != ']' && text_[j] != '"')
          ++j;
      }
      tokens.push_back({text_.substr(i, j - i), line_, static_cast<int>(i - start) + 1});
      i = j;
    }
    if (!tokens.empty()) return true;
  }
  return false;
}

bool Parser::ParseCount(const Token& t, int64_t max, int64_t& out, Error& err,
                        const std::string& field, const std::string& what) const {
  if (!IsInteger(t.text)) {
    if (t.text.find_first_of(".,eE") != std::string::npos &&
        std::isdigit(static_cast<unsigned char>(t.text[0]))) {
      err = Fail(t.line, t.column, field, what + " must be a whole number, got '" + t.text + "'");
    } else {
      err = Fail(t.line, t.column, field, what + " must be a number, got '" + t.text + "'");
    }
    return false;
  }
  if (t.text[0] == '-') {
    err = Fail(t.line, t.column, field, what + " must not be negative, got " + t.text);
    return false;
  }
  const std::string digits = t.text[0] == '+' ? t.text.substr(1) : t.text;
  const size_t nz = digits.find_first_not_of('0');
  const std::string sig = nz == std::string::npos ? "0" : digits.substr(nz);
  if (sig.size() > 18 || std::stoll(sig) > max) {
    err = Fail(t.line, t.column, field,
               what + " " + t.text + " is too large (at most " + std::to_string(max) + ")");
    return false;
  }
  out = std::stoll(sig);
  return true;
}

Result<Election> Parser::Parse() {
  Election e;
  e.source = source_;
  std::vector<Token> toks;
  Error err;
  if (!NextLine(toks)) return Fail(1, 1, "header", "the file is empty (expected '<candidates> <seats>')");
  if (toks.size() != 2) {
    return Fail(toks[0].line, toks[0].column, "header",
                "first line must be '<candidates> <seats>', found " + std::to_string(toks.size()) +
                    " item(s)");
  }
  int64_t ncand = 0, seats = 0;
  if (!ParseCount(toks[0], kMaxCandidates, ncand, err, "candidates", "number of candidates")) return err;
  if (!ParseCount(toks[1], kMaxCandidates, seats, err, "seats", "number of seats")) return err;
  if (ncand < 1) return Fail(toks[0].line, toks[0].column, "candidates", "there must be at least one candidate");
  if (seats < 1) return Fail(toks[1].line, toks[1].column, "seats", "there must be at least one seat");
  if (seats > ncand) {
    return Fail(toks[1].line, toks[1].column, "seats",
                std::to_string(seats) + " seats but only " + std::to_string(ncand) + " candidates");
  }
  const int n = static_cast<int>(ncand);
  e.seats = static_cast<int>(seats);
  e.candidates.resize(static_cast<size_t>(n));

  auto candidate_number = [&](const Token& t, const std::string& field, CandidateId& out) -> bool {
    int64_t k = 0;
    if (!ParseCount(t, ncand, k, err, field, "candidate number")) {
      // Re-word the range message for candidate numbers.
      if (IsInteger(t.text) && t.text[0] != '-') {
        err = Fail(t.line, t.column, field,
                   "candidate number " + t.text + " is out of range (1 to " + std::to_string(n) + ")");
      }
      return false;
    }
    if (k < 1) {
      err = Fail(t.line, t.column, field,
                 "candidate number " + t.text + " is out of range (1 to " + std::to_string(n) + ")");
      return false;
    }
    out = static_cast<CandidateId>(k - 1);
    return true;
  };

  bool have_line = NextLine(toks);
  // Withdrawn candidates (-k) and option lines.
  while (have_line && (toks[0].text[0] == '-' || toks[0].text == "[")) {
    if (toks[0].text == "[") {
      if (toks.size() < 3 || toks.back().text != "]") {
        return Fail(toks[0].line, toks[0].column, "option", "option line must look like '[name values...]'");
      }
      const std::string& name = toks[1].text;
      if (name == "tie") {
        for (size_t i = 2; i + 1 < toks.size(); ++i) {
          CandidateId c = 0;
          if (!candidate_number(toks[i], "tie", c)) return err;
          if (std::find(e.tie_order.begin(), e.tie_order.end(), c) != e.tie_order.end()) {
            return Fail(toks[i].line, toks[i].column, "tie", "candidate " + toks[i].text + " listed twice");
          }
          e.tie_order.push_back(c);
        }
      } else if (name == "withdrawn") {
        for (size_t i = 2; i + 1 < toks.size(); ++i) {
          CandidateId c = 0;
          if (!candidate_number(toks[i], "withdrawn", c)) return err;
          e.candidates[c].withdrawn = true;
        }
      } else {
        return Fail(toks[1].line, toks[1].column, "option",
                    "unsupported option '[" + name + "]' (necsim reads [tie] and [withdrawn])");
      }
    } else {
      for (const Token& t : toks) {
        if (t.text.size() < 2 || t.text[0] != '-') {
          return Fail(t.line, t.column, "withdrawn",
                      "expected withdrawn candidates as '-k', got '" + t.text + "'");
        }
        CandidateId c = 0;
        Token pos = t;
        pos.text = t.text.substr(1);
        if (!candidate_number(pos, "withdrawn", c)) return err;
        e.candidates[c].withdrawn = true;
      }
    }
    have_line = NextLine(toks);
  }

  // Ballot lines, up to the terminating "0".
  int64_t total = 0;
  bool terminated = false;
  std::vector<char> seen(static_cast<size_t>(n), 0);
  while (have_line) {
    size_t i = 0;
    if (toks[0].text.size() >= 2 && toks[0].text.front() == '(' && toks[0].text.back() == ')') i = 1;  // ballot id
    if (i >= toks.size()) return Fail(toks[0].line, toks[0].column, "ballot", "ballot id without a ballot");
    if (toks[i].text == "0" && toks.size() == i + 1) {
      terminated = true;
      break;
    }
    if (toks[i].text.front() == '"') {
      return Fail(toks[i].line, toks[i].column, "ballots",
                  "candidate names began before the line '0' that ends the ballots");
    }
    int64_t weight = 0;
    if (!ParseCount(toks[i], kMaxWeight, weight, err, "weight", "ballot weight")) return err;
    if (weight == 0) {
      return Fail(toks[i].line, toks[i].column, "weight",
                  "ballot weight 0 (a line '0' alone ends the ballots)");
    }
    total += weight;
    if (total > kMaxTotal) {
      return Fail(toks[i].line, toks[i].column, "weight",
                  "total ballot weight exceeds " + std::to_string(kMaxTotal));
    }
    Ballot b;
    b.weight = weight;
    std::fill(seen.begin(), seen.end(), 0);
    bool ended = false;
    for (++i; i < toks.size(); ++i) {
      const Token& t = toks[i];
      if (t.text == "0") {
        ended = true;
        if (i + 1 != toks.size()) {
          return Fail(toks[i + 1].line, toks[i + 1].column, "ballot", "text after the 0 that ends the ballot");
        }
        break;
      }
      if (t.text.find('=') != std::string::npos) {
        return Fail(t.line, t.column, "ballot",
                    "equal rankings ('=') are not supported; rank candidates one at a time");
      }
      if (t.text == "-") {
        return Fail(t.line, t.column, "ballot", "skipped rankings ('-') are not supported");
      }
      CandidateId c = 0;
      if (!candidate_number(t, "ballot", c)) return err;
      if (seen[c]) continue;  // a repeated candidate: the first ranking counts
      seen[c] = 1;
      if (!e.candidates[c].withdrawn) b.prefs.push_back(c);
    }
    if (!ended) {
      const Token& last = toks.back();
      return Fail(last.line, last.column, "ballot", "ballot does not end with 0");
    }
    e.ballots.push_back(std::move(b));
    have_line = NextLine(toks);
  }
  if (!terminated) {
    return Fail(line_, 1, "ballots", "the file ends before the line '0' that ends the ballots");
  }

  // Names and title: quoted strings, any layout.
  std::vector<Token> strings;
  while (NextLine(toks)) {
    for (const Token& t : toks) {
      if (t.text.size() < 2 || t.text.front() != '"' || t.text.back() != '"') {
        return Fail(t.line, t.column, "names",
                    t.text.front() == '"' ? "unterminated quoted name"
                                          : "expected a quoted name, got '" + t.text + "'");
      }
      strings.push_back(t);
    }
  }
  if (static_cast<int>(strings.size()) < n) {
    return Fail(line_, 1, "names",
                "expected " + std::to_string(n) + " candidate names, found " + std::to_string(strings.size()));
  }
  if (static_cast<int>(strings.size()) > n + 1) {
    const Token& t = strings[static_cast<size_t>(n) + 1];
    return Fail(t.line, t.column, "names",
                "more quoted strings than " + std::to_string(n) + " names and a title");
  }
  for (int c = 0; c < n; ++c) {
    e.candidates[c].name = strings[c].text.substr(1, strings[c].text.size() - 2);
    for (int d = 0; d < c; ++d) {
      if (e.candidates[d].name == e.candidates[c].name) {
        return Fail(strings[c].line, strings[c].column, "names",
                    "candidate name '" + e.candidates[c].name + "' appears twice");
      }
    }
  }
  if (static_cast<int>(strings.size()) == n + 1) {
    e.title = strings[n].text.substr(1, strings[n].text.size() - 2);
  }
  int standing = 0;
  for (const auto& c : e.candidates) standing += !c.withdrawn;
  if (standing < e.seats) {
    return Fail(1, 1, "withdrawn",
                std::to_string(e.seats) + " seats but only " + std::to_string(standing) +
                    " candidates remain after withdrawals");
  }
  return e;
}

}  // namespace

Result<Election> ParseBlt(const std::string& text, const std::string& source) {
  Parser p(text, source);
  return p.Parse();
}

Result<Election> ReadBltFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e;
    e.file = path;
    e.message = "cannot open the ballot file";
    return e;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseBlt(ss.str(), path);
}

}  // namespace necsim
