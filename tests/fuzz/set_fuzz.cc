// libFuzzer target for the command line's `--set PATH=VALUE` and
// `--sweep PATH=VALUES` syntax. Each line of the input is one argument: every
// line goes to ParseSweepArg, and the lines together go to ParseOverrideArgs
// and, when they parse, are applied to the built-in default scenario through
// LoadScenarioText (as `necsim run --set ...` does). None of it may crash,
// hang, leak, throw or hit undefined behaviour; every rejection is an Error
// with a message.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "scenario/override.h"
#include "scenario/scenario_yaml.h"
#include "scenario/sweep.h"

namespace {
constexpr const char* kTarget = "set_fuzz";
constexpr size_t kMaxArgs = 16;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args;
  for (size_t start = 0; start <= text.size() && args.size() < kMaxArgs;) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string::npos ? text.size() : nl;
    // A blank line is no argument (the corpus files end with a newline).
    if (end > start) args.push_back(text.substr(start, end - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  try {
    for (const std::string& a : args) {
      const auto axis = necsim::ParseSweepArg(a);
      if (!axis.ok()) {
        necsim::fuzz::CheckError(kTarget, axis.error(), a, "");
      } else if (axis->values.empty()) {
        necsim::fuzz::Fail(kTarget, "a sweep axis without values", a);
      }
    }
    const auto overrides = necsim::ParseOverrideArgs(args);
    if (!overrides.ok()) {
      necsim::fuzz::CheckError(kTarget, overrides.error(), text, "");
      necsim::fuzz::Outcome(false);
      return 0;
    }
    const auto s = necsim::LoadScenarioText(necsim::DefaultScenarioYaml(), "<built-in>", *overrides,
                                            "/nonexistent-necsim-fuzz");
    necsim::fuzz::Outcome(s.ok());
    if (!s.ok()) necsim::fuzz::CheckError(kTarget, s.error(), text, "");
  } catch (const std::exception& ex) {
    necsim::fuzz::Fail(kTarget, "exception escaped the --set/--sweep readers", ex.what());
  }
  return 0;
}
