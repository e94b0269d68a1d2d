// The one reader of input files: every file necsim reads (scenarios, tables,
// ballot files, summaries, lists) comes in through ReadInputFile, which
//   1. opens without blocking and refuses what is not a regular file (a FIFO,
//      a device, a folder would block or never end);
//   2. refuses a file over its kind's size limit, by its size before reading
//      and again while reading (a file that grows as it is read);
//   3. refuses text that is not valid UTF-8, naming the line and the byte;
// and only then hands the text to its parser. The limits, and why each value:
// docs/reliability.md ("Limits").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace necsim {

// What a file is, for messages, and its limits.
struct InputKind {
  const char* what;        // "the scenario file"
  uint64_t max_bytes;      // the default size limit
  const char* limit_env;   // an environment variable that overrides it (bytes), or nullptr
  bool check_utf8 = true;  // false where the parser checks UTF-8 itself, field by field
};

// Scenarios (NEC and boundary YAML, --set files, sweep files): 64 MiB. The
// largest real scenario is a few KB; 64 MiB leaves four orders of magnitude
// and keeps a parse's memory bounded.
inline constexpr InputKind kScenarioInput{"the scenario file", 64ull << 20, nullptr};
// Constituency tables (CSV): 256 MiB by default (a UK table is about 100 KB;
// polling-district tables run to tens of MB), NECSIM_MAX_TABLE_BYTES to change.
inline constexpr InputKind kTableInput{"the table", 256ull << 20, "NECSIM_MAX_TABLE_BYTES"};
// Ballot files (BLT): 256 MiB by default (the largest Scottish ward file is
// about 1 MB), NECSIM_MAX_BALLOT_BYTES to change.
// The BLT parser checks each name for UTF-8 itself (and names the field).
inline constexpr InputKind kBallotInput{"the ballot file", 256ull << 20, "NECSIM_MAX_BALLOT_BYTES", false};
// Results written by necsim (summary.json, run_info.json, manifests): 256 MiB.
inline constexpr InputKind kResultsInput{"the results file", 256ull << 20, nullptr};
// Small lists (a women file, an apportionment table): 64 MiB.
inline constexpr InputKind kListInput{"the file", 64ull << 20, nullptr};

// The size limit of `kind`: its environment override when set to a positive
// whole number of bytes, else its default.
uint64_t InputLimit(const InputKind& kind);

// The whole of the file at `path`, checked as above; an Error naming the file
// (and the line and column of a byte that is not UTF-8).
Result<std::string> ReadInputFile(const std::string& path, const InputKind& kind);

// Ok when `text` is valid UTF-8 (no overlong forms, no surrogates, nothing
// above U+10FFFF); else an Error naming `source`, the line and column (in
// bytes) and the offending byte's value.
Status CheckUtf8(std::string_view text, const std::string& source, const std::string& field = "");

// The offset of the first byte of `s` that is not part of valid UTF-8, or
// npos.
size_t FirstInvalidUtf8(std::string_view s);

}  // namespace necsim
