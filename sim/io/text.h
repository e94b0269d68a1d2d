// Text helpers shared by the readers and writers of sim/: trimming,
// splitting, and reading a whole file with a located error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace necsim {

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string Trim(std::string_view s);

// `s` cut at every `sep` (empty pieces kept; "" gives one empty piece).
std::vector<std::string> Split(std::string_view s, char sep);

// The whole of a file; an Error naming the file (and `what` it is, for the
// message) when it cannot be opened or read.
Result<std::string> ReadTextFile(const std::string& path, const std::string& what = "the file");

}  // namespace necsim
