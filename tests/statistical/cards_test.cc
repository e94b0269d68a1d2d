// Statistical tests of how-to-vote cards (docs/cards.md, scenarios/README.md
// "How-to-vote cards"), ballot by ballot, on one cell with no run-level
// randomness but the per-run split of the followers (so the pooled ballots
// of R runs are independent draws of the model under both samplers: the fast
// sampler's multinomial splits have the law of counting independent
// ballots).
//
// 1. Agreement: the fast sampler's tree, walked fully (Expand) or over a
//    continuing set S (the root expanded over every candidate, as a count's
//    first stage does, then ExpandContinuing; card names outside S are then
//    ranked out of sight, the m > 0 case of docs/cards.md), against the
//    reference sampler's ballots restricted to S: the first preference in S
//    (or none), the first two (pairs) and the number of preferences in S,
//    each by a chi-square test of homogeneity (adjacent cells pooled until
//    expected counts are >= 5; ~ chi-square(cells - 1)). Also under a
//    second set S2 inside S on the same tree (nodes expanded under S stay
//    valid under a subset), and with a card name of weight 0 (a regional
//    district's view), which both samplers pass over.
// 2. Closed form: with every voter on one card, the number L of leading
//    preferences that agree with the card has P(L >= k) given by the
//    two-state recursion of prefix probabilities (CardPrefixProbability
//    below); chi-square goodness of fit for both samplers.
// 3. Compliance 1 reproduces the card exactly: every follower's ballot begins
//    with its card's order (its restriction to S begins with the card's
//    restriction), under both samplers; no exceptions allowed.
// 4. Follow shares are honoured: the run samples' followers of each card, and
//    with compliance 1 the ballots that begin with each card, against the
//    shares by z-tests (pooled counts ~ Binomial(N, share)).
// 5. Power: the comparison of 1 must reject when the reference runs
//    compliance 0.7 and the fast sampler 0.8.
// Every test (or Bonferroni family) has false-alarm rate kAlpha = 5e-4;
// seeds are fixed, so a pass is reproducible.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "ballots/ballot_tree.h"
#include "tests/statistical/stat_util.h"
#include "voters/sampler.h"

