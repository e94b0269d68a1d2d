// Result sheets: a count's stages as a readable table (like an official
// declaration) and as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "counting/count.h"

namespace necsim {

// The JSON contract of `necsim count --json`: rule, seats, quota, elected
// (names in order of election), final_votes (name -> string at the rule's
// precision), stages (every stage), plus title, candidates, ties_by_lot.
nlohmann::ordered_json ResultToJson(const CountResult& result, const std::vector<Candidate>& candidates,
                                    const std::string& title);

// The readable sheet: one column per stage, one row per candidate.
std::string ResultToText(const CountResult& result, const std::vector<Candidate>& candidates,
                         const std::string& title);

}  // namespace necsim
