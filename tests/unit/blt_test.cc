// The BLT reader: valid files and Droop's extensions, and every class of bad
// input rejected with the line, column and field at fault.
#include "ballots/blt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace necsim {
namespace {

const std::string kFixtures = NECSIM_FIXTURES_DIR;

std::vector<std::string> Names(const Election& e) {
  std::vector<std::string> out;
  for (const auto& c : e.candidates) out.push_back(c.name);
  return out;
}

// ---------------------------------------------------------------- valid input

TEST(BltTest, ReadsSmallElection) {
  auto r = ParseBlt("3 2\n4 1 2 0\n2 3 0\n0\n\"Castor\"\n\"Pollux\"\n\"Helen\"\n\"Title\"\n", "t.blt");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->source, "t.blt");
  EXPECT_EQ(r->seats, 2);
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"Castor", "Pollux", "Helen"}));
  EXPECT_EQ(r->title, "Title");
  ASSERT_EQ(r->ballots.size(), 2u);
  EXPECT_EQ(r->ballots[0].weight, 4);
  EXPECT_EQ(r->ballots[0].prefs, (std::vector<CandidateId>{0, 1}));
  EXPECT_EQ(r->ballots[1].weight, 2);
  EXPECT_EQ(r->ballots[1].prefs, (std::vector<CandidateId>{2}));
  EXPECT_EQ(r->total_ballots(), 6);
  EXPECT_TRUE(r->tie_order.empty());
  for (const auto& c : r->candidates) EXPECT_FALSE(c.withdrawn);
}

TEST(BltTest, TitleIsOptional) {
  auto r = ParseBlt("2 1\n1 1 0\n0\n\"A\"\n\"B\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->title, "");
}

TEST(BltTest, ReadsThreeSeatFixtureWithSpacesAndUtf8Names) {
  auto r = ReadBltFile(kFixtures + "/three_seats.blt");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->seats, 3);
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"Alice Adams", "Bob Brown", "Carol \xC3\x87" "elik",
                                                 "Dave Davies", "Erin \xC3\x93 Briain", "Frank F\xC3\xBCrst"}));
  EXPECT_EQ(r->title, "Three seats, six candidates");
  EXPECT_EQ(r->ballots.size(), 6u);
  EXPECT_EQ(r->total_ballots(), 100);
}

