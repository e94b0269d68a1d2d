// The built `necsim` binary end to end: exit codes, where messages go, and
// the JSON contract of `necsim count --json`.
//
// Suites:
//   CliTest         usage, error paths and the JSON contract (needs only the
//                   reader, the CLI and a working block/fptp rule).
//   CliRuleResults  hand-counted results of the fixture elections under each
//                   rule; these need the rules themselves (STV, IRV) in place.
//   CliConstraintGroups  many constraint groups on a generated election.
#include <gtest/gtest.h>

#include "tests/cli/cli_util.h"
#include "tests/temp_dir_test.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kFixtures = NECSIM_FIXTURES_DIR;
using necsim_test::kBinary;
using necsim_test::RunNecsim;
using necsim_test::RunResult;
using necsim_test::Slurp;

// Names in tests/fixtures/three_seats.blt (UTF-8).
const std::string kAlice = "Alice Adams";
const std::string kBob = "Bob Brown";
const std::string kCarol = "Carol \xC3\x87" "elik";
const std::string kDave = "Dave Davies";
const std::string kErin = "Erin \xC3\x93 Briain";
const std::string kFrank = "Frank F\xC3\xBCrst";


std::string Fixture(const std::string& name) { return kFixtures + "/" + name; }

using necsim_test::Contains;
using necsim_test::Describe;

// Exit 2, nothing on stdout, a message on stderr containing each of `parts`.
void ExpectBadInput(const std::vector<std::string>& args, const std::vector<std::string>& parts) {
  const RunResult r = RunNecsim(args);
  EXPECT_EQ(r.code, 2) << Describe(r);
  EXPECT_TRUE(r.out.empty()) << Describe(r);
  EXPECT_FALSE(r.err.empty()) << Describe(r);
  for (const auto& p : parts) EXPECT_TRUE(Contains(r.err, p)) << "stderr lacks '" << p << "'\n" << Describe(r);
}

nlohmann::json CountJson(const std::vector<std::string>& args, RunResult* raw = nullptr) {
  const RunResult r = RunNecsim(args);
  if (raw) *raw = r;
  EXPECT_EQ(r.code, 0) << Describe(r);
  auto j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not one JSON document\n" << Describe(r);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::vector<std::string> Elected(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.contains("elected") && j["elected"].is_array()) {
    for (const auto& e : j["elected"]) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

// ---------------------------------------------------------------- usage

TEST(CliTest, BinaryExists) { ASSERT_TRUE(std::filesystem::exists(kBinary)) << kBinary; }

TEST(CliTest, HelpExitsZero) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"count", "--help"}}) {
    const RunResult r = RunNecsim(args);
    EXPECT_EQ(r.code, 0) << Describe(r);
    EXPECT_TRUE(Contains(r.out, "count")) << Describe(r);
  }
}

TEST(CliTest, VersionExitsZero) {
  const RunResult r = RunNecsim({"--version"});
  EXPECT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, "necsim")) << Describe(r);
}

TEST(CliTest, NoSubcommandIsUsageError) { ExpectBadInput({}, {}); }
TEST(CliTest, UnknownSubcommandIsUsageError) { ExpectBadInput({"recount"}, {"recount"}); }
TEST(CliTest, UnknownOptionIsUsageError) {
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "wigm", "--frobnicate"}, {"--frobnicate"});
}
TEST(CliTest, MissingRuleIsUsageError) { ExpectBadInput({"count", Fixture("three_seats.blt")}, {"--rule"}); }
TEST(CliTest, MissingFileArgumentIsUsageError) { ExpectBadInput({"count", "--rule", "wigm"}, {"file"}); }

// ---------------------------------------------------------------- bad input

TEST(CliTest, MissingFile) {
  const std::string path = Fixture("no_such_file.blt");
  ExpectBadInput({"count", path, "--rule", "wigm"}, {path, "cannot open"});
}

TEST(CliTest, DirectoryInsteadOfFile) { ExpectBadInput({"count", kFixtures, "--rule", "wigm"}, {kFixtures}); }

