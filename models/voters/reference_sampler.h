// The reference sampler: every voter's ballot drawn one by one, then counted
// as a real election. Cost grows with the electorate; kept to test the fast
// sampler against (tests/statistical).
#pragma once

#include <cstdint>

#include "core/election.h"
#include "voters/voter_model.h"

namespace necsim {

// The reference sampler: every voter's ballot, one by one.
Election SampleBallotsReference(const RunSample& sample, uint64_t seed, uint64_t run);

}  // namespace necsim
