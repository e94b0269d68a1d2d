#include "results/boundary_results.h"

#include "results/json_reader.h"

namespace necsim {

using J = nlohmann::ordered_json;

namespace {

// An object of `entries` in their order, each value written by `f`.
template <typename T, typename F>
J KeyedJson(const Keyed<T>& entries, F f) {
  J o = J::object();
  for (const auto& [k, v] : entries) o[k] = f(v);
  return o;
}

template <typename T>
J KeyedJson(const Keyed<T>& entries) {
  return KeyedJson(entries, [](const T& v) { return J(v); });
}

J SeatStatsJson(const BoundarySeatStats& s) {
  J q;
  q["mean"] = s.mean;
  q["sd"] = s.sd;
  q["p5"] = s.p5;
  q["p50"] = s.p50;
  q["p95"] = s.p95;
  q["p_majority"] = s.p_majority;
  q["distribution"] = KeyedJson(s.distribution);
  return q;
}

J ChangeStatsJson(const BoundaryChangeStats& s) {
  J q;
  q["mean"] = s.mean;
  q["sd"] = s.sd;
  q["p5"] = s.p5;
  q["p50"] = s.p50;
  q["p95"] = s.p95;
  q["p_gain"] = s.p_gain;
  q["p_loss"] = s.p_loss;
  q["distribution"] = KeyedJson(s.distribution);
  return q;
}

J AreaChangesJson(const Keyed<Keyed<BoundaryChangeStats>>& areas) {
  return KeyedJson(areas, [](const Keyed<BoundaryChangeStats>& row) { return KeyedJson(row, ChangeStatsJson); });
}

J OptionalJson(const std::optional<double>& x) { return x ? J(*x) : J(nullptr); }

}  // namespace

J ToJson(const BoundaryResults& r) {
  J j;
  j["scenario"] = r.scenario;
  j["kind"] = "boundary";
  j["seed"] = r.seed;
  j["runs"] = r.runs;
  j["swing_model"] = r.swing_model;
  j["parties"] = r.parties;
  j["regions"] = r.regions;
  j["nations"] = r.nations;

  J sets = J::object();
  J pmaj = J::object();
  for (size_t k = 0; k < 2; ++k) {
    const BoundarySetResult& set = r.sets[k];
    J s;
    s["label"] = set.label;
    s["file"] = set.file;
    s["seats"] = set.seats;
    s["majority"] = set.majority;
    s["national_share"] = KeyedJson(set.national_share);
    s["baseline_seats"] = KeyedJson(set.baseline_seats);
    s["central_seats"] = KeyedJson(set.central_seats);
    s["parties"] = KeyedJson(set.parties, SeatStatsJson);
    auto area_means = [](const Keyed<Keyed<double>>& areas) {
      return KeyedJson(areas, [](const Keyed<double>& row) { return KeyedJson(row); });
    };
    s["mean_seats_by_region"] = area_means(set.mean_seats_by_region);
    s["mean_seats_by_nation"] = area_means(set.mean_seats_by_nation);
    sets[kBoundarySetKeys[k]] = s;
    J pm = KeyedJson(r.p_majority[k].parties);
    pm["none"] = r.p_majority[k].none;
    pmaj[kBoundarySetKeys[k]] = pm;
  }
  j["sets"] = sets;
  j["p_majority"] = pmaj;

  J change;
  change["national"] = KeyedJson(r.change.national, ChangeStatsJson);
  change["by_region"] = AreaChangesJson(r.change.by_region);
  change["by_nation"] = AreaChangesJson(r.change.by_nation);
  j["change"] = change;

  J hands = J::object();
  for (size_t k = 0; k < 2; ++k) {
    J list = J::array();
    for (const ChangeOfHandsResult& c : r.changes_of_hands[k]) {
      J x;
      x["id"] = c.id;
      x["name"] = c.name;
      x["region"] = c.region;
      x["baseline_winner"] = c.baseline_winner;
      x["p_change"] = c.p_change;
      x["likeliest_gainer"] = c.likeliest_gainer ? J(*c.likeliest_gainer) : J(nullptr);
      x["p_likeliest_gainer"] = c.p_likeliest_gainer;
      list.push_back(x);
    }
    hands[kBoundarySetKeys[k]] = list;
  }
  j["changes_of_hands"] = hands;

  J leads = J::array();
  for (const MajorityLeadResult& l : r.majority_lead) {
    J x;
    x["party"] = l.party;
    x["rival"] = l.rival;
    for (size_t k = 0; k < 2; ++k) x[kBoundarySetKeys[k]] = OptionalJson(l.lead[k]);
    x["bias"] = OptionalJson(l.bias);
    if (l.model) {
      J u;
      u["model"] = *l.model;
      for (size_t k = 0; k < 2; ++k) u[kBoundarySetKeys[k]] = OptionalJson(l.model_lead[k]);
      u["bias"] = OptionalJson(l.model_bias);
      x["under_model"] = u;
    }
    leads.push_back(x);
  }
  j["majority_lead"] = leads;

  if (r.clp) {
    J clp;
    if (r.clp->apportion) {
      const ClpApportionResult& a = *r.clp->apportion;
      clp["method"] = a.method;
      clp["by"] = a.by;
      clp["nec_seats"] = a.nec_seats;
      clp["min_per_region"] = a.min_per_region;
      clp["base_per_region"] = a.base_per_region;
    }
    J regions = J::array();
    for (const ClpRegionResult& g : r.clp->regions) {
      J x;
      x["labour_region"] = g.labour_region;
      for (size_t k = 0; k < 2; ++k) {
        const ClpSetResult& c = g.sets[k];
        J s;
        s["clps"] = c.clps;
        s["electors"] = c.electors;
        if (c.nec_seats) s["nec_seats"] = *c.nec_seats;
        if (c.members) {
          s["members"] = *c.members;
          s["members_per_clp"] = OptionalJson(c.members_per_clp);
        }
        x[kBoundarySetKeys[k]] = s;
      }
      J d;
      d["clps"] = g.change.clps;
      d["electors"] = g.change.electors;
      if (g.change.nec_seats) d["nec_seats"] = *g.change.nec_seats;
      x["change"] = d;
      regions.push_back(x);
    }
    clp["regions"] = regions;
    j["clp"] = clp;
  }
  if (!r.stands.empty()) {
    J st = J::object();
    for (const StandsResult& s : r.stands) {
      J x = J::object();
      for (size_t k = 0; k < 2; ++k) x[k == 0 ? "old" : "new"] = J{{"seats", s.seats[k]}, {"as_base", s.as_base[k]}};
      st[s.party] = x;
    }
    j["stands"] = st;
  }
  return j;
}

namespace {

using results_detail::FieldError;
using results_detail::Reader;

// The entries of the object o[key] (at path), each value read by
// read_one(object, object's path, entry's key).
template <typename F>
auto ReadKeyed(const Reader& rd, const J& o, const std::string& path, const std::string& key, F read_one) {
  const J& obj = rd.Obj(o, path, key);
  const std::string p = Reader::Join(path, key);
  Keyed<decltype(read_one(obj, p, std::string()))> out;
  for (const auto& [k, v] : obj.items()) out.emplace_back(k, read_one(obj, p, k));
  return out;
}

Keyed<double> ReadNums(const Reader& rd, const J& o, const std::string& path, const std::string& key) {
  return ReadKeyed(rd, o, path, key,
                   [&](const J& x, const std::string& p, const std::string& k) { return rd.Num(x, p, k); });
}

Keyed<int> ReadInts(const Reader& rd, const J& o, const std::string& path, const std::string& key) {
  return ReadKeyed(rd, o, path, key, [&](const J& x, const std::string& p, const std::string& k) {
    return rd.Int(x, p, k);
  });
}

BoundarySeatStats ReadSeatStats(const Reader& rd, const J& o, const std::string& path, const std::string& key) {
  const J& x = rd.Obj(o, path, key);
  const std::string p = Reader::Join(path, key);
  BoundarySeatStats s;
  s.mean = rd.Num(x, p, "mean");
  s.sd = rd.Num(x, p, "sd");
  s.p5 = rd.Int(x, p, "p5");
  s.p50 = rd.Int(x, p, "p50");
  s.p95 = rd.Int(x, p, "p95");
  s.p_majority = rd.Num(x, p, "p_majority");
  s.distribution = rd.Dist(x, p, "distribution");
  return s;
}

BoundaryChangeStats ReadChangeStats(const Reader& rd, const J& o, const std::string& path, const std::string& key) {
  const J& x = rd.Obj(o, path, key);
  const std::string p = Reader::Join(path, key);
  BoundaryChangeStats s;
  s.mean = rd.Num(x, p, "mean");
  s.sd = rd.Num(x, p, "sd");
  s.p5 = rd.Int(x, p, "p5");
  s.p50 = rd.Int(x, p, "p50");
  s.p95 = rd.Int(x, p, "p95");
  s.p_gain = rd.Num(x, p, "p_gain");
  s.p_loss = rd.Num(x, p, "p_loss");
  s.distribution = rd.Dist(x, p, "distribution");
  return s;
}

Keyed<Keyed<BoundaryChangeStats>> ReadAreaChanges(const Reader& rd, const J& o, const std::string& path,
                                                  const std::string& key) {
  return ReadKeyed(rd, o, path, key, [&](const J& x, const std::string& p, const std::string& area) {
    return ReadKeyed(rd, x, p, area, [&](const J& y, const std::string& q, const std::string& party) {
      return ReadChangeStats(rd, y, q, party);
    });
  });
}

std::array<BoundarySetResult, 2> ReadSets(const Reader& rd, const J& j) {
  const J& sets = rd.Obj(j, "", "sets");
  std::array<BoundarySetResult, 2> out;
  for (size_t k = 0; k < 2; ++k) {
    const J& o = rd.Obj(sets, "sets", kBoundarySetKeys[k]);
    const std::string p = Reader::Join("sets", kBoundarySetKeys[k]);
    BoundarySetResult& s = out[k];
    s.label = rd.Str(o, p, "label");
    s.file = rd.Str(o, p, "file");
    s.seats = rd.Int(o, p, "seats");
    s.majority = rd.Int(o, p, "majority");
    s.national_share = ReadNums(rd, o, p, "national_share");
    s.baseline_seats = ReadInts(rd, o, p, "baseline_seats");
    s.central_seats = ReadInts(rd, o, p, "central_seats");
    s.parties = ReadKeyed(rd, o, p, "parties", [&](const J& x, const std::string& q, const std::string& party) {
      return ReadSeatStats(rd, x, q, party);
    });
    auto area_means = [&](const char* key) {
      return ReadKeyed(rd, o, p, key, [&](const J& x, const std::string& q, const std::string& area) {
        return ReadNums(rd, x, q, area);
      });
    };
    s.mean_seats_by_region = area_means("mean_seats_by_region");
    s.mean_seats_by_nation = area_means("mean_seats_by_nation");
  }
  return out;
}

std::array<BoundaryMajorityResult, 2> ReadPMajority(const Reader& rd, const J& j) {
  const J& pm = rd.Obj(j, "", "p_majority");
  std::array<BoundaryMajorityResult, 2> out;
  for (size_t k = 0; k < 2; ++k) {
    const J& o = rd.Obj(pm, "p_majority", kBoundarySetKeys[k]);
    const std::string p = Reader::Join("p_majority", kBoundarySetKeys[k]);
    for (const auto& [party, v] : o.items()) {
      if (party != "none") out[k].parties.emplace_back(party, rd.Num(o, p, party));
    }
    out[k].none = rd.Num(o, p, "none");
  }
  return out;
}

std::array<std::vector<ChangeOfHandsResult>, 2> ReadChangesOfHands(const Reader& rd, const J& j) {
  const J& hands = rd.Obj(j, "", "changes_of_hands");
  std::array<std::vector<ChangeOfHandsResult>, 2> out;
  for (size_t k = 0; k < 2; ++k) {
    const J& list = rd.Arr(hands, "changes_of_hands", kBoundarySetKeys[k]);
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string p = Reader::Index(Reader::Join("changes_of_hands", kBoundarySetKeys[k]), i);
      ChangeOfHandsResult c;
      c.id = rd.Str(list[i], p, "id");
      c.name = rd.Str(list[i], p, "name");
      c.region = rd.Str(list[i], p, "region");
      c.baseline_winner = rd.Str(list[i], p, "baseline_winner");
      c.p_change = rd.Num(list[i], p, "p_change");
      c.likeliest_gainer = rd.StrOrNull(list[i], p, "likeliest_gainer");
      c.p_likeliest_gainer = rd.Num(list[i], p, "p_likeliest_gainer");
      out[k].push_back(std::move(c));
    }
  }
  return out;
}

std::vector<MajorityLeadResult> ReadMajorityLead(const Reader& rd, const J& j) {
  const J& list = rd.Arr(j, "", "majority_lead");
  std::vector<MajorityLeadResult> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string p = Reader::Index("majority_lead", i);
    MajorityLeadResult l;
    l.party = rd.Str(list[i], p, "party");
    l.rival = rd.Str(list[i], p, "rival");
    for (size_t k = 0; k < 2; ++k) l.lead[k] = rd.NumOrNull(list[i], p, kBoundarySetKeys[k]);
    l.bias = rd.NumOrNull(list[i], p, "bias");
    if (list[i].contains("under_model")) {
      const J& u = rd.Obj(list[i], p, "under_model");
      const std::string q = p + ".under_model";
      l.model = rd.Str(u, q, "model");
      for (size_t k = 0; k < 2; ++k) l.model_lead[k] = rd.NumOrNull(u, q, kBoundarySetKeys[k]);
      l.model_bias = rd.NumOrNull(u, q, "bias");
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::optional<ClpResult> ReadClp(const Reader& rd, const J& j) {
  if (!j.contains("clp")) return std::nullopt;
  const J& o = rd.Obj(j, "", "clp");
  ClpResult c;
  if (o.contains("method")) {
    ClpApportionResult a;
    a.method = rd.Str(o, "clp", "method");
    a.by = rd.Str(o, "clp", "by");
    a.nec_seats = rd.Int(o, "clp", "nec_seats");
    a.min_per_region = rd.Int(o, "clp", "min_per_region");
    // Summaries written before base seats per region lack the key: none.
    a.base_per_region = o.contains("base_per_region") ? rd.Int(o, "clp", "base_per_region") : 0;
    c.apportion = a;
  }
  const J& regions = rd.Arr(o, "clp", "regions");
  for (size_t i = 0; i < regions.size(); ++i) {
    const J& x = regions[i];
    const std::string p = Reader::Index("clp.regions", i);
    ClpRegionResult g;
    g.labour_region = rd.Str(x, p, "labour_region");
    for (size_t k = 0; k < 2; ++k) {
      const J& s = rd.Obj(x, p, kBoundarySetKeys[k]);
      const std::string q = Reader::Join(p, kBoundarySetKeys[k]);
      ClpSetResult& c2 = g.sets[k];
      c2.clps = rd.Int64(s, q, "clps");
      c2.electors = rd.Int64(s, q, "electors");
      if (s.contains("nec_seats")) c2.nec_seats = rd.Int(s, q, "nec_seats");
      if (s.contains("members")) {
        c2.members = rd.Int64(s, q, "members");
        c2.members_per_clp = rd.NumOrNull(s, q, "members_per_clp");
      }
    }
    const J& d = rd.Obj(x, p, "change");
    const std::string q = p + ".change";
    g.change.clps = rd.Int64(d, q, "clps");
    g.change.electors = rd.Int64(d, q, "electors");
    if (d.contains("nec_seats")) g.change.nec_seats = rd.Int(d, q, "nec_seats");
    c.regions.push_back(std::move(g));
  }
  return c;
}

// The sections in summary.json's key order, each read into its fields of
// BoundaryResults only when the whole section reads.
struct Section {
  const char* key;
  void (*read)(const Reader&, const J&, BoundaryResults&);
};

constexpr Section kSections[] = {
    {"scenario", [](const Reader& rd, const J& j, BoundaryResults& r) { r.scenario = rd.Str(j, "", "scenario"); }},
    {"kind",
     [](const Reader& rd, const J& j, BoundaryResults&) {
       if (rd.Str(j, "", "kind") != "boundary") throw FieldError("kind", "kind is not \"boundary\"");
     }},
    {"seed", [](const Reader& rd, const J& j, BoundaryResults& r) { r.seed = rd.UInt(j, "", "seed"); }},
    {"runs",
     [](const Reader& rd, const J& j, BoundaryResults& r) {
       const int64_t runs = rd.Int64(j, "", "runs");
       if (runs < 0) throw FieldError("runs", "runs is negative");
       r.runs = runs;
     }},
    {"swing_model",
     [](const Reader& rd, const J& j, BoundaryResults& r) { r.swing_model = rd.Str(j, "", "swing_model"); }},
    {"parties", [](const Reader& rd, const J& j, BoundaryResults& r) { r.parties = rd.Strs(j, "", "parties"); }},
    {"regions", [](const Reader& rd, const J& j, BoundaryResults& r) { r.regions = rd.Strs(j, "", "regions"); }},
    {"nations", [](const Reader& rd, const J& j, BoundaryResults& r) { r.nations = rd.Strs(j, "", "nations"); }},
    {"sets", [](const Reader& rd, const J& j, BoundaryResults& r) { r.sets = ReadSets(rd, j); }},
    {"p_majority", [](const Reader& rd, const J& j, BoundaryResults& r) { r.p_majority = ReadPMajority(rd, j); }},
    // `change` is three sections, so that a reader can draw the national
    // changes when those by region are broken.
    {"change.national",
     [](const Reader& rd, const J& j, BoundaryResults& r) {
       r.change.national = ReadKeyed(rd, rd.Obj(j, "", "change"), "change", "national",
                                     [&](const J& x, const std::string& p, const std::string& party) {
                                       return ReadChangeStats(rd, x, p, party);
                                     });
     }},
    {"change.by_region",
     [](const Reader& rd, const J& j, BoundaryResults& r) {
       r.change.by_region = ReadAreaChanges(rd, rd.Obj(j, "", "change"), "change", "by_region");
     }},
    {"change.by_nation",
     [](const Reader& rd, const J& j, BoundaryResults& r) {
       r.change.by_nation = ReadAreaChanges(rd, rd.Obj(j, "", "change"), "change", "by_nation");
     }},
    {"changes_of_hands",
     [](const Reader& rd, const J& j, BoundaryResults& r) { r.changes_of_hands = ReadChangesOfHands(rd, j); }},
    {"majority_lead",
     [](const Reader& rd, const J& j, BoundaryResults& r) { r.majority_lead = ReadMajorityLead(rd, j); }},
    {"clp", [](const Reader& rd, const J& j, BoundaryResults& r) { r.clp = ReadClp(rd, j); }},
    {"stands",
     [](const Reader& rd, const J& j, BoundaryResults& r) {
       if (!j.contains("stands")) return;
       const J& o = rd.Obj(j, "", "stands");
       for (const auto& [party, x] : o.items()) {
         StandsResult s;
         s.party = party;
         const std::string p = "stands." + party;
         for (size_t k = 0; k < 2; ++k) {
           const char* set = k == 0 ? "old" : "new";
           const J& q = rd.Obj(rd.Obj(o, "stands", party), p, set);
           s.seats[k] = rd.Int(q, p + "." + set, "seats");
           s.as_base[k] = rd.Int(q, p + "." + set, "as_base");
         }
         r.stands.push_back(std::move(s));
       }
     }},
};

}  // namespace

const Error* BoundaryResultsView::ErrorOf(std::string_view section) const {
  for (const auto& [s, e] : errors) {
    const bool within = s.size() > section.size() && s.compare(0, section.size(), section) == 0 &&
                        s[section.size()] == '.';
    if (s == section || within || s.empty()) return &e;
  }
  return nullptr;
}

BoundaryResultsView ReadBoundaryResultsView(const J& j, const std::string& source) {
  BoundaryResultsView v;
  if (!j.is_object()) {
    v.errors.emplace_back("", results_detail::ToError(FieldError("", "the summary is not a JSON object"), source));
    return v;
  }
  const Reader rd;
  for (const Section& s : kSections) {
    try {
      s.read(rd, j, v.results);
    } catch (const FieldError& e) {
      v.errors.emplace_back(s.key, results_detail::ToError(e, source));
    }
  }
  return v;
}

Result<BoundaryResults> BoundaryResultsFromJson(const J& j, const std::string& source) {
  BoundaryResultsView v = ReadBoundaryResultsView(j, source);
  if (!v.ok()) return v.errors.front().second;
  return std::move(v.results);
}

}  // namespace necsim
