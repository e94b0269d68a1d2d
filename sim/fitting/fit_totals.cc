#include "fitting/fit_totals.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/engine.h"
#include "fitting/fit_format.h"
#include "io/csv.h"
#include "io/text.h"
#include "report/report.h"
#include "report/report_page.h"
#include "report/report_svg.h"
#include "scenario/scenario_yaml.h"

namespace necsim {

namespace {

using fitformat::Num;
using fitformat::Quoted;
using fitformat::SeText;
using OJ = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Error At(const std::string& file, int line, std::string field, std::string message) {
  Error e = MakeError(std::move(message), std::move(field));
  e.file = file;
  e.line = line;
  return e;
}

// A whole, non-negative number of votes (commas as thousands separators
// allowed); false for anything else.
bool ParseCount(const std::string& s, double& out) {
  std::string t;
  for (char c : s) {
    if (c != ',' && c != '_') t += c;
  }
  if (t.empty() || t.size() > 15) return false;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
  }
  out = std::strtod(t.c_str(), nullptr);
  return true;
}

bool ParseSigned(const std::string& s, double& out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return errno == 0 && end == s.c_str() + s.size() && std::isfinite(out);
}

struct CsvTable {
  std::string path;
  std::vector<std::string> head;
  std::vector<CsvRecord> rows;
  int Col(const std::string& name) const {
    for (size_t k = 0; k < head.size(); ++k) {
      if (head[k] == name) return static_cast<int>(k);
    }
    return -1;
  }
  std::string Get(const CsvRecord& r, int col) const {
    return col >= 0 && static_cast<size_t>(col) < r.fields.size() ? r.fields[static_cast<size_t>(col)] : std::string();
  }
};

Result<CsvTable> ReadTable(const std::string& path, const std::vector<std::string>& required, const std::string& what) {
  auto text = ReadTextFile(path, kTableInput);
  if (!text) return text.error();
  auto rows = ParseCsv(*text, path);
  if (!rows) return rows.error();
  if (rows->empty()) return At(path, 0, "header", "the " + what + " is empty");
  CsvTable t;
  t.path = path;
  t.head = (*rows)[0].fields;
  for (const std::string& c : required) {
    if (t.Col(c) < 0) return At(path, (*rows)[0].line, "header", "the " + what + " has no column '" + c + "'");
  }
  for (size_t r = 1; r < rows->size(); ++r) {
    if ((*rows)[r].fields.size() != t.head.size()) {
      return At(path, (*rows)[r].line, "row",
                "expected " + std::to_string(t.head.size()) + " fields, found " + std::to_string((*rows)[r].fields.size()));
    }
    t.rows.push_back((*rows)[r]);
  }
  return t;
}

std::string TwoDigits(const std::string& month) {
  if (month.size() == 1) return "0" + month;
  return month;
}

struct ElectionKey {
  std::string year, month, contest;
  std::string Label() const { return year + (month.empty() ? "" : "-" + month) + " " + contest; }
};

// The scenario's name for a slate label: the label itself, or "independent".
std::string SlateOf(const std::string& label) { return label.empty() ? std::string("independent") : label; }

}  // namespace

