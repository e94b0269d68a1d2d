// The typed results of a boundary review (sim/results/boundary_results.h): a
// summary read back through BoundaryResultsFromJson renders to the same
// bytes (from the simulation, from its text, and the committed golden
// summary.json), its optional and null fields survive the round trip, the
// CSV tables and text drawn from a read-back summary are those of the run, a
// missing or mistyped field is an error naming its path, and the view reads
// each top-level section on its own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "outputs/boundary_outputs.h"
#include "results/boundary_results.h"
#include "scenario/boundary_yaml.h"
#include "tests/cli/cli_util.h"

namespace necsim {
namespace {

using J = nlohmann::ordered_json;

const std::string kDir = std::string(NECSIM_FIXTURES_DIR) + "/boundary";

// The small fixture (12 old seats, 11 new; majority leads, a CLP link with
// an apportionment and members), simulated.
struct Small {
  BoundaryScenario sc;
  BoundaryModel m;
  BoundaryTally t;
  uint64_t seed = 11;

  explicit Small(int64_t runs) {
    auto loaded = LoadBoundaryScenarioFile(kDir + "/small_review.yaml", kDir);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().ToString());
    if (loaded.ok()) sc = *loaded;
    m = BuildBoundaryModel(sc);
    BoundaryOptions opt;
    opt.runs = runs;
    opt.seed = seed;
    opt.threads = 1;
    t = SimulateBoundary(m, opt);
  }
  J Summary() const { return BoundarySummaryJson(m, t, seed); }
};

// The error of reading `j`, or a failed expectation when it reads.
Error ReadError(const J& j, const std::string& source = "summary.json") {
  auto r = BoundaryResultsFromJson(j, source);
  EXPECT_FALSE(r.ok()) << "read without an error";
  return r.ok() ? Error{} : r.error();
}

TEST(BoundaryResults, ReadBackRendersTheSameBytes) {
  const Small s(400);
  const J summary = s.Summary();
  auto back = BoundaryResultsFromJson(summary);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back).dump(2), summary.dump(2));
  // From the file's text, as a reader of a results folder sees it.
  auto from_text = BoundaryResultsFromJson(J::parse(summary.dump(2)));
  ASSERT_TRUE(from_text.ok()) << from_text.error().ToString();
  EXPECT_EQ(ToJson(*from_text).dump(2), summary.dump(2));
  // The fields hold the summary's values (not only the same bytes).
  EXPECT_EQ(back->seed, 11u);
  EXPECT_EQ(back->runs, 400);
  EXPECT_EQ(back->parties, (std::vector<std::string>{"con", "lab", "ld", "other"}));
  EXPECT_EQ(back->sets[0].seats, 12);
  EXPECT_EQ(back->sets[1].seats, 11);
  ASSERT_NE(FindKey(back->sets[1].parties, "lab"), nullptr);
  EXPECT_EQ(FindKey(back->sets[1].parties, "lab")->mean,
            summary["sets"]["new"]["parties"]["lab"]["mean"].get<double>());
  ASSERT_EQ(back->majority_lead.size(), 2u);
  ASSERT_TRUE(back->clp.has_value());
  ASSERT_TRUE(back->clp->apportion.has_value());
  EXPECT_EQ(back->clp->regions.size(), 3u);
  EXPECT_EQ(back->clp->regions[2].change.clps, -1);
}

TEST(BoundaryResults, CsvAndTextFromAReadBackSummaryAreTheRunsOwn) {
  const Small s(400);
  const BoundaryResults built = BuildBoundaryResults(s.m, s.t, s.seed);
  auto back = BoundaryResultsFromJson(J::parse(ToJson(built).dump(2)));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(BoundaryTidyCsv(s.m, s.t, *back), BoundaryTidyCsv(s.m, s.t, built));
  EXPECT_EQ(BoundarySummaryText(*back), BoundarySummaryText(built));
  EXPECT_NE(BoundarySummaryText(built).find("CLPs per Labour region"), std::string::npos);
}

