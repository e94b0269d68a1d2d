// Who stands where (boundary.stands, base_share_from, transfers;
// docs/boundary.md, "Who stands"): entering parties' base shares by the
// documented formula, withdrawn parties' votes redistributed, the national
// and regional shares recomputed, and located errors for bad input.
//
// The fixture tables (tests/fixtures/boundary/stands_old.csv, stands_new.csv),
// votes per 100 so shares read as points; d stood only in x2 and y2, e
// nowhere (a column of zeros, not drawn):
//
//   old  region  a   b   c   d        new  region  a   b   c   d
//   x1   North  50  30  20   0        y1   North  45  35  20   0
//   x2   North  30  45  15  10        y2   North  35  40  15  10
//   x3   South  40  42  18   0        y3   South  44  38  18   0
//
// Old North: b's regional share (30 + 45) / 200 = 37.5; d's mean share where
// it stood 10 (x2), in the South none, so the national mean where it stood, 10.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "scenario/boundary_yaml.h"

namespace necsim {
namespace {

const std::string kDir = std::string(NECSIM_FIXTURES_DIR) + "/boundary";
constexpr int A = 0, B = 1, C = 2, D = 3, E = 4;

std::string Yaml(const std::string& extra) {
  return "name: stands\nseed: 5\nruns: 100\nboundary:\n"
         "  old: stands_old.csv\n  new: stands_new.csv\n"
         "  columns: {id: id, name: name, region: region, country: country, electorate: electorate}\n"
         "  parties: [a, b, c, d, e]\n" +
         extra;
}

BoundaryScenario Load(const std::string& extra) {
  auto sc = LoadBoundaryScenarioText(Yaml(extra), "stands.yaml", kDir);
  EXPECT_TRUE(sc.ok()) << (sc.ok() ? "" : sc.error().ToString());
  return sc.ok() ? *sc : BoundaryScenario{};
}

// A model with its scenario (the model points into the scenario).
struct Built {
  BoundaryScenario sc;
  BoundaryModel m;
  explicit Built(const std::string& extra) : sc(Load(extra)), m(BuildBoundaryModel(sc)) {}
  Built(const Built&) = delete;
};

Error LoadError(const std::string& extra) {
  auto sc = LoadBoundaryScenarioText(Yaml(extra), "stands.yaml", kDir);
  EXPECT_FALSE(sc.ok());
  return sc.ok() ? Error{} : sc.error();
}

// Base shares of one seat as the model holds them ([party], 0 where not standing).
std::vector<double> Base(const BoundaryModel& m, int k, int seat) { return ProjectSeatShares(m, k, seat, ZeroSwing(m)); }

bool Stands(const BoundaryModel& m, int k, int seat, int party) {
  const SetModel& s = m.sets[static_cast<size_t>(k)];
  for (int j = s.offset[static_cast<size_t>(seat)]; j < s.offset[static_cast<size_t>(seat) + 1]; ++j) {
    if (s.party[static_cast<size_t>(j)] == party) return true;
  }
  return false;
}

std::vector<int> CentralWinners(const BoundaryModel& m, int k) {
  RunErrors zero;
  zero.national.assign(static_cast<size_t>(m.parties), 0.0);
  zero.regional.assign(static_cast<size_t>(m.regions * m.parties), 0.0);
  SetSwing sw;
  SetSwingFor(m, k, zero, sw);
  return ProjectWinners(m, k, sw);
}

void ExpectShares(const std::vector<double>& got, const std::vector<double>& points) {
  ASSERT_EQ(got.size(), points.size());
  for (size_t p = 0; p < got.size(); ++p) EXPECT_NEAR(got[p], points[p] / 100, 1e-12) << "party " << p;
}

TEST(BoundaryStands, AsBaseChangesNothing) {
  const BoundaryScenario plain = Load("");
  const BoundaryScenario as_base = Load("  stands: {a: as_base, d: as_base, b: everywhere}\n");
  EXPECT_FALSE(as_base.stands.active());  // b already stands everywhere
  const BoundaryModel m0 = BuildBoundaryModel(plain), m1 = BuildBoundaryModel(as_base);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(m0.sets[k].party, m1.sets[k].party);
    EXPECT_EQ(m0.sets[k].share, m1.sets[k].share);
    EXPECT_EQ(m0.sets[k].national_share, m1.sets[k].national_share);
    EXPECT_EQ(m0.sets[k].region_share, m1.sets[k].region_share);
  }
  EXPECT_FALSE(Stands(m0, 0, 0, D));
}

TEST(BoundaryStands, EnteringWithTheRegionalMeanWhereItStood) {
  // d everywhere, no donor: x1 gets d's North mean, 10, taken from a, b, c
  // in proportion: a 50 x 0.9 = 45, b 27, c 18. x3: no d in the South, so the
  // national mean where it stood, 10: a 36, b 37.8, c 16.2.
  Built m_b("  stands: {d: everywhere}\n");
  const BoundaryModel& m = m_b.m;
  ExpectShares(Base(m, 0, 0), {45, 27, 18, 10, 0});
  ExpectShares(Base(m, 0, 1), {30, 45, 15, 10, 0});  // stood there: unchanged
  ExpectShares(Base(m, 0, 2), {36, 37.8, 16.2, 10, 0});
  for (int c = 0; c < 3; ++c) EXPECT_TRUE(Stands(m, 0, c, D));
}

TEST(BoundaryStands, EnteringScaledByTheDonorAndTheRatio) {
  // x1: x = 2 x 10 x (30 / 37.5) = 16; the rest x 0.84: a 42, b 25.2, c 16.8.
  // x3: b's South share 42, its x3 share 42: x = 2 x 10 x 1 = 20; a 32, b 33.6, c 14.4.
  Built m_b("  stands: {d: everywhere}\n  base_share_from: {d: {party: b, ratio: 2}}\n");
  const BoundaryModel& m = m_b.m;
  ExpectShares(Base(m, 0, 0), {42, 25.2, 16.8, 16, 0});
  ExpectShares(Base(m, 0, 2), {32, 33.6, 14.4, 20, 0});
  // New set, y1: b's North share (35 + 40) / 200 = 37.5, y1's 35; d's North mean 10:
  // x = 2 x 10 x 35 / 37.5 = 18.667.
  const double x = 2 * 10 * 35 / 37.5;
  ExpectShares(Base(m, 1, 0), {45 * (1 - x / 100), 35 * (1 - x / 100), 20 * (1 - x / 100), x, 0});
}

TEST(BoundaryStands, TakenFromTheDonor) {
  // from: donor. x1: x = 10 x 30 / 37.5 = 8 points, all from b: a 50, b 22,
  // c 20, d 8. x3: x = 10 x 42 / 42 = 10 from b: b 32.
  Built b("  stands: {d: everywhere}\n  base_share_from: {d: {party: b, from: donor}}\n");
  ExpectShares(Base(b.m, 0, 0), {50, 22, 20, 8, 0});
  ExpectShares(Base(b.m, 0, 2), {40, 32, 18, 10, 0});
  // A donor with less than the entrant's share gives all it has, the others
  // the rest in proportion: c (20 in x1) as donor of d at a fixed 30 points
  // (ratio 1, factor 20 / 17.5 in the North): x = 34.286; c gives 20, a and b
  // the other 14.286 in proportion (50 : 30).
  Built c("  stands: {d: everywhere}\n  base_share_from: {d: {party: c, share: 30, from: donor}}\n");
  const double x = 30 * 20 / 17.5, rest = x - 20;
  ExpectShares(Base(c.m, 0, 0), {50 - rest * 50 / 80, 30 - rest * 30 / 80, 0, x, 0});
  EXPECT_EQ(LoadError("  base_share_from: {d: {from: donor}}\n").field, "boundary.base_share_from.d.from");
}

TEST(BoundaryStands, AFixedShareAndAListOfSeatsAndRegions) {
  // d in x1 (by id) and the South (x3, y3) at a fixed 5 points, and nowhere else:
  // it leaves x2 and y2, whose 10 points go to a, b, c in proportion.
  Built m_b("  stands: {d: [x1, South]}\n  base_share_from: {d: {share: 5}}\n");
  const BoundaryModel& m = m_b.m;
  ExpectShares(Base(m, 0, 0), {47.5, 28.5, 19, 5, 0});
  ExpectShares(Base(m, 0, 1), {30 / 0.9, 50, 15 / 0.9, 0, 0});
  ExpectShares(Base(m, 0, 2), {38, 39.9, 17.1, 5, 0});
  EXPECT_FALSE(Stands(m, 0, 1, D));
  EXPECT_FALSE(Stands(m, 1, 0, D));  // y1 is not listed
  EXPECT_TRUE(Stands(m, 1, 2, D));
}

TEST(BoundaryStands, AlsoAddsSeatsToWhereItStood) {
  // d as in the base election (x2, y2), also x1 (North mean 10), but not y2.
  Built b("  stands: {d: {also: [x1], not: [y2]}}\n");
  EXPECT_TRUE(Stands(b.m, 0, 0, D));
  EXPECT_TRUE(Stands(b.m, 0, 1, D));
  EXPECT_FALSE(Stands(b.m, 0, 2, D));
  EXPECT_FALSE(Stands(b.m, 1, 1, D));
  ExpectShares(Base(b.m, 0, 0), {45, 27, 18, 10, 0});
  ExpectShares(Base(b.m, 1, 1), {35 / 0.9, 40 / 0.9, 15 / 0.9, 0, 0});
}

TEST(BoundaryStands, WithdrawnVotesInProportionOrByTransfers) {
  // d stands down in x2 and y2: proportional, a 30 / 0.9, b 50, c 15 / 0.9.
  {
    Built b("  stands: {d: {not: [x2, North]}}\n");
    ExpectShares(Base(b.m, 0, 1), {30 / 0.9, 50, 15 / 0.9, 0, 0});
    EXPECT_FALSE(Stands(b.m, 1, 1, D));
  }
  // Half of d's vote to c, the rest in proportion (30 : 45 : 15): a 30 + 5/3,
  // b 45 + 2.5, c 15 + 5 + 5/6.
  Built b("  stands: {d: {not: [x2]}}\n  transfers: {d: {c: 50}}\n");
  const BoundaryModel& m = b.m;
  ExpectShares(Base(m, 0, 1), {30 + 5.0 / 3, 47.5, 15 + 5 + 5.0 / 6, 0, 0});
  EXPECT_TRUE(Stands(m, 1, 1, D));  // `not` named only an old id
  ExpectShares(Base(m, 1, 1), {35, 40, 15, 10, 0});
}

TEST(BoundaryStands, NationalAndRegionalSharesAreRecomputed) {
  // The national share is the seats' shares weighted by their votes (100 each):
  // d (10 + 10 + 10) / 3; a (45 + 30 + 36) / 3.
  Built m_b("  stands: {d: everywhere}\n");
  const BoundaryModel& m = m_b.m;
  EXPECT_NEAR(m.sets[0].national_share[D], 0.10, 1e-12);
  EXPECT_NEAR(m.sets[0].national_share[A], (0.45 + 0.30 + 0.36) / 3, 1e-12);
  const int north = 0, south = 1, P = 5;
  EXPECT_NEAR(m.sets[0].region_share[north * P + D], 0.10, 1e-12);
  EXPECT_NEAR(m.sets[0].region_share[south * P + B], 0.378, 1e-12);
  // So a national target moves d by target - S_d everywhere: to 30, +20 points.
  Built t_b("  stands: {d: everywhere}\n  swing: {target: {d: 30}}\n");
  const BoundaryModel& t = t_b.m;
  RunErrors zero{{0, 0, 0, 0, 0}, std::vector<double>(10, 0.0)};
  SetSwing sw;
  SetSwingFor(t, 0, zero, sw);
  EXPECT_NEAR(sw.add[north * P + D], 0.20, 1e-12);
  // Base winners are those of the changed base: x3 a 36 < b 37.8.
  EXPECT_EQ(m.sets[0].base_winner, (std::vector<int>{A, B, B}));
}

TEST(BoundaryStands, AnAbsentPartyWinsUnderALargeEnoughSwing) {
  // With d everywhere, x1 is a 45, d 10: d +36 points gives d 46 > a 45.
  const std::string swing = "  swing: {change: {d: 36}}\n";
  Built without_b(swing);
  const BoundaryModel& without = without_b.m;
  EXPECT_EQ(CentralWinners(without, 0), (std::vector<int>{A, D, B}));  // d stands only in x2
  Built with_b("  stands: {d: everywhere}\n" + swing);
  const BoundaryModel& with = with_b.m;
  EXPECT_EQ(CentralWinners(with, 0), (std::vector<int>{D, D, D}));
  // +34 is not enough in x1 (d 44 < a 45).
  Built short_of_b("  stands: {d: everywhere}\n  swing: {change: {d: 34}}\n");
  const BoundaryModel& short_of = short_of_b.m;
  EXPECT_EQ(CentralWinners(short_of, 0)[0], A);
}

TEST(BoundaryStands, PWinOfAnEnteringPartyUnderNoise) {
  // x1 with d everywhere: a 45, d 10. d +33 points and constituency noise of 4
  // points on d only: d wins x1 when its noise exceeds 2 points, P(Z > 0.5).
  // Fixed seed, tolerance 4 standard errors of a proportion over the runs.
  Built b("  stands: {d: everywhere}\n  swing: {change: {d: 33}}\n  uncertainty: {constituency_sd: {d: 4}}\n");
  const BoundaryModel& m = b.m;
  BoundaryOptions opt;
  opt.runs = 20000;
  opt.seed = 2024;
  opt.threads = 2;
  const BoundaryTally t = SimulateBoundary(m, opt);
  const double p = static_cast<double>(t.wins[0][0 * 5 + D]) / static_cast<double>(opt.runs);
  const double expect = 0.5 * std::erfc(0.5 / std::sqrt(2.0));
  const double se = std::sqrt(expect * (1 - expect) / static_cast<double>(opt.runs));
  EXPECT_NEAR(p, expect, 4 * se);
}

TEST(BoundaryStands, LocatedErrors) {
  Error e = LoadError("  stands: {reform: everywhere}\n");
  EXPECT_EQ(e.file, "stands.yaml");
  EXPECT_EQ(e.line, 9);
  EXPECT_EQ(e.field, "boundary.stands.reform");
  EXPECT_NE(e.message.find("party 'reform' is not one of the tables' party columns"), std::string::npos) << e.message;

  e = LoadError("  stands: {d: everywhere}\n  base_share_from: {d: {party: b, ratio: -1}}\n");
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.field, "boundary.base_share_from.d.ratio");
  EXPECT_NE(e.message.find("out of range"), std::string::npos) << e.message;

