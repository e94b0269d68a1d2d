#include "scenario/scenario_yaml.h"

#include <yaml-cpp/yaml.h>

#include "regional/apportion.h"
#include "io/text.h"
#include "scenario/sweep.h"
#include "scenario/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

// Errors are located through a YamlLocator (sim/scenario/yaml_reader.h): the files of
// the `extends:` chain and the --set values are its sources.

namespace necsim {
namespace {

using Reader = YamlReader;
using Locator = YamlLocator;
using ReadError = YamlReadError;

// f, woman, female / m, man, male.
Gender ReadGender(const Reader& rd, const YAML::Node& n, const std::string& field) {
  const std::string g = rd.String(n, field);
  if (g == "f" || g == "woman" || g == "female") return Gender::kWoman;
  if (g == "m" || g == "man" || g == "male") return Gender::kMan;
  rd.Fail(n, field, "gender must be f or m, got '" + g + "'");
}

BetaSpec ReadBeta(const Reader& rd, const YAML::Node& n, const std::string& field) {
  BetaSpec b;
  if (n.IsScalar()) {
    b.mean = rd.Number(n, field, 1e-6, 1.0);
    return b;
  }
  rd.Keys(n, field, {"mean", "sd"});
  if (!n["mean"]) rd.Fail(n, field + ".mean", "missing 'mean'");
  b.mean = rd.Number(n["mean"], field + ".mean", 1e-6, 1.0);
  if (n["sd"]) b.sd = rd.Number(n["sd"], field + ".sd", 0.0, 0.5);
  if (b.sd > 0 && b.sd * b.sd >= b.mean * (1 - b.mean)) {
    rd.Fail(n["sd"], field + ".sd",
            "standard deviation too large for a share with this mean (need sd^2 < mean x (1 - mean))");
  }
  return b;
}

void RequireUnique(const Reader& rd, const YAML::Node& list, const std::string& field) {
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    if (!item.IsMap()) continue;  // reported when the item is read
    const YAML::Node nm = item["name"];
    if (!nm || !nm.IsScalar()) continue;
    if (!seen.insert(nm.Scalar()).second) {
      rd.Fail(nm, field + "[" + std::to_string(i) + "].name", "name '" + nm.Scalar() + "' is used twice");
    }
  }
}

Rule ReadRule(const Reader& rd, const YAML::Node& n, const std::string& field) {
  const std::string rule = rd.String(n, field);
  const auto parsed = ParseRule(rule);
  if (!parsed) {
    rd.Fail(n, field, "unknown rule '" + rule + "' (scottish, ers97, meek, warren, wigm, block, fptp, irv)");
  }
  return *parsed;
}

// `regional:` (and `national:`) of a rule set: see RegionalDesign in scenario.h
// and docs/regionalisation.md.
void ReadRegional(const Reader& rd, const YAML::Node& rs, const std::string& f, const Scenario& sc,
                  const std::vector<std::string>& region_names, RuleSetConfig& rc) {
  const YAML::Node rg = rs["regional"];
  const std::string fr = f + ".regional";
  rd.Keys(rg, fr, {"rule", "seats_per_region", "apportion", "gender", "pairs"});
  RegionalDesign& d = rc.regional;
  d.enabled = true;
  d.rule = rg["rule"] ? ReadRule(rd, rg["rule"], fr + ".rule") : Rule::kFptp;
  const int R = static_cast<int>(sc.regions.size());
  if (rg["gender"]) {
    const std::string g = rd.String(rg["gender"], fr + ".gender");
    if (g == "none") d.gender = RegionalGender::kNone;
    else if (g == "pairing") d.gender = RegionalGender::kPairing;
    else if (g == "zipping") d.gender = RegionalGender::kZipping;
    else if (g == "two_per_region") d.gender = RegionalGender::kTwoPerRegion;
    else rd.Fail(rg["gender"], fr + ".gender", "unknown gender mechanism '" + g + "' (none, pairing, zipping, two_per_region)");
  }
  if (rg["seats_per_region"] && rg["apportion"]) {
    rd.Fail(rg["apportion"], fr, "give either 'seats_per_region' or 'apportion', not both");
  }
  std::vector<int> per_region(static_cast<size_t>(R), 1);
  d.apportionment = "1 seat per region";
  if (rg["seats_per_region"]) {
    const int k = static_cast<int>(rd.Integer(rg["seats_per_region"], fr + ".seats_per_region", 1, 100));
    per_region.assign(static_cast<size_t>(R), k);
    d.apportionment = std::to_string(k) + " seat(s) per region";
  }
  if (rg["apportion"]) {
    const YAML::Node ap = rg["apportion"];
    const std::string fa = fr + ".apportion";
    const ApportionSpec spec = ReadApportion(rd, ap, fa, "members", "clps");
    const std::string& by = spec.by;
    const int seats = spec.seats, min = spec.min;
    std::vector<int64_t> pop;
    for (const auto& r : sc.regions) {
      if (by == "clps" && r.clps <= 0) rd.Fail(ap["by"], fa + ".by", "region '" + r.name + "' has no 'clps' count");
      pop.push_back(by == "members" ? r.members : r.clps);
    }
    auto seats_r = Apportion(region_names, pop, seats, spec.method, min, spec.base);
    if (!seats_r) {
      if (seats_r.error().field == "base" && ap["base"]) rd.Fail(ap["base"], fa + ".base", seats_r.error().message);
      rd.Fail(ap, fa, seats_r.error().message);
    }
    per_region = *seats_r;
    d.apportioned = true;
    d.apportion_method = static_cast<int>(spec.method);
    d.apportion_counts = pop;
    d.apportion_min = min;
    d.apportion_base = spec.base;
    d.apportion_by = by;
    d.apportionment = std::to_string(seats) + " seats by " + spec.method_name + " on " + by + (spec.base ? ", base " + std::to_string(spec.base) : "") +
                      (min ? ", min " + std::to_string(min) : "");
  }
  if (d.gender == RegionalGender::kTwoPerRegion) {
    if (rg["seats_per_region"] || rg["apportion"]) {
      rd.Fail(rg["gender"], fr + ".gender", "two_per_region fixes 2 seats per region; drop seats_per_region/apportion");
    }
    per_region.assign(static_cast<size_t>(R), 2);
    d.apportionment = "2 seats per region, one of each gender";
  }
  if (d.gender == RegionalGender::kZipping || d.gender == RegionalGender::kPairing) {
    if (rg["seats_per_region"] || rg["apportion"]) {
      rd.Fail(rg["gender"], fr + ".gender", "this mechanism uses 1 seat per region; drop seats_per_region/apportion");
    }
  }
  // Districts: each region alone, or the given pairs.
  if (d.gender == RegionalGender::kPairing) {
    if (!rg["pairs"] || !rg["pairs"].IsSequence()) rd.Fail(rg, fr + ".pairs", "pairing needs 'pairs': a list of [region, region]");
    std::vector<int> used(static_cast<size_t>(R), 0);
    for (const auto& pr : rg["pairs"]) {
      if (!pr.IsSequence() || pr.size() < 1 || pr.size() > 2) rd.Fail(pr, fr + ".pairs", "each pair lists one or two regions");
      std::vector<int> dist;
      for (const auto& nm : pr) {
        const std::string name = rd.String(nm, fr + ".pairs");
        const int r = IndexOfName(region_names, name);
        if (r < 0) rd.Fail(nm, fr + ".pairs", "unknown region '" + name + "'");
        if (used[r]++) rd.Fail(nm, fr + ".pairs", "region '" + name + "' is in two pairs");
        dist.push_back(r);
      }
      d.districts.push_back(dist);
      d.district_seats.push_back(static_cast<int>(dist.size()));  // one per region: a pair elects 2
    }
    for (int r = 0; r < R; ++r) {
      if (!used[r]) rd.Fail(rg["pairs"], fr + ".pairs", "region '" + region_names[r] + "' is in no pair");
    }
  } else {
    if (rg["pairs"]) rd.Fail(rg["pairs"], fr + ".pairs", "'pairs' is only for gender: pairing");
    for (int r = 0; r < R; ++r) {
      d.districts.push_back({r});
      d.district_seats.push_back(per_region[r]);
    }
  }
  // Every district with seats needs enough candidates (and both genders where required).
  for (size_t k = 0; k < d.districts.size(); ++k) {
    int cands = 0, women = 0, men = 0;
    std::string names;
    for (int r : d.districts[k]) names += (names.empty() ? "" : " + ") + region_names[r];
    for (const auto& c : sc.candidates) {
      if (std::find(d.districts[k].begin(), d.districts[k].end(), c.region) == d.districts[k].end()) continue;
      ++cands;
      women += c.gender == Gender::kWoman;
      men += c.gender == Gender::kMan;
    }
    const int seats = d.district_seats[k];
    if (seats > 0 && cands == 0) rd.Fail(rg, fr, "region '" + names + "' has no candidates");
    if (cands < seats) {
      rd.Fail(rg, fr, "region '" + names + "' elects " + std::to_string(seats) + " but has only " +
                          std::to_string(cands) + " candidate(s)");
    }
    if (d.rule == Rule::kIrv && seats > 1) rd.Fail(rg["rule"], fr + ".rule", "irv elects one; '" + names + "' elects " + std::to_string(seats));
    if (d.gender != RegionalGender::kNone && women + men < cands) {
      rd.Fail(rg["gender"], fr + ".gender", "a gender mechanism needs every candidate's gender; one in '" + names + "' has none");
    }
    const bool both = d.gender == RegionalGender::kTwoPerRegion || (d.gender == RegionalGender::kPairing && seats == 2);
    if (both && (women == 0 || men == 0)) {
      rd.Fail(rg["gender"], fr + ".gender", "'" + names + "' must elect a woman and a man but has candidates of one gender only");
    }
  }
  int total = 0;
  for (int s : d.district_seats) total += s;
  if (total == 0) rd.Fail(rg, fr, "the design elects no one");
  if (rs["national"]) {
    const YAML::Node na = rs["national"];
    rd.Keys(na, f + ".national", {"seats", "rule"});
    if (!na["seats"]) rd.Fail(na, f + ".national.seats", "missing 'seats'");
    rc.national_seats = static_cast<int>(rd.Integer(na["seats"], f + ".national.seats", 1, 100));
    rc.national_rule = na["rule"] ? ReadRule(rd, na["rule"], f + ".national.rule") : Rule::kErs97;
    if (rc.national_rule == Rule::kIrv && rc.national_seats != 1) rd.Fail(na, f + ".national.rule", "irv elects one");
  }
  rc.rule = d.rule;
  rc.seats = total + rc.national_seats;
  if (rc.seats > static_cast<int>(sc.candidates.size())) {
    rd.Fail(rg, fr, std::to_string(rc.seats) + " seats in all but only " + std::to_string(sc.candidates.size()) + " candidates");
  }
}

// `nec:` the NEC's other sections and how CLP slates map to factions.
void ReadNec(const Reader& rd, const YAML::Node& n, Scenario& sc) {
  rd.Keys(n, "nec", {"factions", "slate_faction", "sections"});
  NecConfig& nec = sc.nec;
  nec.enabled = true;
  if (!n["factions"] || !n["factions"].IsSequence() || n["factions"].size() == 0) {
    rd.Fail(n, "nec.factions", "expected a non-empty list of faction names");
  }
  for (const auto& f : n["factions"]) {
    const std::string name = rd.String(f, "nec.factions");
    if (IndexOfName(nec.factions, name) >= 0) rd.Fail(f, "nec.factions", "faction '" + name + "' is listed twice");
    nec.factions.push_back(name);
  }
  nec.slate_faction.assign(sc.slates.size() + 1, -1);
  if (n["slate_faction"]) {
    const YAML::Node m = n["slate_faction"];
    if (!m.IsMap()) rd.Fail(m, "nec.slate_faction", "expected a mapping slate: faction");
    std::vector<std::string> slate_names;
    for (const auto& sl : sc.slates) slate_names.push_back(sl.name);
    for (const auto& kv : m) {
      const std::string slate = kv.first.Scalar();
      const std::string fac = rd.String(kv.second, "nec.slate_faction." + slate);
      const int si = slate == "independent" ? static_cast<int>(sc.slates.size()) : IndexOfName(slate_names, slate);
      if (si < 0) rd.Fail(kv.first, "nec.slate_faction", "unknown slate '" + slate + "'");
      const int fi = fac == "none" ? -1 : IndexOfName(nec.factions, fac);
      if (fac != "none" && fi < 0) rd.Fail(kv.second, "nec.slate_faction." + slate, "unknown faction '" + fac + "'");
      nec.slate_faction[static_cast<size_t>(si)] = fi;
    }
  }
  if (!n["sections"] || !n["sections"].IsSequence()) rd.Fail(n, "nec.sections", "expected a list of sections");
  for (size_t i = 0; i < n["sections"].size(); ++i) {
    const YAML::Node s = n["sections"][i];
    const std::string f = "nec.sections[" + std::to_string(i) + "]";
    rd.Keys(s, f, {"name", "seats", "fixed", "alignment"});
    if (!s["name"] || !s["seats"]) rd.Fail(s, f, "a section needs 'name' and 'seats'");
    NecSection sec;
    sec.name = rd.String(s["name"], f + ".name");
    sec.seats = static_cast<int>(rd.Integer(s["seats"], f + ".seats", 1, 1000));
    sec.fixed.assign(nec.factions.size(), 0);
    sec.p_faction.assign(nec.factions.size(), 0.0);
    int fixed_total = 0;
    if (s["fixed"]) {
      if (!s["fixed"].IsMap()) rd.Fail(s["fixed"], f + ".fixed", "expected a mapping faction: seats");
      for (const auto& kv : s["fixed"]) {
        const int fi = IndexOfName(nec.factions, kv.first.Scalar());
        if (fi < 0) rd.Fail(kv.first, f + ".fixed", "unknown faction '" + kv.first.Scalar() + "'");
        sec.fixed[fi] = static_cast<int>(rd.Integer(kv.second, f + ".fixed." + kv.first.Scalar(), 0, 1000));
        fixed_total += sec.fixed[fi];
      }
    }
    if (fixed_total > sec.seats) {
      rd.Fail(s["fixed"], f + ".fixed",
              "fixed seats add up to " + std::to_string(fixed_total) + " but the section has " +
                  std::to_string(sec.seats));
    }
    double p_total = 0;
    if (s["alignment"]) {
      if (!s["alignment"].IsMap()) rd.Fail(s["alignment"], f + ".alignment", "expected a mapping faction: probability");
      for (const auto& kv : s["alignment"]) {
        const int fi = IndexOfName(nec.factions, kv.first.Scalar());
        if (fi < 0) rd.Fail(kv.first, f + ".alignment", "unknown faction '" + kv.first.Scalar() + "'");
        sec.p_faction[fi] = rd.Number(kv.second, f + ".alignment." + kv.first.Scalar(), 0, 1);
        p_total += sec.p_faction[fi];
      }
      if (p_total > 1 + 1e-9) {
        rd.Fail(s["alignment"], f + ".alignment", "probabilities add up to more than 1");
      }
    }
    if (fixed_total < sec.seats && !s["alignment"]) {
      rd.Fail(s, f, "seats not fixed to a faction need an 'alignment' (faction: probability)");
    }
    if (fixed_total == sec.seats && s["alignment"]) {
      rd.Fail(s["alignment"], f + ".alignment", "every seat is fixed; 'alignment' would never be used");
    }
    nec.sections.push_back(sec);
  }
}

// Fictional names for candidates_per_region: the n-th generated woman (or
// man, counted separately, from 0) is FIRST[n mod 23] SURNAME[n mod 40],
// with " 2", " 3", ... after the first 920 (23 and 40 are coprime, so the
// first 920 are all different). Women's and men's first names differ.
std::string GeneratedCandidateName(bool woman, int n) {
  static const char* const kWomen[23] = {"Ada",  "Beatrice", "Clara", "Dora",  "Edith",   "Freya",  "Greta", "Hilda",
                                         "Iris", "Joan",     "Kitty", "Lena",  "Mabel",   "Nora",   "Olive", "Pearl",
                                         "Queenie", "Rosa",  "Sylvia", "Thea", "Una",     "Vera",   "Winifred"};
  static const char* const kMen[23] = {"Albert", "Bernard", "Cyril",   "Douglas", "Edmund", "Frank",  "Gilbert", "Harold",
                                       "Ivor",   "Jack",    "Kenneth", "Leonard", "Malcolm", "Norman", "Oswald", "Percy",
                                       "Quentin", "Ronald", "Stanley", "Trevor",  "Victor", "Walter", "Wilfred"};
  static const char* const kSurnames[40] = {
      "Ashworth", "Barraclough", "Crabtree", "Dinsdale", "Entwistle", "Fairclough", "Greenhalgh", "Hebblethwaite",
      "Illingworth", "Jowett", "Kershaw", "Lumb", "Marsden", "Naylor", "Oldroyd", "Pickles", "Quarmby", "Ramsbottom",
      "Sutcliffe", "Tetley", "Uttley", "Varley", "Whitehead", "Yeadon", "Ackroyd", "Brearley", "Clegg", "Dewhurst",
      "Earnshaw", "Firth", "Gaukroger", "Haigh", "Ingham", "Jagger", "Kitchen", "Lister", "Mitchell", "Nuttall",
      "Ormerod", "Priestley"};
  std::string name = std::string(woman ? kWomen[n % 23] : kMen[n % 23]) + " " + kSurnames[n % 40];
  if (n >= 920) name += " " + std::to_string(n / 920 + 1);
  return name;
}

Scenario Build(const Reader& rd, const YAML::Node& root) {
  Scenario sc;
  sc.source = rd.file();
  // `sweep:` is read by necsim batch (sim/scenario/sweep.h, ReadSweepBlock, which takes a
  // base's block whole when the file has none); a single run ignores it.
  rd.Keys(root, "", {"name", "description", "seed", "runs", "precision", "turnout", "regions", "blocs",
                     "slates", "candidates", "candidates_per_region", "rule_sets", "nec", "sweep", "vacancies"});
  for (const char* req : {"name", "regions", "blocs", "rule_sets"}) {
    if (!root[req]) rd.Fail(root, req, std::string("missing required key '") + req + "'");
  }
  if (!root["candidates"] && !root["candidates_per_region"]) {
    rd.Fail(root, "candidates", "missing required key 'candidates' (or 'candidates_per_region')");
  }
  sc.name = rd.String(root["name"], "name");
  if (sc.name.empty() || sc.name.find_first_of("/\\") != std::string::npos || sc.name == "." || sc.name == "..") {
    rd.Fail(root["name"], "name", "name must be non-empty and contain no '/' (it names the results folder)");
  }
  if (root["description"]) sc.description = rd.String(root["description"], "description");
  if (root["seed"]) sc.seed = static_cast<uint64_t>(rd.Integer(root["seed"], "seed", 0, INT64_MAX));
  if (root["runs"]) sc.runs = rd.Integer(root["runs"], "runs", 1, 1'000'000'000);
  if (root["precision"]) sc.precision = rd.Number(root["precision"], "precision", 1e-6, 0.5);
  if (root["vacancies"]) {
    const std::string v = rd.String(root["vacancies"], "vacancies");
    if (v != "true" && v != "false") rd.Fail(root["vacancies"], "vacancies", "expected true or false, got '" + v + "'");
    sc.vacancies = v == "true";
  }
  BetaSpec default_turnout;
  if (root["turnout"]) default_turnout = ReadBeta(rd, root["turnout"], "turnout");

  // Regions.
  const YAML::Node regions = root["regions"];
  if (!regions.IsSequence() || regions.size() == 0) rd.Fail(regions, "regions", "expected a non-empty list of regions");
  RequireUnique(rd, regions, "regions");
  std::vector<std::string> region_names;
  for (size_t i = 0; i < regions.size(); ++i) {
    const YAML::Node r = regions[i];
    const std::string f = "regions[" + std::to_string(i) + "]";
    rd.Keys(r, f, {"name", "members", "clps", "turnout"});
    if (!r["name"]) rd.Fail(r, f + ".name", "missing 'name'");
    if (!r["members"]) rd.Fail(r, f + ".members", "missing 'members'");
    RegionConfig rc;
    rc.name = rd.String(r["name"], f + ".name");
    if (rc.name == "default") rd.Fail(r["name"], f + ".name", "'default' is reserved (it gives the share of other regions)");
    rc.members = rd.Integer(r["members"], f + ".members", 0, 100'000'000);
    if (rc.members == 0) rd.Fail(r["members"], f + ".members", "region '" + rc.name + "' has zero members");
    if (r["clps"]) rc.clps = static_cast<int>(rd.Integer(r["clps"], f + ".clps", 0, 10'000));
    rc.turnout = r["turnout"] ? ReadBeta(rd, r["turnout"], f + ".turnout") : default_turnout;
    region_names.push_back(rc.name);
    sc.regions.push_back(rc);
  }
  {
    // A run's counts are kept per run as 32-bit integers (the tally's
    // first preferences and marks), so a run's ballots must fit in one.
    int64_t members = 0;
    for (const RegionConfig& rc : sc.regions) members += rc.members;
    if (members > INT32_MAX) {
      rd.Fail(regions, "regions", "the regions' members add up to " + std::to_string(members) +
                                      "; necsim counts at most 2147483647 ballots in a run");
    }
  }

  // Slates.
  std::vector<std::string> slate_names;
  struct CardList {
    int slate;
    YAML::Node cards;
    std::string field;
  };
  std::vector<CardList> card_lists;  // read once the candidates are known
  if (root["slates"]) {
    const YAML::Node slates = root["slates"];
    if (!slates.IsSequence()) rd.Fail(slates, "slates", "expected a list of slates");
    for (size_t i = 0; i < slates.size(); ++i) {
      const YAML::Node s = slates[i];
      const std::string f = "slates[" + std::to_string(i) + "]";
      SlateConfig sl;
      if (s.IsScalar()) {
        sl.name = rd.String(s, f);
      } else {
        rd.Keys(s, f, {"name", "description", "cards"});
        if (!s["name"]) rd.Fail(s, f + ".name", "missing 'name'");
        sl.name = rd.String(s["name"], f + ".name");
        if (s["cards"]) card_lists.push_back({static_cast<int>(i), s["cards"], f + ".cards"});
      }
      if (sl.name == "independent") rd.Fail(s, f, "'independent' is reserved for candidates without a slate");
      if (IndexOfName(slate_names, sl.name) >= 0) rd.Fail(s, f, "slate '" + sl.name + "' is listed twice");
      slate_names.push_back(sl.name);
      sc.slates.push_back(sl);
    }
  }

  // Candidates: the list given, then those candidates_per_region generates.
  const YAML::Node gen = root["candidates_per_region"];
  std::vector<std::pair<int, int>> generated;  // (slate, candidates per region), in the mapping's order
  std::vector<YAML::Node> generated_keys;
  if (gen) {
    if (!gen.IsMap() || gen.size() == 0) {
      rd.Fail(gen, "candidates_per_region", "expected a mapping slate: candidates per region (e.g. {Left: 2})");
    }
    rd.Unique(gen, "candidates_per_region");
    for (const auto& kv : gen) {
      const std::string slate = rd.String(kv.first, "candidates_per_region");
      const int si = slate == "independent" ? -1 : IndexOfName(slate_names, slate);
      if (slate != "independent" && si < 0) {
        rd.Fail(kv.first, "candidates_per_region." + slate, "unknown slate '" + slate + "' (not in slates:)");
      }
      const int k = static_cast<int>(rd.Integer(kv.second, "candidates_per_region." + slate, 0, 100));
      generated.emplace_back(si, k);
      generated_keys.push_back(kv.first);
    }
  }
  const YAML::Node cands = root["candidates"] ? root["candidates"] : YAML::Node(YAML::NodeType::Sequence);
  if (!cands.IsSequence() || (cands.size() == 0 && !gen)) {
    rd.Fail(cands, "candidates", "expected a non-empty list of candidates");
  }
  RequireUnique(rd, cands, "candidates");
  std::vector<std::string> cand_names;
  for (size_t i = 0; i < cands.size(); ++i) {
    const YAML::Node c = cands[i];
    const std::string f = "candidates[" + std::to_string(i) + "]";
    rd.Keys(c, f, {"name", "gender", "region", "slate", "profile"});
    if (!c["name"]) rd.Fail(c, f + ".name", "missing 'name'");
    CandidateConfig cc;
    cc.name = rd.String(c["name"], f + ".name");
    if (c["gender"]) cc.gender = ReadGender(rd, c["gender"], f + ".gender");
    if (c["region"]) {
      const std::string r = rd.String(c["region"], f + ".region");
      cc.region = IndexOfName(region_names, r);
      if (cc.region < 0) rd.Fail(c["region"], f + ".region", "unknown region '" + r + "'");
    }
    if (c["slate"]) {
      const std::string s = rd.String(c["slate"], f + ".slate");
      if (s != "independent") {
        cc.slate = IndexOfName(slate_names, s);
        if (cc.slate < 0) rd.Fail(c["slate"], f + ".slate", "unknown slate '" + s + "' (not in slates:)");
      }
    }
    if (c["profile"]) cc.profile = rd.Number(c["profile"], f + ".profile", -20, 20);
    for (const auto& [si, k] : generated) {
      if (si != cc.slate) continue;
      const std::string slate = si < 0 ? "independent" : slate_names[static_cast<size_t>(si)];
      rd.Fail(c["slate"] ? c["slate"] : c["name"], f + ".slate",
              "slate '" + slate + "' has its candidates generated by candidates_per_region; list them here or "
              "generate them, not both");
    }
    cand_names.push_back(cc.name);
    sc.candidates.push_back(cc);
  }
  if (gen) {
    int women = 0, men = 0;
    for (size_t r = 0; r < sc.regions.size(); ++r) {
      for (size_t s = 0; s < generated.size(); ++s) {
        for (int i = 0; i < generated[s].second; ++i) {
          CandidateConfig cc;
          const bool woman = (r + s + static_cast<size_t>(i)) % 2 == 0;
          cc.gender = woman ? Gender::kWoman : Gender::kMan;
          cc.name = GeneratedCandidateName(woman, woman ? women++ : men++);
          cc.region = static_cast<int>(r);
          cc.slate = generated[s].first;
          if (IndexOfName(cand_names, cc.name) >= 0) {
            rd.Fail(generated_keys[s], "candidates_per_region",
                    "the generated candidate '" + cc.name + "' has the name of a listed candidate; rename that one");
          }
          cand_names.push_back(cc.name);
          sc.candidates.push_back(cc);
        }
      }
    }
    if (sc.candidates.empty()) rd.Fail(gen, "candidates_per_region", "no candidates: every slate generates 0 per region");
  }

  // How-to-vote cards (slates[].cards): names unique over all slates; each
  // card an order of distinct candidates of its own slate.
  std::vector<std::string> card_names;
  for (const CardList& cl : card_lists) {
    const YAML::Node list = cl.cards;
    if (!list.IsSequence() || list.size() == 0) {
      rd.Fail(list, cl.field, "expected a non-empty list of cards ({name, order})");
    }
    for (size_t j = 0; j < list.size(); ++j) {
      const YAML::Node k = list[j];
      const std::string f = cl.field + "[" + std::to_string(j) + "]";
      rd.Keys(k, f, {"name", "order"});
      if (!k["name"]) rd.Fail(k, f + ".name", "missing 'name'");
      if (!k["order"]) rd.Fail(k, f + ".order", "missing 'order' (the card's candidates, in order)");
      CardConfig card;
      card.name = rd.String(k["name"], f + ".name");
      card.slate = cl.slate;
      if (card.name.empty()) rd.Fail(k["name"], f + ".name", "a card's name must not be empty");
      const int earlier = IndexOfName(card_names, card.name);
      if (earlier >= 0) {
        rd.Fail(k["name"], f + ".name",
                "card '" + card.name + "' is used twice (also on slate '" + slate_names[sc.cards[earlier].slate] +
                    "'; card names are unique over all slates)");
      }
      const YAML::Node order = k["order"];
      if (!order.IsSequence() || order.size() == 0) {
        rd.Fail(order, f + ".order", "expected a non-empty list of candidate names");
      }
      for (size_t i = 0; i < order.size(); ++i) {
        const std::string fi = f + ".order[" + std::to_string(i) + "]";
        const std::string name = rd.String(order[i], fi);
        const int c = IndexOfName(cand_names, name);
        if (c < 0) rd.Fail(order[i], fi, "unknown candidate '" + name + "'");
        if (sc.candidates[c].slate != cl.slate) {
          const int cs = sc.candidates[c].slate;
          rd.Fail(order[i], fi,
                  "candidate '" + name + "' is not on slate '" + slate_names[cl.slate] + "' (their slate: '" +
                      (cs < 0 ? std::string("independent") : slate_names[cs]) + "')");
        }
        if (std::find(card.order.begin(), card.order.end(), c) != card.order.end()) {
          rd.Fail(order[i], fi, "candidate '" + name + "' is on card '" + card.name + "' twice");
        }
        card.order.push_back(c);
      }
      card_names.push_back(card.name);
      sc.cards.push_back(card);
    }
  }

  // Blocs.
  const YAML::Node blocs = root["blocs"];
  if (!blocs.IsSequence() || blocs.size() == 0) rd.Fail(blocs, "blocs", "expected a non-empty list of blocs");
  RequireUnique(rd, blocs, "blocs");
  for (size_t i = 0; i < blocs.size(); ++i) {
    const YAML::Node b = blocs[i];
    const std::string f = "blocs[" + std::to_string(i) + "]";
    rd.Keys(b, f, {"name", "share", "concentration", "turnout_factor", "turnout_shift", "behaviour"});
    if (!b["name"]) rd.Fail(b, f + ".name", "missing 'name'");
    if (!b["share"]) rd.Fail(b, f + ".share", "missing 'share'");
    BlocConfig bc;
    bc.name = rd.String(b["name"], f + ".name");
    const YAML::Node share = b["share"];
    if (share.IsScalar()) {
      bc.share.assign(sc.regions.size(), rd.Number(share, f + ".share", 0, 1));
    } else {
      if (!share.IsMap()) rd.Fail(share, f + ".share", "expected a number or a mapping region: share");
      bc.share.assign(sc.regions.size(), -1);
      double fallback = -1;
      for (const auto& kv : share) {
        const std::string key = rd.String(kv.first, f + ".share");
        const double v = rd.Number(kv.second, f + ".share." + key, 0, 1);
        if (key == "default") {
          fallback = v;
          continue;
        }
        const int r = IndexOfName(region_names, key);
        if (r < 0) rd.Fail(kv.first, f + ".share", "unknown region '" + key + "'");
        bc.share[r] = v;
      }
      for (size_t r = 0; r < bc.share.size(); ++r) {
        if (bc.share[r] < 0) {
          if (fallback < 0) rd.Fail(share, f + ".share", "no share for region '" + region_names[r] + "' (give it or 'default')");
          bc.share[r] = fallback;
        }
      }
    }
    if (b["concentration"]) bc.concentration = rd.Number(b["concentration"], f + ".concentration", 0, 1e9);
    if (b["turnout_factor"]) bc.turnout_factor = rd.Number(b["turnout_factor"], f + ".turnout_factor", 0.01, 100);
    if (b["turnout_shift"]) {
      // A number for every region, or {default: x, Region: y}; regions not
      // named (with no default) have no shift.
      const YAML::Node ts = b["turnout_shift"];
      const std::string ft = f + ".turnout_shift";
      if (ts.IsScalar()) {
        bc.turnout_shift.assign(sc.regions.size(), rd.Number(ts, ft, -1, 1));
      } else {
        if (!ts.IsMap()) rd.Fail(ts, ft, "expected a number or a mapping region: shift");
        rd.Unique(ts, ft);
        std::vector<char> named(sc.regions.size(), 0);
        double fallback = 0;
        bc.turnout_shift.assign(sc.regions.size(), 0.0);
        for (const auto& kv : ts) {
          const std::string key = rd.String(kv.first, ft);
          const double v = rd.Number(kv.second, ft + "." + key, -1, 1);
          if (key == "default") {
            fallback = v;
            continue;
          }
          const int r = IndexOfName(region_names, key);
          if (r < 0) rd.Fail(kv.first, ft, "unknown region '" + key + "'");
          bc.turnout_shift[static_cast<size_t>(r)] = v;
          named[static_cast<size_t>(r)] = 1;
        }
        for (size_t r = 0; r < named.size(); ++r) {
          if (!named[r]) bc.turnout_shift[r] = fallback;
        }
      }
    }
    bc.affinity.assign(sc.slates.size() + 1, 0.0);
    if (b["behaviour"]) {
      const YAML::Node be = b["behaviour"];
      const std::string fb = f + ".behaviour";
      rd.Keys(be, fb, {"affinity", "home_region", "women", "profile_weight", "campaign_noise", "stop",
                       "mean_preferences", "follow", "compliance"});
      if (be["affinity"]) {
        const YAML::Node aff = be["affinity"];
        if (!aff.IsMap()) rd.Fail(aff, fb + ".affinity", "expected a mapping slate: utility");
        for (const auto& kv : aff) {
          const std::string key = rd.String(kv.first, fb + ".affinity");
          const double v = rd.Number(kv.second, fb + ".affinity." + key, -50, 50);
          if (key == "independent") {
            bc.affinity.back() = v;
            continue;
          }
          const int s = IndexOfName(slate_names, key);
          if (s < 0) rd.Fail(kv.first, fb + ".affinity", "unknown slate '" + key + "'");
          bc.affinity[s] = v;
        }
      }
      if (be["home_region"]) bc.home_region = rd.Number(be["home_region"], fb + ".home_region", -50, 50);
      if (be["women"]) bc.women = rd.Number(be["women"], fb + ".women", -50, 50);
      if (be["profile_weight"]) bc.profile_weight = rd.Number(be["profile_weight"], fb + ".profile_weight", -50, 50);
      if (be["campaign_noise"]) bc.campaign_noise = rd.Number(be["campaign_noise"], fb + ".campaign_noise", 0, 10);
      if (be["stop"] && be["mean_preferences"]) {
        rd.Fail(be["mean_preferences"], fb, "give either 'stop' or 'mean_preferences', not both");
      }
      if (be["stop"]) bc.stop = rd.Number(be["stop"], fb + ".stop", 0, 1e6);
      if (be["mean_preferences"]) {
        bc.mean_preferences = rd.Number(be["mean_preferences"], fb + ".mean_preferences", 1,
                                        static_cast<double>(sc.candidates.size()));
      }
      if (be["follow"]) {
        const YAML::Node fo = be["follow"];
        if (!fo.IsMap()) rd.Fail(fo, fb + ".follow", "expected a mapping card: share of the bloc's voters");
        rd.Unique(fo, fb + ".follow");
        double total = 0;
        std::ostringstream terms;
        for (const auto& kv : fo) {
          const std::string key = rd.String(kv.first, fb + ".follow");
          const int k = IndexOfName(card_names, key);
          if (k < 0) {
            std::string known;
            for (const std::string& nm : card_names) known += (known.empty() ? "" : ", ") + nm;
            rd.Fail(kv.first, fb + ".follow",
                    "unknown card '" + key + "' (" + (known.empty() ? "no slate has cards" : "cards: " + known) + ")");
          }
          BlocConfig::Follow f;
          f.card = k;
          f.share = rd.Number(kv.second, fb + ".follow." + key, 0, 1);
          total += f.share;
          terms << (bc.follow.empty() ? "" : " + ") << key << " " << f.share;
          bc.follow.push_back(f);
        }
        if (total > 1 + 1e-9) {
          std::ostringstream os;
          os << "follow shares add up to " << total << ", more than 1 (" << terms.str() << ")";
          rd.Fail(fo, fb + ".follow", os.str());
        }
      }
      if (be["compliance"]) bc.compliance = rd.Number(be["compliance"], fb + ".compliance", 0, 1);
    }
    sc.blocs.push_back(bc);
  }
  for (size_t r = 0; r < sc.regions.size(); ++r) {
    double sum = 0;
    std::ostringstream terms;
    for (const auto& bc : sc.blocs) {
      sum += bc.share[r];
      terms << (&bc == &sc.blocs.front() ? "" : " + ") << bc.name << " " << bc.share[r];
    }
    if (std::fabs(sum - 1.0) > 1e-6) {
      std::ostringstream os;
      os << "bloc shares in region '" << region_names[r] << "' sum to " << sum << ", not 1 (" << terms.str() << ")";
      rd.Fail(blocs, "blocs.share", os.str());
    }
  }

  // Rule sets.
  const YAML::Node rules = root["rule_sets"];
  if (!rules.IsSequence() || rules.size() == 0) rd.Fail(rules, "rule_sets", "expected a non-empty list of rule sets");
  RequireUnique(rd, rules, "rule_sets");
  const std::vector<Candidate> count_cands = sc.CountCandidates();
  for (size_t i = 0; i < rules.size(); ++i) {
    const YAML::Node rs = rules[i];
    const std::string f = "rule_sets[" + std::to_string(i) + "]";
    rd.Keys(rs, f, {"name", "rule", "seats", "women_min", "max_per_region", "groups", "regional", "national"});
    RuleSetConfig rc;
    if (rs["regional"]) {
      if (!rs["name"]) rd.Fail(rs, f + ".name", "missing 'name'");
      for (const char* no : {"rule", "seats", "max_per_region", "groups"}) {
        if (rs[no]) {
          rd.Fail(rs[no], f + "." + no,
                  std::string("a regional rule set sets '") + no +
                      "' inside 'regional:' (rule) or derives it from the districts (seats)");
        }
      }
      rc.name = rd.String(rs["name"], f + ".name");
      ReadRegional(rd, rs, f, sc, region_names, rc);
    } else {
      if (rs["national"]) rd.Fail(rs["national"], f + ".national", "'national' seats need a 'regional' design");
      for (const char* req : {"name", "rule", "seats"}) {
        if (!rs[req]) rd.Fail(rs, f + "." + req, std::string("missing '") + req + "'");
      }
      rc.name = rd.String(rs["name"], f + ".name");
      rc.rule = ReadRule(rd, rs["rule"], f + ".rule");
      rc.seats = static_cast<int>(rd.Integer(rs["seats"], f + ".seats", 1, 1000));
    }
    if (rc.seats > static_cast<int>(sc.candidates.size())) {
      rd.Fail(rs["seats"], f + ".seats",
              std::to_string(rc.seats) + " seats but only " + std::to_string(sc.candidates.size()) + " candidates");
    }
    if (!rc.is_regional() && rc.rule == Rule::kIrv && rc.seats != 1) {
      rd.Fail(rs["seats"], f + ".seats", "irv elects exactly one candidate");
    }
    if (rs["women_min"]) {
      const YAML::Node w = rs["women_min"];
      if (w.IsScalar() && w.Scalar() == "half") rc.women_min = WomenMinimum(rc.seats);
      else if (w.IsScalar() && w.Scalar() == "none") rc.women_min = -1;
      else rc.women_min = static_cast<int>(rd.Integer(w, f + ".women_min", 0, rc.seats));
      if (rc.women_min >= 0) {
        for (const auto& c : sc.candidates) {
          if (c.gender == Gender::kUnknown) {
            rd.Fail(w, f + ".women_min", "needs every candidate's gender; '" + c.name + "' has none");
          }
        }
      }
    }
    if (rs["max_per_region"]) {
      const int cap = static_cast<int>(rd.Integer(rs["max_per_region"], f + ".max_per_region", 1, rc.seats));
      for (size_t r = 0; r < sc.regions.size(); ++r) {
        GroupConfig g;
        g.name = "region " + sc.regions[r].name;
        g.max = cap;
        for (size_t c = 0; c < sc.candidates.size(); ++c) {
          if (sc.candidates[c].region == static_cast<int>(r)) g.members.push_back(static_cast<CandidateId>(c));
        }
        rc.groups.push_back(g);
      }
    }
    if (rs["groups"]) {
      const YAML::Node gs = rs["groups"];
      if (!gs.IsSequence()) rd.Fail(gs, f + ".groups", "expected a list of groups");
      for (size_t k = 0; k < gs.size(); ++k) {
        const YAML::Node g = gs[k];
        const std::string fg = f + ".groups[" + std::to_string(k) + "]";
        rd.Keys(g, fg, {"name", "min", "max", "region", "slate", "gender", "candidates"});
        GroupConfig gc;
        gc.name = g["name"] ? rd.String(g["name"], fg + ".name") : "group " + std::to_string(k + 1);
        if (g["min"]) gc.min = static_cast<int>(rd.Integer(g["min"], fg + ".min", 0, rc.seats));
        if (g["max"]) gc.max = static_cast<int>(rd.Integer(g["max"], fg + ".max", 0, rc.seats));
        const int selectors = (g["region"] ? 1 : 0) + (g["slate"] ? 1 : 0) + (g["gender"] ? 1 : 0) +
                              (g["candidates"] ? 1 : 0);
        if (selectors != 1) rd.Fail(g, fg, "give exactly one of region, slate, gender or candidates");
        if (g["region"]) {
          const std::string r = rd.String(g["region"], fg + ".region");
          const int ri = IndexOfName(region_names, r);
          if (ri < 0) rd.Fail(g["region"], fg + ".region", "unknown region '" + r + "'");
          for (size_t c = 0; c < sc.candidates.size(); ++c) {
            if (sc.candidates[c].region == ri) gc.members.push_back(static_cast<CandidateId>(c));
          }
        } else if (g["slate"]) {
          const std::string sl = rd.String(g["slate"], fg + ".slate");
          const int si = sl == "independent" ? -1 : IndexOfName(slate_names, sl);
          if (sl != "independent" && si < 0) rd.Fail(g["slate"], fg + ".slate", "unknown slate '" + sl + "'");
          for (size_t c = 0; c < sc.candidates.size(); ++c) {
            if (sc.candidates[c].slate == si) gc.members.push_back(static_cast<CandidateId>(c));
          }
        } else if (g["gender"]) {
          const Gender gen = ReadGender(rd, g["gender"], fg + ".gender");
          for (size_t c = 0; c < sc.candidates.size(); ++c) {
            if (sc.candidates[c].gender == gen) gc.members.push_back(static_cast<CandidateId>(c));
          }
        } else {
          const YAML::Node names = g["candidates"];
          if (!names.IsSequence()) rd.Fail(names, fg + ".candidates", "expected a list of candidate names");
          for (size_t k2 = 0; k2 < names.size(); ++k2) {
            const YAML::Node nm = names[k2];
            const std::string fc = fg + ".candidates[" + std::to_string(k2) + "]";
            const int c = IndexOfName(cand_names, rd.String(nm, fc));
            if (c < 0) rd.Fail(nm, fc, "unknown candidate '" + nm.Scalar() + "'");
            for (CandidateId m : gc.members) {
              if (m == c) rd.Fail(nm, fc, "candidate '" + nm.Scalar() + "' is listed twice");
            }
            gc.members.push_back(static_cast<CandidateId>(c));
          }
        }
        rc.groups.push_back(gc);
      }
    }
    if (rc.is_regional() && rc.women_min >= 0 && rc.national_seats == 0) {
      rd.Fail(rs["women_min"], f + ".women_min",
              "on a regional design women_min is met by national top-up seats: add 'national: {seats: N}' "
              "(or drop women_min and use regional.gender: pairing, zipping or two_per_region)");
    }
    if (Status s = CheckFeasible(rc.MakeConstraints(count_cands), count_cands, rc.seats); !s) {
      rd.Fail(rs, f, "constraints cannot be met: " + s.error().message);
    }
    sc.rule_sets.push_back(rc);
  }
  if (root["nec"]) ReadNec(rd, root["nec"], sc);
  return sc;
}

// Deep merge of a base scenario into the scenario extending it: maps merge
// key by key (the extending file wins), anything else (lists, values) is
// replaced whole. `over` is changed in place and returned, so that nodes keep
// their identity (see Locator).
YAML::Node Merge(const YAML::Node& base, YAML::Node over) {
  if (!base.IsMap() || !over.IsMap()) return over;
  for (const auto& kv : base) {
    const std::string key = kv.first.Scalar();
    bool found = false;
    for (const auto& okv : over) {
      if (okv.first.Scalar() == key) {
        found = true;
        if (okv.second.IsMap() && kv.second.IsMap()) Merge(kv.second, okv.second);
        break;
      }
    }
    if (!found) over.force_insert(kv.first, kv.second);
  }
  return over;
}

[[noreturn]] void FailAt(const std::string& file, const YAML::Mark& m, const std::string& field,
                         const std::string& msg) {
  Error e;
  e.file = file;
  e.line = m.is_null() ? 1 : m.line + 1;
  e.column = m.is_null() ? 1 : m.column + 1;
  e.field = field;
  e.message = msg;
  throw ReadError{e};
}

// yaml-cpp accepts a key given twice in one mapping (and keeps the first);
// a scenario file must not.
void CheckDuplicateKeys(const YAML::Node& n, const std::string& path, const std::string& file) {
  if (n.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : n) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const std::string field = path.empty() ? key : path + "." + key;
      const auto [it, fresh] = seen.emplace(key, kv.first.Mark());
      if (!fresh) {
        FailAt(file, kv.first.Mark(), field,
               "duplicate key '" + key + "' (first given at line " + std::to_string(it->second.line + 1) + ")");
      }
      CheckDuplicateKeys(kv.second, field, file);
    }
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i) CheckDuplicateKeys(n[i], path + "[" + std::to_string(i) + "]", file);
  }
}

YAML::Node ParseYaml(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = LoadYaml(text);
  } catch (const YAML::ParserException& ex) {
    FailAt(source, ex.mark, "", "not valid YAML: " + ex.msg);
  }
  CheckDuplicateKeys(root, "", source);
  return root;
}

