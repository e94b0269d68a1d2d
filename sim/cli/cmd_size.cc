// `necsim size`: the smallest CLP section giving every region a seat and
// meeting the women's minimum for a regional design (regional/size_finder.h),
// and, when the scenario has an NEC, P(majority) with the sized design beside
// the original on the same runs.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "counting/count.h"
#include "engine/engine.h"
#include "outputs/outputs.h"
#include "regional/size_finder.h"
#include "scenario/scenario_yaml.h"

namespace necsim {

CLI::App* AddSizeCommand(CLI::App& app, SizeArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "size", "Smallest CLP section giving every region a seat and meeting the women's minimum, and its NEC effect");
  cmd->add_option("scenario", a.scenario, "Scenario file (YAML); omit for the built-in default");
  cmd->add_option("--rule-set", a.rule_set, "The regional design to size")->required();
  cmd->add_option("--runs", a.runs, "Runs for the NEC comparison (default 2000)")->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--seed", a.seed, "Master seed (default: the scenario's)")->check(SeedText());
  cmd->add_option("--threads", a.threads, "Threads")->check(CLI::Range(1, 4096));
  cmd->add_option("--top-up-rule", a.top_up_rule, "Rule for national top-up seats (default ers97)");
  cmd->add_flag("--json", a.json, "Print one JSON object");
  return cmd;
}

int RunSizeCommand(const SizeArgs& a, std::ostream& out, std::ostream& err) {
  auto sc = LoadScenarioOrDefault(a.scenario);
  if (!sc) {
    err << "necsim size: " << sc.error().ToString() << "\n";
    return kExitBadInput;
  }
  auto size = FindSectionSize(*sc, sc->rule_sets, a.rule_set);
  if (!size) {
    err << "necsim size: " << size.error().ToString() << "\n";
    return kExitBadInput;
  }
  const auto rule = ParseRule(a.top_up_rule);
  if (!rule || *rule == Rule::kIrv) {
    err << "necsim size: --top-up-rule: '" << a.top_up_rule << "' is not a multi-seat rule\n";
    return kExitBadInput;
  }
  nlohmann::ordered_json j;
  j["rule_set"] = size->rule_set;
  j["method"] = size->method;
  j["regional_seats"] = size->regional_seats;
  nlohmann::ordered_json by_region = nlohmann::ordered_json::object();
  for (size_t r = 0; r < sc->regions.size(); ++r) by_region[sc->regions[r].name] = size->seats_by_region[r];
  j["seats_by_region"] = by_region;
  j["top_up_seats"] = size->top_up_seats;
  j["total_seats"] = size->total_seats;
  j["women_rule"] = size->women_rule;
  if (sc->nec.enabled) {
    if (size->total_seats > static_cast<int>(sc->candidates.size())) {
      j["nec"] = "not simulated: the scenario has fewer candidates (" + std::to_string(sc->candidates.size()) +
                 ") than the section's seats";
    } else {
      // The scenario with the sized design added beside the original, on the
      // same runs, so P(majority) is compared on common random numbers.
      Scenario both = *sc;
      Scenario sized = *sc;
      ResizeRuleSet(sized.rule_sets, a.rule_set, *size, *rule);
      for (const auto& rs : sized.rule_sets) {
        if (rs.name == a.rule_set + "_sized") both.rule_sets.push_back(rs);
      }
      EngineOptions opt;
      opt.runs = a.runs;
      opt.seed = a.seed >= 0 ? static_cast<uint64_t>(a.seed) : sc->seed;
      opt.threads = a.threads;
      auto res = Simulate(both, opt);
      if (!res) {
        err << "necsim size: " << res.error().ToString() << "\n";
        return kExitBadInput;
      }
      const RunResults results = BuildRunResults(both, res->tally, opt.seed, SamplerKind::kFast, false, 0);
      nlohmann::ordered_json nec = nlohmann::ordered_json::object();
      for (const RuleSetResult& rs : results.rule_sets) {
        if (rs.name != a.rule_set && rs.name != a.rule_set + "_sized") continue;
        nec[rs.name] = rs.nec ? ToJson(*rs.nec) : nlohmann::ordered_json();
      }
      j["nec"] = nec;
      j["runs"] = a.runs;
    }
  }
  if (a.json) {
    out << j.dump(2) << "\n";
    return kExitOk;
  }
  out << "Rule set " << size->rule_set << " (" << size->method << ")\n";
  out << "  Smallest regional section giving every region a seat: " << size->regional_seats << "\n";
  for (size_t r = 0; r < sc->regions.size(); ++r) {
    out << "    " << sc->regions[r].name << ": " << size->seats_by_region[r] << "\n";
  }
  out << "  Women's minimum: " << size->women_rule << "\n";
  out << "  Top-up seats: " << size->top_up_seats << "; section size: " << size->total_seats << "\n";
  if (j.contains("nec") && j["nec"].is_object()) {
    for (const auto& [nm, nec] : j["nec"].items()) {
      out << "  NEC with " << nm << " (" << nec["total_seats"].get<int>() << " seats): P(majority)";
      for (const auto& f : nec["factions"]) {
        out << "  " << f["name"].get<std::string>() << " " << std::fixed << std::setprecision(1)
            << 100 * f["p_majority"].get<double>() << "%";
      }
      out << "\n";
    }
  } else if (j.contains("nec")) {
    out << "  NEC: " << j["nec"].get<std::string>() << "\n";
  }
  return kExitOk;
}

}  // namespace necsim
