// libFuzzer target for summary.json, as `necsim report` reads it: the JSON
// parser's errors must be located, and whatever parses must go through the
// typed readers (NEC and boundary) and the report page without a crash, a
// hang, a leak, an escaped exception or undefined behaviour. A summary of an
// unknown kind is an Error; of a known kind, a page (parts it cannot read
// become notes).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz_check.h"
#include "report/report.h"
#include "results/boundary_results.h"
#include "results/results.h"

namespace {
constexpr const char* kTarget = "summary_fuzz";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string source = "summary.json";
  try {
    auto parsed = necsim::ParseJsonText(text, source);
    if (!parsed.ok()) {
      const necsim::Error& e = parsed.error();
      necsim::fuzz::CheckError(kTarget, e, text, source);
      necsim::fuzz::Outcome(false);
      return 0;
    }
    const auto run = necsim::RunResultsFromJson(*parsed, source);
    if (!run.ok()) necsim::fuzz::CheckError(kTarget, run.error(), text, source);
    const auto boundary = necsim::BoundaryResultsFromJson(*parsed, source);
    if (!boundary.ok()) necsim::fuzz::CheckError(kTarget, boundary.error(), text, source);

    necsim::ReportInput in;
    in.summary = std::move(*parsed);
    in.version = "fuzz";
    in.files = {"summary.json"};
    const auto report = necsim::RenderReport(in);
    necsim::fuzz::Outcome(report.ok());
    const bool known = necsim::DetectResultsKind(in.summary) != necsim::ResultsKind::kUnknown;
    if (report.ok() != known) necsim::fuzz::Fail(kTarget, "a page for an unknown kind, or none for a known one", "");
    if (report.ok() && report->html.find("</html>") == std::string::npos) {
      necsim::fuzz::Fail(kTarget, "page not closed", std::to_string(report->html.size()));
    }
    if (!report.ok()) necsim::fuzz::CheckError(kTarget, report.error(), text, source);
  } catch (const std::exception& ex) {
    necsim::fuzz::Fail(kTarget, "exception escaped the summary readers", ex.what());
  }
  return 0;
}