Result<TotalsFit> FitTotalsElection(const TotalsRequest& req) {
  TotalsFit out;
  // The election asked for.
  std::string want_year = req.election, want_month;
  if (auto dash = req.election.find('-'); dash != std::string::npos) {
    want_year = req.election.substr(0, dash);
    want_month = TwoDigits(req.election.substr(dash + 1));
  }
  {
    double y = 0;
    if (!ParseCount(want_year, y) || want_year.size() != 4 || (!want_month.empty() && want_month.size() != 2)) {
      return MakeError("'" + req.election + "' is not YEAR or YEAR-MM (e.g. 2016, 2018-09)", "--election");
    }
  }
  if (!req.contest.empty() && req.contest != "full" && req.contest != "by-election") {
    return MakeError("'" + req.contest + "': expected full or by-election", "--contest");
  }
  auto table = ReadTable(req.results, {"year", "candidate", "votes", "elected"}, "results table");
  if (!table) return table.error();
  const CsvTable& T = *table;
  const int c_year = T.Col("year"), c_month = T.Col("month"), c_contest = T.Col("contest"), c_seats = T.Col("seats"),
            c_system = T.Col("system"), c_cand = T.Col("candidate"), c_votes = T.Col("votes"),
            c_elected = T.Col("elected"), c_slate = T.Col("slate"), c_gender = T.Col("gender");
  // Which contests match.
  std::vector<ElectionKey> all, matching;
  std::set<std::string> seen_keys;
  for (const CsvRecord& r : T.rows) {
    ElectionKey k{T.Get(r, c_year), TwoDigits(T.Get(r, c_month)), T.Get(r, c_contest)};
    if (k.contest.empty()) k.contest = "full";
    if (!seen_keys.insert(k.Label()).second) continue;
    all.push_back(k);
    if (k.year != want_year) continue;
    if (!want_month.empty() && k.month != want_month) continue;
    if (!req.contest.empty() && k.contest != req.contest) continue;
    matching.push_back(k);
  }
  if (matching.empty()) {
    std::string list;
    for (const ElectionKey& k : all) list += (list.empty() ? "" : ", ") + k.Label();
    return MakeError("no contest " + req.election + (req.contest.empty() ? "" : " " + req.contest) + " in " + req.results +
                         " (it has: " + list + ")",
                     "--election");
  }
  if (matching.size() > 1) {
    std::string list;
    for (const ElectionKey& k : matching) list += (list.empty() ? "" : ", ") + k.Label();
    return MakeError(req.election + " names more than one contest in " + req.results + " (" + list +
                         "): give YEAR-MM or --contest",
                     "--election");
  }
  const ElectionKey key = matching[0];
  out.year = key.year;
  out.month = key.month;
  out.contest = key.contest;
  out.label = key.Label();

  // Its rows.
  fit::TotalsData& d = out.data;
  std::map<std::string, int> row_of;
  std::map<std::string, int> slate_index;
  std::vector<std::string> raw_gender;
  int seats = 0;
  for (const CsvRecord& r : T.rows) {
    ElectionKey k{T.Get(r, c_year), TwoDigits(T.Get(r, c_month)), T.Get(r, c_contest)};
    if (k.contest.empty()) k.contest = "full";
    if (k.Label() != key.Label()) continue;
    auto fail = [&](const std::string& field, const std::string& msg) { return At(T.path, r.line, field, msg); };
    const std::string name = T.Get(r, c_cand);
    if (name.empty()) return fail("candidate", "empty candidate name");
    if (auto it = row_of.find(name); it != row_of.end()) {
      return fail("candidate", "'" + name + "' has two rows in " + out.label + " (the other on line " +
                                   std::to_string(it->second) + ")");
    }
    row_of[name] = r.line;
    if (c_system >= 0) {
      const std::string sys = T.Get(r, c_system);
      if (!sys.empty() && sys != "block") {
        return fail("system", "'" + sys + "': the totals fit is for block-vote contests (each candidate's marks); "
                              "an STV contest's first preferences and transfers are another model");
      }
    }
    if (c_seats >= 0) {
      double s = 0;
      if (!ParseCount(T.Get(r, c_seats), s) || s < 1 || s > 1000) {
        return fail("seats", "expected a whole number of seats from 1 to 1000, got '" + T.Get(r, c_seats) + "'");
      }
      if (seats != 0 && static_cast<int>(s) != seats) {
        return fail("seats", "seats " + T.Get(r, c_seats) + " differs from the contest's earlier rows (" + std::to_string(seats) + ")");
      }
      seats = static_cast<int>(s);
    }
    const std::string votes = T.Get(r, c_votes);
    double v = kNaN;
    if (!votes.empty()) {
      double signed_v = 0;
      if (ParseSigned(votes, signed_v) && signed_v < 0) return fail("votes", "a negative total: '" + votes + "'");
      if (!ParseCount(votes, v)) return fail("votes", "expected a whole number of votes or nothing, got '" + votes + "'");
    }
    const std::string el = T.Get(r, c_elected);
    if (el != "yes" && el != "no") return fail("elected", "expected yes or no, got '" + el + "'");
    const std::string slate = SlateOf(T.Get(r, c_slate));
    if (!slate_index.count(slate)) {
      slate_index[slate] = static_cast<int>(d.slates.size());
      d.slates.push_back(slate);
    }
    d.names.push_back(name);
    d.group.push_back(slate_index[slate]);
    d.votes.push_back(v);
    d.elected.push_back(el == "yes" ? 1 : 0);
    raw_gender.push_back(T.Get(r, c_gender));
  }
  if (seats == 0) {
    int e = 0;
    for (char x : d.elected) e += x;
    seats = e;
  }
  d.seats = seats;
  {
    int e = 0;
    for (char x : d.elected) e += x;
    if (e != seats) {
      return At(T.path, row_of.begin()->second, "elected",
                out.label + " marks " + std::to_string(e) + " candidates elected for " + std::to_string(seats) + " seats");
    }
  }
  for (int u = 0; u < req.unlisted; ++u) {
    const std::string slate = "independent";
    if (!slate_index.count(slate)) {
      slate_index[slate] = static_cast<int>(d.slates.size());
      d.slates.push_back(slate);
    }
    d.names.push_back("Unlisted candidate " + std::to_string(u + 1));
    d.group.push_back(slate_index[slate]);
    d.votes.push_back(kNaN);
    d.elected.push_back(0);
    raw_gender.push_back("");
  }
  if (req.unlisted > 0) {
    out.notes.push_back(std::to_string(req.unlisted) +
                        " unlisted candidates (--unlisted) stood and lost, totals not reported: each below the last winner");
  }
  const int n = d.num_candidates();
  out.gender.assign(static_cast<size_t>(n), Gender::kUnknown);
  out.region.assign(static_cast<size_t>(n), "");
  for (int j = 0; j < n; ++j) {
    const std::string& g = raw_gender[static_cast<size_t>(j)];
    if (g == "f" || g == "F") out.gender[static_cast<size_t>(j)] = Gender::kWoman;
    else if (g == "m" || g == "M") out.gender[static_cast<size_t>(j)] = Gender::kMan;
    else if (!g.empty()) return At(T.path, row_of[d.names[static_cast<size_t>(j)]], "gender", "expected f, m or nothing, got '" + g + "'");
  }

  // Ballots cast.
  std::string elections = req.elections;
  if (elections.empty()) {
    const auto beside = std::filesystem::path(req.results).parent_path() / "clp_elections.csv";
    if (std::filesystem::exists(beside)) elections = beside.string();
  }
  if (req.ballots > 0) {
    d.ballots = req.ballots;
    out.ballots_reported = true;
    out.ballots_source = "--ballots";
  } else if (!elections.empty()) {
    auto et = ReadTable(elections, {"year"}, "contests table");
    if (!et) return et.error();
    const CsvTable& E = *et;
    const int e_year = E.Col("year"), e_month = E.Col("month"), e_contest = E.Col("contest"), e_cast = E.Col("ballots_cast"),
              e_invalid = E.Col("invalid"), e_valid = E.Col("valid"), e_eligible = E.Col("eligible");
    for (const CsvRecord& r : E.rows) {
      std::string c = E.Get(r, e_contest);
      if (c.empty()) c = "full";
      if (E.Get(r, e_year) != key.year || c != key.contest) continue;
      const std::string mo = TwoDigits(E.Get(r, e_month));
      if (!mo.empty() && !key.month.empty() && mo != key.month) continue;
      auto num = [&](int col, const char* field, double& v) -> Status {
        v = 0;
        const std::string s = E.Get(r, col);
        if (s.empty()) return {};
        if (!ParseCount(s, v)) return At(E.path, r.line, field, "expected a whole number or nothing, got '" + s + "'");
        return {};
      };
      double cast = 0, invalid = 0, valid = 0, eligible = 0;
      if (Status st = num(e_cast, "ballots_cast", cast); !st) return st.error();
      if (Status st = num(e_invalid, "invalid", invalid); !st) return st.error();
      if (Status st = num(e_valid, "valid", valid); !st) return st.error();
      if (Status st = num(e_eligible, "eligible", eligible); !st) return st.error();
      out.eligible = eligible;
      if (valid > 0) {
        d.ballots = valid;
        out.ballots_source = elections + " line " + std::to_string(r.line) + " (valid)";
      } else if (cast > 0) {
        d.ballots = cast - invalid;
        out.ballots_source = elections + " line " + std::to_string(r.line) + (invalid > 0 ? " (cast less invalid)" : " (cast)");
      }
      out.ballots_reported = d.ballots > 0;
      break;
    }
  }
  for (int j = 0; j < n; ++j) {
    const double v = d.votes[static_cast<size_t>(j)];
    if (d.ballots > 0 && !std::isnan(v) && v > d.ballots) {
      return At(T.path, row_of[d.names[static_cast<size_t>(j)]], "votes",
                "the total " + Num(v, 10) + " exceeds the " + Num(d.ballots, 10) + " valid ballots (" + out.ballots_source + ")");
    }
  }

  // The base scenario: slates, candidates' genders and regions.
  if (!req.base.empty()) {
    auto base = LoadScenarioFile(req.base);
    if (!base) return base.error();
    std::set<std::string> base_slates = {"independent"};
    for (const SlateConfig& s : base->slates) base_slates.insert(s.name);
    for (int j = 0; j < n; ++j) {
      const std::string& sl = d.slates[static_cast<size_t>(d.group[static_cast<size_t>(j)])];
      if (!base_slates.count(sl)) {
        const auto it = row_of.find(d.names[static_cast<size_t>(j)]);
        return At(T.path, it == row_of.end() ? 0 : it->second, "slate",
                  "slate '" + sl + "' is not a slate of the base scenario " + req.base);
      }
    }
    std::map<std::string, const CandidateConfig*> by_name;
    for (const CandidateConfig& c : base->candidates) by_name[c.name] = &c;
    for (int j = 0; j < n; ++j) {
      auto it = by_name.find(d.names[static_cast<size_t>(j)]);
      if (it == by_name.end()) continue;
      if (out.gender[static_cast<size_t>(j)] == Gender::kUnknown) out.gender[static_cast<size_t>(j)] = it->second->gender;
      if (it->second->region >= 0) out.region[static_cast<size_t>(j)] = base->regions[static_cast<size_t>(it->second->region)].name;
    }
    if (req.blocs.empty()) {
      for (const BlocConfig& b : base->blocs) out.prior.bloc_names.push_back(b.name);
    }
  }
  // Blocs: named, else one per slate with candidates (not the independents).
  if (!req.blocs.empty()) out.prior.bloc_names = req.blocs;
  if (out.prior.bloc_names.empty()) {
    for (const std::string& s : d.slates) {
      if (s != "independent") out.prior.bloc_names.push_back(s);
    }
    if (out.prior.bloc_names.empty()) out.prior.bloc_names.push_back("members");
  }
  {
    std::set<std::string> names;
    for (const std::string& b : out.prior.bloc_names) {
      if (b.empty()) return MakeError("an empty bloc name", "--blocs");
      if (!names.insert(b).second) return MakeError("bloc '" + b + "' is named twice", "--blocs");
    }
    if (out.prior.bloc_names.size() > 12) return MakeError("at most 12 blocs", "--blocs");
  }
  for (const std::string& b : out.prior.bloc_names) {
    int own = -1;
    for (size_t s = 0; s < d.slates.size(); ++s) {
      if (d.slates[s] == b) own = static_cast<int>(s);
    }
    out.prior.own_slate.push_back(own);
  }
  if (!out.ballots_reported) {
    out.notes.push_back("no ballots cast reported for " + out.label + ": the number of ballots is fitted, with the stated prior on marks per ballot");
  }
  d.DeriveBounds();
  if (Status st = fit::CheckTotals(d, out.prior); !st) {
    Error e = st.error();
    e.file = T.path;
    return e;
  }

  // The fit, its starts on the executor.
  fit::TotalsFitOptions opt;
  opt.starts = req.starts;
  opt.seed = req.seed;
  opt.max_evaluations = req.max_evaluations;
  opt.draws = req.draws;
  const int workers = WorkerThreads(req.backend, req.threads);
  opt.for_each = [&](int k, const std::function<void(int)>& task) {
    ParallelFor(req.backend, workers, k, 1, [&](int64_t b, int64_t e, int) {
      for (int64_t i = b; i < e; ++i) task(static_cast<int>(i));
    });
  };
  auto res = fit::FitTotals(d, out.prior, opt);
  if (!res) return res.error();
  out.result = std::move(*res);

  // The scenario.
  const fit::TotalsParams& p = out.result.estimate;
  const fit::TotalsParams& se = out.result.se;
  const int S = static_cast<int>(d.slates.size());
  bool all_genders = true;
  for (Gender g : out.gender) all_genders = all_genders && g != Gender::kUnknown;
  std::ostringstream y;
  y << "# Fitted by necsim fit --totals from " << req.results << ", " << out.label << ":\n# "
    << d.num_reported() << " reported totals of " << n << " candidates, " << seats << " seats (block vote), "
    << (out.ballots_reported ? Num(d.ballots, 10) + " valid ballots" : std::string("ballots not reported (fitted: ") + Num(p.ballots, 6) + ")")
    << ".\n# Each fitted value is followed by its posterior SD (Laplace approximation, stated priors: docs/fit.md).\n"
    << "# Affinities and the stop weight are fixed at the mode; the uncertainty carried\n"
    << "# into runs is the rest's given them: bloc shares by the Dirichlet concentration\n"
    << "# matching the shares' SDs given the behaviour, candidate effects by campaign_noise,\n"
    << "# the root mean square of the effects' SDs given the behaviour.\n";
  for (const std::string& note : out.result.notes) y << "# Note: " << note << "\n";
  for (const std::string& note : out.notes) y << "# Note: " << note << "\n";
  if (!all_genders) y << "# Note: not every candidate's gender is known: the women's rule is not applied (not evaluable).\n";
  y << "name: " << Quoted("nec-" + out.year + (out.month.empty() ? "" : "-" + out.month) + (out.contest == "full" ? "" : "-" + out.contest)) << "\n";
  y << "description: " << Quoted("The voter model fitted to the reported totals of the CLP-section " + out.label + " (" + req.results + ")") << "\n";
  y << "seed: " << req.seed << "\nruns: 2000\n";
  const double N = p.ballots;
  std::vector<std::pair<std::string, int64_t>> regions;
  std::string base_keys;
  if (!req.base.empty()) {
    auto base = LoadScenarioFile(req.base);
    if (!base) return base.error();
    for (const RegionConfig& r : base->regions) regions.emplace_back(r.name, r.members);
    auto keys = ScenarioKeysYaml(req.base, {"rule_sets", "nec"});
    if (!keys) return keys.error();
    base_keys = *keys;
  }
  if (regions.empty()) {
    const int64_t members = out.eligible > N ? static_cast<int64_t>(out.eligible) : std::llround(N / 0.999) + 1;
    regions.emplace_back("members", members);
  }
  int64_t total_members = 0;
  for (const auto& r : regions) total_members += r.second;
  const double turnout = std::min(0.999, N / static_cast<double>(total_members));
  y << "# Turnout: the " << Num(N, 10) << " ballots over the " << total_members << " members (the same in every region).\n";
  y << "turnout: {mean: " << Num(turnout, 10) << ", sd: 0}\n";
  y << "regions:\n";
  for (const auto& r : regions) y << "  - {name: " << Quoted(r.first) << ", members: " << r.second << "}\n";
  std::vector<std::string> slate_names;
  for (const std::string& sl : d.slates) {
    if (sl != "independent") slate_names.push_back(sl);
  }
  if (!slate_names.empty()) {
    y << "slates:\n";
    for (const std::string& sl : slate_names) y << "  - name: " << Quoted(sl) << "\n";
  }
  const fit::TotalsParams& given = out.result.se_given;
  const double conc = fitformat::Concentration(p.share, given.share);
  const double noise = fitformat::EffectNoise(given.effect);
  const std::vector<std::string> shares = fitformat::PrintedShares(p.share);
  y << "blocs:\n";
  for (int b = 0; b < p.K; ++b) {
    y << "  - name: " << Quoted(out.prior.bloc_names[static_cast<size_t>(b)]) << "\n";
    y << "    share: " << shares[static_cast<size_t>(b)] << "  # sd " << SeText(se.share[static_cast<size_t>(b)]) << "; given the behaviour "
      << SeText(given.share[static_cast<size_t>(b)]) << "\n";
    if (conc > 0) y << "    concentration: " << Num(conc) << "\n";
    y << "    behaviour:\n      affinity:\n";
    bool has_independent = false;
    for (int s = 0; s < S; ++s) {
      has_independent = has_independent || d.slates[static_cast<size_t>(s)] == "independent";
      y << "        " << Quoted(d.slates[static_cast<size_t>(s)]) << ": " << Num(p.affinity[static_cast<size_t>(b * S + s)])
        << "  # sd " << SeText(se.affinity[static_cast<size_t>(b * S + s)]) << "\n";
    }
    if (!has_independent) y << "        \"independent\": 0  # no independent stood\n";
    y << "      profile_weight: 1\n";
    if (noise > 0) y << "      campaign_noise: " << Num(noise) << "\n";
    const double stop = std::exp(p.log_stop);
    y << "      stop: " << Num(stop) << "  # sd " << SeText(stop * se.log_stop) << "\n";
  }
  y << "candidates:\n";
  for (int j = 0; j < n; ++j) {
    y << "  - {name: " << Quoted(d.names[static_cast<size_t>(j)]);
    if (out.gender[static_cast<size_t>(j)] == Gender::kWoman) y << ", gender: f";
    else if (out.gender[static_cast<size_t>(j)] == Gender::kMan) y << ", gender: m";
    if (!out.region[static_cast<size_t>(j)].empty()) y << ", region: " << Quoted(out.region[static_cast<size_t>(j)]);
    else if (regions.size() == 1) y << ", region: " << Quoted(regions[0].first);
    y << ", slate: " << Quoted(d.slates[static_cast<size_t>(d.group[static_cast<size_t>(j)])]);
    y << ", profile: " << Num(p.effect[static_cast<size_t>(j)]) << "}  # sd " << SeText(se.effect[static_cast<size_t>(j)]) << "; given the behaviour "
      << SeText(given.effect[static_cast<size_t>(j)]) << "\n";
  }
  if (!base_keys.empty() && base_keys.find("rule_sets") != std::string::npos) {
    y << "# The rule sets (and NEC) of the base scenario " << req.base << "; the first is the rule actually used.\n";
    y << base_keys;
  } else {
    const std::string women = all_genders ? ", women_min: half" : "";
    y << "rule_sets:\n";
    y << "  - {name: " << Quoted("block_" + std::to_string(seats)) << ", rule: block, seats: " << seats << women
      << "}  # the rule actually used\n";
    y << "  - {name: " << Quoted("stv_ers97_" + std::to_string(seats)) << ", rule: ers97, seats: " << seats << women << "}\n";
  }
  out.scenario_yaml = y.str();
  const std::string dir = req.base.empty() ? std::string(".") : std::filesystem::path(req.base).parent_path().string();
  auto sc = LoadScenarioText(out.scenario_yaml, "<fitted scenario>", {}, dir.empty() ? "." : dir);
  if (!sc) {
    if (!req.base.empty()) return At(req.base, 0, "rule_sets", "the fitted scenario with the base's rule sets does not load: " + sc.error().ToString());
    return MakeError("the fitted scenario does not load (a bug): " + sc.error().ToString(), "--out");
  }
  if (sc->rule_sets.empty() || sc->rule_sets[0].is_regional()) {
    return At(req.base, 0, "rule_sets", "the base scenario's first rule set must be the rule actually used (a national block vote)");
  }
  out.real_rule = sc->rule_sets[0].name;
  out.women_rule = all_genders && sc->rule_sets[0].women_min > 0;

  // The fitted scenario under the real rule: P(each winner), P(the result).
  Scenario one = *sc;
  one.rule_sets.resize(1);
  one.nec.enabled = false;
  const VoterModel model = VoterModel::Build(one);
  out.runs = req.runs;
  std::vector<RunRecord> records(static_cast<size_t>(req.runs));
  {
    EngineOptions eo;
    eo.seed = req.seed;
    eo.threads = req.threads;
    eo.backend = req.backend;
    eo.runs = req.runs;
    SimulateRuns(one, model, eo, 0, req.runs, records);
  }
  const std::vector<Candidate> cands = one.CountCandidates();
  out.p_elected.assign(static_cast<size_t>(n), 0.0);
  out.slate_seats_mean.assign(static_cast<size_t>(S), 0.0);
  std::set<int> actual;
  for (int j = 0; j < n; ++j) {
    if (d.elected[static_cast<size_t>(j)]) actual.insert(j);
  }
  int64_t hits = 0;
  for (const RunRecord& r : records) {
    if (r.rule_sets.empty()) continue;
    std::set<int> got;
    for (CandidateId c : r.rule_sets[0].elected) {
      got.insert(static_cast<int>(c));
      out.p_elected[static_cast<size_t>(c)] += 1;
      out.slate_seats_mean[static_cast<size_t>(d.group[static_cast<size_t>(c)])] += 1;
    }
    hits += got == actual ? 1 : 0;
  }
  for (double& v : out.p_elected) v /= static_cast<double>(req.runs);
  for (double& v : out.slate_seats_mean) v /= static_cast<double>(req.runs);
  out.p_actual = static_cast<double>(hits) / static_cast<double>(req.runs);
  return out;
}