std::string CanonicalName(const std::filesystem::path& p) {
  std::error_code ec;
  auto c = std::filesystem::weakly_canonical(p, ec);
  return ec ? p.lexically_normal().string() : c.string();
}

// Parses one scenario text and, through `extends:`, its bases (merged into
// it). `chain` holds the files being read, to catch cycles.
YAML::Node Resolve(const std::string& text, const std::string& source, const std::string& base_dir,
                   std::vector<std::string>& chain, Locator& loc) {
  YAML::Node root = ParseYaml(text, source);
  if (!root.IsMap()) {
    FailAt(source, root.IsDefined() && !root.IsNull() ? root.Mark() : YAML::Mark::null_mark(), "",
           "a scenario must be a mapping of keys to values (name:, regions:, ...)");
  }
  if (!root["extends"]) {
    loc.AddFile(root, source);
    return root;
  }
  Locator here(source);
  here.AddFile(root, source);
  Reader rd(here);
  const YAML::Node ext = root["extends"];
  const std::string rel = rd.String(ext, "extends");
  if (rel.empty()) rd.Fail(ext, "extends", "expected the path of a base scenario file");
  const std::filesystem::path base_path = (std::filesystem::path(base_dir) / rel).lexically_normal();
  const std::string canon = CanonicalName(base_path);
  for (size_t i = 0; i < chain.size(); ++i) {
    if (chain[i] != canon) continue;
    std::string cycle;
    for (size_t k = i; k < chain.size(); ++k) cycle += chain[k] + " -> ";
    rd.Fail(ext, "extends", "'extends' cycle: " + cycle + canon);
  }
  if (chain.size() > 32) rd.Fail(ext, "extends", "too many levels of 'extends'");
  auto base_text = ReadScenarioFileText(base_path.string());
  if (!base_text) {
    rd.Fail(ext, "extends", "cannot read the base scenario '" + base_path.string() + "': " + base_text.error().message);
  }
  chain.push_back(canon);
  YAML::Node base = Resolve(*base_text, base_path.string(), base_path.parent_path().string(), chain, loc);
  chain.pop_back();
  root.remove("extends");
  loc.AddFile(root, source);  // after its bases: they are searched first
  return Merge(base, root);
}

