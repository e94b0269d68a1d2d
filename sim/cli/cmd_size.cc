// `necsim size`: the smallest CLP section giving every region a seat and
// meeting the women's minimum for a regional design (regional/size_finder.h),
// and, when the scenario has an NEC, P(majority) with the sized design beside
// the original on the same runs; with --confidence P, every candidate size
// simulated (engine/size_curve.h) and the smallest meeting the minimum in a
// share P of runs.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <sstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli.h"
#include "cli/cli_checks.h"
#include "cli/commands.h"
#include "counting/count.h"
#include "engine/engine.h"
#include "engine/size_curve.h"
#include "outputs/outputs.h"
#include "regional/size_finder.h"
#include "scenario/scenario_yaml.h"

namespace necsim {

CLI::App* AddSizeCommand(CLI::App& app, SizeArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "size", "Smallest CLP section giving every region a seat and meeting the women's minimum, and its NEC effect");
  cmd->add_option("scenario", a.scenario, "Scenario file (YAML); omit for the built-in default");
  cmd->add_option("--rule-set", a.rule_set, "The regional design to size")->required();
  cmd->add_option("--runs", a.runs,
                  "Runs for the NEC comparison (default 2000) and for --confidence (default: the scenario's runs)")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--seed", a.seed, "Master seed (default: the scenario's)")->check(SeedText());
  cmd->add_option("--threads", a.threads, "Threads")->check(CLI::Range(1, 4096));
  cmd->add_option("--top-up-rule", a.top_up_rule, "Rule for national top-up seats (default ers97)");
  cmd->add_option("--confidence", a.confidence,
                  "Also simulate every candidate size (0 to the worst case's top-up seats) and report the smallest "
                  "whose section elects at least half women (the rule acting where it must) in at least this share "
                  "of runs, with its Monte Carlo standard error, the share in which the rule did not have to act, "
                  "and P(NEC majority) at each size")
      ->check(CLI::Range(1e-9, 1.0));
  cmd->add_flag("--json", a.json, "Print one JSON object");
  return cmd;
}

namespace {

nlohmann::ordered_json ConfidenceJson(const SizeCurve& c) {
  nlohmann::ordered_json j;
  j["confidence"] = c.confidence;
  j["runs"] = c.runs;
  j["seed"] = c.seed;
  j["meaning"] =
      "p_met: share of runs whose section elects at least women_needed = ceil(total_seats / 2) women (the "
      "top-up rule acting where it must); p_unforced: share in which it does so and the gender rule did not change "
      "the result; se: binomial standard errors";
  auto size_json = [&](const SizeCurvePoint& p) {
    nlohmann::ordered_json q;
    q["top_up_seats"] = p.top_up_seats;
    q["total_seats"] = p.total_seats;
    q["women_needed"] = p.women_needed;
    q["p_met"] = p.p_met;
    q["se_met"] = p.se_met;
    q["p_unforced"] = p.p_unforced;
    q["se_unforced"] = p.se_unforced;
    if (!c.factions.empty()) {
      nlohmann::ordered_json nec = nlohmann::ordered_json::array();
      for (size_t f = 0; f < c.factions.size(); ++f) {
        nec.push_back({{"name", c.factions[f]},
                       {"mean_seats", p.nec_mean_seats[f]},
                       {"p_majority", p.nec_p_majority[f]},
                       {"se", p.nec_se_majority[f]}});
      }
      q["nec"] = nec;
    }
    return q;
  };
  j["smallest"] = c.chosen >= 0 ? size_json(c.points[static_cast<size_t>(c.chosen)]) : nlohmann::ordered_json();
  nlohmann::ordered_json curve = nlohmann::ordered_json::array();
  for (const auto& p : c.points) curve.push_back(size_json(p));
  j["curve"] = curve;
  j["sizes_left_out"] = c.left_out;
  return j;
}

void PrintConfidence(const nlohmann::ordered_json& c, std::ostream& out) {
  auto pct = [](double p) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(1) << 100 * p << "%";
    return os.str();
  };
  out << "  Women's minimum in " << pct(c["confidence"].get<double>()) << " of runs (" << c["runs"].get<int64_t>()
      << " runs, seed " << c["seed"].get<uint64_t>() << "): ";
  if (c["smallest"].is_null()) {
    out << "no size simulated meets it that often\n";
  } else {
    const auto& s = c["smallest"];
    out << "top-up seats " << s["top_up_seats"].get<int>() << ", section size " << s["total_seats"].get<int>()
        << " (met in " << pct(s["p_met"].get<double>()) << " +/- " << pct(s["se_met"].get<double>()) << ")\n";
  }
  out << "    top-up  seats  women  P(met)         P(met, rule idle)";
  const auto& curve = c["curve"];
  if (!curve.empty() && curve[0].contains("nec")) {
    for (const auto& f : curve[0]["nec"]) out << "  P(" << f["name"].get<std::string>() << " majority)";
  }
  out << "\n";
  for (const auto& p : curve) {
    std::ostringstream row;
    row << "    " << std::setw(6) << p["top_up_seats"].get<int>() << "  " << std::setw(5) << p["total_seats"].get<int>()
        << "  " << std::setw(5) << p["women_needed"].get<int>() << "  " << std::setw(6) << pct(p["p_met"].get<double>())
        << " +/- " << std::setw(4) << pct(p["se_met"].get<double>()) << "  " << std::setw(6)
        << pct(p["p_unforced"].get<double>()) << " +/- " << std::setw(4) << pct(p["se_unforced"].get<double>());
    if (p.contains("nec")) {
      for (const auto& f : p["nec"]) {
        row << "  " << std::setw(6) << pct(f["p_majority"].get<double>()) << " +/- " << pct(f["se"].get<double>());
      }
    }
    out << row.str() << "\n";
  }
  if (c["sizes_left_out"].get<int>() > 0) {
    out << "    (" << c["sizes_left_out"].get<int>() << " larger size(s) left out: more seats than candidates)\n";
  }
}

}  // namespace

int RunSizeCommand(const SizeArgs& a, std::ostream& out, std::ostream& err) {
  const int64_t nec_runs = a.runs > 0 ? a.runs : 2000;
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
      opt.runs = nec_runs;
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
      j["runs"] = nec_runs;
    }
  }
  if (a.confidence > 0) {
    EngineOptions opt;
    opt.runs = a.runs > 0 ? a.runs : sc->runs;
    opt.seed = a.seed >= 0 ? static_cast<uint64_t>(a.seed) : sc->seed;
    opt.threads = a.threads;
    auto curve = SimulateSectionSizes(*sc, a.rule_set, *size, *rule, a.confidence, opt);
    if (!curve) {
      err << "necsim size: " << curve.error().ToString() << "\n";
      return kExitBadInput;
    }
    j["confidence"] = ConfidenceJson(*curve);
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
  if (j.contains("confidence")) PrintConfidence(j["confidence"], out);
  return kExitOk;
}

}  // namespace necsim