TEST(BoundaryResults, TheGoldenSummaryReadsBackByteForByte) {
  const std::string text = necsim_test::Slurp(std::string(NECSIM_SOURCE_DIR) + "/tests/golden/boundary/summary.json");
  ASSERT_FALSE(text.empty());
  auto back = BoundaryResultsFromJson(J::parse(text), "tests/golden/boundary/summary.json");
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back).dump(2) + "\n", text);
}

TEST(BoundaryResults, NullsAndOptionalFieldsSurviveTheRoundTrip) {
  const Small s(200);
  J j = s.Summary();
  // An unreachable lead, a seat no other party wins, a Labour region without
  // CLPs, no apportionment (no nec_seats anywhere).
  j["majority_lead"][0]["new"] = nullptr;
  j["majority_lead"][0]["bias"] = nullptr;
  j["changes_of_hands"]["old"][0]["likeliest_gainer"] = nullptr;
  j["clp"]["regions"][1]["new"]["members_per_clp"] = nullptr;
  for (const char* key : {"method", "by", "nec_seats", "min_per_region", "base_per_region"}) j["clp"].erase(key);
  for (auto& r : j["clp"]["regions"]) {
    r["old"].erase("nec_seats");
    r["new"].erase("nec_seats");
    r["change"].erase("nec_seats");
  }
  auto back = BoundaryResultsFromJson(j);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_FALSE(back->majority_lead[0].lead[1].has_value());
  EXPECT_FALSE(back->changes_of_hands[0][0].likeliest_gainer.has_value());
  EXPECT_FALSE(back->clp->apportion.has_value());
  EXPECT_EQ(ToJson(*back).dump(2), j.dump(2));
  // Without a clp block there is none.
  j.erase("clp");
  auto no_clp = BoundaryResultsFromJson(j);
  ASSERT_TRUE(no_clp.ok()) << no_clp.error().ToString();
  EXPECT_FALSE(no_clp->clp.has_value());
  EXPECT_EQ(ToJson(*no_clp).dump(2), j.dump(2));
  // Who stands, when it differs from the tables: read back whole; a mistyped
  // count names its path.
  j["stands"] = {{"other", {{"old", {{"seats", 12}, {"as_base", 10}}}, {"new", {{"seats", 11}, {"as_base", 11}}}}}};
  auto stands = BoundaryResultsFromJson(j);
  ASSERT_TRUE(stands.ok()) << stands.error().ToString();
  ASSERT_EQ(stands->stands.size(), 1u);
  EXPECT_EQ(stands->stands[0].party, "other");
  EXPECT_EQ(stands->stands[0].seats[0], 12);
  EXPECT_EQ(stands->stands[0].as_base[0], 10);
  EXPECT_EQ(ToJson(*stands).dump(2), j.dump(2));
  j["stands"]["other"]["new"]["seats"] = "eleven";
  auto bad = BoundaryResultsFromJson(j);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().ToString().find("stands.other.new"), std::string::npos) << bad.error().ToString();
}

