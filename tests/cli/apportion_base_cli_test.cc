// `necsim apportion --base K` end to end: base seats plus a proportional
// share (docs/apportionment.md). The shares are those of the plain
// apportionments checked by hand in tests/unit/apportion_test.cc (the 2018
// membership at 11 seats) and tests/unit/apportion_base_test.cc.
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

using necsim_test::Contains;
using necsim_test::Describe;


nlohmann::ordered_json Json(const std::vector<std::string>& args) {
  const RunResult r = RunNecsim(args);
  EXPECT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(r.err.empty()) << Describe(r);
  auto j = nlohmann::ordered_json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not exactly one JSON document\n" << Describe(r);
  return j.is_discarded() || !j.is_object() ? nlohmann::ordered_json::object() : j;
}

std::vector<int> SeatsOf(const nlohmann::ordered_json& j) {
  std::vector<int> out;
  if (!j.contains("seats") || !j["seats"].is_object()) return out;
  for (const auto& [k, v] : j["seats"].items()) out.push_back(v.get<int>());
  return out;
}

void ExpectBadInput(const std::vector<std::string>& args, const std::vector<std::string>& parts) {
  const RunResult r = RunNecsim(args);
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_TRUE(r.out.empty()) << Describe(r);
  for (const auto& p : parts) EXPECT_TRUE(Contains(r.err, p)) << "stderr lacks '" << p << "'\n" << Describe(r);
}

// 33 seats, 2 base each for the 11 regions: 11 are shared on top. The plain
// 11-seat apportionments of the 2018 membership (docs/apportionment.md):
// Sainte-Lague London 2, Scotland 0, others 1; D'Hondt London 3, North West 2,
// South East to East Midlands 1, North, Wales, Scotland 0.
TEST(ApportionBaseCli, JsonWithBase) {
  auto j = Json({"apportion", kMembers, "--seats", "33", "--method", "sainte-lague", "--base", "2", "--json"});
  EXPECT_EQ(SeatsOf(j), (std::vector<int>{4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2}));
  EXPECT_EQ(j.value("base_per_region", -1), 2);
  EXPECT_EQ(j.value("min_per_region", -1), 0);
  EXPECT_EQ(j.value("total_seats", 0), 33);
  j = Json({"apportion", kMembers, "--seats", "33", "--method", "dhondt", "--base", "2", "--json"});
  EXPECT_EQ(SeatsOf(j), (std::vector<int>{5, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2}));
  // Without --base the key is there and 0.
  j = Json({"apportion", kMembers, "--seats", "11", "--method", "dhondt", "--json"});
  EXPECT_EQ(j.value("base_per_region", -1), 0);
}

// 900, 50, 50 with 10 seats and 1 base seat (hand-worked in
// apportion_base_test.cc): Huntington-Hill (6, 2, 2), D'Hondt (8, 1, 1); the
// Hamilton share of 7 ties between B and C.
TEST(ApportionBaseCli, SmallExampleAndTie) {
  const necsim_test::ScratchDir dir;
  const std::string csv = dir.Write("regions.csv", "region,members\nA,900\nB,50\nC,50\n");
  EXPECT_EQ(SeatsOf(Json({"apportion", csv, "--seats", "10", "--method", "huntington-hill", "--base", "1",
                          "--json"})),
            (std::vector<int>{6, 2, 2}));
  EXPECT_EQ(SeatsOf(Json({"apportion", csv, "--seats", "10", "--method", "dhondt", "--base", "1", "--json"})),
            (std::vector<int>{8, 1, 1}));
  ExpectBadInput({"apportion", csv, "--seats", "10", "--method", "hamilton", "--base", "1"},
                 {"the last seat is tied between B and C"});
}

TEST(ApportionBaseCli, Table) {
  const RunResult r = RunNecsim({"apportion", kMembers, "--seats", "33", "--method", "sainte-lague", "--base", "2"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, "2 base seats per region plus 11 shared in proportion")) << Describe(r);
  bool found = false;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("London ", 0) != 0) continue;
    found = true;
    EXPECT_EQ(line.back(), '4') << line;
  }
  EXPECT_TRUE(found) << Describe(r);
}

TEST(ApportionBaseCli, BadBase) {
  ExpectBadInput({"apportion", kMembers, "--seats", "33", "--method", "dhondt", "--base", "-1"}, {"--base"});
  ExpectBadInput({"apportion", kMembers, "--seats", "33", "--method", "dhondt", "--base", "two"}, {"--base"});
  ExpectBadInput({"apportion", kMembers, "--seats", "21", "--method", "dhondt", "--base", "2", "--json"},
                 {kMembers, "--base", "21 seats cannot give each of 11 regions 2 base seats (needs 22)"});
  // Base 2 and a minimum of 3 need 33 seats.
  ExpectBadInput({"apportion", kMembers, "--seats", "32", "--method", "dhondt", "--base", "2", "--min", "3"},
                 {"32 seats cannot give each of 11 regions at least 3 (needs 33)"});
  // 27 - 22 = 5 seats to share among 11 regions: Huntington-Hill's first seats tie.
  ExpectBadInput({"apportion", kMembers, "--seats", "27", "--method", "huntington-hill", "--base", "2"},
                 {"Huntington-Hill needs a proportional share of 0 or at least one seat per region"});
}

}  // namespace
