// Shared helpers of the statistical tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "scenario/scenario.h"
#include "scenario/scenario_yaml.h"

namespace necsim {
namespace stat_test {

// NECSIM_STAT_SCALE (default 1) multiplies the run counts: smaller scales keep
// every test's false-alarm rate and only lose power.
inline double Scale() {
  const char* s = std::getenv("NECSIM_STAT_SCALE");
  if (s == nullptr || *s == '\0') return 1.0;
  const double v = std::atof(s);
  return v > 0 ? v : 1.0;
}

inline int64_t Scaled(int64_t n, int64_t floor_runs) {
  return std::max<int64_t>(floor_runs, static_cast<int64_t>(std::llround(static_cast<double>(n) * Scale())));
}

// Replaces every occurrence of each key of `subs` in `s`.
inline std::string Fill(std::string s, const std::map<std::string, std::string>& subs) {
  for (const auto& [key, value] : subs) {
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) {
      s.replace(at, key.size(), value);
    }
  }
  return s;
}

inline Scenario Load(const std::string& yaml) {
  auto sc = LoadScenarioText(yaml, "<test>");
  if (!sc.ok()) {
    ADD_FAILURE() << "scenario does not load: " << sc.error().message;
    return Scenario{};
  }
  return *sc;
}

}  // namespace stat_test
}  // namespace necsim