TEST(CliTest, CorruptFilesNameFileLineAndColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad_range.blt", ":3:5: ballot: candidate number 4 is out of range"},
      {"bad_truncated.blt", ":3:3: ballot:"},
      {"bad_no_end.blt", ":3:1: ballots:"},
      {"bad_few_names.blt", ":6:1: names:"},
      {"bad_header.blt", ":1:5: header:"},
      {"bad_negative_weight.blt", ":3:1: weight:"},
      {"bad_weight_text.blt", ":3:1: weight:"},
      {"bad_huge.blt", ":3:1: weight:"},
      {"bad_equal_rank.blt", ":2:3: ballot:"},
      {"bad_option.blt", ":2:2: option:"},
      {"bad_utf8.blt", ":6:6: names:"},
      {"bad_empty.blt", ":1:1: header:"},
  };
  for (const auto& [file, where] : cases) {
    SCOPED_TRACE(file);
    const std::string path = Fixture(file);
    ExpectBadInput({"count", path, "--rule", "wigm"}, {path + where});
    ExpectBadInput({"count", path, "--rule", "block", "--json"}, {path + where});
  }
}

TEST(CliTest, UnknownRule) {
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "borda"}, {"--rule", "borda"});
}

TEST(CliTest, WomenMinWithoutGenders) {
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "wigm", "--women-min", "1"}, {"--women-min"});
}

TEST(CliTest, InfeasibleWomenMinimum) {
  // Two women (Alice and Carol) cannot fill a minimum of three.
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "wigm", "--gender", "1=f,3=f", "--women-min", "3"},
                 {"women", "3"});
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "block", "--gender", "1=f,3=f", "--women-min", "3"},
                 {"women", "3"});
}

TEST(CliTest, WomenMinimumAboveSeats) {
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "block", "--seats", "1", "--gender",
                  "1=f,2=f,3=f", "--women-min", "2"},
                 {"women"});
}

TEST(CliTest, NegativeWomenMinimum) {
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "wigm", "--gender", "1=f", "--women-min", "-1"},
                 {"--women-min"});
}

TEST(CliTest, BadGenderSpecs) {
  const std::string f = Fixture("three_seats.blt");
  ExpectBadInput({"count", f, "--rule", "block", "--gender", "Nobody=f"}, {"--gender", "Nobody"});
  ExpectBadInput({"count", f, "--rule", "block", "--gender", "1=x"}, {"--gender"});
  ExpectBadInput({"count", f, "--rule", "block", "--gender", "1"}, {"--gender"});
  ExpectBadInput({"count", f, "--rule", "block", "--gender", "7=f"}, {"--gender"});
}

TEST(CliTest, MissingWomenFile) {
  const std::string w = Fixture("no_such_women.txt");
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "block", "--women", w, "--women-min", "1"},
                 {w, "--women"});
}

TEST(CliTest, BadGroupSpecs) {
  const std::string f = Fixture("three_seats.blt");
  ExpectBadInput({"count", f, "--rule", "block", "--group", "x:1"}, {"--group"});
  ExpectBadInput({"count", f, "--rule", "block", "--group", "x:a:2:1|2"}, {"--group"});
  ExpectBadInput({"count", f, "--rule", "block", "--group", "x:1:2:Nobody"}, {"--group", "Nobody"});
  ExpectBadInput({"count", f, "--rule", "block", "--group", "x:2:1:1|2|3"}, {"x"});
  ExpectBadInput({"count", f, "--rule", "block", "--group", "x:3::1|2"}, {"x"});
}

TEST(CliTest, BadSeats) {
  const std::string f = Fixture("three_seats.blt");
  ExpectBadInput({"count", f, "--rule", "block", "--seats", "0"}, {"--seats"});
  ExpectBadInput({"count", f, "--rule", "block", "--seats", "-2"}, {"--seats"});
  ExpectBadInput({"count", f, "--rule", "block", "--seats", "two"}, {"--seats"});
  ExpectBadInput({"count", f, "--rule", "block", "--seats", "99999999999999999999"}, {"--seats"});
  ExpectBadInput({"count", f, "--rule", "block", "--seats", "7"}, {"seats"});
  ExpectBadInput({"count", f, "--rule", "wigm", "--seats", "7"}, {"seats"});
}

TEST(CliTest, IrvRefusesSeveralSeats) {
  ExpectBadInput({"count", Fixture("three_seats.blt"), "--rule", "irv"}, {"irv", "seats"});
}

