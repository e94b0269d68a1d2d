#include "sim/scenario_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace necsim {
namespace {

// Internal: thrown while reading, turned into an Error at the boundary.
struct ReadError {
  Error error;
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& field, const std::string& msg) const {
    Error e;
    e.file = file_;
    if (at.IsDefined() && !at.Mark().is_null()) {
      e.line = at.Mark().line + 1;
      e.column = at.Mark().column + 1;
    } else if (at.IsDefined()) {
      e.file = file_ + " (value from --set)";
    }
    e.field = field;
    e.message = msg;
    throw ReadError{e};
  }

  void Keys(const YAML::Node& map, const std::string& where, const std::set<std::string>& allowed) const {
    if (!map.IsMap()) Fail(map, where, "expected a mapping of keys to values");
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        Fail(kv.first, where.empty() ? key : where + "." + key,
             "unknown key '" + key + "' (expected one of: " + list + ")");
      }
    }
  }

  std::string String(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar()) Fail(n, field, "expected a text value");
    return n.Scalar();
  }

  double Number(const YAML::Node& n, const std::string& field, double lo, double hi) const {
    if (!n.IsScalar()) Fail(n, field, "expected a number");
    double v = 0;
    try {
      v = n.as<double>();
    } catch (const YAML::Exception&) {
      Fail(n, field, "expected a number, got '" + n.Scalar() + "'");
    }
    if (!std::isfinite(v)) Fail(n, field, "expected a finite number, got '" + n.Scalar() + "'");
    if (v < lo || v > hi) {
      std::ostringstream os;
      os << "value " << n.Scalar() << " is out of range (" << lo << " to " << hi << ")";
      Fail(n, field, os.str());
    }
    return v;
  }

  int64_t Integer(const YAML::Node& n, const std::string& field, int64_t lo, int64_t hi) const {
    if (!n.IsScalar()) Fail(n, field, "expected a whole number");
    const std::string& s = n.Scalar();
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    std::string digits;
    for (; i < s.size(); ++i) {
      if (s[i] == '_' || s[i] == ',') continue;  // 112_308 or 112,308
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) Fail(n, field, "expected a whole number, got '" + s + "'");
      digits += s[i];
    }
    if (digits.empty()) Fail(n, field, "expected a whole number, got '" + s + "'");
    if (s[0] == '-') Fail(n, field, "must not be negative, got " + s);
    if (digits.size() > 18) Fail(n, field, "value " + s + " is too large");
    const int64_t v = std::stoll(digits);
    if (v < lo || v > hi) {
      Fail(n, field, "value " + s + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")");
    }
    return v;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

int FindName(const std::vector<std::string>& names, const std::string& name) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
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
  for (const auto& item : list) {
    const auto nm = item["name"];
    if (!nm) continue;
    if (!seen.insert(nm.Scalar()).second) rd.Fail(nm, field, "name '" + nm.Scalar() + "' is used twice");
  }
}