namespace {

OJ Finite(double x) { return std::isfinite(x) ? OJ(x) : OJ(nullptr); }

// How many reported totals lie within their 5-95% intervals, and whether the
// actual winners are the likeliest.
struct Scores {
  int reported = 0, within = 0;
  int winners_likeliest = 0;  // actual winners among the `seats` highest P(elected)
};

Scores Score(const TotalsFit& f) {
  Scores s;
  const fit::TotalsData& d = f.data;
  for (int j = 0; j < d.num_candidates(); ++j) {
    const double v = d.votes[static_cast<size_t>(j)];
    if (std::isnan(v)) continue;
    ++s.reported;
    if (v >= f.result.p05[static_cast<size_t>(j)] && v <= f.result.p95[static_cast<size_t>(j)]) ++s.within;
  }
  std::vector<int> order(static_cast<size_t>(d.num_candidates()));
  for (int j = 0; j < d.num_candidates(); ++j) order[static_cast<size_t>(j)] = j;
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return f.p_elected[static_cast<size_t>(a)] > f.p_elected[static_cast<size_t>(b)]; });
  for (int k = 0; k < d.seats && k < d.num_candidates(); ++k) s.winners_likeliest += d.elected[static_cast<size_t>(order[static_cast<size_t>(k)])];
  return s;
}

}  // namespace