// ---------------------------------------------------------------- output

void ExpectJsonContract(const nlohmann::json& j, const std::string& rule, int seats,
                        const std::vector<std::string>& candidates) {
  ASSERT_TRUE(j.is_object());
  for (const char* key : {"rule", "seats", "quota", "elected", "final_votes", "stages"}) {
    EXPECT_TRUE(j.contains(key)) << "no key '" << key << "' in " << j.dump().substr(0, 500);
  }
  if (!j.contains("rule")) return;
  EXPECT_EQ(j["rule"], rule);
  EXPECT_EQ(j["seats"], seats);
  EXPECT_TRUE(j["quota"].is_string());
  ASSERT_TRUE(j["elected"].is_array());
  ASSERT_TRUE(j["final_votes"].is_object());
  ASSERT_TRUE(j["stages"].is_array());
  const std::set<std::string> names(candidates.begin(), candidates.end());
  std::set<std::string> seen;
  for (const auto& e : j["elected"]) {
    ASSERT_TRUE(e.is_string());
    EXPECT_TRUE(names.count(e.get<std::string>())) << e;
    EXPECT_TRUE(seen.insert(e.get<std::string>()).second) << "elected twice: " << e;
  }
  EXPECT_LE(j["elected"].size(), static_cast<size_t>(seats));
  for (const auto& [name, votes] : j["final_votes"].items()) {
    EXPECT_TRUE(names.count(name)) << name;
    EXPECT_TRUE(votes.is_string()) << name;
  }
}

const std::vector<std::string> kThreeSeatNames = {kAlice, kBob, kCarol, kDave, kErin, kFrank};

TEST(CliTest, JsonContractBlock) {
  RunResult raw;
  const auto j = CountJson({"count", Fixture("three_seats.blt"), "--rule", "block", "--json"}, &raw);
  EXPECT_TRUE(raw.err.empty()) << Describe(raw);
  ExpectJsonContract(j, "block", 3, kThreeSeatNames);
  // Marks: Carol 43, Alice 38, Bob 30, Dave 29, Erin 27, Frank 13.
  const auto elected = Elected(j);
  EXPECT_EQ(std::set<std::string>(elected.begin(), elected.end()), (std::set<std::string>{kCarol, kAlice, kBob}));
  EXPECT_EQ(j["final_votes"].size(), 6u);
  EXPECT_EQ(j["title"], "Three seats, six candidates");
}

TEST(CliTest, JsonContractFptpAndSeatsOverride) {
  const auto j = CountJson({"count", Fixture("three_seats.blt"), "--rule", "fptp", "--seats", "2", "--json"});
  ExpectJsonContract(j, "fptp", 2, kThreeSeatNames);
  // First preferences: Alice 38, Carol 20, Dave 15, Erin 14, Frank 13.
  const auto elected = Elected(j);
  EXPECT_EQ(std::set<std::string>(elected.begin(), elected.end()), (std::set<std::string>{kAlice, kCarol}));
}

TEST(CliTest, FeasibleWomenMinimumIsAccepted) {
  // Bob and Dave are the women; block's top three (Carol, Alice, Bob)
  // already include one, so the result stands.
  const auto j = CountJson({"count", Fixture("three_seats.blt"), "--rule", "block", "--gender", "2=f,Dave Davies=f",
                            "--women-min", "1", "--json"});
  ExpectJsonContract(j, "block", 3, kThreeSeatNames);
  const auto elected = Elected(j);
  EXPECT_EQ(std::set<std::string>(elected.begin(), elected.end()), (std::set<std::string>{kCarol, kAlice, kBob}));
  ASSERT_TRUE(j.contains("candidates"));
  EXPECT_EQ(j["candidates"][1]["gender"], "f");
  EXPECT_FALSE(j["candidates"][0].contains("gender"));  // not given: unknown
}

TEST(CliTest, TextOutputByDefault) {
  const RunResult r = RunNecsim({"count", Fixture("three_seats.blt"), "--rule", "block"});
  EXPECT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(r.err.empty()) << Describe(r);
  EXPECT_TRUE(Contains(r.out, kCarol)) << Describe(r);
  EXPECT_TRUE(Contains(r.out, kAlice)) << Describe(r);
}