// Runs of spaces inside a name are one space in every output; none at the ends.
TEST(BltTest, CollapsesSpacesInsideNames) {
  auto r = ParseBlt("2 1\n1 1 0\n0\n\"Ellen   Hurcombe\"\n\"Kieran  Wild \"\n\"A # not a comment\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"Ellen Hurcombe", "Kieran Wild"}));
  EXPECT_EQ(r->title, "A # not a comment");
}

TEST(BltTest, NamesMayShareLines) {
  auto r = ParseBlt("3 1\n1 1 0\n0\n\"A\" \"B\"\n\"C\" \"Title\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(r->title, "Title");
}

TEST(BltTest, CommentsBlankLinesCrlfAndBom) {
  const std::string text =
      "\xEF\xBB\xBF# a comment\r\n\r\n3 2   # header\r\n4 1 2 0\r\n\t2 3 0\r\n0\r\n"
      "\"Castor\"\r\n\"Pollux\"\r\n\"Helen\"\r\n";
  auto r = ParseBlt(text, "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"Castor", "Pollux", "Helen"}));
  EXPECT_EQ(r->total_ballots(), 6);

  auto f = ReadBltFile(kFixtures + "/crlf.blt");
  ASSERT_TRUE(f.ok()) << f.error().ToString();
  EXPECT_EQ(f->title, "CRLF line ends");
}

TEST(BltTest, FileWithoutFinalNewline) {
  auto r = ParseBlt("2 1\n1 1 0\n0\n\"A\"\n\"B\"", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"A", "B"}));
}

TEST(BltTest, RepeatedCandidateCountsAtFirstRankingOnly) {
  auto r = ParseBlt("3 1\n2 1 2 1 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->ballots[0].prefs, (std::vector<CandidateId>{0, 1, 2}));
}

TEST(BltTest, EmptyBallotIsKept) {
  auto r = ParseBlt("2 1\n3 0\n1 2 0\n0\n\"A\"\n\"B\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->ballots.size(), 2u);
  EXPECT_TRUE(r->ballots[0].prefs.empty());
  EXPECT_EQ(r->total_ballots(), 4);
}

TEST(BltTest, WithdrawnLineRemovesCandidateFromPreferences) {
  auto r = ParseBlt("4 2\n-2 -4\n3 2 1 4 3 0\n1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_FALSE(r->candidates[0].withdrawn);
  EXPECT_TRUE(r->candidates[1].withdrawn);
  EXPECT_FALSE(r->candidates[2].withdrawn);
  EXPECT_TRUE(r->candidates[3].withdrawn);
  EXPECT_EQ(r->ballots[0].prefs, (std::vector<CandidateId>{0, 2}));
  EXPECT_TRUE(r->ballots[1].prefs.empty());
  EXPECT_EQ(r->total_ballots(), 4);  // withdrawals keep the ballot, only drop the preference
}

TEST(BltTest, WithdrawnOptionMatchesMinusKLine) {
  const std::string body = "3 2 1 4 3 0\n1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"D\"\n";
  auto a = ParseBlt("4 2\n-2\n-4\n" + body, "t");
  auto b = ParseBlt("4 2\n[withdrawn 2 4]\n" + body, "t");
  auto c = ParseBlt("4 2\n[ withdrawn 2 ]\n-4\n" + body, "t");
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  for (const auto* e : {&*a, &*b, &*c}) {
    EXPECT_TRUE(e->candidates[1].withdrawn);
    EXPECT_TRUE(e->candidates[3].withdrawn);
    EXPECT_EQ(e->ballots[0].prefs, (std::vector<CandidateId>{0, 2}));
  }
}

TEST(BltTest, TieOption) {
  auto r = ParseBlt("3 2\n[tie 3 2 1 ]\n4 1 2 0\n2 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->tie_order, (std::vector<CandidateId>{2, 1, 0}));
}

TEST(BltTest, ExtensionsFixture) {
  auto r = ReadBltFile(kFixtures + "/extensions.blt");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->seats, 2);
  EXPECT_EQ(Names(*r), (std::vector<std::string>{"Ann", "Ben", "Cat", "Dan", "Eve"}));
  EXPECT_TRUE(r->candidates[1].withdrawn);   // -2
  EXPECT_TRUE(r->candidates[4].withdrawn);   // [withdrawn 5]
  EXPECT_FALSE(r->candidates[0].withdrawn);
  EXPECT_EQ(r->tie_order, (std::vector<CandidateId>{3, 2, 0}));
  ASSERT_EQ(r->ballots.size(), 4u);
  // (a) 3 2 1 2 3 0: Ben withdrawn, the second Ben ignored.
  EXPECT_EQ(r->ballots[0].weight, 3);
  EXPECT_EQ(r->ballots[0].prefs, (std::vector<CandidateId>{0, 2}));
  // (b) 2 1 1 4 0: the repeated Ann ignored.
  EXPECT_EQ(r->ballots[1].prefs, (std::vector<CandidateId>{0, 3}));
  // 1 5 0: only a withdrawn candidate, so an empty ballot.
  EXPECT_TRUE(r->ballots[2].prefs.empty());
  EXPECT_EQ(r->ballots[3].prefs, (std::vector<CandidateId>{2}));
  EXPECT_EQ(r->total_ballots(), 8);
}

TEST(BltTest, ManyCandidatesUpToTheLimit) {
  const int n = 10000;
  std::string text = std::to_string(n) + " 3\n1";
  for (int c = n; c >= 1; --c) {
    text += ' ';
    text += std::to_string(c);
  }
  text += " 0\n0\n";
  for (int c = 1; c <= n; ++c) {
    text += "\"C";
    text += std::to_string(c);
    text += "\"\n";
  }
  auto r = ParseBlt(text, "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->num_candidates(), n);
  EXPECT_EQ(r->ballots[0].prefs.size(), static_cast<size_t>(n));
  EXPECT_EQ(r->ballots[0].prefs.front(), n - 1);
}

TEST(BltTest, LargestAllowedWeights) {
  auto r = ParseBlt("2 1\n1000000000 1 0\n0\n\"A\"\n\"B\"\n", "t");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->total_ballots(), 1000000000);
  auto z = ParseBlt("2 1\n+0003 1 0\n0\n\"A\"\n\"B\"\n", "t");
  ASSERT_TRUE(z.ok()) << z.error().ToString();
  EXPECT_EQ(z->ballots[0].weight, 3);
}

// ---------------------------------------------------------------- bad input

struct BadCase {
  const char* label;
  std::string text;
  int line;
  int column;
  const char* field;
  const char* message_part;
};

class BltErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BltErrorTest, RejectsWithLineColumnAndField) {
  const BadCase& c = GetParam();
  Result<Election> r = MakeError("unset");
  ASSERT_NO_THROW(r = ParseBlt(c.text, "in.blt"));
  ASSERT_FALSE(r.ok()) << c.label << ": accepted";
  const Error& e = r.error();
  EXPECT_EQ(e.file, "in.blt");
  EXPECT_EQ(e.line, c.line) << e.ToString();
  EXPECT_EQ(e.column, c.column) << e.ToString();
  EXPECT_EQ(e.field, c.field) << e.ToString();
  EXPECT_NE(e.message.find(c.message_part), std::string::npos) << e.ToString();
  EXPECT_LT(e.message.size(), 300u) << "messages quote at most a short piece of the input";
  const std::string prefix = "in.blt:" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": " + c.field + ": ";
  EXPECT_EQ(e.ToString().rfind(prefix, 0), 0u) << e.ToString();
}

const std::string kNames3 = "\"A\"\n\"B\"\n\"C\"\n";
const std::string kHugeDigits(100000, '9');

INSTANTIATE_TEST_SUITE_P(
    Errors, BltErrorTest,
    ::testing::Values(
        // Header.
        BadCase{"empty", "", 1, 1, "header", "empty"},
        BadCase{"blank", "\n  \n# only a comment\n", 3, 1, "header", "empty"},
        BadCase{"header one number", "3\n1 1 0\n0\n" + kNames3, 1, 1, "header", "two numbers"},
        BadCase{"header three numbers", "3 2 1\n1 1 0\n0\n" + kNames3, 1, 5, "header", "found 3"},
        BadCase{"header word", "three 2\n", 1, 1, "candidates", "must be a number"},
        BadCase{"header seats word", "3 two\n", 1, 3, "seats", "must be a number"},
        BadCase{"header fractional", "3 1.5\n", 1, 3, "seats", "whole number"},
        BadCase{"header negative", "-3 2\n", 1, 1, "candidates", "negative"},
        BadCase{"zero candidates", "0 0\n", 1, 1, "candidates", "at least one candidate"},
        BadCase{"zero seats", "3 0\n", 1, 3, "seats", "at least one seat"},
        BadCase{"more seats than candidates", "3 4\n", 1, 3, "seats", "4 seats but only 3"},
        BadCase{"too many candidates", "10001 2\n", 1, 1, "candidates", "too large"},
        BadCase{"huge candidate count", kHugeDigits + " 2\n", 1, 1, "candidates", "too large"},
        // Withdrawn and options.
        BadCase{"withdrawn out of range", "3 2\n-4\n1 1 0\n0\n" + kNames3, 2, 1, "withdrawn", "out of range"},
        BadCase{"withdrawn zero", "3 2\n-0\n1 1 0\n0\n" + kNames3, 2, 1, "withdrawn", "out of range"},
        BadCase{"withdrawn word", "3 2\n-x\n1 1 0\n0\n" + kNames3, 2, 1, "withdrawn", "candidate number"},
        BadCase{"withdrawn mixed", "3 2\n-1 2\n1 1 0\n0\n" + kNames3, 2, 4, "withdrawn", "'-k'"},
        BadCase{"too many withdrawn", "3 2\n-1 -2\n1 3 0\n0\n" + kNames3, 1, 3, "withdrawn",
                "only 1 candidates remain"},
        BadCase{"withdrawn after ballots", "3 2\n1 1 0\n-2\n0\n" + kNames3, 3, 1, "ballots", "before the first ballot"},
        BadCase{"option after ballots", "3 2\n1 1 0\n[tie 1 2 3]\n0\n" + kNames3, 3, 1, "ballots",
                "before the first ballot"},
        BadCase{"unknown option", "3 2\n[nick a b c]\n1 1 0\n0\n" + kNames3, 2, 2, "option", "[nick]"},
        BadCase{"unclosed option", "3 2\n[tie 1 2\n1 1 0\n0\n" + kNames3, 2, 1, "option", "option line"},
        BadCase{"empty option", "3 2\n[]\n", 2, 1, "option", "option line"},
        BadCase{"tie out of range", "3 2\n[tie 1 5]\n", 2, 8, "tie", "out of range"},
        BadCase{"tie twice", "3 2\n[tie 1 2 1]\n", 2, 10, "tie", "listed twice"},
        BadCase{"tie word", "3 2\n[tie 1 x]\n", 2, 8, "tie", "candidate number"},
        // Ballots.
        BadCase{"negative weight", "3 2\n4 1 2 0\n-2 3 0\n0\n" + kNames3, 3, 1, "weight", "negative"},
        BadCase{"negative weight first ballot", "3 2\n-2 3 0\n0\n" + kNames3, 2, 1, "weight", "negative"},
        BadCase{"word weight", "3 2\nfour 1 0\n0\n" + kNames3, 2, 1, "weight", "must be a number"},
        BadCase{"fractional weight", "3 2\n1.5 1 0\n0\n" + kNames3, 2, 1, "weight", "whole number"},
        BadCase{"exponent weight", "3 2\n1e3 1 0\n0\n" + kNames3, 2, 1, "weight", "whole number"},
        BadCase{"zero weight", "3 2\n0 1 0\n0\n" + kNames3, 2, 1, "weight", "weight 0"},
        BadCase{"weight too large", "3 2\n1000000001 1 0\n0\n" + kNames3, 2, 1, "weight", "too large"},
        BadCase{"huge weight digits", "3 2\n" + kHugeDigits + " 1 0\n0\n" + kNames3, 2, 1, "weight", "too large"},
        BadCase{"int64 overflow weight", "3 2\n9223372036854775808 1 0\n0\n" + kNames3, 2, 1, "weight",
                "too large"},
        BadCase{"total too large", "3 2\n600000000 1 0\n600000000 2 0\n0\n" + kNames3, 3, 1, "weight",
                "total ballot weight"},
        BadCase{"candidate too high", "3 2\n4 1 2 0\n2 3 4 0\n0\n" + kNames3, 3, 5, "ballot", "out of range"},
        BadCase{"candidate negative", "3 2\n2 -1 0\n0\n" + kNames3, 2, 3, "ballot", "out of range"},
        BadCase{"candidate huge", "3 2\n2 1 " + kHugeDigits + " 0\n0\n" + kNames3, 2, 5, "ballot", "out of range"},
        BadCase{"candidate word", "3 2\n2 1 x 0\n0\n" + kNames3, 2, 5, "ballot", "candidate number"},
        BadCase{"candidate fraction", "3 2\n2 1 2.0 0\n0\n" + kNames3, 2, 5, "ballot", "candidate number"},
        BadCase{"equal ranking", "3 2\n4 1=2 0\n0\n" + kNames3, 2, 3, "ballot", "equal rankings"},
        BadCase{"equal sign alone", "3 2\n4 1 = 2 0\n0\n" + kNames3, 2, 5, "ballot", "equal rankings"},
        BadCase{"skipped ranking", "3 2\n4 1 - 2 0\n0\n" + kNames3, 2, 5, "ballot", "skipped"},
        BadCase{"ballot without 0", "3 2\n4 1 2\n0\n" + kNames3, 2, 5, "ballot", "does not end with 0"},
        BadCase{"text after 0", "3 2\n4 1 0 2\n0\n" + kNames3, 2, 7, "ballot", "after the 0"},
        BadCase{"ballot id alone", "3 2\n(x)\n0\n" + kNames3, 2, 1, "ballot", "ballot id"},
        BadCase{"names before end", "3 2\n4 1 0\n" + kNames3, 3, 1, "ballots", "before the line '0'"},
        // Truncation.
        BadCase{"header only", "3 2\n", 1, 1, "ballots", "ends before the line '0'"},
        BadCase{"truncated mid ballot", "3 2\n4 1 2 0\n2 3", 3, 3, "ballot", "does not end with 0"},
        BadCase{"no end of ballots", "3 2\n4 1 2 0\n2 3 0\n", 3, 1, "ballots", "ends before the line '0'"},
        BadCase{"no names", "3 2\n4 1 2 0\n0\n", 3, 1, "names", "expected 3 candidate names, found 0"},
        BadCase{"too few names", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\"\n", 5, 1, "names", "found 2"},
        BadCase{"truncated name", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\"\n\"Hel", 6, 1, "names", "unterminated"},
        BadCase{"name over two lines", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\n\"\n\"C\"\n", 5, 1, "names", "unterminated"},
        BadCase{"unquoted name", "3 2\n4 1 2 0\n0\n\"A\"\nB\n\"C\"\n", 5, 1, "names", "quoted name"},
        BadCase{"number among names", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\"\n3 1 0\n", 6, 1, "names", "quoted name"},
        BadCase{"duplicate name", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\"\n\"A\"\n", 6, 1, "names", "appears twice"},
        BadCase{"empty name", "3 2\n4 1 2 0\n0\n\"A\"\n\"\"\n\"C\"\n", 5, 1, "names", "empty name"},
        BadCase{"invalid utf8", "3 2\n4 1 2 0\n0\n\"A\"\n\"P\xFFl\"\n\"C\"\n", 5, 3, "names", "UTF-8"},
        BadCase{"overlong utf8", "3 2\n4 1 2 0\n0\n\"A\"\n\"\xC0\xAF\"\n\"C\"\n", 5, 2, "names", "UTF-8"},
        BadCase{"surrogate utf8", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"\xED\xA0\x80\"\n", 7, 2, "names",
                "UTF-8"},
        BadCase{"control char", "3 2\n4 1 2 0\n0\n\"A\"\n\"B\x01\"\n\"C\"\n", 5, 3, "names", "control"},
        BadCase{"nul byte", std::string("3 2\n4 1\0 2 0\n0\n", 15) + kNames3, 2, 3, "ballot", "candidate number"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
      std::string s;
      for (char ch : std::string(info.param.label)) s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return s;
    });

TEST(BltTest, ErrorToStringNamesFileLineColumnFieldAndProblem) {
  auto r = ParseBlt("3 2\n4 1 2 0\n2 3 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n", "votes.blt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ToString(),
            "votes.blt:3:5: ballot: candidate number 4 is out of range (candidates are numbered 1 to 3)");
}

TEST(BltTest, MessagesQuoteUnprintableBytesEscaped) {
  auto r = ParseBlt("3 2\n\x01\x02x 1 0\n", "t");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("\\x01\\x02x"), std::string::npos) << r.error().message;
}

struct FixtureCase {
  const char* file;
  int line;
  const char* field;
};

TEST(BltTest, CorruptFixturesAreRejectedWithTheirLine) {
  const std::vector<FixtureCase> cases = {
      {"bad_empty.blt", 1, "header"},          {"bad_header.blt", 1, "header"},
      {"bad_truncated.blt", 3, "ballot"},      {"bad_no_end.blt", 3, "ballots"},
      {"bad_few_names.blt", 6, "names"},
      {"bad_range.blt", 3, "ballot"},          {"bad_negative_weight.blt", 3, "weight"},
      {"bad_weight_text.blt", 3, "weight"},    {"bad_huge.blt", 3, "weight"},
      {"bad_equal_rank.blt", 2, "ballot"},     {"bad_option.blt", 2, "option"},
      {"bad_utf8.blt", 6, "names"},
  };
  for (const auto& c : cases) {
    const std::string path = kFixtures + "/" + c.file;
    auto r = ReadBltFile(path);
    ASSERT_FALSE(r.ok()) << c.file;
    EXPECT_EQ(r.error().file, path);
    EXPECT_EQ(r.error().line, c.line) << r.error().ToString();
    EXPECT_GE(r.error().column, 1) << r.error().ToString();
    EXPECT_EQ(r.error().field, c.field) << r.error().ToString();
  }
}

TEST(BltTest, MissingFileAndDirectory) {
  auto r = ReadBltFile(kFixtures + "/no_such_file.blt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, kFixtures + "/no_such_file.blt");
  EXPECT_NE(r.error().message.find("cannot open"), std::string::npos);
  auto d = ReadBltFile(kFixtures);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("directory"), std::string::npos);
}

// Up to four random edits of `s` drawn from `gen`: a byte replaced or
// inserted (from characters BLT files give meaning to, and bytes that are
// not UTF-8), a few erased, or the text cut short.
std::string Corrupt(std::string s, std::mt19937& gen) {
  const std::string alphabet = "0123456789 -+[]()\"#=\n\r\t.e\xC3\xFF\x80";
  const int edits = 1 + static_cast<int>(gen() % 4);
  for (int k = 0; k < edits && !s.empty(); ++k) {
    const size_t at = gen() % s.size();
    const char ch = alphabet[gen() % alphabet.size()];
    switch (gen() % 4) {
      case 0: s[at] = ch; break;
      case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), ch); break;
      case 2: s.erase(at, 1 + gen() % 8); break;
      default: s.resize(at); break;
    }
  }
  return s;
}

// Thousands of corrupted variants of a valid file: each is either read or
// rejected with a position inside the text, and nothing throws.
TEST(BltTest, SurvivesRandomCorruption) {
  std::ifstream in(kFixtures + "/extensions.blt", std::ios::binary);
  const std::string base((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(base.empty());
  std::mt19937 gen(12345);
  int accepted = 0;
  for (int iter = 0; iter < 5000; ++iter) {
    const std::string s = Corrupt(base, gen);
    Result<Election> r = MakeError("unset");
    ASSERT_NO_THROW(r = ParseBlt(s, "fuzz"));
    if (r.ok()) {
      ++accepted;
      const int n = r->num_candidates();
      for (const auto& b : r->ballots) {
        EXPECT_GE(b.weight, 1);
        for (CandidateId c : b.prefs) {
          ASSERT_GE(c, 0);
          ASSERT_LT(c, n);
          EXPECT_FALSE(r->candidates[c].withdrawn);
        }
      }
    } else {
      const int lines = 1 + static_cast<int>(std::count(s.begin(), s.end(), '\n'));
      EXPECT_GE(r.error().line, 1) << r.error().ToString();
      EXPECT_LE(r.error().line, lines) << r.error().ToString();
      EXPECT_GE(r.error().column, 1) << r.error().ToString();
      EXPECT_FALSE(r.error().field.empty()) << r.error().ToString();
    }
  }
  EXPECT_GT(accepted, 0);
}

// Every reference file parses, and its ballot total matches expected.json.
TEST(BltTest, SharedReferenceFilesParseWithExpectedTotals) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(NECSIM_SHARED_DIR) / "reference" / "stv";
  if (!fs::is_directory(dir / "blt")) GTEST_SKIP() << "no " << dir.string() << "/blt (../shared absent)";
  std::map<std::string, int64_t> expected_total;
  std::map<std::string, int> expected_seats;
  std::ifstream js(dir / "expected.json");
  if (js) {
    const auto cases = nlohmann::json::parse(js, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(cases.is_discarded()) << "expected.json does not parse";
    for (const auto& c : cases) {
      if (!c.contains("blt")) continue;
      const std::string f = c["blt"].get<std::string>();
      if (c.contains("ballots") && c["ballots"].is_number_integer()) expected_total[f] = c["ballots"].get<int64_t>();
      if (c.contains("seats") && c["seats"].is_number_integer()) expected_seats[f] = c["seats"].get<int>();
    }
  }
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "blt")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".blt") continue;
    ++files;
    const std::string rel = fs::relative(entry.path(), dir / "blt").generic_string();
    auto r = ReadBltFile(entry.path().string());
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    if (auto it = expected_total.find(rel); it != expected_total.end()) {
      EXPECT_EQ(r->total_ballots(), it->second) << rel;
    }
    if (auto it = expected_seats.find(rel); it != expected_seats.end()) {
      EXPECT_EQ(r->seats, it->second) << rel;
    }
  }
  EXPECT_GT(files, 0);
}