std::string TotalsJson(const TotalsFit& f) {
  const fit::TotalsData& d = f.data;
  const fit::TotalsFitResult& r = f.result;
  const int S = static_cast<int>(d.slates.size());
  const Scores sc = Score(f);
  OJ j;
  j["election"] = f.label;
  j["year"] = f.year;
  j["month"] = f.month;
  j["contest"] = f.contest;
  j["seats"] = d.seats;
  j["ballots"] = r.estimate.ballots;
  j["ballots_reported"] = f.ballots_reported;
  j["ballots_se"] = r.se.ballots;
  j["mean_marks"] = r.mean_marks;
  j["mean_marks_se"] = r.mean_marks_se;
  j["converged"] = r.converged;
  j["message"] = r.message;
  j["objective"] = r.objective;
  j["chi2"] = r.chi2;
  j["starts"] = r.starts;
  j["starts_agreeing"] = r.starts_agreeing;
  j["evaluations"] = r.evaluations;
  OJ prior;
  prior["own_affinity"] = f.prior.own_affinity;
  prior["affinity_sd"] = f.prior.affinity_sd;
  prior["effect_sd"] = f.prior.effect_sd;
  prior["log_stop_mean"] = f.prior.log_stop_mean;
  prior["log_stop_sd"] = f.prior.log_stop_sd;
  prior["share_dirichlet_alpha"] = f.prior.share_alpha;
  if (!f.ballots_reported) {
    prior["marks_share_mean"] = f.prior.marks_share_mean;
    prior["marks_share_sd"] = f.prior.marks_share_sd;
  }
  j["prior"] = prior;
  OJ blocs = OJ::array();
  for (int b = 0; b < r.estimate.K; ++b) {
    OJ bj;
    bj["name"] = f.prior.bloc_names[static_cast<size_t>(b)];
    const int own = f.prior.own_slate[static_cast<size_t>(b)];
    bj["own_slate"] = own >= 0 ? OJ(d.slates[static_cast<size_t>(own)]) : OJ(nullptr);
    bj["share"] = r.estimate.share[static_cast<size_t>(b)];
    bj["share_sd"] = r.se.share[static_cast<size_t>(b)];
    bj["share_sd_given_behaviour"] = r.se_given.share[static_cast<size_t>(b)];
    OJ a = OJ::object();
    for (int s = 0; s < S; ++s) {
      a[d.slates[static_cast<size_t>(s)]] = {{"value", r.estimate.affinity[static_cast<size_t>(b * S + s)]},
                                             {"sd", r.se.affinity[static_cast<size_t>(b * S + s)]}};
    }
    bj["affinity"] = a;
    blocs.push_back(bj);
  }
  j["blocs"] = blocs;
  j["stop"] = std::exp(r.estimate.log_stop);
  j["log_stop_sd"] = r.se.log_stop;
  OJ cands = OJ::array();
  for (int c = 0; c < d.num_candidates(); ++c) {
    const size_t k = static_cast<size_t>(c);
    OJ cj;
    cj["name"] = d.names[k];
    cj["slate"] = d.slates[static_cast<size_t>(d.group[k])];
    cj["gender"] = f.gender[k] == Gender::kWoman ? OJ("f") : (f.gender[k] == Gender::kMan ? OJ("m") : OJ(nullptr));
    cj["elected"] = d.elected[k] != 0;
    cj["reported"] = Finite(d.votes[k]);
    if (std::isnan(d.votes[k])) cj["bounds"] = {Finite(d.lo[k]), Finite(d.hi[k])};
    cj["fitted"] = r.expected[k];
    cj["p5"] = r.p05[k];
    cj["p95"] = r.p95[k];
    cj["z"] = Finite(r.z[k]);
    cj["effect"] = r.estimate.effect[k];
    cj["effect_sd"] = r.se.effect[k];
    cj["effect_sd_given_behaviour"] = r.se_given.effect[k];
    cj["p_elected"] = f.p_elected[k];
    cands.push_back(cj);
  }
  j["candidates"] = cands;
  OJ score;
  score["reported"] = sc.reported;
  score["within_90"] = sc.within;
  score["winners_among_likeliest"] = sc.winners_likeliest;
  score["real_rule"] = f.real_rule;
  score["women_rule_applied"] = f.women_rule;
  score["runs"] = f.runs;
  score["p_actual_result"] = f.p_actual;
  j["score"] = score;
  OJ slates = OJ::object();
  for (int s = 0; s < S; ++s) slates[d.slates[static_cast<size_t>(s)]] = f.slate_seats_mean[static_cast<size_t>(s)];
  j["slate_seats_mean"] = slates;
  OJ notes = OJ::array();
  for (const std::string& s : r.notes) notes.push_back(s);
  for (const std::string& s : f.notes) notes.push_back(s);
  j["notes"] = notes;
  return j.dump(2) + "\n";
}

