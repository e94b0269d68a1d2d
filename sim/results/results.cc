#include "results/results.h"

#include "results/json_reader.h"

#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>

namespace necsim {

using J = nlohmann::ordered_json;

namespace {

J DistJson(const Distribution& d) {
  J o = J::object();
  for (const auto& [k, p] : d) o[k] = p;
  return o;
}

J SpreadJson(const std::optional<SpreadResult>& s) {
  if (!s) return J();
  J d;
  d["mean"] = s->mean;
  d["p5"] = s->p5;
  d["p50"] = s->p50;
  d["p95"] = s->p95;
  return d;
}

// {mean, p5, p95}; a count's quantiles are whole ballots, written as integers.
J RangeJson(const std::optional<RangeResult>& r, bool count) {
  if (!r) return J();
  J d;
  d["mean"] = r->mean;
  if (count) {
    d["p5"] = std::llround(r->p5);
    d["p95"] = std::llround(r->p95);
  } else {
    d["p5"] = r->p5;
    d["p95"] = r->p95;
  }
  return d;
}

J DiffJson(const std::vector<DifferenceResult>& v, const char* key) {
  J a = J::array();
  for (const auto& x : v) {
    J y;
    y["name"] = x.name;
    y[key] = x.difference;
    y["se"] = x.se;
    a.push_back(y);
  }
  return a;
}

}  // namespace

J ToJson(const NecResult& n) {
  J nec;
  nec["total_seats"] = n.total_seats;
  J facs = J::array();
  for (const auto& f : n.factions) {
    J x;
    x["name"] = f.name;
    x["mean_seats"] = f.mean_seats;
    x["p_majority"] = f.p_majority;
    x["se"] = f.se;
    facs.push_back(x);
  }
  nec["factions"] = facs;
  return nec;
}

J ToJson(const RunResults& r) {
  J j;
  j["scenario"] = r.scenario;
  j["description"] = r.description;
  j["seed"] = r.seed;
  j["runs"] = r.runs;
  j["sampler"] = r.sampler;
  if (r.precision_target) {
    j["precision_target"] = *r.precision_target;
    j["stopped_on_precision"] = r.stopped_on_precision;
  }
  j["mean_ballots"] = r.mean_ballots;
  if (r.assumptions) {
    auto named = [](const NamedValues& v) {
      J o = J::object();
      for (const auto& [k, x] : v) o[k] = x;
      return o;
    };
    J a;
    J regions = J::array();
    for (const RegionAssumption& g : r.assumptions->regions) {
      J x;
      x["name"] = g.name;
      x["members"] = g.members;
      x["turnout_mean"] = g.turnout_mean;
      x["turnout_sd"] = g.turnout_sd;
      regions.push_back(x);
    }
    a["regions"] = regions;
    J blocs = J::array();
    for (const BlocAssumption& b : r.assumptions->blocs) {
      J x;
      x["name"] = b.name;
      x["share"] = named(b.share);
      x["concentration"] = b.concentration;
      x["turnout_factor"] = b.turnout_factor;
      x["affinity"] = named(b.affinity);
      x["home_region"] = b.home_region;
      x["women"] = b.women;
      x["campaign_noise"] = b.campaign_noise;
      x["stop"] = b.stop;
      J follow = J::array();
      for (const FollowAssumption& f : b.follow) {
        J y;
        y["card"] = f.card;
        y["slate"] = f.slate;
        y["share"] = f.share;
        follow.push_back(y);
      }
      x["follow"] = follow;
      x["compliance"] = b.compliance;
      x["first_preferences"] = named(b.first_preferences);
      blocs.push_back(x);
    }
    a["blocs"] = blocs;
    j["assumptions"] = a;
  }
  J rule_sets = J::array();
  for (const RuleSetResult& rs : r.rule_sets) {
    J o;
    o["name"] = rs.name;
    o["rule"] = rs.rule;
    o["seats"] = rs.seats;
    o["women_min"] = rs.women_min ? J(*rs.women_min) : J(nullptr);
    J cands = J::array();
    for (const auto& c : rs.candidates) {
      J x;
      x["name"] = c.name;
      x["slate"] = c.slate;
      x["region"] = c.region;
      x["gender"] = c.gender;
      x["p_elected"] = c.p_elected;
      x["se"] = c.se;
      x["mean_first_pref_share"] = c.mean_first_pref_share;
      x["first_preferences"] = RangeJson(c.first_preferences, true);
      x["first_preference_share"] = RangeJson(c.first_preference_share, false);
      x["marks"] = RangeJson(c.marks, true);
      cands.push_back(x);
    }
    o["candidates"] = cands;
    J slates = J::array();
    for (const auto& s : rs.slates) {
      J x;
      x["name"] = s.name;
      x["seat_distribution"] = DistJson(s.seat_distribution);
      x["mean"] = s.mean;
      x["p5"] = s.p5;
      x["p95"] = s.p95;
      x["p_at_least"] = s.p_at_least;
      x["p_at_least_se"] = s.p_at_least_se;
      x["seat_share"] = s.seat_share ? J(*s.seat_share) : J(nullptr);
      slates.push_back(x);
    }
    o["slates"] = slates;
    J splits = J::array();
    for (const auto& sp : rs.seat_splits) {
      J x;
      J split = J::object();
      for (const auto& [slate, seats] : sp.split) split[slate] = seats;
      x["split"] = split;
      x["label"] = sp.label;
      x["p"] = sp.p;
      x["se"] = sp.se;
      splits.push_back(x);
    }
    o["seat_splits"] = splits;
    if (rs.seat_splits_other) {
      o["seat_splits_other"] = {{"splits", rs.seat_splits_other->splits},
                                {"p", rs.seat_splits_other->p},
                                {"se", rs.seat_splits_other->se}};
    } else {
      o["seat_splits_other"] = nullptr;
    }
    J regions = J::array();
    for (const auto& g : rs.regions) {
      J x;
      x["name"] = g.name;
      x["p_at_least_one"] = g.p_at_least_one;
      x["se"] = g.se;
      x["expected_elected"] = g.expected_elected;
      x["members_share"] = g.members_share;
      x["seats_share"] = g.seats_share;
      regions.push_back(x);
    }
    o["regions"] = regions;
    J women;
    women["distribution"] = DistJson(rs.women.distribution);
    women["mean"] = rs.women.mean;
    women["p_gender_rule_changed"] = rs.women.p_gender_rule_changed;
    women["se"] = rs.women.se;
    o["women"] = women;
    if (rs.design) {
      J d;
      d["regional_rule"] = rs.design->regional_rule;
      d["regional_seats"] = rs.design->regional_seats;
      d["seats"] = rs.design->seats;
      d["gender"] = rs.design->gender;
      d["national_seats"] = rs.design->national_seats;
      if (rs.design->national_rule) d["national_rule"] = *rs.design->national_rule;
      o["design"] = d;
    }
    o["disproportionality"] = {{"loosemore_hanby", SpreadJson(rs.loosemore_hanby)},
                               {"gallagher", SpreadJson(rs.gallagher)}};
    if (rs.nec) o["nec"] = ToJson(*rs.nec);
    if (rs.vacancies) {
      J vac = J::array();
      for (const auto& v : *rs.vacancies) {
        J x;
        x["elected"] = v.elected;
        x["runs"] = v.runs;
        x["p_elected"] = v.p_elected;
        x["p_unseats"] = v.p_unseats;
        J reps = J::array();
        for (const auto& r : v.replacements) {
          J y;
          y["replacement"] = r.name ? J(*r.name) : J(nullptr);
          y["p"] = r.p;
          y["se"] = r.se;
          reps.push_back(y);
        }
        x["replacements"] = reps;
        vac.push_back(x);
      }
      o["vacancies"] = vac;
    }
    rule_sets.push_back(o);
  }
  j["rule_sets"] = rule_sets;
  J comps = J::array();
  for (const auto& c : r.comparisons) {
    J x;
    x["a"] = c.a;
    x["b"] = c.b;
    x["slates"] = DiffJson(c.slates, "mean_seat_difference");
    x["slate_shares"] = DiffJson(c.slate_shares, "seat_share_difference");
    x["candidates"] = DiffJson(c.candidates, "p_elected_difference");
    x["regions"] = DiffJson(c.regions, "p_represented_difference");
    x["women_mean_difference"] = c.women_mean_difference;
    x["women_se"] = c.women_se;
    comps.push_back(x);
  }
  j["comparisons"] = comps;
  return j;
}

namespace {

using results_detail::FieldError;
using results_detail::Reader;

std::optional<SpreadResult> ReadSpread(const Reader& rd, const J& o, const std::string& path, const char* key) {
  const J& v = rd.At(o, path, key);
  if (v.is_null()) return std::nullopt;
  const std::string p = Reader::Join(path, key);
  SpreadResult s;
  s.mean = rd.Num(v, p, "mean");
  s.p5 = rd.Num(v, p, "p5");
  s.p50 = rd.Num(v, p, "p50");
  s.p95 = rd.Num(v, p, "p95");
  return s;
}

// A candidate's {mean, p5, p95} object; absent or null: none.
std::optional<RangeResult> ReadRange(const Reader& rd, const J& o, const std::string& path, const char* key) {
  if (!o.is_object() || !o.contains(key) || o[key].is_null()) return std::nullopt;
  const J& v = rd.At(o, path, key);
  const std::string p = Reader::Join(path, key);
  RangeResult r;
  r.mean = rd.Num(v, p, "mean");
  r.p5 = rd.Num(v, p, "p5");
  r.p95 = rd.Num(v, p, "p95");
  return r;
}

std::vector<DifferenceResult> ReadDiffs(const Reader& rd, const J& o, const std::string& path, const char* list,
                                        const char* key) {
  return rd.List(o, path, list, [&](const J& x, const std::string& p) {
    DifferenceResult d;
    d.name = rd.Str(x, p, "name");
    d.difference = rd.Num(x, p, key);
    d.se = rd.Num(x, p, "se");
    return d;
  });
}

// --- One reader per section; `path` is the section's owner (`rule_sets[1]`).

std::vector<CandidateResult> ReadCandidates(const Reader& rd, const J& o, const std::string& path) {
  return rd.List(o, path, "candidates", [&](const J& c, const std::string& q) {
    CandidateResult x;
    x.name = rd.Str(c, q, "name");
    x.slate = rd.Str(c, q, "slate");
    x.region = rd.Str(c, q, "region");
    x.gender = rd.Str(c, q, "gender");
    x.p_elected = rd.Num(c, q, "p_elected");
    x.se = rd.Num(c, q, "se");
    x.mean_first_pref_share = rd.Num(c, q, "mean_first_pref_share");
    x.first_preferences = ReadRange(rd, c, q, "first_preferences");
    x.first_preference_share = ReadRange(rd, c, q, "first_preference_share");
    x.marks = ReadRange(rd, c, q, "marks");
    return x;
  });
}

std::vector<SlateResult> ReadSlates(const Reader& rd, const J& o, const std::string& path) {
  return rd.List(o, path, "slates", [&](const J& s, const std::string& q) {
    SlateResult x;
    x.name = rd.Str(s, q, "name");
    x.seat_distribution = rd.Dist(s, q, "seat_distribution");
    x.mean = rd.Num(s, q, "mean");
    x.p5 = rd.Int(s, q, "p5");
    x.p95 = rd.Int(s, q, "p95");
    // (Summaries written before the joint outcome lack these.)
    if (s.contains("p_at_least")) {
      x.p_at_least = rd.Nums(s, q, "p_at_least");
      x.p_at_least_se = rd.Nums(s, q, "p_at_least_se");
      if (x.p_at_least.size() != x.p_at_least_se.size()) {
        throw FieldError(q + ".p_at_least_se", q + ".p_at_least_se is not as long as " + q + ".p_at_least");
      }
    }
    if (s.contains("seat_share")) {
      if (auto v = rd.NumOrNull(s, q, "seat_share")) x.seat_share = *v;
    }
    return x;
  });
}

std::vector<SeatSplitResult> ReadSeatSplits(const Reader& rd, const J& o, const std::string& path,
                                            std::optional<SeatSplitsOther>& other) {
  std::vector<SeatSplitResult> out = rd.List(o, path, "seat_splits", [&](const J& s, const std::string& q) {
    SeatSplitResult x;
    const J& split = rd.Obj(s, q, "split");
    for (const auto& [slate, seats] : split.items()) {
      (void)seats;
      x.split.emplace_back(slate, rd.Int(split, q + ".split", slate));
    }
    x.label = rd.Str(s, q, "label");
    x.p = rd.Num(s, q, "p");
    x.se = rd.Num(s, q, "se");
    return x;
  });
  other.reset();
  if (o.contains("seat_splits_other") && !o["seat_splits_other"].is_null()) {
    const std::string q = path + ".seat_splits_other";
    const J& v = rd.Obj(o, path, "seat_splits_other");
    SeatSplitsOther x;
    x.splits = rd.Int64(v, q, "splits");
    x.p = rd.Num(v, q, "p");
    x.se = rd.Num(v, q, "se");
    other = x;
  }
  return out;
}

std::vector<VacancyResult> ReadVacancies(const Reader& rd, const J& o, const std::string& path) {
  return rd.List(o, path, "vacancies", [&](const J& v, const std::string& q) {
    VacancyResult x;
    x.elected = rd.Str(v, q, "elected");
    x.runs = rd.Int64(v, q, "runs");
    x.p_elected = rd.Num(v, q, "p_elected");
    x.p_unseats = rd.Num(v, q, "p_unseats");
    x.replacements = rd.List(v, q, "replacements", [&](const J& r, const std::string& p) {
      ReplacementResult y;
      y.name = rd.StrOrNull(r, p, "replacement");
      y.p = rd.Num(r, p, "p");
      y.se = rd.Num(r, p, "se");
      return y;
    });
    return x;
  });
}

std::vector<RegionResult> ReadRegions(const Reader& rd, const J& o, const std::string& path) {
  return rd.List(o, path, "regions", [&](const J& g, const std::string& q) {
    RegionResult x;
    x.name = rd.Str(g, q, "name");
    x.p_at_least_one = rd.Num(g, q, "p_at_least_one");
    x.se = rd.Num(g, q, "se");
    x.expected_elected = rd.Num(g, q, "expected_elected");
    x.members_share = rd.Num(g, q, "members_share");
    x.seats_share = rd.Num(g, q, "seats_share");
    return x;
  });
}

WomenResult ReadWomen(const Reader& rd, const J& o, const std::string& path) {
  const J& w = rd.At(o, path, "women");
  const std::string q = path + ".women";
  WomenResult x;
  x.distribution = rd.Dist(w, q, "distribution");
  x.mean = rd.Num(w, q, "mean");
  x.p_gender_rule_changed = rd.Num(w, q, "p_gender_rule_changed");
  x.se = rd.Num(w, q, "se");
  return x;
}

DesignResult ReadDesign(const Reader& rd, const J& o, const std::string& path) {
  const J& d = rd.At(o, path, "design");
  const std::string q = path + ".design";
  DesignResult x;
  x.regional_rule = rd.Str(d, q, "regional_rule");
  x.regional_seats = rd.Int(d, q, "regional_seats");
  x.seats = rd.Str(d, q, "seats");
  x.gender = rd.Str(d, q, "gender");
  x.national_seats = rd.Int(d, q, "national_seats");
  if (d.contains("national_rule")) x.national_rule = rd.Str(d, q, "national_rule");
  return x;
}

NecResult ReadNec(const Reader& rd, const J& o, const std::string& path) {
  const J& n = rd.At(o, path, "nec");
  const std::string q = path + ".nec";
  NecResult x;
  x.total_seats = rd.Int(n, q, "total_seats");
  x.factions = rd.List(n, q, "factions", [&](const J& f, const std::string& fq) {
    NecFactionResult y;
    y.name = rd.Str(f, fq, "name");
    y.mean_seats = rd.Num(f, fq, "mean_seats");
    y.p_majority = rd.Num(f, fq, "p_majority");
    y.se = rd.Num(f, fq, "se");
    return y;
  });
  return x;
}

ComparisonResult ReadComparison(const Reader& rd, const J& o, const std::string& path) {
  ComparisonResult c;
  c.a = rd.Str(o, path, "a");
  c.b = rd.Str(o, path, "b");
  c.slates = ReadDiffs(rd, o, path, "slates", "mean_seat_difference");
  if (o.contains("slate_shares")) c.slate_shares = ReadDiffs(rd, o, path, "slate_shares", "seat_share_difference");
  c.candidates = ReadDiffs(rd, o, path, "candidates", "p_elected_difference");
  c.regions = ReadDiffs(rd, o, path, "regions", "p_represented_difference");
  c.women_mean_difference = rd.Num(o, path, "women_mean_difference");
  c.women_se = rd.Num(o, path, "women_se");
  return c;
}

// An object of numbers ({"North": 0.4, ...}) in its key order.
NamedValues ReadNamed(const Reader& rd, const J& o, const std::string& path, const std::string& key) {
  const J& v = rd.Obj(o, path, key);
  const std::string p = Reader::Join(path, key);
  NamedValues out;
  for (const auto& [k, x] : v.items()) {
    if (!x.is_number()) throw FieldError(p + "." + k, p + "." + k + " is not a number");
    out.emplace_back(k, x.get<double>());
  }
  return out;
}

AssumptionsResult ReadAssumptions(const Reader& rd, const J& j) {
  const std::string p = "assumptions";
  const J& a = rd.Obj(j, "", p);
  AssumptionsResult out;
  out.regions = rd.List(a, p, "regions", [&](const J& r, const std::string& q) {
    RegionAssumption g;
    g.name = rd.Str(r, q, "name");
    g.members = rd.Int64(r, q, "members");
    g.turnout_mean = rd.Num(r, q, "turnout_mean");
    g.turnout_sd = rd.Num(r, q, "turnout_sd");
    return g;
  });
  out.blocs = rd.List(a, p, "blocs", [&](const J& o, const std::string& q) {
    BlocAssumption b;
    b.name = rd.Str(o, q, "name");
    b.share = ReadNamed(rd, o, q, "share");
    b.concentration = rd.Num(o, q, "concentration");
    b.turnout_factor = rd.Num(o, q, "turnout_factor");
    b.affinity = ReadNamed(rd, o, q, "affinity");
    b.home_region = rd.Num(o, q, "home_region");
    b.women = rd.Num(o, q, "women");
    b.campaign_noise = rd.Num(o, q, "campaign_noise");
    b.stop = rd.Num(o, q, "stop");
    b.follow = rd.List(o, q, "follow", [&](const J& f, const std::string& fp) {
      return decltype(b.follow)::value_type{rd.Str(f, fp, "card"), rd.Str(f, fp, "slate"), rd.Num(f, fp, "share")};
    });
    b.compliance = rd.Num(o, q, "compliance");
    b.first_preferences = ReadNamed(rd, o, q, "first_preferences");
    return b;
  });
  return out;
}

// The keys ToJson writes, at the top, in a rule set and in a comparison.
bool KnownTopKey(const std::string& k) {
  static const std::set<std::string> kKeys = {"scenario",     "description", "seed",       "runs",
                                              "sampler",      "precision_target", "stopped_on_precision",
                                              "mean_ballots", "assumptions", "rule_sets",   "comparisons"};
  return kKeys.count(k) > 0;
}
bool KnownRuleSetKey(const std::string& k) {
  static const std::set<std::string> kKeys = {"name",        "rule",      "seats",   "women_min",         "candidates",
                                              "slates",      "seat_splits", "seat_splits_other", "regions", "women",
                                              "design",      "disproportionality", "nec", "vacancies"};
  return kKeys.count(k) > 0;
}
bool KnownComparisonKey(const std::string& k) {
  static const std::set<std::string> kKeys = {"a",       "b",       "slates", "slate_shares", "candidates",
                                              "regions", "women_mean_difference", "women_se"};
  return kKeys.count(k) > 0;
}

// Runs one part's reader: ok, or its FieldError as an Error naming `source`.
class PartReader {
 public:
  explicit PartReader(const std::string& source) : source_(source) {}
  template <class F>
  Status operator()(F&& read) const {
    try {
      read();
      return Status();
    } catch (const FieldError& e) {
      return results_detail::ToError(e, source_);
    }
  }

