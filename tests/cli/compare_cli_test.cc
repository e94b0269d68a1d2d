// `necsim compare A B` end to end, and runs.csv: a folder against itself
// differs by nothing; against a variant of the same seed, each difference is
// the difference of the two summaries' figures, and its standard error is
// the spread of the per-run differences read from the two runs.csv files
// (computed here independently); pairing beats independent samples; bad
// input (other seeds without --unpaired, a missing or corrupt runs.csv, an
// existing --out) is refused with exit 2 and a located message.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"
#include "tests/two_slate_scenario.h"

namespace {

using necsim_test::Contains;
using necsim_test::Describe;
using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::ScratchDir;
using necsim_test::Slurp;

// Runs the two-slate scenario (left share `left`, seed `seed`) into DIR/name.
std::string RunInto(const ScratchDir& dir, const std::string& name, double left, int seed, int runs = 300) {
  const std::string yaml = dir.Write(name + ".yaml", necsim_test::TwoSlateScenario(name, seed, runs, left));
  const std::string out = dir.path() + "/" + name;
  const RunResult r = RunNecsim({"run", yaml, "--out", out, "--threads", "2"});
  EXPECT_EQ(r.code, 0) << Describe(r);
  return out;
}

nlohmann::json CompareJson(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"compare"};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back("--json");
  const RunResult r = RunNecsim(all);
  EXPECT_EQ(r.code, 0) << Describe(r);
  return nlohmann::json::parse(r.out);
}

const nlohmann::json* Row(const nlohmann::json& j, const std::string& rule_set, const std::string& measure,
                          const std::string& entity) {
  for (const auto& row : j["rows"]) {
    if (row["rule_set"] == rule_set && row["measure"] == measure && row["entity"] == entity) return &row;
  }
  return nullptr;
}

// Per run, the seats of the candidates whose names start with `prefix`
// under `rule_set`, from runs.csv (read here without necsim's reader).
std::vector<int> SeatsByRun(const std::string& runs_csv, const std::string& rule_set, const std::string& prefix) {
  std::istringstream in(runs_csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "run,rule_set,elected,gender_rule_changed,nec_majority");
  std::vector<int> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() < 3 || f[1] != rule_set) continue;
    EXPECT_EQ(f[0], std::to_string(out.size()));
    int n = 0;
    for (size_t at = 0; at < f[2].size();) {
      size_t next = f[2].find("; ", at);
      if (next == std::string::npos) next = f[2].size();
      n += f[2].compare(at, prefix.size(), prefix) == 0;
      at = next + 2;
    }
    out.push_back(n);
  }
  return out;
}

TEST(CliCompare, AFolderAgainstItselfDiffersByNothing) {
  ScratchDir dir;
  const std::string a = RunInto(dir, "base", 0.55, 7);
  const nlohmann::json j = CompareJson({a, a});
  EXPECT_TRUE(j["paired"].get<bool>());
  ASSERT_GT(j["rows"].size(), 10u);
  for (const auto& row : j["rows"]) {
    EXPECT_EQ(row["difference"].get<double>(), 0.0) << row.dump();
    EXPECT_EQ(row["se"].get<double>(), 0.0) << row.dump();
  }
  EXPECT_NE(Row(j, "stv4", "slate_mean_seats", "Left"), nullptr);
  EXPECT_NE(Row(j, "block4", "candidate_p_elected", "A1"), nullptr);
  EXPECT_NE(Row(j, "stv4", "region_p_at_least_one", "West"), nullptr);
}