std::string TotalsCsv(const TotalsFit& f) {
  const fit::TotalsData& d = f.data;
  std::ostringstream o;
  o << "candidate,slate,elected,reported,fitted,p5,p95,z,p_elected\n";
  for (int c = 0; c < d.num_candidates(); ++c) {
    const size_t k = static_cast<size_t>(c);
    o << CsvField(d.names[k]) << "," << CsvField(d.slates[static_cast<size_t>(d.group[k])]) << ","
      << (d.elected[k] ? "yes" : "no") << "," << (std::isnan(d.votes[k]) ? "" : CsvNumber(d.votes[k])) << ","
      << CsvNumber(f.result.expected[k]) << "," << CsvNumber(f.result.p05[k]) << "," << CsvNumber(f.result.p95[k]) << ","
      << (std::isnan(f.result.z[k]) ? "" : CsvNumber(f.result.z[k])) << "," << CsvNumber(f.p_elected[k]) << "\n";
  }
  return o.str();
}

std::string TotalsHtml(const TotalsFit& f) {
  const fit::TotalsData& d = f.data;
  const fit::TotalsFitResult& r = f.result;
  const int S = static_cast<int>(d.slates.size());
  const Scores sc = Score(f);
  auto esc = [](const std::string& s) { return HtmlEscape(s); };
  auto pm = [](double v, double sd) { return Num(v, 4) + (std::isfinite(sd) ? " &plusmn; " + Num(sd, 2) : std::string()); };
  ReportPage page;
  PageHeading h;
  h.name = "CLP section " + f.label;
  h.kind = "voter model fit to reported totals";
  h.leads_html.push_back(
      "The voter model of <code>necsim run</code> fitted to the reported block-vote totals: each candidate's marks, who was "
      "elected and the ballots cast. The totals are fewer than the model's parameters, so the fit is a posterior mode under "
      "stated priors (below); values are &plusmn; one posterior SD (Laplace approximation). Method: docs/fit.md.");
  h.facts = {{"seats", std::to_string(d.seats)},
             {"candidates", std::to_string(d.num_candidates())},
             {"reported totals", std::to_string(d.num_reported())},
             {"ballots", Num(r.estimate.ballots, 10) + (f.ballots_reported ? "" : " (fitted)")},
             {"marks per ballot", pm(r.mean_marks, r.mean_marks_se)},
             {"totals within 90%", std::to_string(sc.within) + " of " + std::to_string(sc.reported)},
             {"P(the actual result)", Num(100 * f.p_actual, 3) + "%"},
             {"converged", r.converged ? "yes" : "no"}};
  if (!r.message.empty()) page.Note(r.message);
  for (const std::string& note : r.notes) page.Note(note);
  for (const std::string& note : f.notes) page.Note(note);
  if (!f.women_rule) page.Note("the women's rule is not applied in the runs: not every candidate's gender is known (not evaluable)");
  std::ostringstream sec;
  {
    HChart c;
    c.id = "chart-totals";
    c.title = "Reported (blue) and fitted (orange) totals";
    double mx = 1;
    std::ostringstream rows;
    for (int j = 0; j < d.num_candidates(); ++j) {
      const size_t k = static_cast<size_t>(j);
      HRow row;
      row.label = d.names[k];
      HBar o, fb;
      o.value = std::isnan(d.votes[k]) ? 0.0 : d.votes[k];
      o.tip = row.label + ": reported " + (std::isnan(d.votes[k]) ? std::string("(not reported)") : Num(d.votes[k], 10));
      fb.value = r.expected[k];
      fb.colour = "#e69f00";
      fb.tip = row.label + ": fitted " + Num(r.expected[k], 6) + " (90%: " + Num(r.p05[k], 6) + " to " + Num(r.p95[k], 6) + ")";
      mx = std::max({mx, o.value, fb.value, r.p95[k]});
      row.bars = {o, fb};
      c.rows.push_back(row);
      rows << "<tr><td>" << esc(d.names[k]) << "</td><td>" << esc(d.slates[static_cast<size_t>(d.group[k])]) << "</td><td>"
           << (d.elected[k] ? "yes" : "no") << "</td>"
           << NumberCell(std::isnan(d.votes[k]) ? "not reported (" + Num(d.lo[k], 6) + " to " + (std::isfinite(d.hi[k]) ? Num(d.hi[k], 6) : std::string("&infin;")) + ")"
                                                : Num(d.votes[k], 10))
           << NumberCell(Num(r.expected[k], 6)) << NumberCell(Num(r.p05[k], 6) + " &ndash; " + Num(r.p95[k], 6))
           << NumberCell(std::isnan(r.z[k]) ? std::string("&ndash;") : Num(r.z[k], 3))
           << NumberCell(pm(r.estimate.effect[k], r.se.effect[k])) << NumberCell(Num(100 * f.p_elected[k], 3) + "%") << "</tr>";
    }
    c.xmax = mx * 1.05;
    c.legend = {{"reported", "#0072b2"}, {"fitted", "#e69f00"}};
    sec << Section("totals", "Reported against fitted totals",
                   "Each candidate's marks as reported and as fitted, with the 90% interval (5-95%, from the parameters' uncertainty "
                   "and the ballots' sampling), the standardised difference z, the candidate's own effect, and P(elected) under the "
                   "real rule (" + esc(f.real_rule) + ", " + std::to_string(f.runs) + " runs of the fitted scenario). " +
                       std::to_string(sc.within) + " of " + std::to_string(sc.reported) + " reported totals lie within their 90% interval; " +
                       std::to_string(sc.winners_likeliest) + " of the " + std::to_string(d.seats) +
                       " actual winners are among the " + std::to_string(d.seats) + " likeliest.",
                   Figure(page.Chart(c.id, RenderHChart(c)), esc(c.title) + ".") +
                       Table({TextColumn("candidate"), TextColumn("slate"), TextColumn("elected"), NumberColumn("reported"),
                              NumberColumn("fitted"), NumberColumn("90% interval"), NumberColumn("z"), NumberColumn("effect"),
                              NumberColumn("P(elected)")},
                             rows.str()));
  }
  {
    std::ostringstream rows;
    std::vector<Column> cols = {TextColumn("bloc"), TextColumn("aligned with"), NumberColumn("share")};
    for (int s = 0; s < S; ++s) cols.push_back(NumberColumn("affinity: " + esc(d.slates[static_cast<size_t>(s)])));
    for (int b = 0; b < r.estimate.K; ++b) {
      const int own = f.prior.own_slate[static_cast<size_t>(b)];
      rows << "<tr><td>" << esc(f.prior.bloc_names[static_cast<size_t>(b)]) << "</td><td>"
           << (own >= 0 ? esc(d.slates[static_cast<size_t>(own)]) : std::string("none")) << "</td>"
           << NumberCell(pm(r.estimate.share[static_cast<size_t>(b)], r.se.share[static_cast<size_t>(b)]));
      for (int s = 0; s < S; ++s) {
        rows << NumberCell(pm(r.estimate.affinity[static_cast<size_t>(b * S + s)], r.se.affinity[static_cast<size_t>(b * S + s)]));
      }
      rows << "</tr>";
    }
    sec << Section("blocs", "The fitted blocs",
                   "Each bloc's share of the voters and its affinity for each slate, with the stop weight " +
                       pm(std::exp(r.estimate.log_stop), std::exp(r.estimate.log_stop) * r.se.log_stop) +
                       " (common to every bloc). Seats per slate under the real rule (mean over runs): " + [&] {
                         std::string s;
                         for (int g = 0; g < S; ++g) {
                           s += (g ? ", " : "") + esc(d.slates[static_cast<size_t>(g)]) + " " + Num(f.slate_seats_mean[static_cast<size_t>(g)], 3);
                         }
                         return s;
                       }() + ".",
                   Table(cols, rows.str()));
  }
  {
    std::ostringstream p;
    p << "<ul><li>Affinity: Normal, mean " << Num(f.prior.own_affinity) << " for the slate a bloc is named after and 0 otherwise, SD "
      << Num(f.prior.affinity_sd) << ".</li><li>Candidate effect: Normal, mean 0, SD " << Num(f.prior.effect_sd)
      << ".</li><li>log stop weight: Normal, mean " << Num(f.prior.log_stop_mean) << ", SD " << Num(f.prior.log_stop_sd)
      << ".</li><li>Bloc shares: Dirichlet(" << Num(f.prior.share_alpha) << ", &hellip;).</li>";
    if (!f.ballots_reported) {
      p << "<li>Marks per ballot (the ballots cast were not reported): Normal, mean " << Num(f.prior.marks_share_mean)
        << " of the seats, SD " << Num(f.prior.marks_share_sd) << ".</li>";
    }
    p << "</ul>";
    sec << Section("priors", "Priors (what the totals cannot identify)",
                   "Totals of marks identify how many ballots marked each candidate, not which candidates were marked together, nor the "
                   "order of preferences within a ballot. The split between blocs and their cross-slate affinities rests partly on "
                   "these priors; the notes above name the values that are mostly the prior's.",
                   p.str());
  }
  const std::string main = page.Assemble(
      PageHeader(h), ContentsNav({{"totals", "Totals"}, {"blocs", "Blocs"}, {"priors", "Priors"}}), sec.str());
  return HtmlDocument("necsim fit: " + h.name, NECSIM_VERSION, main);
}

}  // namespace necsim