// Plain ballot lines are read by a shortcut; a ballot id "(k)" sends a line
// through the general reader instead. Both must give the same ballots, with
// repeats, withdrawn candidates, leading zeros, tabs and CRLF line ends.
TEST(BltTest, PlainLinesReadAsTheGeneralReaderReadsThem) {
  std::mt19937 gen(2026);
  for (int n : {5, 30, 64, 65, 120}) {
    for (int round = 0; round < 20; ++round) {
      std::string plain = std::to_string(n) + " 3\n-2 -" + std::to_string(n) + "\n";
      std::string with_ids = plain;
      const int lines = 1 + static_cast<int>(gen() % 200);
      for (int l = 0; l < lines; ++l) {
        std::string line = std::to_string(1 + gen() % 1000);
        const int len = static_cast<int>(gen() % 12);
        for (int k = 0; k < len; ++k) {
          line += gen() % 9 ? " " : "\t ";
          const int c = 1 + static_cast<int>(gen() % static_cast<unsigned>(n));
          line += (gen() % 10 ? "" : "0") + std::to_string(c);
        }
        line += gen() % 5 ? " 0" : " 0 ";
        line += gen() % 4 ? "\n" : "\r\n";
        plain += line;
        with_ids += "(" + std::to_string(l) + ") " + line;
      }
      std::string tail = "0\n";
      for (int c = 1; c <= n; ++c) tail += "\"C" + std::to_string(c) + "\"\n";
      tail += "\"T\"\n";
      auto a = ParseBlt(plain + tail, "plain");
      auto b = ParseBlt(with_ids + tail, "ids");
      ASSERT_TRUE(a.ok()) << a.error().ToString();
      ASSERT_TRUE(b.ok()) << b.error().ToString();
      ASSERT_EQ(a->ballots.size(), b->ballots.size());
      for (size_t i = 0; i < a->ballots.size(); ++i) {
        EXPECT_EQ(a->ballots[i].weight, b->ballots[i].weight);
        EXPECT_EQ(a->ballots[i].prefs, b->ballots[i].prefs) << "ballot " << i << " of n=" << n;
      }
    }
  }
}

