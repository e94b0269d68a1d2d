// libFuzzer target for CSV tables: the one CSV reader (ParseCsv) and the
// constituency-table reader on top of it must never crash, hang, leak, throw
// or hit undefined behaviour, whatever the bytes. What the table reader
// accepts must satisfy the table's invariants below.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "io/csv.h"
#include "scenario/constituency_table.h"

namespace {

constexpr const char* kTarget = "csv_fuzz";

void CheckTable(const necsim::ConstituencyTable& t, size_t parties) {
  using necsim::fuzz::Fail;
  const size_t n = t.id.size();
  if (t.name.size() != n || t.region.size() != n || t.country.size() != n || t.line.size() != n ||
      t.electorate.size() != n) {
    Fail(kTarget, "column lengths differ", std::to_string(n));
  }
  if (t.votes.size() != n * parties) Fail(kTarget, "votes size", std::to_string(t.votes.size()));
  for (size_t i = 0; i < n; ++i) {
    if (t.electorate[i] < 0) Fail(kTarget, "negative electorate", t.id[i]);
    int64_t row = 0;
    for (size_t p = 0; p < parties; ++p) {
      const int64_t v = t.votes[i * parties + p];
      if (v < 0) Fail(kTarget, "negative votes", t.id[i]);
      row += v;
    }
    if (row <= 0) Fail(kTarget, "a row with no votes", t.id[i]);
    if (t.line[i] < 2) Fail(kTarget, "row line", std::to_string(t.line[i]));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string source = "fuzz.csv";
  try {
    const auto records = necsim::ParseCsv(text, source);
    if (!records.ok()) necsim::fuzz::CheckError(kTarget, records.error(), text, source);

    const necsim::ColumnMap columns;  // ons_id, constituency_name, region_name, country_name, electorate
    const std::vector<std::string> parties = {"con", "lab", "ld"};
    const auto table = necsim::ParseConstituencyTable(text, source, columns, parties);
    necsim::fuzz::Outcome(table.ok());
    if (table.ok()) {
      CheckTable(*table, parties.size());
    } else {
      necsim::fuzz::CheckError(kTarget, table.error(), text, source);
    }
  } catch (const std::exception& ex) {
    necsim::fuzz::Fail(kTarget, "exception escaped the CSV readers", ex.what());
  }
  return 0;
}
