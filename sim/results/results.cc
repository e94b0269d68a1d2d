#include "results/results.h"

#include "results/json_reader.h"

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
      slates.push_back(x);
    }
    o["slates"] = slates;
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
    rule_sets.push_back(o);
  }
  j["rule_sets"] = rule_sets;
  J comps = J::array();
  for (const auto& c : r.comparisons) {
    J x;
    x["a"] = c.a;
    x["b"] = c.b;
    x["slates"] = DiffJson(c.slates, "mean_seat_difference");
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

std::vector<DifferenceResult> ReadDiffs(const Reader& rd, const J& o, const std::string& path, const char* list,
                                        const char* key) {
  std::vector<DifferenceResult> out;
  const J& a = rd.Arr(o, path, list);
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string p = Reader::Index(Reader::Join(path, list), i);
    DifferenceResult d;
    d.name = rd.Str(a[i], p, "name");
    d.difference = rd.Num(a[i], p, key);
    d.se = rd.Num(a[i], p, "se");
    out.push_back(d);
  }
  return out;
}

RunResults Read(const Reader& rd, const J& j) {
  RunResults r;
  r.scenario = rd.Str(j, "", "scenario");
  r.description = j.contains("description") ? rd.Str(j, "", "description") : "";
  r.seed = rd.UInt(j, "", "seed");
  r.runs = rd.Int(j, "", "runs");
  if (r.runs < 0) throw FieldError("runs", "runs is negative");
  r.sampler = j.contains("sampler") ? rd.Str(j, "", "sampler") : "fast";
  if (j.contains("precision_target")) {
    r.precision_target = rd.Num(j, "", "precision_target");
    r.stopped_on_precision = rd.Bool(j, "", "stopped_on_precision");
  }
  r.mean_ballots = rd.Num(j, "", "mean_ballots");
  const J& sets = rd.Arr(j, "", "rule_sets");
  for (size_t k = 0; k < sets.size(); ++k) {
    const J& o = sets[k];
    const std::string p = Reader::Index("rule_sets", k);
    RuleSetResult rs;
    rs.name = rd.Str(o, p, "name");
    rs.rule = rd.Str(o, p, "rule");
    rs.seats = static_cast<int>(rd.Int(o, p, "seats"));
    if (o.contains("women_min") && !o["women_min"].is_null()) rs.women_min = static_cast<int>(rd.Int(o, p, "women_min"));
    const J& cands = rd.Arr(o, p, "candidates");
    for (size_t c = 0; c < cands.size(); ++c) {
      const std::string q = Reader::Index(p + ".candidates", c);
      CandidateResult x;
      x.name = rd.Str(cands[c], q, "name");
      x.slate = rd.Str(cands[c], q, "slate");
      x.region = rd.Str(cands[c], q, "region");
      x.gender = rd.Str(cands[c], q, "gender");
      x.p_elected = rd.Num(cands[c], q, "p_elected");
      x.se = rd.Num(cands[c], q, "se");
      x.mean_first_pref_share = rd.Num(cands[c], q, "mean_first_pref_share");
      rs.candidates.push_back(x);
    }
    const J& slates = rd.Arr(o, p, "slates");
    for (size_t s = 0; s < slates.size(); ++s) {
      const std::string q = Reader::Index(p + ".slates", s);
      SlateResult x;
      x.name = rd.Str(slates[s], q, "name");
      x.seat_distribution = rd.Dist(slates[s], q, "seat_distribution");
      x.mean = rd.Num(slates[s], q, "mean");
      x.p5 = static_cast<int>(rd.Int(slates[s], q, "p5"));
      x.p95 = static_cast<int>(rd.Int(slates[s], q, "p95"));
      rs.slates.push_back(x);
    }
    const J& regions = rd.Arr(o, p, "regions");
    for (size_t g = 0; g < regions.size(); ++g) {
      const std::string q = Reader::Index(p + ".regions", g);
      RegionResult x;
      x.name = rd.Str(regions[g], q, "name");
      x.p_at_least_one = rd.Num(regions[g], q, "p_at_least_one");
      x.se = rd.Num(regions[g], q, "se");
      x.expected_elected = rd.Num(regions[g], q, "expected_elected");
      x.members_share = rd.Num(regions[g], q, "members_share");
      x.seats_share = rd.Num(regions[g], q, "seats_share");
      rs.regions.push_back(x);
    }
    const J& w = rd.At(o, p, "women");
    rs.women.distribution = rd.Dist(w, p + ".women", "distribution");
    rs.women.mean = rd.Num(w, p + ".women", "mean");
    rs.women.p_gender_rule_changed = rd.Num(w, p + ".women", "p_gender_rule_changed");
    rs.women.se = rd.Num(w, p + ".women", "se");
    if (o.contains("design")) {
      const J& d = o["design"];
      const std::string q = p + ".design";
      DesignResult x;
      x.regional_rule = rd.Str(d, q, "regional_rule");
      x.regional_seats = static_cast<int>(rd.Int(d, q, "regional_seats"));
      x.seats = rd.Str(d, q, "seats");
      x.gender = rd.Str(d, q, "gender");
      x.national_seats = static_cast<int>(rd.Int(d, q, "national_seats"));
      if (d.contains("national_rule")) x.national_rule = rd.Str(d, q, "national_rule");
      rs.design = x;
    }
    if (o.contains("disproportionality")) {
      const J& d = o["disproportionality"];
      rs.loosemore_hanby = ReadSpread(rd, d, p + ".disproportionality", "loosemore_hanby");
      rs.gallagher = ReadSpread(rd, d, p + ".disproportionality", "gallagher");
    }
    if (o.contains("nec")) {
      const J& n = o["nec"];
      const std::string q = p + ".nec";
      NecResult x;
      x.total_seats = static_cast<int>(rd.Int(n, q, "total_seats"));
      const J& facs = rd.Arr(n, q, "factions");
      for (size_t f = 0; f < facs.size(); ++f) {
        const std::string fq = Reader::Index(q + ".factions", f);
        NecFactionResult y;
        y.name = rd.Str(facs[f], fq, "name");
        y.mean_seats = rd.Num(facs[f], fq, "mean_seats");
        y.p_majority = rd.Num(facs[f], fq, "p_majority");
        y.se = rd.Num(facs[f], fq, "se");
        x.factions.push_back(y);
      }
      rs.nec = x;
    }
    r.rule_sets.push_back(std::move(rs));
  }
  if (j.contains("comparisons")) {
    const J& comps = rd.Arr(j, "", "comparisons");
    for (size_t i = 0; i < comps.size(); ++i) {
      const std::string p = Reader::Index("comparisons", i);
      ComparisonResult c;
      c.a = rd.Str(comps[i], p, "a");
      c.b = rd.Str(comps[i], p, "b");
      c.slates = ReadDiffs(rd, comps[i], p, "slates", "mean_seat_difference");
      c.candidates = ReadDiffs(rd, comps[i], p, "candidates", "p_elected_difference");
      c.regions = ReadDiffs(rd, comps[i], p, "regions", "p_represented_difference");
      c.women_mean_difference = rd.Num(comps[i], p, "women_mean_difference");
      c.women_se = rd.Num(comps[i], p, "women_se");
      r.comparisons.push_back(std::move(c));
    }
  }
  return r;
}

}  // namespace

Result<RunResults> RunResultsFromJson(const J& j, const std::string& source) {
  try {
    if (!j.is_object()) throw FieldError("", "the summary is not a JSON object");
    return Read(Reader{}, j);
  } catch (const FieldError& e) {
    return results_detail::ToError(e, source);
  }
}

}  // namespace necsim
