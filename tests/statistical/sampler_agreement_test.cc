// Statistical tests of the ballot samplers (models/voters/sampler.h).
//
// 1. Agreement: the fast sampler (lazily expanded ballot tree, multinomial
//    splits) and the reference sampler (every voter's ballot drawn one by
//    one) are two samplers of the same voter model, so every outcome of
//    SimulateRun has the same distribution under both. Each case runs the
//    engine N times with each sampler on *different seeds* (so the two samples
//    are independent) and compares, for every rule set:
//      (a) a slate's seat-count distribution: two-sample chi-square test of
//          homogeneity, adjacent seat counts pooled until every expected cell
//          count is >= 5; statistic ~ chi-square(cells - 1) under H0;
//      (b) per-candidate P(elected): two-proportion z-tests (pooled variance),
//          z ~ N(0,1) under H0, two-sided, Bonferroni over the candidates;
//      (c) for rule sets with constraints, P(constraints changed the result)
//          by the same z-test, and the women-elected distribution by (a).
//    Every test (one chi-square, one Bonferroni family) has false-alarm rate
//    alpha = kAlpha = 5e-4; the whole file runs about 40 such tests, so the
//    suite-wide false-alarm rate is below 2%. Seeds are fixed, so a pass is
//    reproducible; a change to the samplers' random-number consumption draws
//    a fresh sample and faces that rate once. A positive control checks the
//    comparison has power: it must reject when the reference runs a model
//    whose red bloc ranks 2.0 instead of 1.5 candidates on average.
// 2. Closed forms on one cell with no run-level randomness: first-preference
//    shares equal w_j / sum(w) (chi-square goodness of fit), the ballot-length
//    distribution under equal weights equals the exact one (chi-square GOF;
//    its mean equals ExpectedBallotLength, z-test), and Multinomial/Binomial
//    match their laws (mean, variance, chi-square).
//
// Scale: NECSIM_STAT_SCALE (default 1; e.g. 0.25 under sanitizers) multiplies
// the number of runs. Smaller runs keep the false-alarm rates (the tests are
// calibrated for any n, with a floor keeping expected counts valid) and only
// lose power.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ballots/ballot_tree.h"
#include "engine/engine.h"
#include "core/rng.h"
#include "voters/sampler.h"
#include "scenario/scenario.h"
#include "scenario/scenario_yaml.h"
#include "tests/statistical/stat_util.h"