TEST(CliTest, ReadsExtensionsFixture) {
  const auto j = CountJson({"count", Fixture("extensions.blt"), "--rule", "block", "--json"});
  ExpectJsonContract(j, "block", 2, {"Ann", "Ben", "Cat", "Dan", "Eve"});
  for (const auto& e : Elected(j)) {
    EXPECT_NE(e, "Ben") << "withdrawn";
    EXPECT_NE(e, "Eve") << "withdrawn";
  }
  ASSERT_TRUE(j.contains("candidates"));
  EXPECT_EQ(j["candidates"][1]["withdrawn"], true);
  EXPECT_EQ(j["candidates"][4]["withdrawn"], true);
}

TEST(CliTest, CrlfFixtureCounts) {
  const auto j = CountJson({"count", Fixture("crlf.blt"), "--rule", "block", "--json"});
  ExpectJsonContract(j, "block", 2, {"Castor", "Pollux", "Helen"});
}

// ---------------------------------------------------------------- results
// Hand counts of the fixtures (see the comments in each file). These pass
// once the rules are implemented.

class CliRuleResults : public ::testing::TestWithParam<const char*> {};

// Every rule that fills several seats gives three_seats.blt the same winners.
TEST_P(CliRuleResults, ThreeSeatsWinners) {
  const std::string rule = GetParam();
  const auto j = CountJson({"count", Fixture("three_seats.blt"), "--rule", rule, "--json"});
  ExpectJsonContract(j, rule, 3, kThreeSeatNames);
  const auto elected = Elected(j);
  EXPECT_EQ(std::set<std::string>(elected.begin(), elected.end()), (std::set<std::string>{kAlice, kCarol, kErin}))
      << j.dump(1).substr(0, 3000);
  ASSERT_TRUE(j["quota"].is_string());
  EXPECT_FALSE(j["quota"].get<std::string>().empty());
  EXPECT_FALSE(j["stages"].empty());
  EXPECT_EQ(j["final_votes"].size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(Stv, CliRuleResults, ::testing::Values("scottish", "ers97", "meek", "warren", "wigm"));

// WIGM and the Scottish rules also agree on the order: Alice at stage 1 (38
// votes), Erin once Bob and then Frank are excluded (14 + 13 = 27 >= quota),
// Carol last.
TEST(CliRuleResultsOrder, ThreeSeatsOrderWigmAndScottish) {
  for (const char* rule : {"wigm", "scottish"}) {
    SCOPED_TRACE(rule);
    const auto j = CountJson({"count", Fixture("three_seats.blt"), "--rule", rule, "--json"});
    EXPECT_EQ(Elected(j), (std::vector<std::string>{kAlice, kErin, kCarol})) << j.dump(1).substr(0, 3000);
  }
}

TEST(CliRuleResultsOrder, ScottishQuotaIsDroop) {
  // floor(100 / (3 + 1)) + 1 = 26, printed to 5 decimal places.
  const auto j = CountJson({"count", Fixture("three_seats.blt"), "--rule", "scottish", "--json"});
  EXPECT_EQ(j.value("quota", ""), "26.00000");
}

TEST(CliRuleResultsOrder, SingleSeatIrvAndFptp) {
  // FPTP: Ann 35 of 100. IRV: Dan (15) then Cat (20) excluded, both to Ben, who wins with 65.
  const auto fptp = CountJson({"count", Fixture("single_seat.blt"), "--rule", "fptp", "--json"});
  ExpectJsonContract(fptp, "fptp", 1, {"Ann", "Ben", "Cat", "Dan"});
  EXPECT_EQ(Elected(fptp), (std::vector<std::string>{"Ann"}));
  const auto irv = CountJson({"count", Fixture("single_seat.blt"), "--rule", "irv", "--json"});
  ExpectJsonContract(irv, "irv", 1, {"Ann", "Ben", "Cat", "Dan"});
  EXPECT_EQ(Elected(irv), (std::vector<std::string>{"Ben"}));
  const auto stv = CountJson({"count", Fixture("single_seat.blt"), "--rule", "wigm", "--json"});
  EXPECT_EQ(Elected(stv), (std::vector<std::string>{"Ben"}));
}

// ---------------------------------------------------------------- many groups

class CliConstraintGroups : public necsim_test::TempDirTest {
 protected:
  // A BLT of `n` candidates ("Candidate 1"...) and `seats` seats with
  // `ballots` ballots: preferences drawn without replacement, candidates of
  // the regions r with r % 4 == 0 (region of candidate c: c % 20) weighted 7x,
  // each ballot stopping after a preference with probability 0.2.
  std::string WriteElection(int n, int seats, int ballots) {
    std::mt19937 rng(18);
    std::ostringstream blt;
    blt << n << " " << seats << "\n";
    for (int v = 0; v < ballots; ++v) {
      std::vector<int> left(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) left[c] = c;
      blt << "1";
      while (!left.empty()) {
        double total = 0;
        for (int c : left) total += (c % 20) % 4 == 0 ? 7 : 1;
        double r = std::uniform_real_distribution<double>(0, total)(rng);
        size_t j = 0;
        for (; j + 1 < left.size(); ++j) {
          r -= (left[j] % 20) % 4 == 0 ? 7 : 1;
          if (r <= 0) break;
        }
        blt << " " << left[j] + 1;
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(j));
        if (std::uniform_real_distribution<double>(0, 1)(rng) < 0.2) break;
      }
      blt << " 0\n";
    }
    blt << "0\n";
    for (int c = 0; c < n; ++c) blt << "\"Candidate " << c + 1 << "\"\n";
    blt << "\"Generated, " << n << " candidates\"\n";
    return WriteFile("election.blt", blt.str());
  }
};

// Issue 18: 200 candidates, 40 seats, 20 regions with at most 2 elected from
// each (so exactly 2) and 1,000 ballots. The oracle's search over signatures
// took over a minute on this count; the regions are one laminar family,
// decided by a max-flow.
TEST_F(CliConstraintGroups, TwentyRegionCapsOnFortySeatsComplete) {
  const std::string blt = WriteElection(200, 40, 1000);
  std::vector<std::string> args = {"count", blt, "--rule", "ers97", "--json"};
  for (int r = 0; r < 20; ++r) {
    std::ostringstream spec;
    spec << "region " << r + 1 << "::2:";
    for (int c = r; c < 200; c += 20) spec << (c == r ? "" : "|") << c + 1;
    args.push_back("--group");
    args.push_back(spec.str());
  }
  const auto j = CountJson(args);
  const auto elected = Elected(j);
  ASSERT_EQ(elected.size(), 40u) << j.dump(1).substr(0, 3000);
  std::map<int, int> per_region;
  for (const auto& name : elected) {
    ASSERT_EQ(name.rfind("Candidate ", 0), 0u) << name;
    ++per_region[(std::stoi(name.substr(10)) - 1) % 20];
  }
  for (const auto& [region, count] : per_region) EXPECT_LE(count, 2) << "region " << region + 1;
  EXPECT_EQ(j.value("constraints_acted", false), true);  // the favoured regions' caps bite
}

// Groups crossing in an odd cycle are decided by a search over signatures,
// refused before counting when that search is too large.
TEST_F(CliConstraintGroups, CrossingGroupsBeyondTheLimitExitTwo) {
  const std::string blt = WriteElection(80, 20, 50);
  std::vector<std::string> args = {"count", blt, "--rule", "ers97"};
  for (int b = 0; b < 3; ++b) {
    std::ostringstream spec;
    spec << "g" << b << ":0::";
    for (int c = 0; c < 80; ++c) {
      if ((c % 8) >> b & 1) spec << c + 1 << "|";
    }
    args.push_back("--group");
    args.push_back(spec.str());
  }
  ExpectBadInput(args, {"constraints", "cross in more than two families", "at most 10000000"});
}

// ---------------------------------------------------------------- several files

// tests/fixtures/count_table: two good files (a_, c_), one bad (b_: candidate
// 4 of 3 at line 4, column 5) and a file that is not *.blt.
const std::string kTable = kFixtures + "/count_table";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CliCountTable, FolderAsCsvCountsTheGoodFilesAndReportsTheBad) {
  const RunResult r = RunNecsim({"count", kTable, "--rule", "scottish", "--csv"});
  EXPECT_EQ(r.code, 3) << Describe(r);
  const auto rows = Lines(r.out);
  ASSERT_EQ(rows.size(), 1u + 6 + 4) << Describe(r);
  EXPECT_EQ(rows[0], "file,rule,seats,candidate,slate,elected,order,final_votes");
  const std::string a = kTable + "/a_three_seats.blt", c = kTable + "/c_single_seat.blt";
  EXPECT_EQ(rows[1], a + ",scottish,3,Alice Adams,,true,1,26.00000");
  EXPECT_EQ(rows[2], a + ",scottish,3,Bob Brown,,false,,0.00000");
  EXPECT_EQ(rows[5], a + ",scottish,3,Erin \xC3\x93 Briain,,true,2,26.00000");
  EXPECT_EQ(rows[7], c + ",scottish,1,Ann,,false,,35.00000");
  EXPECT_EQ(rows[8], c + ",scottish,1,Ben,,true,1,65.00000");
  EXPECT_TRUE(Contains(r.err, kTable + "/b_bad_range.blt:4:5: ballot: candidate number 4 is out of range"))
      << Describe(r);
  EXPECT_TRUE(Contains(r.err, "1 of 3 files not counted")) << Describe(r);
  EXPECT_FALSE(Contains(r.out + r.err, "notes.txt")) << Describe(r);
}

