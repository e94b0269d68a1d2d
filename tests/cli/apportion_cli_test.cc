// `necsim apportion` end to end: the JSON contract, the table, the CSV forms
// it accepts, and bad input (exit 2, file:line on stderr, nothing on stdout).
// The allocations are those checked by hand in tests/unit/apportion_test.cc;
// tests/fixtures/membership_2018.csv holds the January 2018 membership by
// region (a copy of ../shared/data/nec/membership_by_region_2018.csv).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_util.h"

namespace {

using necsim_test::RunNecsim;
using necsim_test::RunResult;

const std::string kMembers = std::string(NECSIM_FIXTURES_DIR) + "/membership_2018.csv";
const std::vector<std::string> kRegions = {"London", "North West", "South East", "Yorkshire and the Humber",
                                           "South West", "East of England", "West Midlands", "East Midlands",
                                           "North", "Wales", "Scotland"};

using necsim_test::Contains;
using necsim_test::Describe;

using TempDir = necsim_test::ScratchDir;  // (a scratch folder for CSV files)

void ExpectBadInput(const std::vector<std::string>& args, const std::vector<std::string>& parts) {
  const RunResult r = RunNecsim(args);
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_TRUE(r.out.empty()) << Describe(r);
  EXPECT_FALSE(r.err.empty()) << Describe(r);
  for (const auto& p : parts) EXPECT_TRUE(Contains(r.err, p)) << "stderr lacks '" << p << "'\n" << Describe(r);
}

nlohmann::ordered_json Json(const std::vector<std::string>& args) {
  const RunResult r = RunNecsim(args);
  EXPECT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(r.err.empty()) << Describe(r);
  auto j = nlohmann::ordered_json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not exactly one JSON document\n" << Describe(r);
  EXPECT_TRUE(j.is_object()) << Describe(r);
  return j.is_discarded() ? nlohmann::ordered_json::object() : j;
}

std::vector<int> SeatsOf(const nlohmann::ordered_json& j) {
  std::vector<int> out;
  if (!j.contains("seats") || !j["seats"].is_object()) return out;
  for (const auto& [k, v] : j["seats"].items()) out.push_back(v.get<int>());
  return out;
}

std::vector<std::string> RegionsOf(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  if (!j.contains("seats") || !j["seats"].is_object()) return out;
  for (const auto& [k, v] : j["seats"].items()) out.push_back(k);
  return out;
}

// ---------------------------------------------------------------- JSON

TEST(ApportionCli, JsonContractEachMethod22Seats) {
  const std::vector<std::pair<std::string, std::vector<int>>> cases = {
      {"sainte-lague", {5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1}},
      {"dhondt", {5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1}},
      {"hamilton", {5, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1}},
      {"huntington-hill", {4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1}},
  };
  for (const auto& [method, want] : cases) {
    const auto j = Json({"apportion", kMembers, "--seats", "22", "--method", method, "--json"});
    EXPECT_EQ(RegionsOf(j), kRegions) << method;  // file order
    EXPECT_EQ(SeatsOf(j), want) << method;
    EXPECT_EQ(j.value("method", ""), method);
    EXPECT_EQ(j.value("total_seats", 0), 22);
    EXPECT_EQ(j.value("min_per_region", -1), 0);
    EXPECT_EQ(j.value("total", int64_t{0}), 546873);
    ASSERT_TRUE(j.contains("quotas") && j["quotas"].is_object());
    EXPECT_NEAR(j["quotas"]["London"].get<double>(), 112308.0 * 22 / 546873, 1e-8);
  }
}

TEST(ApportionCli, ElevenSeats) {
  EXPECT_EQ(SeatsOf(Json({"apportion", kMembers, "--seats", "11", "--method", "sainte-lague", "--json"})),
            (std::vector<int>{2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}));
  EXPECT_EQ(SeatsOf(Json({"apportion", kMembers, "--seats", "11", "--method", "dhondt", "--json"})),
            (std::vector<int>{3, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0}));
}

TEST(ApportionCli, MinimumPerRegion) {
  const auto j = Json({"apportion", kMembers, "--seats", "11", "--method", "dhondt", "--min", "1", "--json"});
  EXPECT_EQ(SeatsOf(j), std::vector<int>(11, 1));
  EXPECT_EQ(j.value("min_per_region", -1), 1);
  EXPECT_EQ(SeatsOf(Json({"apportion", kMembers, "--seats", "30", "--method", "hamilton", "--min", "2", "--json"})),
            (std::vector<int>{6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2}));
}

// ---------------------------------------------------------------- table

TEST(ApportionCli, Table) {
  const RunResult r = RunNecsim({"apportion", kMembers, "--seats", "22", "--method", "sainte-lague"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  for (const std::string s : {"region", "members", "share", "exact quota", "seats", "Sainte-Lague"}) {
    EXPECT_TRUE(Contains(r.out, s)) << s << "\n" << Describe(r);
  }
  // London: 112308 of 546873 = 20.54%, quota 22 x 112308 / 546873 = 4.5180, 5 seats.
  bool found = false;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("London ", 0) != 0) continue;
    found = true;
    EXPECT_TRUE(Contains(line, "112308")) << line;
    EXPECT_TRUE(Contains(line, "20.54%")) << line;
    EXPECT_TRUE(Contains(line, "4.5180")) << line;
    EXPECT_EQ(line.back(), '5') << line;
  }
  EXPECT_TRUE(found) << Describe(r);
  EXPECT_TRUE(Contains(r.out, "546873")) << Describe(r);
}

// ---------------------------------------------------------------- CSV forms

TEST(ApportionCli, AcceptsOtherColumnNamesQuotesAndCrlf) {
  TempDir d;
  const std::string clps = d.Write("clps.csv", "region,clps\r\nNorth,30\r\n\"Yorkshire, Humber\",54\r\nEast,16\r\n\r\n");
  const auto j = Json({"apportion", clps, "--seats", "10", "--method", "hamilton", "--json"});
  EXPECT_EQ(RegionsOf(j), (std::vector<std::string>{"North", "Yorkshire, Humber", "East"}));
  // quotas 3, 5.4, 1.6 -> floors 3, 5, 1; the seat left goes to East (.6).
  EXPECT_EQ(SeatsOf(j), (std::vector<int>{3, 5, 2}));
  EXPECT_EQ(j.value("count_column", ""), "clps");

  const std::string other = d.Write("other.csv", "\xEF\xBB\xBF" "area , n\nA, 2\nB ,1\n");
  EXPECT_EQ(SeatsOf(Json({"apportion", other, "--seats", "3", "--method", "dhondt", "--json"})),
            (std::vector<int>{2, 1}));
}

// ---------------------------------------------------------------- bad input

TEST(ApportionCli, BadCsvNamesFileAndLine) {
  TempDir d;
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"", {":1:", "empty file"}},
      {"\n\n", {":2:", "empty file"}},
      {"region,members\n", {":1:", "no regions"}},
      {"region\nLondon\n", {":1:", "two columns"}},
      {"London,112308\nWales,27688\n", {":1:", "header"}},
      {"region,members\nLondon,112308\nWales,lots\n", {":3:", "not a whole number", "Wales"}},
      {"region,members\nLondon,112308\nWales,2.5\n", {":3:", "not a whole number"}},
      {"region,members\nLondon,112308\nWales,27688\nScotland,-25770\n", {":4:", "negative", "Scotland"}},
      {"region,members\nLondon,112308\nWales,0\n", {":3:", "Wales", "positive"}},
      {"region,members\nLondon,112308\nWales,27688\nLondon,5\n", {":4:", "London", "listed twice", "line 2"}},
      {"region,members\nLondon,112308,7\n", {":2:", "expected 2 columns", "found 3"}},
      {"region,members\nLondon\n", {":2:", "expected 2 columns"}},
      {"region,members\nLondon,\n", {":2:", "London"}},
      {"region,members\n,5\n", {":2:", "region name is empty"}},
      {"region,members\n\"London,5\n", {":2:", "unterminated"}},
      {"region,members\nLondon,99999999999999\n", {":2:", "limit"}},
  };
  int n = 0;
  for (const auto& [text, parts] : cases) {
    const std::string path = d.Write("bad" + std::to_string(n++) + ".csv", text);
    std::vector<std::string> want = parts;
    want.push_back(path);
    SCOPED_TRACE(text);
    ExpectBadInput({"apportion", path, "--seats", "11", "--method", "sainte-lague"}, want);
    ExpectBadInput({"apportion", path, "--seats", "11", "--method", "sainte-lague", "--json"}, want);
  }
}