// The flat reader (ParseBltFlat) accepts and rejects what ParseBlt does, with
// the same messages, the same election and the same ballots in order.
void ExpectSameAsFlat(const std::string& text, const std::string& what) {
  auto v = ParseBlt(text, "x.blt");
  auto f = ParseBltFlat(text, "x.blt");
  ASSERT_EQ(v.ok(), f.ok()) << what << ": " << (v.ok() ? f.error().ToString() : v.error().ToString());
  if (!v.ok()) {
    EXPECT_EQ(v.error().ToString(), f.error().ToString()) << what;
    EXPECT_EQ(v.error().line, f.error().line) << what;
    EXPECT_EQ(v.error().column, f.error().column) << what;
    return;
  }
  const Election& a = *v;
  const Election& b = f->election;
  EXPECT_TRUE(b.ballots.empty()) << what;
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.title, b.title) << what;
  EXPECT_EQ(a.seats, b.seats) << what;
  EXPECT_EQ(a.tie_order, b.tie_order) << what;
  EXPECT_EQ(a.notes, b.notes) << what;
  ASSERT_EQ(a.candidates.size(), b.candidates.size()) << what;
  for (size_t k = 0; k < a.candidates.size(); ++k) {
    EXPECT_EQ(a.candidates[k].name, b.candidates[k].name) << what;
    EXPECT_EQ(a.candidates[k].slate, b.candidates[k].slate) << what;
    EXPECT_EQ(a.candidates[k].withdrawn, b.candidates[k].withdrawn) << what;
  }
  const FlatBallots& flat = f->ballots;
  ASSERT_EQ(a.ballots.size(), flat.size()) << what;
  EXPECT_EQ(a.total_ballots(), flat.total) << what;
  EXPECT_EQ(flat.prefs.size(), flat.size() + [&] {
    size_t n = 0;
    for (const Ballot& x : a.ballots) n += x.prefs.size();
    return n;
  }()) << what;
  for (size_t i = 0; i < flat.size(); ++i) {
    EXPECT_EQ(a.ballots[i].weight, flat.weight(i)) << what << ", ballot " << i;
    EXPECT_EQ(a.ballots[i].prefs, flat.Ranking(i)) << what << ", ballot " << i;
  }
}