TEST(CliCountTable, FilesAsJsonLines) {
  const RunResult r = RunNecsim({"count", Fixture("single_seat.blt"), Fixture("three_seats.blt"), "--rule", "irv",
                                 "--json", "--seats", "1"});
  EXPECT_EQ(r.code, 0) << Describe(r);
  const auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << Describe(r);
  const auto first = nlohmann::json::parse(lines[0], nullptr, false);
  const auto second = nlohmann::json::parse(lines[1], nullptr, false);
  ASSERT_FALSE(first.is_discarded() || second.is_discarded()) << Describe(r);
  EXPECT_EQ(first["file"], Fixture("single_seat.blt"));
  EXPECT_EQ(Elected(first), std::vector<std::string>{"Ben"});
  EXPECT_EQ(second["file"], Fixture("three_seats.blt"));
  EXPECT_EQ(second["rule"], "irv");
  // The same object as the single file's --json, plus "file".
  auto single = CountJson({"count", Fixture("single_seat.blt"), "--rule", "irv", "--seats", "1", "--json"});
  auto table = first;
  table.erase("file");
  EXPECT_EQ(table, single);
}

TEST(CliCountTable, OutWritesTheTable) {
  necsim_test::ScratchDir dir;
  const std::string out = dir.Write("table.csv", "old");
  const RunResult plain = RunNecsim({"count", kTable, "--rule", "fptp", "--csv"});
  const RunResult refused = RunNecsim({"count", kTable, "--rule", "fptp", "--csv", "--out", out});
  EXPECT_EQ(refused.code, 2) << Describe(refused);
  const RunResult r = RunNecsim({"count", kTable, "--rule", "fptp", "--csv", "--out", out, "--force"});
  EXPECT_EQ(r.code, 3) << Describe(r);
  EXPECT_TRUE(r.out.empty()) << Describe(r);
  std::ifstream in(out, std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, plain.out);
  EXPECT_TRUE(Contains(r.err, "b_bad_range.blt:4:5")) << Describe(r);
}