TEST(BoundaryResults, MissingOrMistypedFieldsNameTheirPath) {
  const Small s(100);
  const J summary = s.Summary();
  {
    J j = summary;
    j["sets"]["old"]["parties"]["lab"].erase("mean");
    const Error e = ReadError(j, "x/summary.json");
    EXPECT_EQ(e.file, "x/summary.json");
    EXPECT_EQ(e.field, "sets.old.parties.lab.mean");
    EXPECT_NE(e.message.find("missing"), std::string::npos) << e.message;
  }
  {
    J j = summary;
    j["clp"]["regions"][2]["new"]["clps"] = "three";
    const Error e = ReadError(j);
    EXPECT_EQ(e.field, "clp.regions[2].new.clps");
    EXPECT_NE(e.message.find("not a whole number"), std::string::npos) << e.message;
  }
  struct Case {
    const char* pointer;  // JSON pointer of the field changed
    J value;              // its new value; null: erased
    const char* path;     // the path the error names
  };
  const Case cases[] = {
      {"/seed", -1, "seed"},
      {"/kind", "nec", "kind"},
      {"/parties/1", 3, "parties[1]"},
      {"/sets/new/baseline_seats/con", 6.5, "sets.new.baseline_seats.con"},
      {"/sets/old/parties/con/distribution", J::array(), "sets.old.parties.con.distribution"},
      {"/sets/new/mean_seats_by_nation/England/con", "x", "sets.new.mean_seats_by_nation.England.con"},
      {"/p_majority/new/none", nullptr, "p_majority.new.none"},
      {"/change/by_region/North/lab/p_gain", true, "change.by_region.North.lab.p_gain"},
      {"/changes_of_hands/new/0/likeliest_gainer", 1, "changes_of_hands.new[0].likeliest_gainer"},
      {"/majority_lead/1/bias", "big", "majority_lead[1].bias"},
      {"/clp/regions/0/change/electors", nullptr, "clp.regions[0].change.electors"},
      {"/clp/regions/1/old/members_per_clp", "many", "clp.regions[1].old.members_per_clp"},
  };
  for (const Case& c : cases) {
    J j = summary;
    const J::json_pointer ptr(c.pointer);
    ASSERT_TRUE(j.contains(ptr)) << c.pointer;
    if (c.value.is_null()) j[ptr.parent_pointer()].erase(ptr.back());
    else j[ptr] = c.value;
    EXPECT_EQ(ReadError(j).field, c.path) << c.pointer;
  }
  EXPECT_EQ(ReadError(J::array()).field, "");
}

TEST(BoundaryResults, TheViewReadsEachSectionOnItsOwn) {
  const Small s(100);
  const J summary = s.Summary();
  J j = summary;
  j["change"]["by_nation"] = 5;  // after national and by_region, which read
  j["majority_lead"][1]["rival"] = 7;
  const BoundaryResultsView v = ReadBoundaryResultsView(j, "r/summary.json");
  ASSERT_EQ(v.errors.size(), 2u);
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.errors[0].first, "change.by_nation");
  EXPECT_EQ(v.errors[0].second.field, "change.by_nation");
  EXPECT_EQ(v.errors[0].second.file, "r/summary.json");
  EXPECT_EQ(v.errors[1].first, "majority_lead");
  EXPECT_EQ(v.errors[1].second.field, "majority_lead[1].rival");
  ASSERT_NE(v.ErrorOf("change"), nullptr);
  EXPECT_EQ(v.ErrorOf("change"), v.ErrorOf("change.by_nation"));
  EXPECT_TRUE(v.Has("change.national"));
  EXPECT_TRUE(v.Has("change.by_region"));
  EXPECT_EQ(v.ErrorOf("chang"), nullptr);
  EXPECT_FALSE(v.Has("majority_lead"));
  // The sections that failed are left empty; every other one is read whole.
  EXPECT_TRUE(v.results.change.by_nation.empty());
  EXPECT_FALSE(v.results.change.national.empty());
  EXPECT_FALSE(v.results.change.by_region.empty());
  EXPECT_TRUE(v.results.majority_lead.empty());
  for (const char* section : {"scenario", "kind", "seed", "runs", "sets", "p_majority", "changes_of_hands", "clp"}) {
    EXPECT_TRUE(v.Has(section)) << section;
  }
  auto whole = BoundaryResultsFromJson(summary);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(ToJson(v.results)["sets"].dump(), ToJson(*whole)["sets"].dump());
  EXPECT_EQ(ToJson(v.results)["clp"].dump(), ToJson(*whole)["clp"].dump());
  EXPECT_EQ(ToJson(v.results)["change"]["by_region"].dump(), ToJson(*whole)["change"]["by_region"].dump());
  // BoundaryResultsFromJson gives the first section's error.
  EXPECT_EQ(ReadError(j).field, "change.by_nation");
  // A summary that is not an object: no section reads.
  const BoundaryResultsView bad = ReadBoundaryResultsView(J("text"));
  EXPECT_FALSE(bad.Has("sets"));
  EXPECT_FALSE(bad.Has("scenario"));
  // A summary with every section read.
  EXPECT_TRUE(ReadBoundaryResultsView(summary).ok());
}

}  // namespace
}  // namespace necsim