// The scenario with the overrides applied as given (no share rescaling).
Result<Scenario> LoadWithOverrides(const std::string& text, const std::string& source,
                                   const std::vector<Override>& overrides, const std::string& base_dir) {
  Locator loc(source);
  try {
    std::vector<std::string> chain;
    if (!source.empty() && source.front() != '<') chain.push_back(CanonicalName(source));
    YAML::Node root = Resolve(text, source, base_dir.empty() ? "." : base_dir, chain, loc);
    for (const auto& o : overrides) ApplyYamlOverride(root, o, loc);
    Reader rd(loc);
    return Build(rd, root);
  } catch (const ReadError& e) {
    return e.error;
  } catch (const YAML::Exception& ex) {
    return YamlExceptionError(source, ex);
  }
}

// The path of an override that sets a bloc's share: blocs.NAME.share (every
// region) or blocs.NAME.share.REGION (NAME a bloc's name or index).
bool IsBlocSharePath(const std::string& path, std::vector<std::string>* parts_out = nullptr) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string p;
  while (std::getline(ss, p, '.')) parts.push_back(p);
  if (!path.empty() && path.back() == '.') return false;
  if ((parts.size() != 3 && parts.size() != 4) || parts[0] != "blocs" || parts[2] != "share") return false;
  if (parts_out) *parts_out = parts;
  return true;
}