namespace necsim {
namespace {

using stat_test::ChiSquare;
using stat_test::ChiSquareCritical;
using stat_test::Fill;
using stat_test::GoodnessOfFit;
using stat_test::Homogeneity;
using stat_test::Load;
using stat_test::Scaled;
using stat_test::ZCritical;

constexpr double kAlpha = 5e-4;

// One region, one bloc, 4,000 ballots a run. Slate A publishes a card of all
// its four candidates and a short one of two; FOLLOW, Q and LEN are filled in.
const char* kCardCell = R"(
name: card_cell
turnout: {mean: 0.5, sd: 0}
regions:
  - {name: Only, members: 8000}
slates:
  - name: A
    cards:
      - {name: a_long, order: [A1, A2, A3, A4]}
      - {name: a_short, order: [A3, A1]}
  - name: B
blocs:
  - name: all
    share: 1
    behaviour: {affinity: {A: 0.3, B: 0.0, independent: -0.2}, campaign_noise: 0, FOLLOW, compliance: Q, LEN}
candidates:
  - {name: A1, slate: A, profile: -0.5}
  - {name: A2, slate: A, profile: 0.0}
  - {name: A3, slate: A, profile: 0.4}
  - {name: A4, slate: A, profile: -1.0}
  - {name: B1, slate: B, profile: 0.8}
  - {name: B2, slate: B, profile: 0.2}
  - {name: I1, profile: 0.5}
  - {name: I2, profile: -0.3}
rule_sets:
  - {name: stv, rule: ers97, seats: 3}
)";
constexpr CandidateId A1 = 0, A2 = 1, A3 = 2, A4 = 3, B1 = 4;
constexpr int kC = 8;

Scenario CardCell(const std::string& follow, const std::string& q, const std::string& len = "mean_preferences: 4") {
  return Load(Fill(kCardCell, {{"FOLLOW", "follow: " + follow}, {"Q", q}, {"LEN", len}}));
}

// Histograms of ballots restricted to a set S: first preference in S (kC:
// none), the first two ((kC + 1) x (kC + 1)), and the number in S (0..kC).
struct Restricted {
  std::vector<int64_t> first = std::vector<int64_t>(kC + 1, 0);
  std::vector<int64_t> pairs = std::vector<int64_t>((kC + 1) * (kC + 1), 0);
  std::vector<int64_t> length = std::vector<int64_t>(kC + 1, 0);
  void Add(const std::vector<CandidateId>& r, int64_t n) {
    const int a = r.empty() ? kC : r[0];
    const int b = r.size() < 2 ? kC : r[1];
    first[static_cast<size_t>(a)] += n;
    pairs[static_cast<size_t>(a * (kC + 1) + b)] += n;
    length[r.size()] += n;
  }
};

std::vector<CandidateId> RestrictTo(const std::vector<CandidateId>& prefs, const std::vector<char>& in) {
  std::vector<CandidateId> r;
  for (CandidateId c : prefs) {
    if (in[static_cast<size_t>(c)]) r.push_back(c);
  }
  return r;
}

// Calls f(restricted ranking, ballots) for every parcel of the fast
// sampler's tree: fully expanded when `in` is null, else the root over every
// candidate and below it the next preferences in *in (descending through
// children not in *in, as the counts do).
template <class F>
void WalkFast(BallotTree& t, const std::vector<char>* in, F&& f) {
  std::vector<CandidateId> prefix;
  auto walk = [&](auto& self, NodeId n) -> void {
    const ChildRange kids = (in == nullptr || n == BallotTree::kRoot) ? t.children(n) : t.continuing_children(n, *in);
    int64_t rest = t.count(n);
    for (NodeId k : kids) rest -= t.count(k);
    if (rest > 0) f(prefix, rest);
    for (NodeId k : kids) {
      const CandidateId c = t.candidate(k);
      const bool counted = in == nullptr || (*in)[static_cast<size_t>(c)];
      if (counted) prefix.push_back(c);
      self(self, k);
      if (counted) prefix.pop_back();
    }
  };
  walk(walk, BallotTree::kRoot);
}

std::vector<char> AllBut(std::initializer_list<CandidateId> out) {
  std::vector<char> in(kC, 1);
  for (CandidateId c : out) in[static_cast<size_t>(c)] = 0;
  return in;
}

// Tests fast against reference on one statistic; returns whether it passed
// (and, with `expect`, fails the test when it did not).
bool Same(const char* what, const std::vector<int64_t>& fast, const std::vector<int64_t>& ref, bool expect) {
  const ChiSquare chi = Homogeneity(fast, ref);
  const bool ok = chi.df <= 0 || chi.stat < ChiSquareCritical(chi.df, kAlpha);
  std::cout << what << ": chi2 " << chi.stat << " (df " << chi.df << ", p " << chi.p << ")\n";
  if (expect) {
    EXPECT_TRUE(ok) << what << " differs between the samplers (fast vs reference):" << chi.table;
  }
  return ok;
}

// Runs both samplers over `runs` runs and compares the restricted ballots
// under each set in `sets` (walked in order on the same fast tree). `ref_sc`
// (default: sc) is what the reference runs; `zero` candidates get weight 0.
// Returns the number of statistics that differ.
int CompareBallots(const Scenario& sc, int64_t runs, const std::vector<std::vector<char>>& sets, bool full,
                   bool expect, const Scenario* ref_sc = nullptr, const std::vector<CandidateId>& zero = {}) {
  const VoterModel model = VoterModel::Build(sc);
  const VoterModel ref_model = VoterModel::Build(ref_sc ? *ref_sc : sc);
  std::vector<Restricted> fast(sets.size() + 1), ref(sets.size() + 1);
  const std::vector<char> all(kC, 1);
  for (int64_t run = 0; run < runs; ++run) {
    RunSample a = SampleRun(sc, model, 31, static_cast<uint64_t>(run));
    RunSample b = SampleRun(ref_sc ? *ref_sc : sc, ref_model, 32, static_cast<uint64_t>(run));
    for (CandidateId c : zero) a.weight[static_cast<size_t>(c)] = b.weight[static_cast<size_t>(c)] = 0.0;
    if (full) {
      SampledBallots t(a, 31, static_cast<uint64_t>(run));
      WalkFast(t.tree, nullptr, [&](const std::vector<CandidateId>& r, int64_t n) { fast[0].Add(r, n); });
    }
    {
      // A tree of its own (the one above is expanded everywhere already).
      SampledBallots t(a, 31, static_cast<uint64_t>(run));
      for (size_t i = 0; i < sets.size(); ++i) {
        WalkFast(t.tree, &sets[i], [&](const std::vector<CandidateId>& r, int64_t n) { fast[i + 1].Add(r, n); });
      }
    }
    const Election e = SampleBallotsReference(b, 32, static_cast<uint64_t>(run));
    for (const Ballot& bal : e.ballots) {
      ref[0].Add(bal.prefs, bal.weight);
      for (size_t i = 0; i < sets.size(); ++i) ref[i + 1].Add(RestrictTo(bal.prefs, sets[i]), bal.weight);
    }
  }
  int differ = 0;
  for (size_t i = full ? 0 : 1; i <= sets.size(); ++i) {
    const std::string on = i == 0 ? "all candidates" : "set " + std::to_string(i);
    differ += !Same(("first preference, " + on).c_str(), fast[i].first, ref[i].first, expect);
    differ += !Same(("first two preferences, " + on).c_str(), fast[i].pairs, ref[i].pairs, expect);
    differ += !Same(("preferences given, " + on).c_str(), fast[i].length, ref[i].length, expect);
  }
  return differ;
}

// Followers of both cards (40% and 35%; the rest rank freely), compliance
// 0.8: fully expanded trees, then the continuing sets S = all but {A2, A4,
// B1} (a_long's followers at A1 pass over A2 out of sight; at A3 the card
// runs out) and S2 = S without A3 (walked after S, on nodes expanded under S).
TEST(CardsAgreement, FullAndContinuingExpansion) {
  const Scenario sc = CardCell("{a_long: 0.4, a_short: 0.35}", "0.8");
  ASSERT_EQ(sc.cards.size(), 2u);
  const std::vector<char> s1 = AllBut({A2, A4, B1});
  const std::vector<char> s2 = AllBut({A2, A3, A4, B1});
  EXPECT_EQ(CompareBallots(sc, Scaled(150, 40), {s1, s2}, true, true), 0);
}

// The same with short ballots (stop weight large: free steps often end the
// ballot, following steps never do) and only the continuing sets.
TEST(CardsAgreement, ShortBallotsContinuing) {
  const Scenario sc = CardCell("{a_long: 0.5, a_short: 0.3}", "0.6", "mean_preferences: 1.6");
  EXPECT_EQ(CompareBallots(sc, Scaled(150, 40), {AllBut({A1, B1}), AllBut({A1, A2, A3, B1})}, false, true), 0);
}

// A card name of weight 0 (as in a regional district where it does not
// stand) is passed over by both samplers.
TEST(CardsAgreement, ZeroWeightCardNamePassedOver) {
  const Scenario sc = CardCell("{a_long: 0.5, a_short: 0.3}", "0.8");
  EXPECT_EQ(CompareBallots(sc, Scaled(100, 30), {AllBut({A3, B1})}, true, true, nullptr, {A2}), 0);
}

// Power: the same comparison rejects when the reference's followers comply
// with probability 0.7 instead of 0.8.
TEST(CardsAgreement, PositiveControlDetectsLowerCompliance) {
  if (stat_test::Scale() < 1) GTEST_SKIP() << "power check: skipped with NECSIM_STAT_SCALE < 1";
  const Scenario sc = CardCell("{a_long: 0.4, a_short: 0.35}", "0.8");
  const Scenario other = CardCell("{a_long: 0.4, a_short: 0.35}", "0.7");
  const int differ = CompareBallots(sc, 100, {AllBut({A2, A4, B1})}, true, false, &other);
  std::cout << "positive control: " << differ << " of 6 statistics differ\n";
  EXPECT_GE(differ, 1) << "the comparison did not detect compliance 0.8 against 0.7";
}

// P(a follower's ballot begins with `prefix`), exactly: mass F following and
// G free after each step. A step ranking p from following: with the card's
// next name x (first not yet ranked of weight > 0), F q [x = p] stays
// following and F (1 - q) w_p / (W + s) goes free; with no x, F w_p / (W + s)
// goes free. From free: G w_p / (W + s). W is the weight not yet ranked, s the
// stop weight (0 for the first preference).
double CardPrefixProbability(const std::vector<CandidateId>& card, const std::vector<double>& w, double stop,
                             double q, const std::vector<CandidateId>& prefix) {
  std::vector<char> ranked(w.size(), 0);
  double W = 0;
  for (double x : w) W += x;
  double F = 1, G = 0;
  for (size_t t = 0; t < prefix.size(); ++t) {
    const CandidateId p = prefix[t];
    const double s = t == 0 ? 0.0 : stop;
    CandidateId x = -1;
    for (CandidateId c : card) {
      if (!ranked[static_cast<size_t>(c)] && w[static_cast<size_t>(c)] > 0) {
        x = c;
        break;
      }
    }
    const double free_p = w[static_cast<size_t>(p)] / (W + s);
    const double f = x >= 0 ? F * q * (x == p ? 1.0 : 0.0) : 0.0;
    const double g = (x >= 0 ? F * (1 - q) : F) * free_p + G * free_p;
    F = f, G = g;
    ranked[static_cast<size_t>(p)] = 1;
    W -= w[static_cast<size_t>(p)];
  }
  return F + G;
}

// Every voter on a_long, compliance 0.7: L = the number of leading
// preferences equal to the card's (0..4). Exact law from
// CardPrefixProbability; chi-square GOF (df = 4), both samplers (fast: fully
// expanded trees).
TEST(CardsClosedForm, LeadingAgreementWithTheCard) {
  const Scenario sc = CardCell("{a_long: 1}", "0.7", "mean_preferences: 3");
  const VoterModel model = VoterModel::Build(sc);
  const std::vector<CandidateId> card = {A1, A2, A3, A4};
  const RunSample s0 = SampleRun(sc, model, 41, 0);
  const std::vector<double> w(s0.weight.begin(), s0.weight.end());
  std::vector<double> at_least(card.size() + 2, 0.0);
  for (size_t k = 0; k <= card.size(); ++k) {
    at_least[k] = CardPrefixProbability(card, w, s0.stop[0], 0.7, std::vector<CandidateId>(card.begin(), card.begin() + k));
  }
  EXPECT_NEAR(at_least[0], 1.0, 1e-12);
  // The closed form itself, by hand for k = 1: q + (1 - q) w_A1 / W.
  double W = 0;
  for (double x : w) W += x;
  EXPECT_NEAR(at_least[1], 0.7 + 0.3 * w[A1] / W, 1e-12);
  std::vector<double> prob(card.size() + 1);
  for (size_t k = 0; k <= card.size(); ++k) prob[k] = at_least[k] - at_least[k + 1];

  auto agreement = [&](const std::vector<CandidateId>& r) {
    size_t k = 0;
    while (k < card.size() && k < r.size() && r[k] == card[k]) ++k;
    return k;
  };
  const int64_t runs = Scaled(100, 30);
  std::vector<int64_t> fast(card.size() + 1, 0), ref(card.size() + 1, 0);
  for (int64_t run = 0; run < runs; ++run) {
    const RunSample s = SampleRun(sc, model, 41, static_cast<uint64_t>(run));
    ASSERT_EQ(s.card_voters.size(), 1u);
    ASSERT_EQ(s.card_voters[0].ballots, s.total_ballots()) << "share 1: every voter follows";
    SampledBallots t(s, 41, static_cast<uint64_t>(run));
    WalkFast(t.tree, nullptr, [&](const std::vector<CandidateId>& r, int64_t n) { fast[agreement(r)] += n; });
    const Election e = SampleBallotsReference(s, 41, static_cast<uint64_t>(run));
    for (const Ballot& b : e.ballots) ref[agreement(b.prefs)] += b.weight;
  }
  for (const auto& [name, hist] : {std::pair{"fast", &fast}, std::pair{"reference", &ref}}) {
    const ChiSquare g = GoodnessOfFit(*hist, prob);
    std::cout << name << " agreement with the card: chi2 " << g.stat << " (df " << g.df << ")" << g.table << "\n";
    EXPECT_LT(g.stat, ChiSquareCritical(std::max(1, g.df), kAlpha)) << name << ":" << g.table;
  }
}

// Compliance 1, every voter on a card (60% a_long, 40% a_short): every
// ballot begins with its card, whole and in order; restricted to S = all but
// {A2}, with the card's restriction ([A1, A3, A4] or [A3, A1]). The share of
// ballots beginning with a_long ~ Binomial(N, 0.6): z-test (Bonferroni over
// the two samplers).
TEST(CardsClosedForm, ComplianceOneReproducesTheCard) {
  const Scenario sc = CardCell("{a_long: 0.6, a_short: 0.4}", "1", "mean_preferences: 2");
  const VoterModel model = VoterModel::Build(sc);
  const std::vector<CandidateId> long_card = {A1, A2, A3, A4}, short_card = {A3, A1};
  const std::vector<char> s1 = AllBut({A2});
  const std::vector<CandidateId> long_in = {A1, A3, A4};
  auto begins = [](const std::vector<CandidateId>& r, const std::vector<CandidateId>& p) {
    return r.size() >= p.size() && std::equal(p.begin(), p.end(), r.begin());
  };
  const int64_t runs = Scaled(50, 20);
  int64_t n_fast = 0, long_fast = 0, n_ref = 0, long_ref = 0, bad = 0;
  for (int64_t run = 0; run < runs; ++run) {
    const RunSample s = SampleRun(sc, model, 51, static_cast<uint64_t>(run));
    {
      SampledBallots t(s, 51, static_cast<uint64_t>(run));
      WalkFast(t.tree, nullptr, [&](const std::vector<CandidateId>& r, int64_t n) {
        n_fast += n;
        if (begins(r, long_card)) long_fast += n;
        else if (!begins(r, short_card)) bad += n;
      });
    }
    {
      SampledBallots t(s, 51, static_cast<uint64_t>(run));
      WalkFast(t.tree, &s1, [&](const std::vector<CandidateId>& r, int64_t n) {
        if (!begins(r, long_in) && !begins(r, short_card)) bad += n;
      });
    }
    const Election e = SampleBallotsReference(s, 51, static_cast<uint64_t>(run));
    for (const Ballot& b : e.ballots) {
      n_ref += b.weight;
      if (begins(b.prefs, long_card)) long_ref += b.weight;
      else if (!begins(b.prefs, short_card)) bad += b.weight;
    }
  }
  EXPECT_EQ(bad, 0) << "ballots of followers with compliance 1 that do not begin with their card";
  ASSERT_GT(n_fast, 0);
  EXPECT_EQ(n_fast, n_ref) << "the samplers saw the same run samples";
  const double zc = ZCritical(kAlpha, 2);
  for (const auto& [name, k, n] : {std::tuple{"fast", long_fast, n_fast}, std::tuple{"reference", long_ref, n_ref}}) {
    const double p = static_cast<double>(k) / static_cast<double>(n);
    const double z = (p - 0.6) / std::sqrt(0.6 * 0.4 / static_cast<double>(n));
    std::cout << name << ": share of ballots beginning with a_long " << p << " (z " << z << ")\n";
    EXPECT_LT(std::fabs(z), zc) << name << ": share following a_long " << p << " vs 0.6";
  }
}

// Follow shares: the run samples' followers of a_long (0.4) and a_short
// (0.35) over all ballots, z-tests (Bonferroni over 2); the plain voters are
// the rest.
TEST(CardsClosedForm, FollowSharesAreHonoured) {
  const Scenario sc = CardCell("{a_long: 0.4, a_short: 0.35}", "0.8");
  const VoterModel model = VoterModel::Build(sc);
  const int64_t runs = Scaled(2000, 500);
  int64_t total = 0, plain = 0;
  std::vector<int64_t> on(2, 0);
  for (int64_t run = 0; run < runs; ++run) {
    const RunSample s = SampleRun(sc, model, 61, static_cast<uint64_t>(run));
    total += s.total_ballots();
    plain += s.PlainBallots(0);
    int64_t sum = 0;
    for (const CardVoters& g : s.card_voters) {
      ASSERT_EQ(g.cell, 0);
      EXPECT_EQ(g.compliance, 0.8);
      on[static_cast<size_t>(g.card)] += g.ballots;
      sum += g.ballots;
    }
    ASSERT_EQ(sum + s.PlainBallots(0), s.total_ballots());
  }
  const double zc = ZCritical(kAlpha, 2);
  const double shares[] = {0.4, 0.35};
  for (size_t k = 0; k < 2; ++k) {
    const double p = static_cast<double>(on[k]) / static_cast<double>(total);
    const double z = (p - shares[k]) / std::sqrt(shares[k] * (1 - shares[k]) / static_cast<double>(total));
    std::cout << "card " << k << ": share " << p << " (z " << z << ")\n";
    EXPECT_LT(std::fabs(z), zc) << "card " << k << " followed by " << p << " of the ballots, not " << shares[k];
  }
  EXPECT_EQ(plain + on[0] + on[1], total);
}

}  // namespace
}  // namespace necsim
