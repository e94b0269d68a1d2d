// Regression against the reference STV counts in ../shared/reference/stv
// (expected.json: Droop's scottish, wigm-exact, warren-exact and meek-prf
// counts, and OpenSTV's ERS97 counts). One test per case, named after the
// ballot file and the rule. Skipped, with the reason printed, where the shared
// folder is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ballots/blt.h"
#include "counting/count.h"

namespace necsim {
namespace {

const std::string kDir = NECSIM_SHARED_DIR "/reference/stv";

struct RefCase {
  std::string blt;
  std::string rule;
  int seats = 0;
  std::optional<std::string> first_quota;
  std::vector<std::string> elected_in_order;
  std::vector<std::pair<std::string, std::string>> final_elected;  // name, votes
  std::string name;  // test name
};

void PrintTo(const RefCase& c, std::ostream* os) { *os << c.blt << " (" << c.rule << ")"; }

std::optional<Rule> MapRule(const std::string& r) {
  if (r == "scottish") return Rule::kScottish;
  if (r == "wigm-exact") return Rule::kWigm;
  if (r == "warren-exact") return Rule::kWarren;
  if (r == "meek-prf") return Rule::kMeek;
  if (r == "ers97") return Rule::kErs97;
  return std::nullopt;
}

std::string TestName(const std::string& blt, const std::string& rule) {
  std::string s = blt;
  if (s.size() > 4 && s.compare(s.size() - 4, 4, ".blt") == 0) s.resize(s.size() - 4);
  if (s.rfind("scotland/", 0) == 0) s = "Scotland_" + s.substr(9);
  s += "_" + rule;
  std::string out;
  for (char ch : s) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) out = "File" + out;
  return out;
}

std::vector<RefCase> LoadCases() {
  std::vector<RefCase> cases;
  std::ifstream in(kDir + "/expected.json");
  if (!in) return cases;
  nlohmann::json j;
  try {
    in >> j;
  } catch (const std::exception&) {
    return cases;
  }
  std::map<std::string, int> seen;
  for (const auto& c : j) {
    RefCase rc;
    rc.blt = c.at("blt").get<std::string>();
    rc.rule = c.at("rule").get<std::string>();
    rc.seats = c.value("seats", 0);
    if (c.contains("first_quota")) rc.first_quota = c.at("first_quota").get<std::string>();
    for (const auto& e : c.at("elected_in_order")) rc.elected_in_order.push_back(e.get<std::string>());
    for (const auto& f : c.at("final_elected")) {
      rc.final_elected.emplace_back(f.at("name").get<std::string>(), f.at("votes").get<std::string>());
    }
    rc.name = TestName(rc.blt, rc.rule);
    if (int k = seen[rc.name]++; k > 0) rc.name += "_" + std::to_string(k + 1);
    cases.push_back(std::move(rc));
  }
  return cases;
}

// Names in reference files may differ from the BLT's in runs of spaces and
// trailing blanks; compare names with whitespace collapsed.
std::string Norm(const std::string& s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

class ReferenceStvTest : public testing::TestWithParam<RefCase> {};

TEST_P(ReferenceStvTest, MatchesReference) {
  const RefCase& rc = GetParam();
  if (rc.blt.empty()) GTEST_SKIP() << "reference directory " << kDir << " not found or expected.json unreadable";
  const std::optional<Rule> rule = MapRule(rc.rule);
  ASSERT_TRUE(rule.has_value()) << "unknown rule " << rc.rule;

  auto election = ReadBltFile(kDir + "/blt/" + rc.blt);
  ASSERT_TRUE(election.ok()) << election.error().ToString();
  CountOptions options;
  options.seats = election->seats;
  if (rc.seats > 0) {
    EXPECT_EQ(rc.seats, election->seats);
  }
  Stream lots(1, 0, StreamPurpose::kLots);
  auto counted = CountElection(*rule, *election, options, lots);
  ASSERT_TRUE(counted.ok()) << counted.error().ToString();
  const CountResult& r = *counted;

  auto id_of = [&](const std::string& name) -> CandidateId {
    for (int c = 0; c < election->num_candidates(); ++c) {
      if (Norm(election->candidates[c].name) == Norm(name)) return c;
    }
    return -1;
  };
  std::vector<std::string> got;
  for (CandidateId c : r.elected) got.push_back(Norm(election->candidates[c].name));
  std::vector<std::string> want;
  for (const auto& n : rc.elected_in_order) want.push_back(Norm(n));

  if (*rule == Rule::kErs97) {
    // Candidates elected at the same stage come in no defined order: compare
    // the order modulo groups of equal elected_stage.
    ASSERT_EQ(got.size(), want.size()) << "elected: " << testing::PrintToString(got);
    ASSERT_EQ(r.elected_stage.size(), r.elected.size());
    size_t i = 0;
    while (i < got.size()) {
      size_t j = i;
      while (j < got.size() && r.elected_stage[j] == r.elected_stage[i]) ++j;
      std::vector<std::string> a(got.begin() + static_cast<std::ptrdiff_t>(i),
                                 got.begin() + static_cast<std::ptrdiff_t>(j));
      std::vector<std::string> b(want.begin() + static_cast<std::ptrdiff_t>(i),
                                 want.begin() + static_cast<std::ptrdiff_t>(j));
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(a, b) << "elected at stage " << r.elected_stage[i] << "; got " << testing::PrintToString(got)
                      << ", want " << testing::PrintToString(want);
      i = j;
    }
  } else {
    EXPECT_EQ(got, want);
  }

  if (rc.first_quota) {
    EXPECT_EQ(r.quota, *rc.first_quota) << "first quota";
  }

  ASSERT_EQ(r.final_votes.size(), static_cast<size_t>(election->num_candidates()));
  for (const auto& [name, votes] : rc.final_elected) {
    const CandidateId c = id_of(name);
    ASSERT_GE(c, 0) << "no candidate named " << name;
    if (*rule == Rule::kMeek) {
      EXPECT_NEAR(std::strtod(r.final_votes[c].c_str(), nullptr), std::strtod(votes.c_str(), nullptr), 1e-9)
          << "final votes of " << name << ": " << r.final_votes[c] << " vs " << votes;
    } else {
      EXPECT_EQ(r.final_votes[c], votes) << "final votes of " << name;
    }
  }
}

std::vector<RefCase> CasesOrPlaceholder() {
  std::vector<RefCase> cases;
  if (std::filesystem::exists(kDir + "/expected.json")) cases = LoadCases();
  if (cases.empty()) {
    RefCase missing;
    missing.name = "ReferenceMissing";
    cases.push_back(missing);  // skipped with a printed reason
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Reference, ReferenceStvTest, testing::ValuesIn(CasesOrPlaceholder()),
                         [](const testing::TestParamInfo<RefCase>& info) { return info.param.name; });

}  // namespace
}  // namespace necsim