// Lines at the edges of the plain-line shortcut (up to 64 candidates): each
// read as the general reader reads it with a ballot id in front (the same
// ballots, or the same error but for the column), at the end of the file with
// and without a final line end.
TEST(BltTest, PlainLineEdgesReadAsTheGeneralReaderReadsThem) {
  const std::vector<std::string> lines = {
      "1 0", "1 2 0", "1 2 0 ", " 1 2 0", "1\t2\t0", "1 2 0\r", "1 02 0", "1 002 0", "1 00 0", "1 2 00",
      "1 2 0 3", "1 2 0x", "1 2x 0", "1 2", "1", "01 2 0", "1 2 2 1 0", "1  3   1 0", "1 4 0", "1 2 0 # c",
      "1 2 0#c", "1000000000 1 0", "1000000001 1 0", "0001 3 0", std::string("1 2 \0 0", 7),
      std::string("1 2 0\0", 6), "1 -2 0", "1 2 = 3 0", "1 3 2 1 3 2 0",
  };
  const std::string names = "\"A\"\n\"B\"\n\"C\"\n";
  for (const std::string& line : lines) {
    for (const std::string& after : {std::string("\n0\n") + names, std::string("\n"), std::string()}) {
      auto a = ParseBlt("3 1\n" + line + after, "x.blt");
      auto b = ParseBlt("3 1\n(1) " + line + after, "x.blt");
      ASSERT_EQ(a.ok(), b.ok()) << "[" << line << "]: " << (a.ok() ? b.error().ToString() : a.error().ToString());
      if (a.ok()) {
        ASSERT_EQ(a->ballots.size(), b->ballots.size()) << line;
        for (size_t i = 0; i < a->ballots.size(); ++i) {
          EXPECT_EQ(a->ballots[i].weight, b->ballots[i].weight) << line;
          EXPECT_EQ(a->ballots[i].prefs, b->ballots[i].prefs) << line;
        }
      } else {
        EXPECT_EQ(a.error().message, b.error().message) << "[" << line << "]";
        EXPECT_EQ(a.error().field, b.error().field) << "[" << line << "]";
        EXPECT_EQ(a.error().line, b.error().line) << "[" << line << "]";
        EXPECT_LE(a.error().line, 3) << "[" << line << "]";
      }
      ExpectSameAsFlat("3 1\n" + line + after, "[" + line + "]");
    }
  }
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(BltTest, FlatReaderReadsEveryFixtureAsTheVectorReader) {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kFixtures)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".blt") continue;
    ++files;
    const std::string path = entry.path().string();
    ExpectSameAsFlat(ReadAll(path), path);
    auto v = ReadBltFile(path);
    auto f = ReadBltFileFlat(path);
    ASSERT_EQ(v.ok(), f.ok()) << path;
    if (!v.ok()) {
      EXPECT_EQ(v.error().ToString(), f.error().ToString());
    }
  }
  EXPECT_GE(files, 20);
  auto missing = ReadBltFileFlat(kFixtures + "/no_such_file.blt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().ToString(), ReadBltFile(kFixtures + "/no_such_file.blt").error().ToString());
}