TEST(CliCompare, PairedDifferencesFromTheRunsOfBothFolders) {
  ScratchDir dir;
  const std::string a = RunInto(dir, "base", 0.55, 7);
  const std::string b = RunInto(dir, "variant", 0.50, 7);
  const nlohmann::json j = CompareJson({a, b});
  ASSERT_TRUE(j["paired"].get<bool>());
  const nlohmann::json sa = nlohmann::json::parse(Slurp(a + "/summary.json"));
  const nlohmann::json sb = nlohmann::json::parse(Slurp(b + "/summary.json"));
  for (const std::string rs : {"block4", "stv4"}) {
    const size_t k = rs == "block4" ? 0 : 1;
    ASSERT_EQ(sa["rule_sets"][k]["name"], rs);
    const double mean_a = sa["rule_sets"][k]["slates"][0]["mean"].get<double>();
    const double mean_b = sb["rule_sets"][k]["slates"][0]["mean"].get<double>();
    ASSERT_EQ(sa["rule_sets"][k]["slates"][0]["name"], "Left");
    const nlohmann::json* row = Row(j, rs, "slate_mean_seats", "Left");
    ASSERT_NE(row, nullptr) << j.dump();
    EXPECT_NEAR((*row)["a"].get<double>(), mean_a, 1e-9);
    EXPECT_NEAR((*row)["b"].get<double>(), mean_b, 1e-9);
    EXPECT_NEAR((*row)["difference"].get<double>(), mean_b - mean_a, 1e-9);
    // The standard error of the mean per-run difference, from the runs.
    const std::vector<int> xa = SeatsByRun(Slurp(a + "/runs.csv"), rs, "A");
    const std::vector<int> xb = SeatsByRun(Slurp(b + "/runs.csv"), rs, "A");
    ASSERT_EQ(xa.size(), 300u);
    ASSERT_EQ(xb.size(), 300u);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < xa.size(); ++i) {
      const double d = xb[i] - xa[i];
      s += d, s2 += d * d;
    }
    const double n = static_cast<double>(xa.size());
    EXPECT_NEAR(s / n, mean_b - mean_a, 1e-6);  // (the summaries round to 6 places)
    const double se = std::sqrt((s2 - s * s / n) / (n - 1) / n);
    EXPECT_NEAR((*row)["se"].get<double>(), se, 1e-6);
    EXPECT_LT((*row)["difference"].get<double>(), 0.0) << "a smaller left bloc wins fewer seats";
  }
  // Unpaired, the same differences with the independent-samples error,
  // which common random numbers beat here.
  const nlohmann::json u = CompareJson({a, b, "--unpaired"});
  const nlohmann::json* paired = Row(j, "stv4", "slate_mean_seats", "Left");
  const nlohmann::json* unpaired = Row(u, "stv4", "slate_mean_seats", "Left");
  ASSERT_NE(unpaired, nullptr);
  EXPECT_EQ((*unpaired)["difference"], (*paired)["difference"]);
  EXPECT_LT((*paired)["se"].get<double>(), (*unpaired)["se"].get<double>());
  EXPECT_FALSE(u["paired"].get<bool>());
}

TEST(CliCompare, TextAndCsvAndOut) {
  ScratchDir dir;
  const std::string a = RunInto(dir, "base", 0.55, 7, 100);
  const std::string b = RunInto(dir, "variant", 0.50, 7, 100);
  const RunResult text = RunNecsim({"compare", a, b});
  ASSERT_EQ(text.code, 0) << Describe(text);
  EXPECT_TRUE(Contains(text.out, "paired run by run")) << text.out;
  EXPECT_TRUE(Contains(text.out, "slate_mean_seats")) << text.out;
  const std::string out = dir.path() + "/compare.csv";
  const RunResult csv = RunNecsim({"compare", a, b, "--csv", "--out", out});
  ASSERT_EQ(csv.code, 0) << Describe(csv);
  EXPECT_EQ(csv.out.rfind("rule_set,measure,entity,a,b,difference,se,paired\n", 0), 0u) << csv.out.substr(0, 200);
  EXPECT_EQ(Slurp(out), csv.out);
  // An existing --out is kept without --force.
  std::ofstream(out) << "mine\n";
  const RunResult again = RunNecsim({"compare", a, b, "--out", out});
  EXPECT_EQ(again.code, 2) << Describe(again);
  EXPECT_TRUE(Contains(again.err, "--force")) << again.err;
  EXPECT_EQ(Slurp(out), "mine\n");
}

TEST(CliCompare, RefusesWhatCannotBePaired) {
  ScratchDir dir;
  const std::string a = RunInto(dir, "base", 0.55, 7, 50);
  const std::string other_seed = RunInto(dir, "other", 0.55, 8, 50);
  const std::string out = dir.path() + "/compare.csv";
  const RunResult r = RunNecsim({"compare", a, other_seed, "--out", out});
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "seed 7")) << r.err;
  EXPECT_TRUE(Contains(r.err, "--unpaired")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  // runs.csv missing, then corrupt: named with its line and field.
  const std::string b = RunInto(dir, "copy", 0.55, 7, 50);
  const std::string runs = Slurp(b + "/runs.csv");
  std::filesystem::remove(b + "/runs.csv");
  const RunResult missing = RunNecsim({"compare", a, b});
  EXPECT_EQ(missing.code, 2) << Describe(missing);
  EXPECT_TRUE(Contains(missing.err, "runs.csv")) << missing.err;
  std::string bad = runs;
  const size_t line3 = bad.find('\n', bad.find('\n') + 1) + 1;  // the second run row
  const size_t comma = bad.find(',', bad.find(',', line3) + 1);
  bad.insert(comma + 1, "Nobody; ");
  std::ofstream(b + "/runs.csv") << bad;
  const RunResult corrupt = RunNecsim({"compare", a, b});
  EXPECT_EQ(corrupt.code, 2) << Describe(corrupt);
  EXPECT_TRUE(Contains(corrupt.err, "runs.csv:3")) << corrupt.err;
  EXPECT_TRUE(Contains(corrupt.err, "elected")) << corrupt.err;
  EXPECT_TRUE(Contains(corrupt.err, "Nobody")) << corrupt.err;

  const RunResult not_folder = RunNecsim({"compare", a, dir.path() + "/nothing"});
  EXPECT_EQ(not_folder.code, 2) << Describe(not_folder);
  EXPECT_TRUE(Contains(not_folder.err, "nothing")) << not_folder.err;
}

}  // namespace