Scenario Build(const Reader& rd, const YAML::Node& root) {
  Scenario sc;
  sc.source = rd.file();
  rd.Keys(root, "", {"name", "description", "seed", "runs", "precision", "turnout", "regions", "blocs",
                     "slates", "candidates", "rule_sets"});
  for (const char* req : {"name", "regions", "blocs", "candidates", "rule_sets"}) {
    if (!root[req]) rd.Fail(root, req, std::string("missing required key '") + req + "'");
  }
  sc.name = rd.String(root["name"], "name");
  if (sc.name.empty() || sc.name.find_first_of("/\\") != std::string::npos || sc.name == "." || sc.name == "..") {
    rd.Fail(root["name"], "name", "name must be non-empty and contain no '/' (it names the results folder)");
  }
  if (root["description"]) sc.description = rd.String(root["description"], "description");
  if (root["seed"]) sc.seed = static_cast<uint64_t>(rd.Integer(root["seed"], "seed", 0, INT64_MAX));
  if (root["runs"]) sc.runs = rd.Integer(root["runs"], "runs", 1, 1'000'000'000);
  if (root["precision"]) sc.precision = rd.Number(root["precision"], "precision", 1e-6, 0.5);
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
    rc.members = rd.Integer(r["members"], f + ".members", 0, 100'000'000);
    if (rc.members == 0) rd.Fail(r["members"], f + ".members", "region '" + rc.name + "' has zero members");
    if (r["clps"]) rc.clps = static_cast<int>(rd.Integer(r["clps"], f + ".clps", 0, 10'000));
    rc.turnout = r["turnout"] ? ReadBeta(rd, r["turnout"], f + ".turnout") : default_turnout;
    region_names.push_back(rc.name);
    sc.regions.push_back(rc);
  }

  // Slates.
  std::vector<std::string> slate_names;
  if (root["slates"]) {
    const YAML::Node slates = root["slates"];
    if (!slates.IsSequence()) rd.Fail(slates, "slates", "expected a list of slates");
    for (size_t i = 0; i < slates.size(); ++i) {
      const YAML::Node s = slates[i];
      const std::string f = "slates[" + std::to_string(i) + "]";
      SlateConfig sl;
      if (s.IsScalar()) {
        sl.name = s.Scalar();
      } else {
        rd.Keys(s, f, {"name", "description"});
        if (!s["name"]) rd.Fail(s, f + ".name", "missing 'name'");
        sl.name = rd.String(s["name"], f + ".name");
      }
      if (sl.name == "independent") rd.Fail(s, f, "'independent' is reserved for candidates without a slate");
      if (FindName(slate_names, sl.name) >= 0) rd.Fail(s, f, "slate '" + sl.name + "' is listed twice");
      slate_names.push_back(sl.name);
      sc.slates.push_back(sl);
    }
  }

  // Candidates.
  const YAML::Node cands = root["candidates"];
  if (!cands.IsSequence() || cands.size() == 0) rd.Fail(cands, "candidates", "expected a non-empty list of candidates");
  RequireUnique(rd, cands, "candidates");
  std::vector<std::string> cand_names;
  for (size_t i = 0; i < cands.size(); ++i) {
    const YAML::Node c = cands[i];
    const std::string f = "candidates[" + std::to_string(i) + "]";
    rd.Keys(c, f, {"name", "gender", "region", "slate", "profile"});
    if (!c["name"]) rd.Fail(c, f + ".name", "missing 'name'");
    CandidateConfig cc;
    cc.name = rd.String(c["name"], f + ".name");
    if (c["gender"]) {
      const std::string g = rd.String(c["gender"], f + ".gender");
      if (g == "f" || g == "woman" || g == "female") cc.gender = Gender::kWoman;
      else if (g == "m" || g == "man" || g == "male") cc.gender = Gender::kMan;
      else rd.Fail(c["gender"], f + ".gender", "gender must be f or m, got '" + g + "'");
    }
    if (c["region"]) {
      const std::string r = rd.String(c["region"], f + ".region");
      cc.region = FindName(region_names, r);
      if (cc.region < 0) rd.Fail(c["region"], f + ".region", "unknown region '" + r + "'");
    }
    if (c["slate"]) {
      const std::string s = rd.String(c["slate"], f + ".slate");
      if (s != "independent") {
        cc.slate = FindName(slate_names, s);
        if (cc.slate < 0) rd.Fail(c["slate"], f + ".slate", "unknown slate '" + s + "' (not in slates:)");
      }
    }
    if (c["profile"]) cc.profile = rd.Number(c["profile"], f + ".profile", -20, 20);
    cand_names.push_back(cc.name);
    sc.candidates.push_back(cc);
  }

  // Blocs.
  const YAML::Node blocs = root["blocs"];
  if (!blocs.IsSequence() || blocs.size() == 0) rd.Fail(blocs, "blocs", "expected a non-empty list of blocs");
  RequireUnique(rd, blocs, "blocs");
  for (size_t i = 0; i < blocs.size(); ++i) {
    const YAML::Node b = blocs[i];
    const std::string f = "blocs[" + std::to_string(i) + "]";
    rd.Keys(b, f, {"name", "share", "concentration", "turnout_factor", "behaviour"});
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
        const std::string key = kv.first.Scalar();
        const double v = rd.Number(kv.second, f + ".share." + key, 0, 1);
        if (key == "default") {
          fallback = v;
          continue;
        }
        const int r = FindName(region_names, key);
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
    bc.affinity.assign(sc.slates.size() + 1, 0.0);
    if (b["behaviour"]) {
      const YAML::Node be = b["behaviour"];
      const std::string fb = f + ".behaviour";
      rd.Keys(be, fb, {"affinity", "home_region", "women", "profile_weight", "campaign_noise", "stop",
                       "mean_preferences"});
      if (be["affinity"]) {
        const YAML::Node aff = be["affinity"];
        if (!aff.IsMap()) rd.Fail(aff, fb + ".affinity", "expected a mapping slate: utility");
        for (const auto& kv : aff) {
          const std::string key = kv.first.Scalar();
          const double v = rd.Number(kv.second, fb + ".affinity." + key, -50, 50);
          if (key == "independent") {
            bc.affinity.back() = v;
            continue;
          }
          const int s = FindName(slate_names, key);
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
    }
    sc.blocs.push_back(bc);
  }
  for (size_t r = 0; r < sc.regions.size(); ++r) {
    double sum = 0;
    for (const auto& bc : sc.blocs) sum += bc.share[r];
    if (std::fabs(sum - 1.0) > 1e-6) {
      std::ostringstream os;
      os << "bloc shares in region '" << region_names[r] << "' sum to " << sum << ", not 1";
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
    rd.Keys(rs, f, {"name", "rule", "seats", "women_min", "max_per_region", "groups"});
    for (const char* req : {"name", "rule", "seats"}) {
      if (!rs[req]) rd.Fail(rs, f + "." + req, std::string("missing '") + req + "'");
    }
    RuleSetConfig rc;
    rc.name = rd.String(rs["name"], f + ".name");
    const std::string rule = rd.String(rs["rule"], f + ".rule");
    const auto parsed = ParseRule(rule);
    if (!parsed) {
      rd.Fail(rs["rule"], f + ".rule",
              "unknown rule '" + rule + "' (scottish, ers97, meek, warren, wigm, block, fptp, irv)");
    }
    rc.rule = *parsed;
    rc.seats = static_cast<int>(rd.Integer(rs["seats"], f + ".seats", 1, 1000));
    if (rc.seats > static_cast<int>(sc.candidates.size())) {
      rd.Fail(rs["seats"], f + ".seats",
              std::to_string(rc.seats) + " seats but only " + std::to_string(sc.candidates.size()) + " candidates");
    }
    if (rc.rule == Rule::kIrv && rc.seats != 1) rd.Fail(rs["seats"], f + ".seats", "irv elects exactly one candidate");
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
        int selectors = 0;
        for (size_t c = 0; c < sc.candidates.size(); ++c) {
          const auto& cc = sc.candidates[c];
          bool in = false;
          if (g["region"]) in = cc.region >= 0 && sc.regions[cc.region].name == g["region"].Scalar();
          if (g["slate"]) in = (cc.slate >= 0 ? sc.slates[cc.slate].name : "independent") == g["slate"].Scalar();
          if (g["gender"]) in = (g["gender"].Scalar() == "f") == (cc.gender == Gender::kWoman);
          if (in) gc.members.push_back(static_cast<CandidateId>(c));
        }
        selectors += g["region"] ? 1 : 0;
        selectors += g["slate"] ? 1 : 0;
        selectors += g["gender"] ? 1 : 0;
        selectors += g["candidates"] ? 1 : 0;
        if (selectors != 1) rd.Fail(g, fg, "give exactly one of region, slate, gender or candidates");
        if (g["region"] && FindName(region_names, g["region"].Scalar()) < 0) {
          rd.Fail(g["region"], fg + ".region", "unknown region '" + g["region"].Scalar() + "'");
        }
        if (g["slate"] && g["slate"].Scalar() != "independent" && FindName(slate_names, g["slate"].Scalar()) < 0) {
          rd.Fail(g["slate"], fg + ".slate", "unknown slate '" + g["slate"].Scalar() + "'");
        }
        if (g["candidates"]) {
          if (!g["candidates"].IsSequence()) rd.Fail(g["candidates"], fg + ".candidates", "expected a list of names");
          for (const auto& nm : g["candidates"]) {
            const int c = FindName(cand_names, nm.Scalar());
            if (c < 0) rd.Fail(nm, fg + ".candidates", "unknown candidate '" + nm.Scalar() + "'");
            gc.members.push_back(c);
          }
        }
        rc.groups.push_back(gc);
      }
    }
    if (Status s = CheckFeasible(rc.MakeConstraints(count_cands), count_cands, rc.seats); !s) {
      rd.Fail(rs, f, "constraints cannot be met: " + s.error().message);
    }
    sc.rule_sets.push_back(rc);
  }
  return sc;
}

// Deep merge: maps merge key by key, anything else is replaced.
YAML::Node Merge(const YAML::Node& base, const YAML::Node& over) {
  if (!base.IsMap() || !over.IsMap()) return over;
  YAML::Node out = YAML::Clone(base);
  for (const auto& kv : over) {
    const std::string key = kv.first.Scalar();
    out[key] = out[key] ? Merge(out[key], kv.second) : kv.second;
  }
  return out;
}

YAML::Node ParseYaml(const std::string& text, const std::string& source) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& ex) {
    Error e;
    e.file = source;
    e.line = ex.mark.line + 1;
    e.column = ex.mark.column + 1;
    e.message = "not valid YAML: " + ex.msg;
    throw ReadError{e};
  }
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e;
    e.file = path;
    e.message = "cannot open the scenario file";
    return e;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

YAML::Node Resolve(const std::string& text, const std::string& source, const std::string& base_dir, int depth) {
  YAML::Node root = ParseYaml(text, source);
  if (!root.IsMap()) {
    Error e;
    e.file = source;
    e.line = 1;
    e.message = "a scenario must be a mapping of keys to values";
    throw ReadError{e};
  }
  if (!root["extends"]) return root;
  Reader rd(source);
  if (depth > 8) rd.Fail(root["extends"], "extends", "too many levels of 'extends' (a cycle?)");
  const std::string rel = rd.String(root["extends"], "extends");
  const std::filesystem::path base_path = std::filesystem::path(base_dir) / rel;
  auto base_text = ReadFile(base_path.string());
  if (!base_text) rd.Fail(root["extends"], "extends", "cannot open the base scenario '" + base_path.string() + "'");
  YAML::Node base = Resolve(*base_text, base_path.string(), base_path.parent_path().string(), depth + 1);
  root.remove("extends");
  return Merge(base, root);
}

void ApplyOverride(YAML::Node root, const Override& o) {
  Error err;
  err.field = "--set " + o.path;
  std::vector<std::string> parts;
  std::string cur;
  std::istringstream in(o.path);
  while (std::getline(in, cur, '.')) parts.push_back(cur);
  if (parts.empty() || o.path.empty()) {
    err.message = "expected PATH=VALUE";
    throw ReadError{err};
  }
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception&) {
    value = YAML::Node(o.value);
  }
  std::vector<YAML::Node> chain{root};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node node = chain.back();
    const std::string& p = parts[i];
    YAML::Node next;
    if (node.IsSequence()) {
      bool found = false;
      if (!p.empty() && p.find_first_not_of("0123456789") == std::string::npos) {
        const size_t k = std::stoul(p);
        if (k < node.size()) {
          next = node[k];
          found = true;
        }
      } else {
        for (size_t k = 0; k < node.size(); ++k) {
          if (node[k].IsMap() && node[k]["name"] && node[k]["name"].Scalar() == p) {
            next = node[k];
            found = true;
            break;
          }
        }
      }
      if (!found) {
        err.message = "no list element '" + p + "' (give an index or a name)";
        throw ReadError{err};
      }
    } else if (node.IsMap() && node[p]) {
      next = node[p];
    } else {
      err.message = "no field '" + p + "' in the scenario";
      throw ReadError{err};
    }
    chain.push_back(next);
  }
  YAML::Node parent = chain.back();
  const std::string& last = parts.back();
  if (parent.IsSequence() && last.find_first_not_of("0123456789") == std::string::npos && !last.empty()) {
    const size_t k = std::stoul(last);
    if (k >= parent.size()) {
      err.message = "list index " + last + " out of range";
      throw ReadError{err};
    }
    parent[k] = value;
  } else if (parent.IsMap()) {
    parent[last] = value;  // an unknown key is caught by validation
  } else {
    err.message = "cannot set '" + last + "' here";
    throw ReadError{err};
  }
}

}  // namespace