 private:
  const std::string& source_;
};

void ReadRuleSet(const Reader& rd, const PartReader& part, const J& o, const std::string& p, RuleSetResult& rs,
                 RuleSetSections& st, std::vector<std::string>& unknown) {
  st.object = part([&] {
    if (!o.is_object()) throw FieldError(p, p + " is not an object");
  });
  if (!st.object.ok()) return;
  for (const auto& [k, v] : o.items()) {
    if (!KnownRuleSetKey(k)) unknown.push_back(p + "." + k);
  }
  st.name = part([&] { rs.name = rd.Str(o, p, "name"); });
  st.rule = part([&] { rs.rule = rd.Str(o, p, "rule"); });
  st.seats = part([&] { rs.seats = rd.Int(o, p, "seats"); });
  if (o.contains("women_min") && !o["women_min"].is_null()) {
    st.women_min = part([&] { rs.women_min = rd.Int(o, p, "women_min"); });
  }
  st.candidates = part([&] { rs.candidates = ReadCandidates(rd, o, p); });
  st.slates = part([&] { rs.slates = ReadSlates(rd, o, p); });
  if (o.contains("seat_splits")) {
    st.seat_splits = part([&] { rs.seat_splits = ReadSeatSplits(rd, o, p, rs.seat_splits_other); });
  }
  if (o.contains("vacancies")) st.vacancies = part([&] { rs.vacancies = ReadVacancies(rd, o, p); });
  st.regions = part([&] { rs.regions = ReadRegions(rd, o, p); });
  st.women = part([&] { rs.women = ReadWomen(rd, o, p); });
  if (o.contains("design")) st.design = part([&] { rs.design = ReadDesign(rd, o, p); });
  if (o.contains("disproportionality")) {
    st.has_disproportionality = true;
    const J& d = o["disproportionality"];
    const std::string q = p + ".disproportionality";
    st.loosemore_hanby = part([&] { rs.loosemore_hanby = ReadSpread(rd, d, q, "loosemore_hanby"); });
    st.gallagher = part([&] { rs.gallagher = ReadSpread(rd, d, q, "gallagher"); });
  }
  if (o.contains("nec")) st.nec = part([&] { rs.nec = ReadNec(rd, o, p); });
}

}  // namespace

RunResultsView ReadRunResultsBySection(const J& j, const std::string& source) {
  const Reader rd;
  const PartReader part(source);
  RunResultsView v;
  RunResults& r = v.results;
  v.object = part([&] {
    if (!j.is_object()) throw FieldError("", "the summary is not a JSON object");
  });
  if (!v.object.ok()) return v;
  for (const auto& [k, x] : j.items()) {
    if (!KnownTopKey(k)) v.unknown_fields.push_back(k);
  }
  v.scenario = part([&] { r.scenario = rd.Str(j, "", "scenario"); });
  if (j.contains("description")) v.description = part([&] { r.description = rd.Str(j, "", "description"); });
  v.seed = part([&] { r.seed = rd.UInt(j, "", "seed"); });
  v.runs = part([&] {
    const int64_t runs = rd.Int64(j, "", "runs");
    if (runs < 0) throw FieldError("runs", "runs is negative");
    r.runs = runs;
  });
  r.sampler = "fast";  // the only sampler before `sampler` was written
  if (j.contains("sampler")) v.sampler = part([&] { r.sampler = rd.Str(j, "", "sampler"); });
  if (j.contains("precision_target")) {
    v.precision_target = part([&] { r.precision_target = rd.Num(j, "", "precision_target"); });
    v.stopped_on_precision = part([&] { r.stopped_on_precision = rd.Bool(j, "", "stopped_on_precision"); });
  }
  v.mean_ballots = part([&] { r.mean_ballots = rd.Num(j, "", "mean_ballots"); });
  if (j.contains("assumptions")) v.assumptions = part([&] { r.assumptions = ReadAssumptions(rd, j); });
  const J* sets = nullptr;
  v.rule_sets_list = part([&] { sets = &rd.Arr(j, "", "rule_sets"); });
  if (sets) {
    for (size_t k = 0; k < sets->size(); ++k) {
      RuleSetResult rs;
      RuleSetSections st;
      ReadRuleSet(rd, part, (*sets)[k], Reader::Index("rule_sets", k), rs, st, v.unknown_fields);
      r.rule_sets.push_back(std::move(rs));
      v.rule_sets.push_back(std::move(st));
    }
  }
  if (j.contains("comparisons")) {
    v.has_comparisons = true;
    const J* comps = nullptr;
    v.comparisons_list = part([&] { comps = &rd.Arr(j, "", "comparisons"); });
    if (comps) {
      for (size_t i = 0; i < comps->size(); ++i) {
        const J& o = (*comps)[i];
        const std::string p = Reader::Index("comparisons", i);
        if (o.is_object()) {
          for (const auto& [k, x] : o.items()) {
            if (!KnownComparisonKey(k)) v.unknown_fields.push_back(p + "." + k);
          }
        }
        ComparisonResult c;
        v.comparisons.push_back(part([&] { c = ReadComparison(rd, o, p); }));
        r.comparisons.push_back(std::move(c));
      }
    }
  }
  return v;
}

Status RunResultsView::FirstError() const {
  std::vector<const Status*> order = {&object,    &scenario,         &description,          &seed,
                                      &runs,      &sampler,          &precision_target,     &stopped_on_precision,
                                      &mean_ballots, &assumptions, &rule_sets_list};
  for (const RuleSetSections& s : rule_sets) {
    order.insert(order.end(), {&s.object, &s.name, &s.rule, &s.seats, &s.women_min, &s.candidates, &s.slates,
                               &s.seat_splits, &s.regions, &s.women, &s.design, &s.loosemore_hanby, &s.gallagher, &s.nec,
                               &s.vacancies});
  }
  order.push_back(&comparisons_list);
  for (const Status& s : comparisons) order.push_back(&s);
  for (const Status* s : order) {
    if (!s->ok()) return *s;
  }
  return Status();
}

Result<RunResults> RunResultsFromJson(const J& j, const std::string& source) {
  RunResultsView v = ReadRunResultsBySection(j, source);
  if (const Status first = v.FirstError(); !first.ok()) return first.error();
  return std::move(v.results);
}

}  // namespace necsim
