// Reader for BLT ballot files (the interchange format of OpenSTV, Droop, eSTV).
//
//   <candidates> <seats>
//   [-k ...]                withdrawn candidates (optional line of negatives)
//   [option lines]          Droop extensions: [tie c1 c2 ...], [withdrawn k ...]
//   <weight> <c1> <c2> ... 0     one line per ballot group, 1-based candidates
//   0                       end of ballots
//   "Name"                  one quoted name per candidate
//   "Title"
//
// Supported: the above, comments after '#', blank lines, ballots spanning
// whitespace freely, the [tie] and [withdrawn] options, ballot ids in
// parentheses "(id)" before the weight. Rejected with a clear message: equal
// rankings ('='), [nick] options, fractional weights, and any malformed input.
// Every error names the file, the line and column, and the problem.
#pragma once

#include <string>

#include "models/election.h"
#include "models/status.h"

namespace necsim {

// Parses BLT text. `source` names the file in error messages.
Result<Election> ParseBlt(const std::string& text, const std::string& source);

// Reads and parses a BLT file.
Result<Election> ReadBltFile(const std::string& path);

}  // namespace necsim
