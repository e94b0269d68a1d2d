// `necsim sample [SCENARIO] --out FILE.blt`: one run of a scenario's voter
// model, every voter's ballot drawn one by one (the reference sampler,
// models/voters/reference_sampler.h), written as a BLT file that
// `necsim count` and `necsim fit` read (models/ballots/blt.h WriteBlt).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "ballots/blt.h"
#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "io/atomic_write.h"
#include "scenario/override.h"
#include "scenario/scenario_yaml.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"

namespace necsim {

CLI::App* AddSampleCommand(CLI::App& app, SampleArgs& a) {
  CLI::App* cmd = app.add_subcommand("sample", "Write one run's ballots (voter by voter) as a BLT file");
  cmd->add_option("scenario", a.scenario, "Scenario YAML (default: the built-in scenario)");
  cmd->add_option("--out", a.out_file, "The BLT file to write")->required();
  cmd->add_option("--run", a.run, "Which run (0-based; default 0)")
      ->check(WholeNumberUpTo(std::numeric_limits<uint64_t>::max()));
  cmd->add_option("--seed", a.seed, "Seed (default: the scenario's)")
      ->check(WholeNumberUpTo(std::numeric_limits<uint64_t>::max()))
      ->each([&a](const std::string&) { a.seed_given = true; });
  cmd->add_option("--rule-set", a.rule_set, "The rule set whose seats the file gives (default: the first)");
  cmd->add_option("--set", a.sets, "Override a scenario field: PATH=VALUE (repeatable)");
  cmd->add_flag("--force", a.force, "Replace an existing --out FILE");
  return cmd;
}

int RunSampleCommand(const SampleArgs& a, std::ostream& out, std::ostream& err) {
  const std::string me = "necsim sample: ";
  auto overrides = ParseOverrideArgs(a.sets);
  if (!overrides) {
    err << me << overrides.error().ToString() << "\n";
    return kExitBadInput;
  }
  if (auto why = OutputFileRefusal(a.out_file, a.force)) {
    err << me << a.out_file << ": " << *why << "\n";
    return kExitBadInput;
  }
  auto sc = LoadScenarioOrDefault(a.scenario, *overrides);
  if (!sc) {
    err << me << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  const RuleSetConfig* rs = &sc->rule_sets[0];
  if (!a.rule_set.empty()) {
    rs = nullptr;
    for (const RuleSetConfig& r : sc->rule_sets) {
      if (r.name == a.rule_set) rs = &r;
    }
    if (rs == nullptr) {
      err << me << "--rule-set: the scenario has no rule set named '" << a.rule_set << "'\n";
      return kExitBadInput;
    }
  }
  const uint64_t seed = a.seed_given ? a.seed : sc->seed;
  const VoterModel model = VoterModel::Build(*sc);
  const RunSample sample = SampleRun(*sc, model, seed, a.run);
  // Ballots of a national count: every region's voters on every candidate.
  Election e = SampleBallotsReference(sample, seed, a.run);
  e.candidates = sc->CountCandidates();
  e.seats = rs->seats;
  e.title = sc->name + " (run " + std::to_string(a.run) + ", seed " + std::to_string(seed) + ")";
  if (Status s = WriteFileAtomic(a.out_file, WriteBlt(e)); !s) {
    err << me << s.error().ToString() << "\n";
    return kExitBadInput;
  }
  out << me << a.out_file << ": " << e.total_ballots() << " ballots, " << e.num_candidates() << " candidates, "
      << e.seats << " seats\n";
  return kExitOk;
}

}  // namespace necsim