// A number as text (decimal, with an optional exponent; what
// ShareRenormalisation reads as a share).
bool IsDecimalText(const std::string& text) {
  const std::string v = Trim(text);
  if (v.empty() || v.find_first_of("xXnN") != std::string::npos) return false;  // no hex, inf, nan
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  return end == v.c_str() + v.size() && std::isfinite(x);
}

// A share given as a mapping over `regions` ({North: 0.6, default: 0.4}, every
// region covered, every value a number) as one numeric override per region;
// false for anything else.
bool ExpandShareMapping(const Override& o, const std::vector<RegionConfig>& regions, std::vector<Override>& out) {
  std::vector<std::string> parts;
  if (!IsBlocSharePath(o.path, &parts) || parts.size() != 3) return false;
  YAML::Node m;
  try {
    m = LoadYaml(o.value);
  } catch (const YAML::Exception&) {
    return false;
  }
  if (!m.IsMap()) return false;
  std::map<std::string, std::string> value;
  std::string fallback;
  for (const auto& kv : m) {
    if (!kv.first.IsScalar() || !kv.second.IsScalar() || !IsDecimalText(kv.second.Scalar())) return false;
    if (kv.first.Scalar() == "default") fallback = Trim(kv.second.Scalar());
    else value[kv.first.Scalar()] = Trim(kv.second.Scalar());
  }
  std::vector<Override> each;
  for (const RegionConfig& r : regions) {
    auto it = value.find(r.name);
    if (it == value.end() && fallback.empty()) return false;
    if (r.name.find('.') != std::string::npos) return false;
    each.push_back({o.path + "." + r.name, it == value.end() ? fallback : it->second});
    if (it != value.end()) value.erase(it);
  }
  if (!value.empty()) return false;  // an unknown region: validation names it
  for (auto& e : each) out.push_back(e);
  return true;
}