TEST(CliCountTable, SeveralFilesNeedCsvOrJson) {
  ExpectBadInput({"count", Fixture("single_seat.blt"), Fixture("three_seats.blt"), "--rule", "fptp"},
                 {"--csv or --json"});
  ExpectBadInput({"count", Fixture("single_seat.blt"), "--rule", "fptp", "--csv"}, {"--csv"});
}

}  // namespace

// ---------------------------------------------------------------- ties

namespace {

// Wichmann's example (Voting Matters 12): under meek X, Y and Z are tied
// within the total surplus; procedure T defeats the first in the file's
// order (X) and Y is elected, whatever the seed. --tie-order changes the
// order: with Z listed first, Z is defeated first.
TEST(CliTies, MeekProcedureTAndTieOrder) {
  const std::string f = Fixture("wichmann_vm12.blt");
  for (const char* seed : {"1", "2", "99"}) {
    const nlohmann::json j = CountJson({"count", f, "--rule", "meek", "--json", "--seed", seed});
    std::vector<std::string> elected = Elected(j);
    std::sort(elected.begin(), elected.end());
    EXPECT_EQ(elected, (std::vector<std::string>{"A", "B", "Y"})) << "seed " << seed;
    EXPECT_EQ(j.value("ties_by_lot", -1), 0);
  }
  const nlohmann::json z = CountJson({"count", f, "--rule", "meek", "--json", "--tie-order", "Z,X,Y"});
  std::vector<std::string> elected = Elected(z);
  EXPECT_EQ(std::count(elected.begin(), elected.end(), "Z"), 0) << z.dump();
  // By number, as --gender takes them.
  EXPECT_EQ(Elected(CountJson({"count", f, "--rule", "meek", "--json", "--tie-order", "5,3,4"})), elected);
}

// A lot becomes an order: the FPTP tie below goes by lot, and --tie-order
// settles it with no lot drawn (the first listed loses).
class CliTieOrder : public necsim_test::TempDirTest {};

TEST_F(CliTieOrder, ReplacesLots) {
  const std::string f = WriteFile("tie.blt", "3 1\n5 1 0\n5 2 0\n3 3 0\n0\n\"Ann\"\n\"Ben\"\n\"Cat\"\n\"tie\"\n");
  nlohmann::json j = CountJson({"count", f, "--rule", "fptp", "--json"});
  EXPECT_EQ(j.value("ties_by_lot", -1), 1);
  j = CountJson({"count", f, "--rule", "fptp", "--json", "--tie-order", "Ann,Ben"});
  EXPECT_EQ(Elected(j), (std::vector<std::string>{"Ben"}));
  EXPECT_EQ(j.value("ties_by_lot", -1), 0);
  j = CountJson({"count", f, "--rule", "fptp", "--json", "--tie-order", "Ben"});
  EXPECT_EQ(Elected(j), (std::vector<std::string>{"Ann"}));
}

TEST(CliTies, BadTieOrder) {
  const std::string f = Fixture("wichmann_vm12.blt");
  ExpectBadInput({"count", f, "--rule", "meek", "--tie-order", "X,Nobody"}, {"--tie-order", "Nobody"});
  ExpectBadInput({"count", f, "--rule", "meek", "--tie-order", "X,3"}, {"--tie-order", "X is listed twice"});
  ExpectBadInput({"count", f, "--rule", "meek", "--tie-order", ","}, {"--tie-order"});
}

}  // namespace

