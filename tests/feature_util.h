// Helpers shared by the tests of scenario loading and its features (the
// scenario and regional tests, turnout shifts, --set rules, the candidate
// generator): loading scenario text, and checking located errors.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scenario/scenario_yaml.h"

namespace necsim {
namespace feature_test {

// 1-based line and column of the first occurrence of `needle` in `text`
// (from byte `from`).
struct Pos {
  int line = 0;
  int column = 0;
};
inline Pos Find(const std::string& text, const std::string& needle, size_t from = 0) {
  const size_t at = text.find(needle, from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << needle << "' not in the text";
  if (at == std::string::npos) return {};
  Pos p;
  p.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  size_t line_start = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  p.column = static_cast<int>(at - line_start) + 1;
  return p;
}

// The same for the second occurrence.
inline Pos FindSecond(const std::string& text, const std::string& needle) {
  return Find(text, needle, text.find(needle) + 1);
}
// Shifts a position along its line.
inline Pos operator+(Pos a, Pos b) { return {a.line + b.line, a.column + b.column}; }

inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' not in the text";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

inline Scenario LoadOk(const std::string& text, const std::vector<Override>& overrides = {}) {
  auto r = LoadScenarioText(text, "test.yaml", overrides);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : Scenario{};
}

inline Error LoadError(const std::string& text, const std::vector<Override>& overrides = {}) {
  auto r = LoadScenarioText(text, "test.yaml", overrides);
  EXPECT_FALSE(r.ok()) << "expected an error";
  if (r.ok()) return {};
  return r.error();
}

// Asserts file, position, field, and a part of the message.
inline void ExpectError(const Error& e, const std::string& file, Pos pos, const std::string& field,
                        const std::string& message_part) {
  EXPECT_EQ(e.file, file) << e.ToString();
  EXPECT_EQ(e.line, pos.line) << e.ToString();
  EXPECT_EQ(e.column, pos.column) << e.ToString();
  EXPECT_EQ(e.field, field) << e.ToString();
  EXPECT_NE(e.message.find(message_part), std::string::npos) << e.ToString();
}

}  // namespace feature_test
}  // namespace necsim
