#include "scenario/boundary_yaml.h"

#include "core/input_file.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "scenario/constituency_table.h"
#include "scenario/yaml_reader.h"

namespace necsim {
namespace {

// A small dense square matrix (row-major) for the correlation and covariance
// as read; factored by models/boundary's CholeskyLower.
struct SquareMatrix {
  int n = 0;
  std::vector<double> v;
  SquareMatrix(int size, bool identity) : n(size), v(static_cast<size_t>(size * size), 0.0) {
    if (identity) {
      for (int i = 0; i < n; ++i) v[static_cast<size_t>(i * n + i)] = 1.0;
    }
  }
  double& operator()(int i, int j) { return v[static_cast<size_t>(i * n + j)]; }
};

using Reader = YamlReader;
using ReadError = YamlReadError;

std::string List(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

int Party(const Reader& rd, const BoundaryScenario& sc, const YAML::Node& n, const std::string& field) {
  const std::string name = rd.String(n, field);
  const int p = IndexOfName(sc.parties, name);
  if (p < 0) {
    rd.Fail(n, field, "party '" + name + "' is not one of the tables' party columns (boundary.parties: " +
                          List(sc.parties) + ")");
  }
  return p;
}

// A per-party value: a number for every party, or a mapping party -> value
// with an optional `default`. Values in points, returned as fractions.
std::vector<double> PerParty(const Reader& rd, const BoundaryScenario& sc, const YAML::Node& n,
                             const std::string& field, double lo, double hi, double fallback) {
  std::vector<double> out(sc.parties.size(), fallback);
  if (n.IsScalar()) {
    out.assign(sc.parties.size(), rd.Number(n, field, lo, hi) / 100.0);
    return out;
  }
  if (!n.IsMap()) rd.Fail(n, field, "expected a number or a mapping of party to number");
  rd.Unique(n, field);
  if (n["default"]) out.assign(sc.parties.size(), rd.Number(n["default"], field + ".default", lo, hi) / 100.0);
  for (const auto& kv : n) {
    const std::string key = rd.String(kv.first, field);
    if (key == "default") continue;
    const int p = Party(rd, sc, kv.first, field + "." + key);
    out[static_cast<size_t>(p)] = rd.Number(kv.second, field + "." + key, lo, hi) / 100.0;
  }
  return out;
}

ColumnMap ReadColumns(const Reader& rd, const YAML::Node& n, const std::string& field, ColumnMap c) {
  rd.Keys(n, field, {"id", "name", "region", "country", "electorate"});
  if (n["id"]) c.id = rd.String(n["id"], field + ".id");
  if (n["name"]) c.name = rd.String(n["name"], field + ".name");
  if (n["region"]) c.region = rd.String(n["region"], field + ".region");
  if (n["country"]) c.country = rd.String(n["country"], field + ".country");
  if (n["electorate"]) c.electorate = rd.String(n["electorate"], field + ".electorate");
  return c;
}

Error TableRowError(const ConstituencyTable& t, int row, const std::string& column_name, const std::string& msg) {
  Error e;
  e.file = t.file;
  e.line = t.line[static_cast<size_t>(row)];
  e.field = column_name;
  e.message = msg;
  for (size_t i = 0; i < t.header.size(); ++i) {
    if (t.header[i] == column_name) e.column = static_cast<int>(i) + 1;
  }
  return e;
}

// Who stands where (docs/boundary.md, "Who stands"): boundary.stands,
// boundary.base_share_from and boundary.transfers into sc.stands.
void ReadStands(const Reader& rd, const YAML::Node& b, BoundaryScenario& sc) {
  const int P = static_cast<int>(sc.parties.size());
  const auto uP = static_cast<size_t>(P);
  StandsSpec& spec = sc.stands;
  spec.base_share_from.assign(uP, BaseShareFrom{});
  if (b["base_share_from"]) {
    const YAML::Node n = b["base_share_from"];
    const std::string f = "boundary.base_share_from";
    if (!n.IsMap()) rd.Fail(n, f, "expected a mapping: party -> {party: donor, ratio: number, share: points, from: all or donor}");
    rd.Unique(n, f);
    for (const auto& kv : n) {
      const std::string g = f + "." + kv.first.Scalar();
      const int p = Party(rd, sc, kv.first, g);
      if (!kv.second.IsMap()) rd.Fail(kv.second, g, "expected a mapping {party: donor, ratio: number, share: points, from: all or donor}");
      rd.Keys(kv.second, g, {"party", "ratio", "share", "from"});
      BaseShareFrom& x = spec.base_share_from[static_cast<size_t>(p)];
      if (kv.second["party"]) {
        x.donor = Party(rd, sc, kv.second["party"], g + ".party");
        if (x.donor == p) rd.Fail(kv.second["party"], g + ".party", "the donor must be another party");
      }
      if (kv.second["ratio"]) x.ratio = rd.Number(kv.second["ratio"], g + ".ratio", 0, 100);
      if (kv.second["share"]) x.share = rd.Number(kv.second["share"], g + ".share", 0, 100) / 100.0;
      if (kv.second["from"]) {
        const std::string from = rd.String(kv.second["from"], g + ".from");
        if (from != "all" && from != "donor") {
          rd.Fail(kv.second["from"], g + ".from", "expected all (the other parties in proportion) or donor");
        }
        if (from == "donor" && x.donor < 0) rd.Fail(kv.second["from"], g + ".from", "from: donor needs a donor party (party:)");
        x.from_donor = from == "donor";
      }
    }
  }
  if (b["transfers"]) {
    const YAML::Node n = b["transfers"];
    const std::string f = "boundary.transfers";
    if (!n.IsMap()) rd.Fail(n, f, "expected a mapping: withdrawn party -> {party: percent of its vote}");
    rd.Unique(n, f);
    spec.transfer.assign(uP * uP, 0.0);
    for (const auto& kv : n) {
      const std::string g = f + "." + kv.first.Scalar();
      const int w = Party(rd, sc, kv.first, g);
      if (!kv.second.IsMap()) rd.Fail(kv.second, g, "expected a mapping of party to percent of the withdrawn vote");
      rd.Unique(kv.second, g);
      double sum = 0;
      for (const auto& pv : kv.second) {
        const std::string h = g + "." + pv.first.Scalar();
        const int q = Party(rd, sc, pv.first, h);
        if (q == w) rd.Fail(pv.first, h, "a party cannot transfer its vote to itself");
        const double v = rd.Number(pv.second, h, 0, 100);
        sum += v;
        spec.transfer[static_cast<size_t>(w) * uP + static_cast<size_t>(q)] = v / 100.0;
      }
      if (sum > 100 + 1e-9) rd.Fail(kv.second, g, "transfers add up to " + FormatYamlNumber(sum) + "%, more than 100%");
    }
  }
  if (!b["stands"]) return;
  const YAML::Node n = b["stands"];
  const std::string f = "boundary.stands";
  if (!n.IsMap()) rd.Fail(n, f, "expected a mapping: party -> everywhere, as_base, a list of seat ids and regions, or {in: ..., also: [...], not: [...]}");
  rd.Unique(n, f);
  // Seat ids of each table.
  std::array<std::map<std::string, int>, 2> ids;
  for (size_t k = 0; k < 2; ++k) {
    const ConstituencyTable& t = sc.sets[k].table;
    for (int c = 0; c < t.seats(); ++c) ids[k].emplace(t.id[static_cast<size_t>(c)], c);
  }
  // base[k][c * P + p]: stood in the base election.
  std::array<std::vector<uint8_t>, 2> base, st;
  for (size_t k = 0; k < 2; ++k) {
    const ConstituencyTable& t = sc.sets[k].table;
    base[k].assign(static_cast<size_t>(t.seats()) * uP, 0);
    for (int c = 0; c < t.seats(); ++c) {
      for (int p = 0; p < P; ++p) base[k][static_cast<size_t>(c) * uP + static_cast<size_t>(p)] = t.Votes(c, p) > 0;
    }
    st[k] = base[k];
  }
  // A list of region names and seat ids -> per set, the seats it names.
  auto seats_of = [&](const YAML::Node& list, const std::string& g) {
    std::array<std::vector<uint8_t>, 2> in;
    for (size_t k = 0; k < 2; ++k) in[k].assign(static_cast<size_t>(sc.sets[k].table.seats()), 0);
    if (!list.IsSequence()) rd.Fail(list, g, "expected a list of region names and constituency ids");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string h = g + "[" + std::to_string(i) + "]";
      const std::string e = rd.String(list[i], h);
      const int r = IndexOfName(sc.regions, e);
      bool found = r >= 0;
      for (size_t k = 0; k < 2; ++k) {
        const BoundarySet& set = sc.sets[k];
        if (r >= 0) {
          for (int c = 0; c < set.table.seats(); ++c) {
            if (set.region[static_cast<size_t>(c)] == r) in[k][static_cast<size_t>(c)] = 1;
          }
        } else if (auto it = ids[k].find(e); it != ids[k].end()) {
          in[k][static_cast<size_t>(it->second)] = 1;
          found = true;
        }
      }
      if (!found) {
        rd.Fail(list[i], h, "'" + e + "' is neither a region (" + List(sc.regions) +
                                ") nor a constituency id of the old or new table");
      }
    }
    return in;
  };
  for (const auto& kv : n) {
    const std::string g = f + "." + kv.first.Scalar();
    const int p = Party(rd, sc, kv.first, g);
    const auto up = static_cast<size_t>(p);
    // The seats it stands in: `in` (everywhere, as_base or a list) and `also`, less `not`.
    // (Nodes are copy-constructed, never assigned: assigning a node writes into the tree.)
    const YAML::Node& v = kv.second;
    const bool is_map = v.IsMap();
    if (is_map) rd.Keys(v, g, {"in", "also", "not"});
    const bool has_in = !is_map || static_cast<bool>(v["in"]);
    const bool has_also = is_map && static_cast<bool>(v["also"]);
    const bool has_not = is_map && static_cast<bool>(v["not"]);
    const YAML::Node in = is_map && has_in ? v["in"] : v;
    const YAML::Node also = has_also ? v["also"] : v;
    const YAML::Node out = has_not ? v["not"] : v;
    const std::string gin = is_map ? g + ".in" : g;
    const bool as_base = !has_in || (in.IsScalar() && in.Scalar() == "as_base");
    const bool everywhere = has_in && in.IsScalar() && in.Scalar() == "everywhere";
    if (!as_base && !everywhere && !in.IsSequence()) {
      rd.Fail(in, gin, "expected everywhere, as_base, a list of region names and constituency ids, or {in: ..., also: [...], not: [...]}");
    }
    std::array<std::vector<uint8_t>, 2> none;
    const auto listed = in.IsSequence() ? seats_of(in, gin) : none;
    const auto added = has_also ? seats_of(also, g + ".also") : none;
    const auto removed = has_not ? seats_of(out, g + ".not") : none;
    for (size_t k = 0; k < 2; ++k) {
      for (int c = 0; c < sc.sets[k].table.seats(); ++c) {
        const auto uc = static_cast<size_t>(c);
        uint8_t& at = st[k][uc * uP + up];
        if (everywhere) at = 1;
        else if (!as_base) at = listed[k][uc];
        if (has_also && added[k][uc]) at = 1;
        if (has_not && removed[k][uc]) at = 0;
      }
    }
    // An entering party needs a share to enter with.
    const BaseShareFrom& from = spec.base_share_from[up];
    for (size_t k = 0; k < 2; ++k) {
      bool enters = false, stood = false;
      for (int c = 0; c < sc.sets[k].table.seats(); ++c) {
        const size_t i = static_cast<size_t>(c) * uP + up;
        enters = enters || (st[k][i] && !base[k][i]);
        stood = stood || base[k][i];
      }
      if (enters && !stood && from.share < 0) {
        rd.Fail(kv.first, g,
                "party '" + kv.first.Scalar() + "' stood in no seat of the " + sc.sets[k].key +
                    " table, so it has no share where it stood to enter with: give boundary.base_share_from." +
                    kv.first.Scalar() + ".share (points)");
      }
    }
  }
  for (size_t k = 0; k < 2; ++k) {
    const ConstituencyTable& t = sc.sets[k].table;
    for (int c = 0; c < t.seats(); ++c) {
      bool any = false;
      for (size_t p = 0; p < uP; ++p) any = any || st[k][static_cast<size_t>(c) * uP + p];
      if (!any) {
        rd.Fail(n, f, "no party stands in " + t.id[static_cast<size_t>(c)] + " (" + t.name[static_cast<size_t>(c)] +
                          ") of the " + sc.sets[k].key + " table");
      }
    }
    // Unchanged from the base election: the model is built as without stands:.
    if (st[k] != base[k]) spec.stands[k] = std::move(st[k]);
  }
}

BoundaryScenario Build(const Reader& rd, const YAML::Node& root, const std::string& data_dir) {
  BoundaryScenario sc;
  sc.source = rd.file();
  rd.Keys(root, "", {"name", "description", "seed", "runs", "boundary"});
  if (!root["boundary"]) rd.Fail(root, "boundary", "a boundary scenario needs a 'boundary:' mapping");
  sc.name = root["name"] ? rd.String(root["name"], "name") : std::filesystem::path(rd.file()).stem().string();
  if (sc.name.empty() || sc.name.find('/') != std::string::npos) {
    rd.Fail(root["name"], "name", "the name must be non-empty and contain no '/' (it names the results folder)");
  }
  if (root["description"]) sc.description = rd.String(root["description"], "description");
  if (root["seed"]) sc.seed = static_cast<uint64_t>(rd.Integer(root["seed"], "seed", 0, INT64_MAX));
  if (root["runs"]) sc.runs = rd.Integer(root["runs"], "runs", 1, 1'000'000'000);

  const YAML::Node b = root["boundary"];
  rd.Keys(b, "boundary", {"old", "new", "columns", "parties", "regions", "swing", "uncertainty", "majority_lead",
                          "changes_listed", "clp", "stands", "base_share_from", "transfers"});
  for (const char* k : {"old", "new", "parties"}) {
    if (!b[k]) rd.Fail(b, std::string("boundary.") + k, std::string("missing 'boundary.") + k + "'");
  }
  // Parties.
  const YAML::Node pn = b["parties"];
  if (!pn.IsSequence() || pn.size() == 0) rd.Fail(pn, "boundary.parties", "expected a list of party vote columns");
  if (pn.size() > 255) rd.Fail(pn, "boundary.parties", "at most 255 parties");
  for (size_t i = 0; i < pn.size(); ++i) {
    const std::string f = "boundary.parties[" + std::to_string(i) + "]";
    const std::string p = rd.String(pn[i], f);
    if (p.empty()) rd.Fail(pn[i], f, "empty party column name");
    if (IndexOfName(sc.parties, p) >= 0) rd.Fail(pn[i], f, "party '" + p + "' is listed twice");
    sc.parties.push_back(p);
  }
  const ColumnMap columns = b["columns"] ? ReadColumns(rd, b["columns"], "boundary.columns", ColumnMap{}) : ColumnMap{};
  // Region renaming (table value -> region name).
  std::map<std::string, std::string> rename;
  if (b["regions"]) {
    const YAML::Node rn = b["regions"];
    if (!rn.IsMap()) rd.Fail(rn, "boundary.regions", "expected a mapping of a table's region value to a region name");
    rd.Unique(rn, "boundary.regions");
    for (const auto& kv : rn) rename[rd.String(kv.first, "boundary.regions")] = rd.String(kv.second, "boundary.regions." + kv.first.Scalar());
  }
  // The two tables.
  std::array<ColumnMap, 2> cols;
  const char* keys[2] = {"old", "new"};
  for (int k = 0; k < 2; ++k) {
    const std::string f = std::string("boundary.") + keys[k];
    const YAML::Node s = b[keys[k]];
    BoundarySet& set = sc.sets[static_cast<size_t>(k)];
    set.key = keys[k];
    if (s.IsScalar()) {
      set.file = rd.String(s, f);
    } else {
      rd.Keys(s, f, {"file", "label", "majority", "columns"});
      if (!s["file"]) rd.Fail(s, f + ".file", "missing 'file' (the constituency table, CSV)");
      set.file = rd.String(s["file"], f + ".file");
      if (s["label"]) set.label = rd.String(s["label"], f + ".label");
      if (s["majority"]) set.majority = static_cast<int>(rd.Integer(s["majority"], f + ".majority", 1, 100000));
    }
    cols[static_cast<size_t>(k)] = s.IsMap() && s["columns"] ? ReadColumns(rd, s["columns"], f + ".columns", columns) : columns;
    set.columns = cols[static_cast<size_t>(k)];
    if (set.label.empty()) set.label = keys[k];
    std::filesystem::path path(set.file);
    if (path.is_relative()) path = std::filesystem::path(data_dir) / path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {  // (what is not a regular file is refused by the table reader)
      rd.Fail(s.IsMap() ? s["file"] : s, f + ".file",
              "cannot open the constituency table '" + path.string() + "' (relative table paths are read from the data "
              "directory: --data DIR, else $NECSIM_DATA_DIR, else " + kDefaultBoundaryDataDir + ")");
    }
    auto t = ReadConstituencyTable(path.string(), cols[static_cast<size_t>(k)], sc.parties);
    if (!t) throw ReadError{t.error()};
    set.table = std::move(*t);
  }
  // Regions and nations, first seen in old, then new.
  for (const auto& [from, to] : rename) {
    bool used = false;
    for (const auto& set : sc.sets) {
      for (const auto& r : set.table.region) used = used || r == from;
    }
    if (!used) rd.Fail(b["regions"], "boundary.regions." + from, "no constituency in either table has region '" + from + "'");
  }
  std::array<std::map<std::string, int>, 2> region_row;  // region -> first row, per set
  for (int k = 0; k < 2; ++k) {
    BoundarySet& set = sc.sets[static_cast<size_t>(k)];
    for (int c = 0; c < set.table.seats(); ++c) {
      std::string r = set.table.region[static_cast<size_t>(c)];
      if (auto it = rename.find(r); it != rename.end()) r = it->second;
      int g = IndexOfName(sc.regions, r);
      if (g < 0) {
        g = static_cast<int>(sc.regions.size());
        sc.regions.push_back(r);
      }
      set.region.push_back(g);
      region_row[static_cast<size_t>(k)].emplace(r, c);
      const std::string& n = set.table.country[static_cast<size_t>(c)];
      int h = IndexOfName(sc.nations, n);
      if (h < 0) {
        h = static_cast<int>(sc.nations.size());
        sc.nations.push_back(n);
      }
      set.nation.push_back(h);
    }
    if (set.majority == 0) set.majority = set.table.seats() / 2 + 1;
    if (set.majority > set.table.seats()) {
      rd.Fail(b[keys[k]]["majority"], std::string("boundary.") + keys[k] + ".majority",
              "a majority of " + std::to_string(set.majority) + " is more than the table's " +
                  std::to_string(set.table.seats()) + " seats");
    }
  }
  // Regions must match between the sets.
  for (int k = 0; k < 2; ++k) {
    const int o = 1 - k;
    for (const auto& [r, row] : region_row[static_cast<size_t>(k)]) {
      if (region_row[static_cast<size_t>(o)].count(r)) continue;
      const BoundarySet& set = sc.sets[static_cast<size_t>(k)];
      std::string other;
      for (const auto& [x, unused] : region_row[static_cast<size_t>(o)]) {
        if (!region_row[static_cast<size_t>(k)].count(x)) other += (other.empty() ? "" : ", ") + x;
      }
      throw ReadError{TableRowError(
          set.table, row, cols[static_cast<size_t>(k)].region,
          "region '" + r + "' is in the " + set.key + " table but not in the " + sc.sets[static_cast<size_t>(o)].key +
              " table (" + sc.sets[static_cast<size_t>(o)].table.file + ")" +
              (other.empty() ? "" : "; regions only there: " + other) +
              ". Regions must match; rename a table's values with boundary.regions")};
    }
  }
  // Swing.
  const int P = static_cast<int>(sc.parties.size()), R = static_cast<int>(sc.regions.size());
  SwingSpec& sw = sc.swing;
  sw.change.assign(static_cast<size_t>(P), 0.0);
  sw.target.assign(static_cast<size_t>(P), -1.0);
  sw.region_target.assign(static_cast<size_t>(R * P), -1.0);
  sw.regional_sd.assign(static_cast<size_t>(P), 0.0);
  sw.constituency_sd.assign(static_cast<size_t>(P), 0.0);
  sw.national_cholesky.assign(static_cast<size_t>(P * P), 0.0);
  if (b["swing"]) {
    const YAML::Node s = b["swing"];
    rd.Keys(s, "boundary.swing", {"model", "change", "target", "regions", "mixture_weight", "strong_threshold", "tactical"});
    if (s["model"]) {
      const std::string m = rd.String(s["model"], "boundary.swing.model");
      if (!ParseSwingModel(m, sw.model)) {
        rd.Fail(s["model"], "boundary.swing.model",
                "unknown swing model '" + m + "' (uniform, proportional, regional, transition, strong, mixture)");
      }
    }
    if (s["mixture_weight"]) {
      if (sw.model != SwingModel::kMixture) rd.Fail(s["mixture_weight"], "boundary.swing.mixture_weight", "mixture_weight needs model: mixture");
      sw.mixture_weight = rd.Number(s["mixture_weight"], "boundary.swing.mixture_weight", 0, 1);
    }
    if (s["strong_threshold"]) {
      if (sw.model != SwingModel::kStrong) rd.Fail(s["strong_threshold"], "boundary.swing.strong_threshold", "strong_threshold needs model: strong");
      sw.strong_threshold = rd.Number(s["strong_threshold"], "boundary.swing.strong_threshold", 0, 100) / 100.0;
    }
    if (s["tactical"]) {
      const YAML::Node tl = s["tactical"];
      const std::string f = "boundary.swing.tactical";
      if (!tl.IsSequence()) rd.Fail(tl, f, "expected a list of {against: PARTY, share: PERCENT or {REGION: PERCENT, default: PERCENT}, from: [PARTY, ...]}");
      for (size_t i = 0; i < tl.size(); ++i) {
        const std::string g = f + "[" + std::to_string(i) + "]";
        const YAML::Node t = tl[i];
        if (!t.IsMap()) rd.Fail(t, g, "expected a mapping {against: PARTY, share: ..., from: [...]}");
        rd.Keys(t, g, {"against", "share", "from"});
        if (!t["against"]) rd.Fail(t, g + ".against", "missing 'against': the party whose best-placed challenger gains");
        if (!t["share"]) rd.Fail(t, g + ".share", "missing 'share': the percent of each third party's vote that moves");
        TacticalTerm term;
        term.against = Party(rd, sc, t["against"], g + ".against");
        term.rate.assign(static_cast<size_t>(R), 0.0);
        const YAML::Node sh = t["share"];
        if (sh.IsScalar()) {
          term.rate.assign(static_cast<size_t>(R), rd.Number(sh, g + ".share", 0, 100) / 100.0);
        } else {
          if (!sh.IsMap()) rd.Fail(sh, g + ".share", "expected a percent or a mapping of region to percent (with an optional default)");
          rd.Unique(sh, g + ".share");
          if (sh["default"]) term.rate.assign(static_cast<size_t>(R), rd.Number(sh["default"], g + ".share.default", 0, 100) / 100.0);
          for (const auto& kv : sh) {
            const std::string rname = rd.String(kv.first, g + ".share");
            if (rname == "default") continue;
            const int r = IndexOfName(sc.regions, rname);
            if (r < 0) rd.Fail(kv.first, g + ".share." + rname, "unknown region '" + rname + "' (the tables' regions: " + List(sc.regions) + ")");
            term.rate[static_cast<size_t>(r)] = rd.Number(kv.second, g + ".share." + rname, 0, 100) / 100.0;
          }
        }
        term.from.assign(static_cast<size_t>(P), 1);
        if (t["from"]) {
          const YAML::Node fr = t["from"];
          if (!fr.IsSequence() || fr.size() == 0) rd.Fail(fr, g + ".from", "expected a list of parties whose voters may move");
          term.from.assign(static_cast<size_t>(P), 0);
          for (size_t j = 0; j < fr.size(); ++j) {
            const std::string h = g + ".from[" + std::to_string(j) + "]";
            const int p = Party(rd, sc, fr[j], h);
            if (p == term.against) rd.Fail(fr[j], h, "the named party's own voters do not move against it");
            term.from[static_cast<size_t>(p)] = 1;
          }
        }
        term.from[static_cast<size_t>(term.against)] = 0;
        sw.tactical.push_back(std::move(term));
      }
    }
    if (s["change"]) {
      const YAML::Node c = s["change"];
      if (!c.IsMap()) rd.Fail(c, "boundary.swing.change", "expected a mapping of party to change in points");
      rd.Unique(c, "boundary.swing.change");
      for (const auto& kv : c) {
        const int p = Party(rd, sc, kv.first, "boundary.swing.change." + kv.first.Scalar());
        sw.change[static_cast<size_t>(p)] = rd.Number(kv.second, "boundary.swing.change." + kv.first.Scalar(), -100, 100) / 100.0;
      }
    }
    if (s["target"]) {
      const YAML::Node c = s["target"];
      if (!c.IsMap()) rd.Fail(c, "boundary.swing.target", "expected a mapping of party to national share in percent");
      rd.Unique(c, "boundary.swing.target");
      for (const auto& kv : c) {
        const std::string f = "boundary.swing.target." + kv.first.Scalar();
        const int p = Party(rd, sc, kv.first, f);
        if (s["change"] && s["change"][kv.first.Scalar()]) rd.Fail(kv.first, f, "give a party either a change or a target, not both");
        sw.target[static_cast<size_t>(p)] = rd.Number(kv.second, f, 0, 100) / 100.0;
      }
    }
    if (s["regions"]) {
      if (sw.model == SwingModel::kUniform) {
        rd.Fail(s["regions"], "boundary.swing.regions",
                "regional target shares need model: regional (or proportional, transition, strong, mixture)");
      }
      const YAML::Node rs = s["regions"];
      if (!rs.IsMap()) rd.Fail(rs, "boundary.swing.regions", "expected a mapping of region to {party: share in percent}");
      rd.Unique(rs, "boundary.swing.regions");
      for (const auto& kv : rs) {
        const std::string rname = rd.String(kv.first, "boundary.swing.regions");
        const std::string f = "boundary.swing.regions." + rname;
        const int r = IndexOfName(sc.regions, rname);
        if (r < 0) rd.Fail(kv.first, f, "unknown region '" + rname + "' (the tables' regions: " + List(sc.regions) + ")");
        if (!kv.second.IsMap()) rd.Fail(kv.second, f, "expected a mapping of party to share in percent");
        rd.Unique(kv.second, f);
        double sum = 0;
        for (const auto& pv : kv.second) {
          const int p = Party(rd, sc, pv.first, f + "." + pv.first.Scalar());
          const double v = rd.Number(pv.second, f + "." + pv.first.Scalar(), 0, 100);
          sum += v;
          sw.region_target[static_cast<size_t>(r * P + p)] = v / 100.0;
        }
        if (sum > 100 + 1e-9) rd.Fail(kv.second, f, "target shares add up to " + FormatYamlNumber(sum) + "%, more than 100%");
      }
    } else if (sw.model == SwingModel::kRegional) {
      rd.Fail(s, "boundary.swing.regions", "model: regional needs 'regions': target shares per region");
    }
  }
  if (b["uncertainty"]) {
    const YAML::Node u = b["uncertainty"];
    rd.Keys(u, "boundary.uncertainty", {"national_sd", "correlation", "covariance", "regional_sd", "constituency_sd"});
    std::vector<double> nsd(static_cast<size_t>(P), 0.0);
    if (u["national_sd"]) nsd = PerParty(rd, sc, u["national_sd"], "boundary.uncertainty.national_sd", 0, 50, 0.0);
    if (u["regional_sd"]) sw.regional_sd = PerParty(rd, sc, u["regional_sd"], "boundary.uncertainty.regional_sd", 0, 50, 0.0);
    if (u["constituency_sd"]) {
      sw.constituency_sd = PerParty(rd, sc, u["constituency_sd"], "boundary.uncertainty.constituency_sd", 0, 50, 0.0);
    }
    // Correlation matrix over the parties with a national sd > 0.
    SquareMatrix C(P, true);
    std::vector<std::vector<bool>> given(static_cast<size_t>(P), std::vector<bool>(static_cast<size_t>(P), false));
    if (u["correlation"]) {
      const YAML::Node c = u["correlation"];
      const std::string f = "boundary.uncertainty.correlation";
      if (!c.IsMap()) rd.Fail(c, f, "expected a mapping: party -> {party: correlation}");
      rd.Unique(c, f);
      for (const auto& kv : c) {
        const int a = Party(rd, sc, kv.first, f + "." + kv.first.Scalar());
        if (!kv.second.IsMap()) rd.Fail(kv.second, f + "." + kv.first.Scalar(), "expected a mapping of party to correlation");
        for (const auto& pv : kv.second) {
          const std::string g = f + "." + kv.first.Scalar() + "." + pv.first.Scalar();
          const int bq = Party(rd, sc, pv.first, g);
          if (a == bq) rd.Fail(pv.first, g, "a party's correlation with itself is 1; list only pairs of different parties");
          const double r = rd.Number(pv.second, g, -1, 1);
          if (nsd[static_cast<size_t>(a)] == 0 || nsd[static_cast<size_t>(bq)] == 0) {
            rd.Fail(pv.first, g, "a correlation needs both parties to have a national_sd above 0");
          }
          if (given[static_cast<size_t>(a)][static_cast<size_t>(bq)] && C(a, bq) != r) {
            rd.Fail(pv.second, g, "this pair's correlation is given twice with different values");
          }
          C(a, bq) = C(bq, a) = r;
          given[static_cast<size_t>(a)][static_cast<size_t>(bq)] = given[static_cast<size_t>(bq)][static_cast<size_t>(a)] = true;
        }
      }
    }
    // Or the covariance matrix itself (points squared): turned into sds and
    // correlations, factored below like them.
    if (u["covariance"]) {
      const YAML::Node cv = u["covariance"];
      const std::string f = "boundary.uncertainty.covariance";
      if (u["national_sd"] || u["correlation"]) {
        rd.Fail(cv, f, "give either 'covariance' or 'national_sd' (with 'correlation'), not both");
      }
      if (!cv.IsMap()) rd.Fail(cv, f, "expected a mapping: party -> {party: covariance in points squared}");
      rd.Unique(cv, f);
      SquareMatrix M(P, false);
      std::vector<std::vector<bool>> set_at(static_cast<size_t>(P), std::vector<bool>(static_cast<size_t>(P), false));
      std::vector<YAML::Node> first_node(static_cast<size_t>(P));
      std::vector<bool> named(static_cast<size_t>(P), false);
      for (const auto& kv : cv) {
        const int a = Party(rd, sc, kv.first, f + "." + kv.first.Scalar());
        if (!kv.second.IsMap()) rd.Fail(kv.second, f + "." + kv.first.Scalar(), "expected a mapping of party to covariance");
        rd.Unique(kv.second, f + "." + kv.first.Scalar());
        for (const auto& pv : kv.second) {
          const std::string g = f + "." + kv.first.Scalar() + "." + pv.first.Scalar();
          const int bq = Party(rd, sc, pv.first, g);
          const double v = rd.Number(pv.second, g, a == bq ? 0 : -2500, 2500);
          if (set_at[static_cast<size_t>(a)][static_cast<size_t>(bq)] && M(a, bq) != v) {
            rd.Fail(pv.second, g, "this pair's covariance is given twice with different values");
          }
          M(a, bq) = M(bq, a) = v;
          set_at[static_cast<size_t>(a)][static_cast<size_t>(bq)] = set_at[static_cast<size_t>(bq)][static_cast<size_t>(a)] = true;
          for (const int x : {a, bq}) {
            if (named[static_cast<size_t>(x)]) continue;
            named[static_cast<size_t>(x)] = true;
            first_node[static_cast<size_t>(x)].reset(pv.first);
          }
        }
      }
      for (int p = 0; p < P; ++p) {
        if (!named[static_cast<size_t>(p)]) continue;
        if (M(p, p) <= 0) {
          rd.Fail(first_node[static_cast<size_t>(p)], f,
                  "party '" + sc.parties[static_cast<size_t>(p)] + "' needs a variance above 0 (" +
                      sc.parties[static_cast<size_t>(p)] + ": {" + sc.parties[static_cast<size_t>(p)] + ": ...})");
        }
      }
      for (int p = 0; p < P; ++p) nsd[static_cast<size_t>(p)] = M(p, p) > 0 ? std::sqrt(M(p, p)) / 100.0 : 0.0;
      for (int p = 0; p < P; ++p) {
        for (int q = 0; q < P; ++q) {
          if (p != q && M(p, p) > 0 && M(q, q) > 0) C(p, q) = M(p, q) / std::sqrt(M(p, p) * M(q, q));
        }
      }
    }
    std::vector<int> active;
    for (int p = 0; p < P; ++p) {
      if (nsd[static_cast<size_t>(p)] > 0) active.push_back(p);
    }
    if (!active.empty()) {
      const int A = static_cast<int>(active.size());
      std::vector<double> cov(static_cast<size_t>(A * A));
      for (int i = 0; i < A; ++i) {
        for (int j = 0; j < A; ++j) {
          cov[static_cast<size_t>(i * A + j)] = C(active[static_cast<size_t>(i)], active[static_cast<size_t>(j)]) *
                                                nsd[static_cast<size_t>(active[static_cast<size_t>(i)])] *
                                                nsd[static_cast<size_t>(active[static_cast<size_t>(j)])];
        }
      }
      std::vector<double> L;
      if (!CholeskyLower(cov, A, L)) {
        if (u["covariance"]) {
          rd.Fail(u["covariance"], "boundary.uncertainty.covariance", "the covariance matrix is not positive definite");
        }
        rd.Fail(u["correlation"], "boundary.uncertainty.correlation",
                "the correlations do not form a valid correlation matrix (it must be positive definite)");
      }
      for (int i = 0; i < A; ++i) {
        for (int j = 0; j <= i; ++j) {
          sw.national_cholesky[static_cast<size_t>(active[static_cast<size_t>(i)] * P + active[static_cast<size_t>(j)])] =
              L[static_cast<size_t>(i * A + j)];
        }
      }
    }
  }
  // Majority leads.
  if (b["majority_lead"]) {
    const YAML::Node ml = b["majority_lead"];
    const std::string f = "boundary.majority_lead";
    if (!ml.IsSequence()) rd.Fail(ml, f, "expected a list of [party, rival] pairs");
    for (size_t i = 0; i < ml.size(); ++i) {
      const std::string g = f + "[" + std::to_string(i) + "]";
      if (!ml[i].IsSequence() || ml[i].size() != 2) rd.Fail(ml[i], g, "expected [party, rival]");
      LeadPair lp;
      lp.party = Party(rd, sc, ml[i][0], g + "[0]");
      lp.rival = Party(rd, sc, ml[i][1], g + "[1]");
      if (lp.party == lp.rival) rd.Fail(ml[i][1], g + "[1]", "the rival must be another party");
      sc.leads.push_back(lp);
    }
  }
  ReadStands(rd, b, sc);
  if (b["changes_listed"]) sc.top_changes = static_cast<int>(rd.Integer(b["changes_listed"], "boundary.changes_listed", 0, 100000));
  // The CLP link.
  if (b["clp"]) {
    const YAML::Node c = b["clp"];
    const std::string f = "boundary.clp";
    rd.Keys(c, f, {"labour_regions", "apportion", "members"});
    ClpLink& clp = sc.clp;
    clp.enabled = true;
    clp.labour_region_of.assign(static_cast<size_t>(R), -2);
    if (!c["labour_regions"]) rd.Fail(c, f + ".labour_regions", "missing 'labour_regions': region -> Labour region (or none)");
    const YAML::Node lr = c["labour_regions"];
    if (!lr.IsMap()) rd.Fail(lr, f + ".labour_regions", "expected a mapping of region to Labour region (or none)");
    rd.Unique(lr, f + ".labour_regions");
    for (const auto& kv : lr) {
      const std::string r = rd.String(kv.first, f + ".labour_regions");
      const std::string g = f + ".labour_regions." + r;
      const int ri = IndexOfName(sc.regions, r);
      if (ri < 0) rd.Fail(kv.first, g, "unknown region '" + r + "' (the tables' regions: " + List(sc.regions) + ")");
      const std::string to = kv.second.IsNull() ? "none" : rd.String(kv.second, g);
      if (to == "none") {
        clp.labour_region_of[static_cast<size_t>(ri)] = -1;
        continue;
      }
      int li = IndexOfName(clp.labour_regions, to);
      if (li < 0) {
        li = static_cast<int>(clp.labour_regions.size());
        clp.labour_regions.push_back(to);
      }
      clp.labour_region_of[static_cast<size_t>(ri)] = li;
    }
    for (int r = 0; r < R; ++r) {
      if (clp.labour_region_of[static_cast<size_t>(r)] != -2) continue;
      rd.Fail(lr, f + ".labour_regions",
              "region '" + sc.regions[static_cast<size_t>(r)] + "' is not mapped; map it to a Labour region or to none");
    }
    if (clp.labour_regions.empty()) rd.Fail(lr, f + ".labour_regions", "no region is mapped to a Labour region");
    if (c["members"]) {
      const YAML::Node mm = c["members"];
      const std::string fm = f + ".members";
      if (!mm.IsMap()) rd.Fail(mm, fm, "expected a mapping of Labour region to members");
      rd.Unique(mm, fm);
      clp.members.assign(clp.labour_regions.size(), -1);
      for (const auto& kv : mm) {
        const std::string r = rd.String(kv.first, fm);
        const int li = IndexOfName(clp.labour_regions, r);
        if (li < 0) {
          rd.Fail(kv.first, fm + "." + r, "unknown Labour region '" + r + "' (from labour_regions: " + List(clp.labour_regions) + ")");
        }
        clp.members[static_cast<size_t>(li)] = rd.Integer(kv.second, fm + "." + r, 0, 1'000'000'000'000);
      }
      for (size_t i = 0; i < clp.members.size(); ++i) {
        if (clp.members[i] < 0) rd.Fail(mm, fm, "no members given for Labour region '" + clp.labour_regions[i] + "'");
      }
    }
    if (c["apportion"]) {
      const YAML::Node ap = c["apportion"];
      const std::string fa = f + ".apportion";
      const ApportionSpec spec = ReadApportion(rd, ap, fa, "clps", "electors");
      clp.apportion = true;
      clp.method = spec.method;
      clp.seats = spec.seats;
      clp.min_per_region = spec.min;
      clp.base_per_region = spec.base;
      clp.by = spec.by;
      // Apportion now on both sets, so a tie or an impossible minimum is reported at load.
      for (int k = 0; k < 2; ++k) {
        const ClpCounts counts = CountClps(sc, k);
        auto seats = Apportion(clp.labour_regions, clp.by == "clps" ? counts.clps : counts.electors, clp.seats, clp.method,
                               clp.min_per_region, clp.base_per_region);
        if (!seats && seats.error().field == "base" && ap["base"]) {
          rd.Fail(ap["base"], fa + ".base", std::string("on the ") + keys[k] + " boundaries: " + seats.error().message);
        }
        if (!seats) rd.Fail(ap, fa, std::string("on the ") + keys[k] + " boundaries: " + seats.error().message);
      }
    }
  }
  return sc;
}

}  // namespace

std::string ResolveBoundaryDataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* env = std::getenv("NECSIM_DATA_DIR");
  if (env != nullptr && env[0] != '\0') return env;
  return kDefaultBoundaryDataDir;
}

bool IsBoundaryScenarioText(const std::string& text) {
  try {
    const YAML::Node root = LoadYaml(text);
    return root.IsMap() && root["boundary"].IsDefined();
  } catch (const YAML::Exception&) {
    return false;
  }
}

bool IsBoundaryScenarioFile(const std::string& path) {
  auto text = ReadInputFile(path, kScenarioInput);
  return text.ok() && IsBoundaryScenarioText(*text);
}

Result<BoundaryScenario> LoadBoundaryScenarioText(const std::string& text, const std::string& source,
                                                  const std::string& data_dir, const std::vector<Override>& overrides) {
  YamlLocator loc(source);
  try {
    const YAML::Node root = LoadYaml(text);
    if (!root.IsDefined() || root.IsNull()) {
      Error e;
      e.file = source;
      e.message = "the scenario is empty";
      return e;
    }
    loc.AddFile(root, source);
    for (const auto& o : overrides) ApplyYamlOverride(root, o, loc);
    const Reader rd(loc);
    return Build(rd, root, data_dir);
  } catch (const ReadError& e) {
    return e.error;
  } catch (const YAML::Exception& ex) {
    return YamlExceptionError(source, ex);
  }
}

Result<BoundaryScenario> LoadBoundaryScenarioFile(const std::string& path, const std::string& data_dir,
                                                  const std::vector<Override>& overrides) {
  auto text = ReadScenarioFileText(path);
  if (!text) return text.error();
  return LoadBoundaryScenarioText(*text, path, data_dir, overrides);
}

}  // namespace necsim