Result<std::vector<Override>> ShareRescalingText(const std::string& text, const std::string& source,
                                                 const std::vector<Override>& overrides,
                                                 const std::string& base_dir) {
  // The base: the scenario with every override but those setting a share
  // (a number, or a mapping of numbers covering every region); those are
  // the shares kept, and the other blocs are rescaled around them.
  std::vector<Override> shares, rest;
  for (const Override& o : overrides) (IsBlocSharePath(o.path) ? shares : rest).push_back(o);
  if (shares.empty()) return std::vector<Override>{};
  // Mappings that are not plain share mappings go to the base, whose
  // validation reports them.
  std::vector<Override> base_overrides = rest;
  for (const Override& o : shares) {
    bool mapping = false;
    try {
      mapping = LoadYaml(o.value).IsMap();
    } catch (const YAML::Exception&) {
    }
    if (!IsDecimalText(o.value) && !mapping) base_overrides.push_back(o);
  }
  auto base = LoadWithOverrides(text, source, base_overrides, base_dir);
  if (!base) return base.error();
  std::vector<Override> set;
  for (const Override& o : shares) {
    if (IsDecimalText(o.value)) set.push_back(o);
    else if (!ExpandShareMapping(o, base->regions, set)) return std::vector<Override>{};  // validation reports it
  }
  return ShareRenormalisation(*base, set);
}

}  // namespace