  e = LoadError("  base_share_from: {d: {party: zz}}\n");
  EXPECT_EQ(e.line, 9);
  EXPECT_EQ(e.field, "boundary.base_share_from.d.party");

  e = LoadError("  stands:\n    d: [x1, Nowhere]\n");
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.field, "boundary.stands.d[1]");
  EXPECT_NE(e.message.find("'Nowhere' is neither a region"), std::string::npos) << e.message;

  e = LoadError("  stands: {d: sometimes}\n");
  EXPECT_EQ(e.field, "boundary.stands.d");

  e = LoadError("  stands: {d: {in: everywhere, but: [x1]}}\n");
  EXPECT_EQ(e.field, "boundary.stands.d.but");

  e = LoadError("  transfers: {d: {a: 60, b: 50}}\n");
  EXPECT_EQ(e.field, "boundary.transfers.d");
  EXPECT_NE(e.message.find("more than 100%"), std::string::npos) << e.message;

  // Every party standing down in x3 leaves it with no candidate.
  e = LoadError("  stands: {a: {not: [South]}, b: {not: [South]}, c: {not: [South]}}\n");
  EXPECT_EQ(e.field, "boundary.stands");
  EXPECT_NE(e.message.find("no party stands in x3"), std::string::npos) << e.message;
}