namespace necsim {
namespace {

// The Binomial(n, p) pmf at 0..n, for the chi-square tests below.
std::vector<double> BinomialPmf(int64_t n, double p) {
  std::vector<double> pmf(static_cast<size_t>(n) + 1);
  for (int64_t k = 0; k <= n; ++k) {
    pmf[static_cast<size_t>(k)] = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                                           k * std::log(p) + (n - k) * std::log1p(-p));
  }
  return pmf;
}

using stat_test::ChiSquare;
using stat_test::ChiSquareCritical;
using stat_test::ChiSquarePValue;
using stat_test::Fill;
using stat_test::GoodnessOfFit;
using stat_test::Homogeneity;
using stat_test::ZCritical;
using stat_test::Load;
using stat_test::Scale;
using stat_test::Scaled;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

constexpr double kAlpha = 5e-4;  // false-alarm rate of each test (or Bonferroni family)

// Pooled two-proportion z statistic (0 when both samples are all 0 or all 1,
// where they agree exactly).
double TwoProportionZ(int64_t xa, int64_t na, int64_t xb, int64_t nb) {
  const double pa = static_cast<double>(xa) / static_cast<double>(na);
  const double pb = static_cast<double>(xb) / static_cast<double>(nb);
  const double p = static_cast<double>(xa + xb) / static_cast<double>(na + nb);
  const double var = p * (1 - p) * (1.0 / static_cast<double>(na) + 1.0 / static_cast<double>(nb));
  return var > 0 ? (pa - pb) / std::sqrt(var) : 0.0;
}

std::vector<RunRecord> Runs(const Scenario& sc, SamplerKind kind, uint64_t seed, int64_t n) {
  const VoterModel model = VoterModel::Build(sc);
  EngineOptions opt;
  opt.seed = seed;
  opt.sampler = kind;
  opt.threads = 2;
  opt.backend = BackendAvailable(Backend::kOpenMp) ? Backend::kOpenMp : Backend::kSerial;
  std::vector<RunRecord> out;
  SimulateRuns(sc, model, opt, 0, n, out);
  return out;
}

// Per rule set: histogram of a slate's seats, of women elected, candidates'
// elected counts, constraints-changed count.
struct Summary {
  std::vector<std::vector<int64_t>> slate_seats;  // [slate][k]
  std::vector<int64_t> women;                     // [k]
  std::vector<int64_t> elected;                   // [candidate]
  int64_t changed = 0;
  int64_t runs = 0;
};

Summary Summarise(const Scenario& sc, const std::vector<RunRecord>& recs, size_t k) {
  const int seats = sc.rule_sets[k].seats;
  Summary s;
  s.slate_seats.assign(sc.slates.size() + 1, std::vector<int64_t>(static_cast<size_t>(seats) + 1, 0));
  s.women.assign(static_cast<size_t>(seats) + 1, 0);
  s.elected.assign(sc.candidates.size(), 0);
  for (const RunRecord& r : recs) {
    const RuleSetRecord& rr = r.rule_sets[k];
    std::vector<int> slate(sc.slates.size() + 1, 0);
    int women = 0;
    for (CandidateId c : rr.elected) {
      const auto& cc = sc.candidates[c];
      ++slate[cc.slate >= 0 ? static_cast<size_t>(cc.slate) : sc.slates.size()];
      women += cc.gender == Gender::kWoman;
      ++s.elected[c];
    }
    for (size_t i = 0; i < slate.size(); ++i) ++s.slate_seats[i][static_cast<size_t>(slate[i])];
    ++s.women[static_cast<size_t>(women)];
    s.changed += rr.constraints_changed;
    ++s.runs;
  }
  return s;
}

// Runs both samplers and applies the tests listed in the file comment to
// every rule set. `slate` is the slate whose seat distribution is compared.
// Returns the number of tests that rejected; with `expect` each rejection is
// also a test failure. `ref_sc` (default: sc) is the scenario the reference
// sampler runs, for the positive control below.
int CompareSamplers(const Scenario& sc, int64_t runs, int slate, bool expect, const Scenario* ref_sc = nullptr) {
  int rejected = 0;
  auto check = [&](bool ok) {
    rejected += !ok;
    return ok || !expect;
  };
  const auto fast = Runs(sc, SamplerKind::kFast, 1001, runs);
  const auto ref = Runs(ref_sc ? *ref_sc : sc, SamplerKind::kReference, 2002, runs);
  EXPECT_EQ(fast.size(), static_cast<size_t>(runs));
  EXPECT_EQ(ref.size(), static_cast<size_t>(runs));
  if (fast.size() != static_cast<size_t>(runs) || ref.size() != static_cast<size_t>(runs)) return -1;
  // The electorate is what the scenario says it is (a sanity check that the
  // runs did something): same mean ballots within 6 SE.
  {
    double sa = 0, sb = 0, qa = 0, qb = 0;
    for (const auto& r : fast) sa += static_cast<double>(r.ballots), qa += static_cast<double>(r.ballots) * r.ballots;
    for (const auto& r : ref) sb += static_cast<double>(r.ballots), qb += static_cast<double>(r.ballots) * r.ballots;
    const double n = static_cast<double>(runs);
    const double ma = sa / n, mb = sb / n;
    const double se = std::sqrt((qa / n - ma * ma) / n + (qb / n - mb * mb) / n);
    EXPECT_GT(ma, 100);
    if (expect) {
      EXPECT_LE(std::fabs(ma - mb), 6 * se + 1e-9) << "mean ballots " << ma << " vs " << mb;
    }
  }
  const int C = static_cast<int>(sc.candidates.size());
  const double z_crit = ZCritical(kAlpha, C);
  for (size_t k = 0; k < sc.rule_sets.size(); ++k) {
    const std::string& rs = sc.rule_sets[k].name;
    const Summary a = Summarise(sc, fast, k), b = Summarise(sc, ref, k);

    const ChiSquare chi = Homogeneity(a.slate_seats[static_cast<size_t>(slate)], b.slate_seats[static_cast<size_t>(slate)]);
    std::cout << "[" << sc.name << "/" << rs << "] slate seats chi2 = " << std::setprecision(4) << chi.stat
              << " (df " << chi.df << ", p " << chi.p << ")" << chi.table << "\n";
    if (chi.df > 0) {
      EXPECT_TRUE(check(chi.stat < ChiSquareCritical(chi.df, kAlpha)))
          << rs << ": seat distribution of slate " << slate << " differs between samplers (fast vs reference):"
          << chi.table << " p=" << chi.p;
    }

    double worst = 0;
    int worst_c = 0;
    for (int c = 0; c < C; ++c) {
      const double z = TwoProportionZ(a.elected[c], a.runs, b.elected[c], b.runs);
      if (std::fabs(z) > std::fabs(worst)) worst = z, worst_c = c;
    }
    for (int c = 0; c < C; ++c) {
      const double z = TwoProportionZ(a.elected[c], a.runs, b.elected[c], b.runs);
      if (c == worst_c) {
        EXPECT_TRUE(check(std::fabs(z) < z_crit)) << rs << ": P(" << sc.candidates[c].name << " elected) fast "
                                      << static_cast<double>(a.elected[c]) / a.runs << " vs reference "
                                      << static_cast<double>(b.elected[c]) / b.runs << " (z = " << z
                                      << ", Bonferroni critical " << z_crit << ")";
      }
    }
    std::cout << "[" << sc.name << "/" << rs << "] max |z| P(elected) = " << std::fabs(worst) << " ("
              << sc.candidates[worst_c].name << "), critical " << z_crit << "\n";

    const bool constrained = sc.rule_sets[k].women_min > 0 || !sc.rule_sets[k].groups.empty();
    if (constrained) {
      const double zc = TwoProportionZ(a.changed, a.runs, b.changed, b.runs);
      std::cout << "[" << sc.name << "/" << rs << "] P(constraints changed) fast " << static_cast<double>(a.changed) / a.runs
                << " vs reference " << static_cast<double>(b.changed) / b.runs << " (z = " << zc << ")\n";
      EXPECT_TRUE(check(std::fabs(zc) < ZCritical(kAlpha, 1)))
          << rs << ": P(constraints changed the result) fast " << static_cast<double>(a.changed) / a.runs
          << " vs reference " << static_cast<double>(b.changed) / b.runs << " (z = " << zc << ")";
      const ChiSquare cw = Homogeneity(a.women, b.women);
      std::cout << "[" << sc.name << "/" << rs << "] women elected chi2 = " << cw.stat << " (df " << cw.df << ", p "
                << cw.p << ")" << cw.table << "\n";
      if (cw.df > 0) {
        EXPECT_TRUE(check(cw.stat < ChiSquareCritical(cw.df, kAlpha))) << rs << ": women-elected distribution differs:" << cw.table;
      }
      // The constraint itself holds in every run, under both samplers.
      for (int w = 0; w < sc.rule_sets[k].women_min; ++w) {
        EXPECT_EQ(a.women[static_cast<size_t>(w)], 0) << rs << ": fast runs with " << w << " women";
        EXPECT_EQ(b.women[static_cast<size_t>(w)], 0) << rs << ": reference runs with " << w << " women";
      }
    }
  }
  return rejected;
}

void ExpectSamplersAgree(const Scenario& sc, int64_t runs, int slate) { CompareSamplers(sc, runs, slate, true); }

// Three regions x three blocs, 10 candidates (two slates of four and two
// independents), about 1,200 ballots a run; run-level randomness (bloc
// shares, turnout, campaign noise) kept moderate so that counts are close and
// outcomes vary from run to run. %BEHAVIOUR_x% and %RULES% are filled in.
const char* kBase = R"(
name: NAME
seed: 7
turnout: {mean: 0.35, sd: 0.01}
regions:
  - {name: North, members: 900}
  - {name: Midlands, members: 700}
  - {name: South, members: 500}
slates:
  - name: Red
  - name: Blue
blocs:
  - name: red
    share: {default: 0.45, South: 0.41}
    concentration: 2000
    behaviour: {affinity: {Red: 1.2, Blue: -0.5, independent: 0.0}, home_region: 0.4, women: WOMEN, campaign_noise: 0.1, LEN_RED}
  - name: blue
    share: {default: 0.43, South: 0.47}
    concentration: 2000
    behaviour: {affinity: {Red: -0.5, Blue: 1.2, independent: 0.2}, home_region: 0.4, women: WOMEN, campaign_noise: 0.1, LEN_BLUE}
  - name: floating
    share: 0.12
    concentration: 2000
    turnout_factor: 0.8
    behaviour: {affinity: {Red: 0.3, Blue: 0.3, independent: 0.9}, home_region: 0.8, profile_weight: 1.5, campaign_noise: 0.1, LEN_FLOAT}
candidates:
  - {name: R1, gender: m, region: North,    slate: Red,  profile: 0.5}
  - {name: R2, gender: f, region: Midlands, slate: Red,  profile: 0.3}
  - {name: R3, gender: m, region: South,    slate: Red,  profile: 0.2}
  - {name: R4, gender: f, region: North,    slate: Red,  profile: 0.0}
  - {name: B1, gender: m, region: South,    slate: Blue, profile: 0.5}
  - {name: B2, gender: f, region: North,    slate: Blue, profile: 0.3}
  - {name: B3, gender: m, region: Midlands, slate: Blue, profile: 0.2}
  - {name: B4, gender: f, region: South,    slate: Blue, profile: 0.0}
  - {name: I1, gender: f, region: Midlands, slate: independent, profile: 0.6}
  - {name: I2, gender: m, region: North,    slate: independent, profile: 0.4}
rule_sets:
RULES
)";