Constraints RuleSetConfig::MakeConstraints(const std::vector<Candidate>& candidates) const {
  Constraints k;
  if (women_min >= 0) k.groups.push_back(WomenGroup(candidates, women_min));
  for (const auto& g : groups) k.groups.push_back({g.name, g.members, g.min, g.max});
  return k;
}

std::vector<Candidate> Scenario::CountCandidates() const {
  std::vector<Candidate> out;
  for (const auto& c : candidates) {
    Candidate k;
    k.name = c.name;
    k.gender = c.gender;
    if (c.region >= 0) k.region = regions[c.region].name;
    k.slate = c.slate >= 0 ? slates[c.slate].name : "independent";
    out.push_back(k);
  }
  return out;
}

Result<Scenario> LoadScenarioText(const std::string& text, const std::string& source,
                                  const std::vector<Override>& overrides, const std::string& base_dir) {
  try {
    YAML::Node root = Resolve(text, source, base_dir, 0);
    for (const auto& o : overrides) ApplyOverride(root, o);
    Reader rd(source);
    return Build(rd, root);
  } catch (const ReadError& e) {
    return e.error;
  } catch (const YAML::Exception& ex) {
    Error e;
    e.file = source;
    e.line = ex.mark.is_null() ? 0 : ex.mark.line + 1;
    e.column = ex.mark.is_null() ? 0 : ex.mark.column + 1;
    e.message = std::string("could not read the scenario: ") + ex.what();
    return e;
  }
}

Result<Scenario> LoadScenarioFile(const std::string& path, const std::vector<Override>& overrides) {
  auto text = ReadFile(path);
  if (!text) return text.error();
  return LoadScenarioText(*text, path, overrides, std::filesystem::path(path).parent_path().string());
}

}  // namespace necsim
