// An election as read from a ballot file: candidates, seats and ranked ballots.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace necsim {

using CandidateId = int;  // 0-based index into Election::candidates

enum class Gender { kUnknown, kWoman, kMan };

struct Candidate {
  std::string name;
  Gender gender = Gender::kUnknown;
  std::string region;  // may be empty
  std::string slate;   // may be empty
  bool withdrawn = false;
};

// A group of identical ballots: `weight` voters ranked `prefs` (most preferred
// first). Candidates are 0-based. Preferences never repeat a candidate and
// never name a withdrawn candidate (the reader removes those).
struct Ballot {
  int64_t weight = 1;
  std::vector<CandidateId> prefs;
};

struct Election {
  std::string source;  // file name the election was read from (for messages)
  std::string title;
  int seats = 0;
  std::vector<Candidate> candidates;
  std::vector<Ballot> ballots;
  // Droop's `[tie ...]` option: candidates in tie-break order, the first listed
  // losing a tie (see models/counting/tiebreak.h). Empty: the default order.
  std::vector<CandidateId> tie_order;
  // What the reader noticed and let pass (text after the title, ...), for
  // the user (necsim count prints them on stderr).
  std::vector<std::string> notes;

  int num_candidates() const { return static_cast<int>(candidates.size()); }
  int64_t total_ballots() const {
    int64_t n = 0;
    for (const auto& b : ballots) n += b.weight;
    return n;
  }
};

}  // namespace necsim