// Random files of plain lines, lines with ids, tabs, CRLF, repeats,
// withdrawals, up to 120 candidates (both ways of dropping repeats); and
// random corruptions of them and of the extensions fixture.
TEST(BltTest, FlatReaderReadsRandomFilesAsTheVectorReader) {
  std::mt19937 gen(719);
  const auto corrupt = [&](const std::string& text) { return Corrupt(text, gen); };
  for (int n : {3, 30, 64, 65, 120}) {
    for (int round = 0; round < 30; ++round) {
      std::string text = std::to_string(n) + " 2\n";
      if (gen() % 2) text += "-2\n";
      if (gen() % 3 == 0) text += "[tie 2 1]\n";
      const int lines = static_cast<int>(gen() % 100);
      for (int l = 0; l < lines; ++l) {
        std::string line;
        if (gen() % 8 == 0) line.append("(").append(std::to_string(l)).append(") ");
        line.append(std::to_string(1 + gen() % 50));
        const int len = static_cast<int>(gen() % 14);
        for (int k = 0; k < len; ++k) {
          line += gen() % 9 ? " " : "\t ";
          line += std::to_string(1 + gen() % static_cast<unsigned>(n));
        }
        line += gen() % 6 ? " 0" : " 0 # note";
        line += gen() % 4 ? "\n" : "\r\n";
        text += line;
      }
      text += "0\n";
      for (int c = 1; c <= n; ++c) text += "\"C" + std::to_string(c) + "\"\n";
      text += "\"T\"\n";
      ExpectSameAsFlat(text, "n=" + std::to_string(n) + " round " + std::to_string(round));
      for (int k = 0; k < 10; ++k) ExpectSameAsFlat(corrupt(text), "corrupted, n=" + std::to_string(n));
    }
  }
  const std::string base = ReadAll(kFixtures + "/extensions.blt");
  ASSERT_FALSE(base.empty());
  for (int iter = 0; iter < 2000; ++iter) ExpectSameAsFlat(corrupt(base), "corrupted extensions.blt");
}

}  // namespace
}  // namespace necsim