TEST(ApportionCli, MissingFile) {
  const std::string path = std::string(NECSIM_FIXTURES_DIR) + "/no_such_members.csv";
  ExpectBadInput({"apportion", path, "--seats", "11", "--method", "dhondt", "--json"}, {path, "cannot open"});
  ExpectBadInput({"apportion", NECSIM_FIXTURES_DIR, "--seats", "11", "--method", "dhondt"}, {"directory"});
}

TEST(ApportionCli, BadOptions) {
  ExpectBadInput({"apportion", kMembers, "--seats", "11", "--method", "adams"}, {"--method", "adams"});
  ExpectBadInput({"apportion", kMembers, "--seats", "0", "--method", "dhondt"}, {"--seats"});
  ExpectBadInput({"apportion", kMembers, "--method", "dhondt"}, {"--seats"});
  ExpectBadInput({"apportion", kMembers, "--seats", "11"}, {"--method"});
  ExpectBadInput({"apportion", "--seats", "11", "--method", "dhondt"}, {"file"});
  ExpectBadInput({"apportion", kMembers, "--seats", "11", "--method", "dhondt", "--min", "-1"}, {"--min"});
  ExpectBadInput({"apportion", kMembers, "--seats", "21", "--method", "dhondt", "--min", "2", "--json"},
                 {"21 seats cannot give each of 11 regions at least 2"});
  ExpectBadInput({"apportion", kMembers, "--seats", "10", "--method", "huntington-hill"}, {"Huntington-Hill"});
}

TEST(ApportionCli, TieIsAnError) {
  TempDir d;
  const std::string path = d.Write("tie.csv", "region,members\nWales,27000\nScotland,27000\nNorth,10\n");
  for (const std::string m : {"sainte-lague", "dhondt", "hamilton"}) {
    ExpectBadInput({"apportion", path, "--seats", "1", "--method", m, "--json"},
                   {"the last seat is tied between Wales and Scotland"});
  }
}

}  // namespace