const char* kUnconstrainedRules = R"(  - {name: block_5, rule: block, seats: 5}
  - {name: ers97_5, rule: ers97, seats: 5}
  - {name: scottish_5, rule: scottish, seats: 5}
  - {name: meek_5, rule: meek, seats: 5})";

// Block vote and STV (ERS97, Scottish, Meek) with long ballots: the STV
// counts transfer surpluses and exclusions several preferences deep.
TEST(SamplerAgreement, LongBallotsBlockAndStv) {
  const Scenario sc = Load(Fill(kBase, {{"NAME", "long"},
                                        {"WOMEN", "0.0"},
                                        {"LEN_RED", "mean_preferences: 6"},
                                        {"LEN_BLUE", "stop: 0"},
                                        {"LEN_FLOAT", "mean_preferences: 4"},
                                        {"RULES", kUnconstrainedRules}}));
  ASSERT_EQ(sc.rule_sets.size(), 4u);
  ExpectSamplersAgree(sc, Scaled(kSanitized ? 300 : 2000, 200), 0);
}

// Truncated ballots: most voters bullet-vote or rank two (stop weights large),
// so non-transferable votes and exhaustion dominate the later stages.
TEST(SamplerAgreement, TruncatedBallots) {
  const Scenario sc = Load(Fill(kBase, {{"NAME", "truncated"},
                                        {"WOMEN", "0.0"},
                                        {"LEN_RED", "mean_preferences: 1.5"},
                                        {"LEN_BLUE", "mean_preferences: 2"},
                                        {"LEN_FLOAT", "stop: 40"},
                                        {"RULES", kUnconstrainedRules}}));
  ExpectSamplersAgree(sc, Scaled(kSanitized ? 300 : 2000, 200), 1);
}