namespace necsim {
namespace {

Election MustParse(const std::string& text) {
  auto r = ParseBlt(text, "t.blt");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? *r : Election{};
}

// Names not quoted, one per line, padded with runs of spaces; labels in
// brackets become slates; the title is the next line.
TEST(BltLayouts, UnquotedNamesOnePerLine) {
  Election e = MustParse("3 2\n4 1 2 0\n2 3 0\n0\nYvonne   ALLAN        (Lab)\n  Ben OKAFOR (SNP)  \r\n"
                         "Cara   LEWIS (Ind)\nWard 7 -  North\n");
  ASSERT_EQ(e.candidates.size(), 3u);
  EXPECT_EQ(e.candidates[0].name, "Yvonne ALLAN");
  EXPECT_EQ(e.candidates[0].slate, "Lab");
  EXPECT_EQ(e.candidates[1].name, "Ben OKAFOR");
  EXPECT_EQ(e.candidates[1].slate, "SNP");
  EXPECT_EQ(e.candidates[2].name, "Cara LEWIS");
  EXPECT_EQ(e.title, "Ward 7 - North");
  EXPECT_TRUE(e.notes.empty());
}

// Without a label on every name there are no slates and names stay whole.
TEST(BltLayouts, LabelsOnlyWhenEveryNameHasOne) {
  Election e = MustParse("2 1\n4 1 2 0\n0\nAnn SMITH (Lab)\nBob JONES\nTitle\n");
  EXPECT_EQ(e.candidates[0].name, "Ann SMITH (Lab)");
  EXPECT_EQ(e.candidates[0].slate, "");
  EXPECT_EQ(e.candidates[1].name, "Bob JONES");
}

// Quoted CSV-style with doubled quotes: the label before the inner quotes.
TEST(BltLayouts, DoubledQuotes) {
  Election e = MustParse("2 1\n4 1 2 0\n0\n\"Lab \"\"Barney CROCKETT\"\" \"\n\"SNP \"\"Neil  MACGREGOR\"\"\"\n"
                         "\"Ward 1\"\n");
  EXPECT_EQ(e.candidates[0].name, "Barney CROCKETT");
  EXPECT_EQ(e.candidates[0].slate, "Lab");
  EXPECT_EQ(e.candidates[1].name, "Neil MACGREGOR");
  EXPECT_EQ(e.candidates[1].slate, "SNP");
  EXPECT_EQ(e.title, "Ward 1");
}

// A quote doubled inside an ordinary quoted name is one quote.
TEST(BltLayouts, DoubledQuoteInsideAName) {
  Election e = MustParse("2 1\n4 1 2 0\n0\n\"Ann \"\"Nan\"\" Smith\"\n\"  Bob   Jones \"\n\"T\"\n");
  EXPECT_EQ(e.candidates[0].name, "Ann \"Nan\" Smith");
  EXPECT_EQ(e.candidates[1].name, "Bob Jones");
  EXPECT_EQ(e.candidates[0].slate, "");
}

// The ERBS files of 1999: a first-preference table, a quota line and an
// author after the title: ignored, with a note naming the line.
TEST(BltLayouts, TextAfterTheTitleIsIgnoredWithANote) {
  Election e = MustParse("2 1\n4 1 2 0\n0\n\"A\"\n\"B\"\n\"Title\"\n\"A 4\" \"B 0\"\nQuota 2.01\nBy J. Counter\n");
  EXPECT_EQ(e.title, "Title");
  ASSERT_EQ(e.notes.size(), 1u);
  EXPECT_NE(e.notes[0].find("line 7"), std::string::npos) << e.notes[0];
  e = MustParse("2 1\n4 1 2 0\n0\nA\nB\n\"Quoted  title\"\n");
  EXPECT_EQ(e.title, "Quoted title");  // a quoted title after unquoted names loses its quotes
  e = MustParse("2 1\n4 1 2 0\n0\nA\nB\nTitle\nmore\n");
  ASSERT_EQ(e.notes.size(), 1u);
  EXPECT_NE(e.notes[0].find("line 7"), std::string::npos) << e.notes[0];
}

// Everything else keeps its located error.
TEST(BltLayouts, StillRejected) {
  auto r = ParseBlt("2 1\n4 1 2 0\n0\n\"A\"\nB\n", "t.blt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 5);
  r = ParseBlt("2 1\n4 1 2 0\n0\nA\n", "t.blt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expected 2 candidate names"), std::string::npos);
  r = ParseBlt("2 1\n4 1 2 0\n0\nA\nP\xFFl\n", "t.blt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 5);
  EXPECT_EQ(r.error().column, 2);
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
  r = ParseBlt("2 1\n4 1 2 0\n0\nAnn  (Lab)\nAnn (SNP)\nT\n", "t.blt");
  ASSERT_TRUE(r.ok());  // told apart only by their labels: the labels stay in the names
  EXPECT_EQ(r->candidates[0].name, "Ann (Lab)");
  EXPECT_EQ(r->candidates[0].slate, "Lab");
  r = ParseBlt("2 1\n4 1 2 0\n0\nAnn\n  Ann \nT\n", "t.blt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("appears twice"), std::string::npos);
}


// WriteBlt (necsim sample's export) writes what the one reader reads back:
// names with quotes inside, slate labels, withdrawn candidates, identical
// rankings merged.
TEST(BltWrite, ReadsBackToTheSameElection) {
  Election e;
  e.seats = 2;
  e.title = "A \"quoted\" title";
  for (const char* n : {"Ann \"Nan\" Lee", "Bob", "Cy", "Di"}) {
    Candidate c;
    c.name = n;
    c.slate = "Left Group";
    e.candidates.push_back(c);
  }
  e.candidates[3].slate = "independent";
  e.candidates[2].withdrawn = true;
  e.ballots = {{1, {0, 1}}, {2, {3}}, {1, {0, 1}}, {5, {1, 0, 3}}, {1, {}}};
  const std::string text = WriteBlt(e);
  auto back = ParseBlt(text, "written.blt");
  ASSERT_TRUE(back) << back.error().ToString() << "\n" << text;
  ASSERT_EQ(back->num_candidates(), 4);
  for (int c = 0; c < 4; ++c) {
    EXPECT_EQ(back->candidates[c].name, e.candidates[c].name);
    EXPECT_EQ(back->candidates[c].slate, e.candidates[c].slate);
    EXPECT_EQ(back->candidates[c].withdrawn, e.candidates[c].withdrawn);
  }
  EXPECT_EQ(back->title, e.title);
  EXPECT_EQ(back->seats, 2);
  std::map<std::vector<CandidateId>, int64_t> want, got;
  for (const Ballot& b : e.ballots) want[b.prefs] += b.weight;
  for (const Ballot& b : back->ballots) got[b.prefs] += b.weight;
  EXPECT_EQ(got, want);
  EXPECT_EQ(back->ballots.size(), 4u);  // the two {Ann, Bob} ballots on one line
}

}  // namespace
}  // namespace necsim
