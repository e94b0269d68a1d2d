// libFuzzer target for NEC scenario YAML: LoadScenarioText must never crash,
// hang, leak, throw or hit undefined behaviour, whatever the bytes; what it
// accepts must be a scenario the engine can run (its invariants below), and
// what it rejects must be an Error with a message (and a line in the text
// when it names the text).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz_check.h"
#include "scenario/scenario_yaml.h"

namespace {

constexpr const char* kTarget = "scenario_fuzz";

void CheckScenario(const necsim::Scenario& s) {
  using necsim::fuzz::Fail;
  if (s.runs < 1) Fail(kTarget, "runs", std::to_string(s.runs));
  if (s.rule_sets.empty()) Fail(kTarget, "no rule sets", s.name);
  for (const auto& rs : s.rule_sets) {
    if (rs.seats < 1) Fail(kTarget, "rule set seats", rs.name + ": " + std::to_string(rs.seats));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string source = "fuzz.yaml";
  try {
    // `extends:` resolves against a folder that does not exist, so the
    // target reads no files but its own input (absolute paths still go
    // through ReadInputFile's limits).
    const auto r = necsim::LoadScenarioText(text, source, {}, "/nonexistent-necsim-fuzz");
    necsim::fuzz::Outcome(r.ok());
    if (r.ok()) {
      CheckScenario(*r);
    } else {
      necsim::fuzz::CheckError(kTarget, r.error(), text, source);
    }
  } catch (const std::exception& ex) {
    necsim::fuzz::Fail(kTarget, "exception escaped LoadScenarioText", ex.what());
  }
  return 0;
}