// Constraints: the men have the higher profiles on both slates, so they tend
// to lead the poll and "at least half women" (3 of 5) binds in many runs, under block and STV; one
// rule set also caps each region at 2 seats.
TEST(SamplerAgreement, Constraints) {
  const Scenario sc = Load(Fill(kBase, {{"NAME", "constrained"},
                                        {"WOMEN", "0.0"},
                                        {"LEN_RED", "mean_preferences: 4"},
                                        {"LEN_BLUE", "mean_preferences: 3"},
                                        {"LEN_FLOAT", "mean_preferences: 2"},
                                        {"RULES", R"(  - {name: block_5_half, rule: block, seats: 5, women_min: half}
  - {name: ers97_5_half, rule: ers97, seats: 5, women_min: half}
  - {name: scottish_5_half_region2, rule: scottish, seats: 5, women_min: half, max_per_region: 2})"}}));
  ASSERT_EQ(sc.rule_sets.size(), 3u);
  ExpectSamplersAgree(sc, Scaled(kSanitized ? 300 : 2000, 200), 0);
}

// How-to-vote cards (docs/cards.md): the red slate publishes four cards (each
// of its candidates heads one) followed by 20% of the red bloc each with
// compliance 0.8; the blue slate one card of two names followed by half the
// blue bloc with compliance 1. Block vote, STV (ERS97, Scottish, Meek) and a
// regional IRV design (each region's members vote for its own candidates,
// so the cards' other names have weight 0 there and are passed over).
TEST(SamplerAgreement, HowToVoteCards) {
  const std::string cards = R"(  - name: Red
    cards:
      - {name: r1, order: [R1, R2, R3, R4]}
      - {name: r2, order: [R2, R3, R4, R1]}
      - {name: r3, order: [R3, R4, R1, R2]}
      - {name: r4, order: [R4, R1, R2, R3]}
  - name: Blue
    cards:
      - {name: b1, order: [B2, B4]}
)";
  std::string yaml = Fill(kBase, {{"NAME", "cards"},
                                  {"WOMEN", "0.0"},
                                  {"LEN_RED", "mean_preferences: 3, follow: {r1: 0.2, r2: 0.2, r3: 0.2, r4: 0.2}, compliance: 0.8"},
                                  {"LEN_BLUE", "mean_preferences: 2.5, follow: {b1: 0.5}"},
                                  {"LEN_FLOAT", "mean_preferences: 2"},
                                  {"RULES", std::string(kUnconstrainedRules) + "\n  - {name: regional_irv, regional: {rule: irv}}"}});
  yaml = Fill(yaml, {{"  - name: Red\n  - name: Blue\n", cards}});
  const Scenario sc = Load(yaml);
  ASSERT_EQ(sc.cards.size(), 5u);
  ASSERT_EQ(sc.rule_sets.size(), 5u);
  ExpectSamplersAgree(sc, Scaled(kSanitized ? 300 : 2000, 200), 0);
}

// Positive control (power): the same comparison must reject when the
// reference sampler runs a slightly different model: the red bloc's mean
// ballot length 1.5 -> 2.0 (a third more second preferences from 45% of the
// voters), the size of error a wrong stop weight or a lost stop category in
// the fast sampler's transfers would make. Only the STV rule sets, 1,000
// runs each. Claim: at least one of the tests rejects (at alpha = kAlpha).
TEST(SamplerAgreement, PositiveControlDetectsShorterBallots) {
  if (Scale() < 1 || kSanitized) GTEST_SKIP() << "power check: skipped with NECSIM_STAT_SCALE < 1 or under sanitizers";
  std::map<std::string, std::string> subs = {{"NAME", "truncated"},
                                             {"WOMEN", "0.0"},
                                             {"LEN_RED", "mean_preferences: 1.5"},
                                             {"LEN_BLUE", "mean_preferences: 2"},
                                             {"LEN_FLOAT", "stop: 40"},
                                             {"RULES", R"(  - {name: ers97_5, rule: ers97, seats: 5}
  - {name: meek_5, rule: meek, seats: 5})"}};
  const Scenario sc = Load(Fill(kBase, subs));
  subs["LEN_RED"] = "mean_preferences: 2.0";
  const Scenario other = Load(Fill(kBase, subs));
  const int rejected = CompareSamplers(sc, 1000, 0, false, &other);
  std::cout << "positive control: " << rejected << " of 4 tests rejected\n";
  EXPECT_GE(rejected, 1) << "the comparison did not detect a change of mean ballot length 1.5 -> 2.0";
}

// ---------------------------------------------------------------------------
// Closed forms on one cell.

// One region, one bloc, fixed share and turnout, no campaign noise: every
// run's sample is the same, and its Plackett-Luce weights are known.
const char* kOneCell = R"(
name: one_cell
turnout: {mean: 0.5, sd: 0}
regions:
  - {name: Only, members: 4000}
slates:
  - name: A
blocs:
  - name: all
    share: 1
    behaviour: {affinity: {A: 0.5, independent: 0.0}, campaign_noise: 0, LEN}
candidates:
  - {name: C1, slate: A, profile: 0.8}
  - {name: C2, slate: A, profile: 0.4}
  - {name: C3, slate: A, profile: 0.0}
  - {name: C4, profile: 1.0}
  - {name: C5, profile: 0.2}
  - {name: C6, profile: -0.5}
  - {name: C7, profile: -1.5}
  - {name: C8, profile: 0.0}
rule_sets:
  - {name: stv, rule: ers97, seats: 3}
)";

// First preferences: over R runs of 2,000 ballots the pooled first-preference
// counts are Multinomial(2000 R, w / sum w) under the model, for both
// samplers. Test: chi-square goodness of fit, df = 7, alpha = kAlpha each.
TEST(SamplerClosedForm, FirstPreferencesArePlackettLuceShares) {
  const Scenario sc = Load(Fill(kOneCell, {{"LEN", "stop: 1.0"}}));
  const VoterModel model = VoterModel::Build(sc);
  const int C = model.num_candidates;
  std::vector<double> p(static_cast<size_t>(C));
  double total = 0;
  for (int c = 0; c < C; ++c) total += p[c] = std::exp(model.base_utility[c]);
  for (double& x : p) x /= total;
  // The weights are the scenario's: affinity 0.5 for the slate + profile.
  EXPECT_NEAR(model.base_utility[0], 0.5 + 0.8, 1e-12);
  EXPECT_NEAR(model.base_utility[3], 1.0, 1e-12);

  const int64_t runs = Scaled(200, 50);
  std::vector<int64_t> fast(static_cast<size_t>(C), 0), ref(static_cast<size_t>(C), 0);
  for (int64_t run = 0; run < runs; ++run) {
    const RunSample s = SampleRun(sc, model, 11, static_cast<uint64_t>(run));
    ASSERT_EQ(s.total_ballots(), 2000);
    for (int c = 0; c < C; ++c) ASSERT_NEAR(s.weight[c] / std::exp(model.base_utility[c]), 1.0, 1e-12);
    SampledBallots b(s, 11, static_cast<uint64_t>(run));
    int64_t sum = 0;
    for (NodeId n : b.tree.children(BallotTree::kRoot)) {
      fast[b.tree.candidate(n)] += b.tree.count(n);
      sum += b.tree.count(n);
    }
    ASSERT_EQ(sum, 2000) << "every ballot has a first preference";
    const Election e = SampleBallotsReference(s, 11, static_cast<uint64_t>(run));
    for (const Ballot& bal : e.ballots) {
      ASSERT_FALSE(bal.prefs.empty());
      ref[bal.prefs[0]] += bal.weight;
    }
  }
  const double crit = ChiSquareCritical(C - 1, kAlpha);
  const ChiSquare gf = GoodnessOfFit(fast, p), gr = GoodnessOfFit(ref, p);
  std::cout << "first preferences: fast chi2 " << gf.stat << ", reference chi2 " << gr.stat << " (df " << C - 1
            << ", critical " << crit << ")\n";
  EXPECT_EQ(gf.df, C - 1);
  EXPECT_LT(gf.stat, crit) << "fast:" << gf.table;
  EXPECT_LT(gr.stat, crit) << "reference:" << gr.table;
}

// Ballot length with equal weights (all utilities 0): after k preferences the
// ballot goes on with probability (C-k) w / ((C-k) w + s), so
// P(L >= k+1) = prod_{i=1..k} (C-i) / (C-i + s/w) exactly, and
// ExpectedBallotLength is exact. The stop weight is resolved from
// mean_preferences: 3, so the mean must be 3. Tests (alpha = kAlpha each):
// chi-square GOF of the pooled length histogram (df = C - 1, fully expanded
// trees), and z = (mean - 3) / (sd / sqrt(n)) ~ N(0,1), for both samplers.
TEST(SamplerClosedForm, BallotLengthWithEqualWeights) {
  const std::string yaml = Fill(kOneCell, {{"LEN", "mean_preferences: 3, profile_weight: 0"},
                                           {"affinity: {A: 0.5, independent: 0.0}", "affinity: {A: 0, independent: 0}"}});
  const Scenario sc = Load(yaml);
  const VoterModel model = VoterModel::Build(sc);
  const int C = model.num_candidates;
  for (double u : model.base_utility) ASSERT_EQ(u, 0.0);
  const double s = model.stop[0];
  ASSERT_GT(s, 0);
  EXPECT_NEAR(ExpectedBallotLength(std::vector<double>(static_cast<size_t>(C), 1.0), s), 3.0, 1e-9);

  // Exact law of L (1..C).
  std::vector<double> pl(static_cast<size_t>(C), 0.0);
  double reach = 1, mean = 0;
  for (int k = 1; k <= C; ++k) {
    const double go_on = k < C ? (C - k) / (C - k + s) : 0.0;
    pl[k - 1] = reach * (1 - go_on);
    mean += k * pl[k - 1];
    reach *= go_on;
  }
  EXPECT_NEAR(mean, ExpectedBallotLength(std::vector<double>(static_cast<size_t>(C), 1.0), s), 1e-9);
  // A non-uniform case where the approximation is not exact is not tested.

  const int64_t runs = Scaled(100, 30);
  std::vector<int64_t> fast(static_cast<size_t>(C), 0), ref(static_cast<size_t>(C), 0);
  for (int64_t run = 0; run < runs; ++run) {
    const RunSample smp = SampleRun(sc, model, 12, static_cast<uint64_t>(run));
    SampledBallots b(smp, 12, static_cast<uint64_t>(run));
    // Expand the whole tree (no continuing set); ballots stopping at a node
    // of depth d have length d.
    std::vector<NodeId> stack{BallotTree::kRoot};
    while (!stack.empty()) {
      const NodeId n = stack.back();
      stack.pop_back();
      const auto kids = b.tree.children(n);
      const std::vector<NodeId> copy(kids.begin(), kids.end());
      const int64_t stop_here = b.tree.exhausted_at(n);
      if (n == BallotTree::kRoot) {
        ASSERT_EQ(stop_here, 0) << "no empty ballots";
      } else if (stop_here > 0) {
        fast[static_cast<size_t>(b.tree.depth(n) - 1)] += stop_here;
      }
      for (NodeId c : copy) stack.push_back(c);
    }
    const Election e = SampleBallotsReference(smp, 12, static_cast<uint64_t>(run));
    for (const Ballot& bal : e.ballots) ref[bal.prefs.size() - 1] += bal.weight;
  }
  const double crit = ChiSquareCritical(C - 1, kAlpha);
  const double zc = ZCritical(kAlpha, 1);
  for (const auto& [name, hist] : {std::pair{"fast", &fast}, std::pair{"reference", &ref}}) {
    const ChiSquare g = GoodnessOfFit(*hist, pl);
    double n = 0, s1 = 0, s2 = 0;
    for (int k = 1; k <= C; ++k) {
      const double x = static_cast<double>((*hist)[k - 1]);
      n += x, s1 += x * k, s2 += x * k * k;
    }
    const double m = s1 / n, sd = std::sqrt(s2 / n - m * m);
    const double z = (m - mean) / (sd / std::sqrt(n));
    std::cout << name << " ballot length: mean " << m << " (exact " << mean << ", z " << z << "), chi2 " << g.stat
              << " (df " << g.df << ", critical " << crit << ")\n";
    EXPECT_LT(g.stat, ChiSquareCritical(std::max(1, g.df), kAlpha)) << name << ":" << g.table;
    EXPECT_LT(std::fabs(z), zc) << name << ": mean ballot length " << m << " vs " << mean;
  }
}

// Binomial(n, p) against its law, in each regime of the implementation
// (inversion for n p < 10, BTRD transformed rejection above, reflection for
// p > 0.5, and the edges). For M draws: z = (mean - n p) / sqrt(n p q / M)
// ~ N(0,1); z = (var - n p q) / SE(var) with SE(var)^2 = (mu4 - sigma^4 (M-3)/(M-1)) / M,
// mu4 = n p q (1 + 3 (n - 2) p q). Bonferroni over all 2 x 6 z-tests at
// family rate kAlpha. Then chi-square GOF (df = pooled cells - 1, alpha =
// kAlpha each) of Binomial(10, 0.3) (inversion), Binomial(40, 0.8)
// (reflected to Binomial(40, 0.2), then inversion), Binomial(200, 0.4)
// and Binomial(5000, 0.05) (BTRD: every step of it, the recurrence near the
// mode and, with sd 6.9 and 15.4, the squeeze and Stirling tests beyond
// |k - m| = 15), and Binomial(60, 0.25) (BTRD at n p = 15, near its edge).
TEST(SamplerClosedForm, Binomial) {
  Stream edge(5, 0, StreamPurpose::kTest);
  EXPECT_EQ(Binomial(edge, 0, 0.5), 0);
  EXPECT_EQ(Binomial(edge, 10, 0.0), 0);
  EXPECT_EQ(Binomial(edge, 10, 1.0), 10);
  EXPECT_EQ(Binomial(edge, -3, 0.5), 0);

  struct Case {
    int64_t n;
    double p;
  };
  const std::vector<Case> cases = {{1000, 0.01}, {50, 0.5}, {1000, 0.3}, {1000, 0.99}, {7, 0.9}, {1'000'000'000, 1e-8}};
  const int64_t M = Scaled(40000, 10000);
  const double zc = ZCritical(kAlpha, 2 * static_cast<int>(cases.size()));
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto [n, p] = cases[i];
    Stream rng(6, i, StreamPurpose::kTest);
    double s1 = 0, s2 = 0;
    for (int64_t m = 0; m < M; ++m) {
      const int64_t x = Binomial(rng, n, p);
      ASSERT_GE(x, 0);
      ASSERT_LE(x, n);
      s1 += static_cast<double>(x);
      s2 += static_cast<double>(x) * static_cast<double>(x);
    }
    const double dM = static_cast<double>(M), dn = static_cast<double>(n), q = 1 - p;
    const double mean = s1 / dM, var = (s2 - s1 * s1 / dM) / (dM - 1);
    const double sigma2 = dn * p * q;
    const double mu4 = sigma2 * (1 + 3 * (dn - 2) * p * q);
    const double z_mean = (mean - dn * p) / std::sqrt(sigma2 / dM);
    const double z_var = (var - sigma2) / std::sqrt((mu4 - sigma2 * sigma2 * (dM - 3) / (dM - 1)) / dM);
    EXPECT_LT(std::fabs(z_mean), zc) << "Binomial(" << n << ", " << p << ") mean " << mean << " vs " << dn * p;
    EXPECT_LT(std::fabs(z_var), zc) << "Binomial(" << n << ", " << p << ") variance " << var << " vs " << sigma2;
  }
  for (const auto& [n, p] : std::vector<Case>{{10, 0.3}, {40, 0.8}, {200, 0.4}, {5000, 0.05}, {60, 0.25}}) {
    Stream rng(7, static_cast<uint64_t>(n), StreamPurpose::kTest);
    std::vector<int64_t> hist(static_cast<size_t>(n) + 1, 0);
    for (int64_t m = 0; m < M; ++m) ++hist[static_cast<size_t>(Binomial(rng, n, p))];
    const ChiSquare g = GoodnessOfFit(hist, BinomialPmf(n, p));
    EXPECT_LT(g.stat, ChiSquareCritical(g.df, kAlpha)) << "Binomial(" << n << ", " << p << "):" << g.table;
  }
}

// Degenerate splits in every regime (per-ballot inversion, alias table,
// binomial chain): a single category takes every ballot, a zero-weight
// category none, and the counts always add up to n.
TEST(SamplerClosedForm, MultinomialDegenerate) {
  Stream rng(8, 9, StreamPurpose::kTest);
  std::vector<int64_t> out;
  for (const int64_t n : {0, 1, 5, 12, 13, 16, 40, 100, 5000, 100000}) {
    Multinomial(rng, n, {3.0}, out);
    ASSERT_EQ(out, (std::vector<int64_t>{n})) << "n=" << n;
    Multinomial(rng, n, {0.0, 2.0}, out);
    ASSERT_EQ(out, (std::vector<int64_t>{0, n})) << "n=" << n;
    Multinomial(rng, n, {1.0, 0.0, 1.0}, out);
    ASSERT_EQ(out[1], 0) << "n=" << n;
    ASSERT_EQ(out[0] + out[2], n) << "n=" << n;
  }
}

// Multinomial(n, p) with unnormalised p (as the fast sampler passes raw
// weights) in its three regimes (n <= 12: one categorical draw per ballot by
// a scan; up to 16 ballots per category: per-ballot draws by the lane
// kernels; beyond that: a chain of binomials), with a zero-probability
// category.
// Tests (alpha = kAlpha each): the joint law of Multinomial(3, p) over its 20
// outcomes by chi-square GOF (df = pooled cells - 1); and the last category of
// Multinomial(25, p) against Binomial(25, p_5) by chi-square GOF;
// per-category means of Multinomial(1000, p) (the chain) by z-tests
// (Bonferroni over 4 categories). Counts always sum to n.
TEST(SamplerClosedForm, Multinomial) {
  const std::vector<double> w = {2.0, 0.5, 0.0, 1.0, 0.5};  // sum 4
  const std::vector<double> p = {0.5, 0.125, 0.0, 0.25, 0.125};
  const int64_t M = Scaled(40000, 10000);
  std::vector<int64_t> out;
  {
    // Joint law for n = 3: outcomes indexed by counts of the 4 live categories.
    Stream rng(8, 0, StreamPurpose::kTest);
    std::map<std::vector<int64_t>, int64_t> seen;
    for (int64_t m = 0; m < M; ++m) {
      Multinomial(rng, 3, w, out);
      ASSERT_EQ(out.size(), w.size());
      ASSERT_EQ(out[2], 0) << "zero-weight category drawn";
      ASSERT_EQ(out[0] + out[1] + out[2] + out[3] + out[4], 3);
      ++seen[out];
    }
    std::vector<int64_t> obs;
    std::vector<double> prob;
    for (int64_t a = 0; a <= 3; ++a) {
      for (int64_t b = 0; a + b <= 3; ++b) {
        for (int64_t d = 0; a + b + d <= 3; ++d) {
          const int64_t e = 3 - a - b - d;
          const std::vector<int64_t> key = {a, b, 0, d, e};
          const double fact[] = {1, 1, 2, 6};
          prob.push_back(6.0 / (fact[a] * fact[b] * fact[d] * fact[e]) * std::pow(p[0], a) * std::pow(p[1], b) *
                         std::pow(p[3], d) * std::pow(p[4], e));
          obs.push_back(seen.count(key) ? seen[key] : 0);
          seen.erase(key);
        }
      }
    }
    EXPECT_TRUE(seen.empty()) << "impossible outcomes drawn";
    const ChiSquare g = GoodnessOfFit(obs, prob);
    EXPECT_LT(g.stat, ChiSquareCritical(g.df, kAlpha)) << "Multinomial(3) joint:" << g.table;
  }
  {
    Stream rng(8, 1, StreamPurpose::kTest);
    const int64_t n = 25;
    std::vector<int64_t> hist(n + 1, 0);
    for (int64_t m = 0; m < M; ++m) {
      Multinomial(rng, n, w, out);
      ASSERT_EQ(out[2], 0);
      ASSERT_EQ(out[0] + out[1] + out[2] + out[3] + out[4], n);
      ++hist[static_cast<size_t>(out[4])];
    }
    const ChiSquare g = GoodnessOfFit(hist, BinomialPmf(n, p[4]));
    EXPECT_LT(g.stat, ChiSquareCritical(g.df, kAlpha)) << "Multinomial(25) last category:" << g.table;
  }
  {
    Stream rng(8, 2, StreamPurpose::kTest);
    const int64_t n = 1000, reps = M / 10;
    std::vector<double> sum(w.size(), 0.0);
    for (int64_t m = 0; m < reps; ++m) {
      Multinomial(rng, n, w, out);
      ASSERT_EQ(out[2], 0);
      int64_t t = 0;
      for (size_t i = 0; i < out.size(); ++i) sum[i] += static_cast<double>(out[i]), t += out[i];
      ASSERT_EQ(t, n);
    }
    const double zc = ZCritical(kAlpha, 4);
    for (size_t i = 0; i < w.size(); ++i) {
      if (p[i] == 0) continue;
      const double mean = sum[i] / static_cast<double>(reps);
      const double z = (mean - n * p[i]) / std::sqrt(n * p[i] * (1 - p[i]) / static_cast<double>(reps));
      EXPECT_LT(std::fabs(z), zc) << "Multinomial(1000) category " << i << " mean " << mean << " vs " << n * p[i];
    }
  }
}

// The per-ballot regime of Multinomial (12 < n <= 16k: n inversions by the
// lane kernels), with categories of no mass first, inside and last.
// Tests (alpha = kAlpha each): the joint law of Multinomial(13, w) over 3 live
// categories of 5 (105 outcomes) by chi-square GOF; for n = 40 over 12
// categories, each live category's count against Binomial(40, p_j) by
// chi-square GOF (Bonferroni over the 8 live categories and the covariance
// test), and the covariance of two counts against -n p_i p_j by a z-test whose
// variance is estimated from the sample.
TEST(SamplerClosedForm, MultinomialGuideTable) {
  const int64_t M = Scaled(40000, 10000);
  std::vector<int64_t> out;
  {
    const std::vector<double> w = {0.0, 2.0, 0.0, 1.0, 1.0};  // p = 1/2, 1/4, 1/4 on 1, 3, 4
    const int64_t n = 13;
    Stream rng(8, 10, StreamPurpose::kTest);
    std::map<std::vector<int64_t>, int64_t> seen;
    for (int64_t m = 0; m < M; ++m) {
      Multinomial(rng, n, w, out);
      ASSERT_EQ(out[0], 0);
      ASSERT_EQ(out[2], 0);
      ASSERT_EQ(out[1] + out[3] + out[4], n);
      ++seen[out];
    }
    std::vector<int64_t> obs;
    std::vector<double> prob;
    for (int64_t a = 0; a <= n; ++a) {
      for (int64_t b = 0; a + b <= n; ++b) {
        const int64_t c = n - a - b;
        const std::vector<int64_t> key = {0, a, 0, b, c};
        prob.push_back(std::exp(std::lgamma(n + 1.0) - std::lgamma(a + 1.0) - std::lgamma(b + 1.0) -
                                std::lgamma(c + 1.0) + a * std::log(0.5) + (b + c) * std::log(0.25)));
        obs.push_back(seen.count(key) ? seen[key] : 0);
        seen.erase(key);
      }
    }
    EXPECT_TRUE(seen.empty()) << "impossible outcomes drawn";
    const ChiSquare g = GoodnessOfFit(obs, prob);
    EXPECT_LT(g.stat, ChiSquareCritical(g.df, kAlpha)) << "Multinomial(13) joint:" << g.table;
  }
  {
    const std::vector<double> w = {0.0, 3.0, 1.0, 0.0, 0.5, 2.0, 0.25, 1.25, 0.0, 4.0, 0.5, 0.0};
    double total = 0;
    for (double x : w) total += x;
    const int64_t n = 40;
    const size_t k = w.size();
    Stream rng(8, 11, StreamPurpose::kTest);
    std::vector<std::vector<int64_t>> hist(k, std::vector<int64_t>(n + 1, 0));
    double s1 = 0, s5 = 0, s15 = 0, s15sq = 0;
    for (int64_t m = 0; m < M; ++m) {
      Multinomial(rng, n, w, out);
      int64_t t = 0;
      for (size_t i = 0; i < k; ++i) {
        if (w[i] == 0) {
          ASSERT_EQ(out[i], 0) << "category " << i << " has no mass";
        }
        ++hist[i][static_cast<size_t>(out[i])];
        t += out[i];
      }
      ASSERT_EQ(t, n);
      const double x1 = static_cast<double>(out[1]), x5 = static_cast<double>(out[5]);
      s1 += x1, s5 += x5, s15 += x1 * x5, s15sq += x1 * x5 * x1 * x5;
    }
    const double alpha = kAlpha / 9;
    for (size_t i = 0; i < k; ++i) {
      if (w[i] == 0) continue;
      const ChiSquare g = GoodnessOfFit(hist[i], BinomialPmf(n, w[i] / total));
      EXPECT_LT(g.stat, ChiSquareCritical(g.df, alpha)) << "Multinomial(40) category " << i << ":" << g.table;
    }
    // Cov(X1, X5) = -n p1 p5; the z-test uses the sample variance of X1 X5
    // (the means' own error is O(1/M) and ignored).
    const double dM = static_cast<double>(M);
    const double cov = s15 / dM - (s1 / dM) * (s5 / dM);
    const double expected = -static_cast<double>(n) * (w[1] / total) * (w[5] / total);
    const double var_prod = s15sq / dM - (s15 / dM) * (s15 / dM);
    const double z = (cov - expected) / std::sqrt(var_prod / dM);
    EXPECT_LT(std::fabs(z), ZCritical(alpha, 1)) << "Multinomial(40) Cov(X1, X5) " << cov << " vs " << expected;
  }
}

// The chain of binomials with many light categories: n = 400 over 20
// categories (more than 16 a category, so the chain runs), one heavy category
// first (5/8 of the mass), then one of no mass and 18 light ones, whose
// binomials have small means (inversion, not BTRD). Tests (alpha = kAlpha / 5
// each, Bonferroni): categories 0, 2 and 19 against Binomial(400, p_j) by
// chi-square GOF; Cov(X0, X2) = -n p0 p2 and Cov(X2, X3) = -n p2 p3 by z-tests
// with the product's sample variance.
TEST(SamplerClosedForm, MultinomialChainOfLightCategories) {
  const int64_t M = Scaled(40000, 10000);
  std::vector<double> w = {30.0, 0.0};
  for (int j = 0; j < 18; ++j) w.push_back(1.0);
  const double total = 48.0;
  const int64_t n = 400;
  const size_t k = w.size();
  ASSERT_GT(n, 16 * static_cast<int64_t>(k));
  Stream rng(8, 12, StreamPurpose::kTest);
  std::vector<std::vector<int64_t>> hist(k, std::vector<int64_t>(n + 1, 0));
  struct Pair {
    size_t a, b;
    double sa = 0, sb = 0, sab = 0, sab2 = 0;
  };
  Pair pairs[] = {{0, 2}, {2, 3}};
  std::vector<int64_t> out;
  for (int64_t m = 0; m < M; ++m) {
    Multinomial(rng, n, w, out);
    ASSERT_EQ(out[1], 0) << "category 1 has no mass";
    int64_t t = 0;
    for (size_t i = 0; i < k; ++i) {
      ++hist[i][static_cast<size_t>(out[i])];
      t += out[i];
    }
    ASSERT_EQ(t, n);
    for (Pair& q : pairs) {
      const double xa = static_cast<double>(out[q.a]), xb = static_cast<double>(out[q.b]);
      q.sa += xa, q.sb += xb, q.sab += xa * xb, q.sab2 += xa * xb * xa * xb;
    }
  }
  const double alpha = kAlpha / 5;
  for (size_t i : {size_t{0}, size_t{2}, size_t{19}}) {
    const ChiSquare g = GoodnessOfFit(hist[i], BinomialPmf(n, w[i] / total));
    EXPECT_LT(g.stat, ChiSquareCritical(g.df, alpha)) << "Multinomial(400) category " << i << ":" << g.table;
  }
  const double dM = static_cast<double>(M);
  for (const Pair& q : pairs) {
    const double cov = q.sab / dM - (q.sa / dM) * (q.sb / dM);
    const double expected = -static_cast<double>(n) * (w[q.a] / total) * (w[q.b] / total);
    const double var_prod = q.sab2 / dM - (q.sab / dM) * (q.sab / dM);
    const double z = (cov - expected) / std::sqrt(var_prod / dM);
    EXPECT_LT(std::fabs(z), ZCritical(alpha, 1))
        << "Multinomial(400) Cov(X" << q.a << ", X" << q.b << ") " << cov << " vs " << expected;
  }
}

}  // namespace
}  // namespace necsim