// ---------------------------------------------------------------- BLT layouts

// Text after the title is ignored with a note on stderr; the count goes on.
TEST(CliBltLayouts, TextAfterTitleIsANote) {
  const RunResult r = RunNecsim({"count", Fixture("extra_after_title.blt"), "--rule", "wigm"});
  EXPECT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "note:")) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "line 9")) << Describe(r);
}

// Names not quoted and padded, with party labels: the JSON gives each
// candidate's slate and the name without the label.
TEST(CliBltLayouts, UnquotedLabelledNamesGiveSlates) {
  const nlohmann::json j = CountJson({"count", Fixture("unquoted_names.blt"), "--rule", "scottish", "--json"});
  ASSERT_TRUE(j.contains("candidates")) << j.dump();
  EXPECT_EQ(j["candidates"][0]["name"], "Yvonne ALLAN");
  EXPECT_EQ(j["candidates"][0]["slate"], "Lab");
  EXPECT_EQ(j["candidates"][2]["name"], "Mary Ann McDONALD");
  EXPECT_EQ(j["title"], "Ward 3 - Riverside");
}

TEST(CliBltLayouts, DoubledQuoteNamesGiveSlates) {
  const nlohmann::json j = CountJson({"count", Fixture("doubled_quotes.blt"), "--rule", "scottish", "--json"});
  ASSERT_TRUE(j.contains("candidates")) << j.dump();
  EXPECT_EQ(j["candidates"][0]["name"], "Barney CROCKETT");
  EXPECT_EQ(j["candidates"][0]["slate"], "Lab");
  EXPECT_EQ(j["candidates"][1]["slate"], "SNP");
  EXPECT_EQ(j["title"], "Ward 1 - Dyce");
}
