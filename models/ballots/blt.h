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
// Supported: the above; comments after '#' (outside quotes); blank lines;
// CRLF line ends; a UTF-8 byte order mark; -k lines and the [tie] and
// [withdrawn] options in any order between the header and the first ballot;
// ballot ids in parentheses "(id)" before the weight; several quoted strings
// on one line. Each ballot sits on one line. A candidate repeated within a
// ballot counts at its first ranking only; withdrawn candidates are dropped
// from the preferences (the ballot itself is kept, possibly empty).
//
// Rejected with a clear message: equal rankings ('='), skipped rankings
// ('-'), [nick] and other options, fractional, zero or negative weights,
// candidate numbers out of range, more than 10,000 candidates, a weight above
// 10^9 or a total above 10^9, fewer names than candidates or more strings
// than names and a title, duplicate or empty names, names or title that are
// not valid UTF-8 or hold control characters, truncated files, and any other
// malformed input. Every error names the file, the line and (1-based, in
// bytes) column, the field and the problem: Error::ToString() gives
// "file:line:column: field: message". The reader never throws; files over
// 256 MiB are refused by ReadBltFile.
#pragma once

#include <string>

#include "ballots/flat_ballots.h"
#include "core/election.h"
#include "core/status.h"

namespace necsim {

// Parses BLT text. `source` names the file in error messages.
Result<Election> ParseBlt(const std::string& text, const std::string& source);

// Reads and parses a BLT file.
Result<Election> ReadBltFile(const std::string& path);

// The election as BLT text that ParseBlt reads back to the same election:
// identical rankings merged into one line with their weight (in first-seen
// order), withdrawn candidates as a -k line, names quoted (inner quotes
// doubled) and, when every candidate has a slate, labelled "NAME (SLATE)";
// the title last. Names must not end in a bracketed label of their own.
std::string WriteBlt(const Election& e);

// ParseBlt and ReadBltFile, with the ballots in flat arrays (for BallotTree::FromFlat)
// instead of Election::ballots, which stays empty: the same files accepted
// with the same ballots, the same errors.
struct FlatElection {
  Election election;
  FlatBallots ballots;
};
Result<FlatElection> ParseBltFlat(const std::string& text, const std::string& source);
Result<FlatElection> ReadBltFileFlat(const std::string& path);

}  // namespace necsim
