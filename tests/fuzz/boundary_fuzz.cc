// libFuzzer target for boundary scenario YAML: LoadBoundaryScenarioText must
// never crash, hang, leak, throw or hit undefined behaviour, whatever the
// bytes. Its tables are read from the fixtures' folder (NECSIM_FUZZ_DATA, set
// by CMake to tests/fixtures/boundary), so inputs naming small_old.csv and
// small_new.csv reach the table reader and the validation of whole scenarios.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz_check.h"
#include "scenario/boundary_yaml.h"

namespace {
constexpr const char* kTarget = "boundary_fuzz";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string source = "fuzz.yaml";
  try {
    const auto r = necsim::LoadBoundaryScenarioText(text, source, NECSIM_FUZZ_DATA);
    necsim::fuzz::Outcome(r.ok());
    if (r.ok()) {
      // What the loader accepts, the model must take (its REQUIRES).
      for (const auto& set : r->sets) {
        if (set.table.seats() < 1) necsim::fuzz::Fail(kTarget, "a table without seats", set.key);
      }
      const necsim::BoundaryModel model = necsim::BuildBoundaryModel(*r);
      if (model.parties != static_cast<int>(r->parties.size())) {
        necsim::fuzz::Fail(kTarget, "model parties", std::to_string(model.parties));
      }
    } else {
      necsim::fuzz::CheckError(kTarget, r.error(), text, source);
    }
  } catch (const std::exception& ex) {
    necsim::fuzz::Fail(kTarget, "exception escaped LoadBoundaryScenarioText", ex.what());
  }
  return 0;
}
