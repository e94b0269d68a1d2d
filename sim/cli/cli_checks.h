// Checks on command-line values that CLI11's own validators miss. CLI11
// converts an integer option by strtoll, which saturates: `--seed
// 18446744073709551616` would become 9223372036854775807 without a word.
// These validators read the text before conversion and refuse what does not
// fit. Private to sim/cli.
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

namespace necsim {

// A whole number from 0 to `max`, written in decimal digits only.
inline CLI::Validator WholeNumberUpTo(uint64_t max) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        uint64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);
        if (text.empty() || ec == std::errc::invalid_argument || p != end) {
          return "expected a whole number from 0 to " + std::to_string(max) + ", got '" + text + "'";
        }
        if (ec == std::errc::result_out_of_range || v > max) {
          return "value " + text + " is too large (at most " + std::to_string(max) + ")";
        }
        return "";
      },
      "0.." + std::to_string(max));
}

// A seed for an int64 option: 0 to 2^63-1.
inline CLI::Validator SeedText() { return WholeNumberUpTo(static_cast<uint64_t>(std::numeric_limits<int64_t>::max())); }

// Why a command may not write the file `path`, or nothing when it may: a
// folder in its place, an existing file without --force (nothing a user wrote
// is replaced unasked), or a parent folder that does not exist. Checked
// before any work, so that a refused output leaves nothing half written.
inline std::optional<std::string> OutputFileRefusal(const std::string& path, bool force) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return "is a folder; name a file";
  if (std::filesystem::exists(path, ec) && !force) return "the file already exists; pass --force to replace it";
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return "the folder " + parent.string() + " does not exist";
  }
  return std::nullopt;
}

}  // namespace necsim
