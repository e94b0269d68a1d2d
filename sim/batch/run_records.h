// Run records as bytes, to move them between MPI ranks. The encoding is
// exact (floats and integers copied bit for bit, native byte order: the ranks
// of one job run the same build on the same kind of machine), so rank 0 can
// fold records computed anywhere into its Tally in run order and get the same
// tally, bit for bit, as one process.
#pragma once

#include <string>
#include <vector>

#include "engine/engine.h"

namespace necsim {

std::string EncodeRunRecords(const std::vector<RunRecord>& records);

// Appends the records in `bytes` to `out`; false if the bytes are malformed.
bool DecodeRunRecords(const std::string& bytes, std::vector<RunRecord>& out);

}  // namespace necsim