Result<std::vector<Override>> ShareRescaling(const std::string& path, const std::vector<Override>& overrides) {
  auto text = ReadScenarioFileText(path);
  if (!text) return text.error();
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return ShareRescalingText(*text, path, overrides, dir.empty() ? "." : dir);
}

Result<Scenario> LoadScenarioText(const std::string& text, const std::string& source,
                                  const std::vector<Override>& overrides, const std::string& base_dir) {
  auto extra = ShareRescalingText(text, source, overrides, base_dir);
  if (!extra) {
    Error e = extra.error();
    if (e.file.empty()) {
      // ShareRenormalisation's own refusal (shares above 1, nothing to
      // rescale): located at the last override that sets a share.
      for (const Override& o : overrides) {
        if (!IsBlocSharePath(o.path)) continue;
        e.file = "--set " + o.path + "=" + o.value;
        e.line = 1;
        e.column = static_cast<int>(o.path.size()) + 2;
      }
    }
    return e;
  }
  if (extra->empty()) return LoadWithOverrides(text, source, overrides, base_dir);
  std::vector<Override> all = overrides;
  for (const Override& o : *extra) all.push_back(o);
  return LoadWithOverrides(text, source, all, base_dir);
}

Result<std::string> ScenarioKeysYaml(const std::string& path, const std::vector<std::string>& keys) {
  auto text = ReadScenarioFileText(path);
  if (!text) return text.error();
  const std::string dir = std::filesystem::path(path).parent_path().string();
  Locator loc(path);
  try {
    std::vector<std::string> chain{CanonicalName(path)};
    const YAML::Node root = Resolve(*text, path, dir.empty() ? "." : dir, chain, loc);
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const std::string& k : keys) {
      if (!root[k]) continue;
      out << YAML::Key << k << YAML::Value << root[k];
    }
    out << YAML::EndMap;
    if (!out.good()) return MakeError("cannot write the keys of " + path + ": " + out.GetLastError(), "");
    std::string s = out.c_str();
    if (s == "{}") s.clear();
    if (!s.empty() && s.back() != '\n') s += '\n';
    return s;
  } catch (const ReadError& e) {
    return e.error;
  } catch (const YAML::Exception& ex) {
    return YamlExceptionError(path, ex);
  }
}

std::string ScenarioChainText(const std::string& file) {
  std::string all;
  std::filesystem::path p(file);
  for (int depth = 0; depth < 33; ++depth) {
    auto text = ReadTextFile(p.string(), kScenarioInput);
    if (!text.ok()) break;
    all += "--- " + p.filename().string() + "\n" + *text;
    std::string ext;
    try {
      const YAML::Node root = LoadYaml(*text);
      if (root.IsMap() && root["extends"] && root["extends"].IsScalar()) ext = root["extends"].Scalar();
    } catch (const YAML::Exception&) {
    }
    if (ext.empty()) break;
    p = p.parent_path() / ext;
  }
  return all;
}

Result<Scenario> LoadScenarioOrDefault(const std::string& path, const std::vector<Override>& overrides) {
  if (path.empty()) return LoadScenarioText(DefaultScenarioYaml(), "<built-in default scenario>", overrides);
  return LoadScenarioFile(path, overrides);
}

Result<Scenario> LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides) {
  auto text = ReadScenarioFileText(path);
  if (!text) return text.error();
  std::string dir = std::filesystem::path(path).parent_path().string();
  return LoadScenarioText(*text, path, overrides, dir.empty() ? "." : dir);
}

}  // namespace necsim
