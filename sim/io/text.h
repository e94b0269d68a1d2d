// Text helpers shared by the readers and writers of sim/: trimming,
// splitting, and reading a whole file with a located error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/input_file.h"
#include "core/status.h"

namespace necsim {

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string Trim(std::string_view s);

// `s` cut at every `sep` (empty pieces kept; "" gives one empty piece).
std::vector<std::string> Split(std::string_view s, char sep);

// The whole of a file, through the one input reader (models/core/input_file.h:
// a regular file, within `kind`'s size limit, valid UTF-8); an Error naming
// the file otherwise.
Result<std::string> ReadTextFile(const std::string& path, const InputKind& kind = kListInput);

}  // namespace necsim