TEST(BoundaryStands, APartyThatStoodNowhereNeedsAShare) {
  // e stood in no seat: there is no mean share where it stood to enter with.
  const Error e = LoadError("  stands: {e: [South]}\n");
  EXPECT_EQ(e.line, 9);
  EXPECT_EQ(e.field, "boundary.stands.e");
  EXPECT_NE(e.message.find("stood in no seat of the old table"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("boundary.base_share_from.e.share"), std::string::npos) << e.message;
  // With a stated share it enters: 4 points in x3, the rest x 0.96.
  Built m_b("  stands: {e: [South]}\n  base_share_from: {e: {share: 4}}\n");
  const BoundaryModel& m = m_b.m;
  ExpectShares(Base(m, 0, 2), {38.4, 40.32, 17.28, 0, 4});
  EXPECT_FALSE(Stands(m, 0, 0, E));
}

// The keys the loader accepts in a mapping, from its unknown-key message.
std::set<std::string> LoaderKeys(const std::string& extra) {
  const std::string m = LoadError(extra).message;
  const size_t at = m.find("expected one of: ");
  std::set<std::string> keys;
  if (at == std::string::npos) {
    ADD_FAILURE() << m;
    return keys;
  }
  std::string item;
  for (const char ch : m.substr(at + 17, m.rfind(')') - at - 17) + ",") {
    if (ch == ',') {
      keys.insert(item);
      item.clear();
    } else if (ch != ' ') {
      item += ch;
    }
  }
  return keys;
}

TEST(BoundaryStands, SchemaMatchesTheLoader) {
  std::ifstream in(std::string(NECSIM_SOURCE_DIR) + "/scenarios/boundary.schema.json");
  ASSERT_TRUE(in);
  const auto defs = nlohmann::json::parse(in).at("$defs");
  auto keys = [](const nlohmann::json& o) {
    std::set<std::string> k;
    for (const auto& [name, v] : o.at("properties").items()) k.insert(name);
    return k;
  };
  EXPECT_EQ(keys(defs.at("baseShareFrom")), LoaderKeys("  base_share_from: {d: {zzz: 1}}\n"));
  EXPECT_EQ(keys(defs.at("stands").at("additionalProperties").at("anyOf")[1]), LoaderKeys("  stands: {d: {zzz: 1}}\n"));
  for (const auto& v : defs.at("standsWhere").at("anyOf")[0].at("enum")) {
    EXPECT_TRUE(LoadBoundaryScenarioText(Yaml("  stands: {d: " + v.get<std::string>() + "}\n"), "s.yaml", kDir).ok()) << v;
  }
}

}  // namespace
}  // namespace necsim
