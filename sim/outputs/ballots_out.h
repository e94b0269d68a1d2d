// `necsim run --ballots-out DIR --ballots-runs LIST`: the sampled ballots of
// chosen runs as BLT files, with a manifest of the files and the elected set
// of each listed run under each rule set (docs/outputs.md).
//
// Under SamplerKind::kReference the files hold exactly the ballots the
// engine counted: the run's national ballots (SampleBallotsReference), and
// for each district of a regional design its own draw
// (ReferenceDistrictBallots). The fast sampler never holds individual
// ballots (it expands a lazy tree of parcels, and the block vote draws marks
// directly), so with it the files are a draw, voter by voter, from the same
// run's electorate (the same bloc shares, turnout and noise), not the
// ballots its count saw; the manifest says which.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/engine.h"
#include "io/io_faults.h"
#include "scenario/scenario.h"

namespace necsim {

// The folder's files, name -> contents, for runs `runs` (each < the runs of
// the simulation): run-R.blt (the national ballots, every member on every
// candidate), run-R-RULESET-DISTRICT.blt per district of each regional rule
// set (run-R-RULESET-national.blt for its national seats), manifest.csv
// (run,rule_set,district,file,ballots,rule,seats,source), elected.csv
// (run,rule_set,elected: the engine's result for that run, names in order of
// election joined by "; ") and README.txt.
std::map<std::string, std::string> RunBallotFiles(const Scenario& sc, const EngineOptions& opt,
                                                  const std::vector<uint64_t>& runs);

// Writes them into `dir` as one folder (WriteFolderAtomic). An existing
// `dir` is refused unless `force`, and even then unless it is empty or a
// ballots folder (it holds manifest.csv). Errors name `dir` and
// --ballots-out.
Status WriteBallotFolder(const std::string& dir, const std::map<std::string, std::string>& files, bool force,
                         const IoFaults* faults = nullptr);

}  // namespace necsim
