#include "outputs/boundary_backtest.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>

#include "engine/boundary_runs.h"
#include "io/csv.h"
#include "scenario/constituency_table.h"

namespace necsim {
namespace {

using Json = nlohmann::ordered_json;

double Round(double x, int dp) {
  const double f = std::pow(10.0, dp);
  return std::round(x * f) / f;
}

Error Located(const ConstituencyTable& t, int row, const std::string& column, const std::string& message) {
  Error e;
  e.file = t.file;
  e.line = row >= 0 ? t.line[static_cast<size_t>(row)] : 0;
  e.field = column;
  e.message = message;
  for (size_t i = 0; i < t.header.size(); ++i) {
    if (t.header[i] == column) e.column = static_cast<int>(i) + 1;
  }
  return e;
}

// Plurality winner of row c (a tie goes to the earlier party column).
int Plurality(const ConstituencyTable& t, int c) {
  int best = 0;
  for (int p = 1; p < static_cast<int>(t.parties.size()); ++p) {
    if (t.Votes(c, p) > t.Votes(c, best)) best = p;
  }
  return best;
}

struct ModelSpec {
  SwingModel model = SwingModel::kUniform;
  bool tactical = false;
  double parameter = -1;
};

Result<ModelSpec> ParseModel(const std::string& text, const BoundaryScenario& sc) {
  ModelSpec m;
  std::string name = text;
  const std::string suffix = "+tactical";
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    m.tactical = true;
    name.resize(name.size() - suffix.size());
  }
  std::string param;
  if (const size_t colon = name.find(':'); colon != std::string::npos) {
    param = name.substr(colon + 1);
    name.resize(colon);
  }
  Error e;
  e.field = "--models";
  if (!ParseSwingModel(name, m.model)) {
    e.message = "unknown model '" + text + "' (uniform, proportional, regional, transition, strong[:THRESHOLD], mixture[:WEIGHT], each optionally +tactical)";
    return e;
  }
  if (m.tactical && sc.swing.tactical.empty()) {
    e.message = "'" + text + "': the scenario has no tactical terms (boundary.swing.tactical)";
    return e;
  }
  if (!param.empty()) {
    if (m.model != SwingModel::kStrong && m.model != SwingModel::kMixture) {
      e.message = "'" + text + "': only strong (a threshold in points) and mixture (a weight) take a parameter";
      return e;
    }
    char* end = nullptr;
    const double v = std::strtod(param.c_str(), &end);
    const double hi = m.model == SwingModel::kStrong ? 100 : 1;
    if (end == param.c_str() || *end != '\0' || !(v >= 0 && v <= hi)) {
      e.message = "'" + text + "': the parameter must be a number from 0 to " + (m.model == SwingModel::kStrong ? "100" : "1");
      return e;
    }
    m.parameter = v;
  } else if (m.model == SwingModel::kStrong) {
    m.parameter = 100 * sc.swing.strong_threshold;
  } else if (m.model == SwingModel::kMixture) {
    m.parameter = sc.swing.mixture_weight;
  }
  return m;
}

}  // namespace

Result<Backtest> RunBacktest(const BoundaryScenario& sc, const std::string& actual_path, const BacktestOptions& opt) {
  const BoundarySet& base = sc.sets[static_cast<size_t>(opt.set)];
  const int P = static_cast<int>(sc.parties.size()), R = static_cast<int>(sc.regions.size());
  std::vector<ModelSpec> specs;
  for (const std::string& name : opt.models) {
    auto m = ParseModel(name, sc);
    if (!m) return m.error();
    specs.push_back(*m);
  }
  auto actual = ReadConstituencyTable(actual_path, base.columns, sc.parties);
  if (!actual) return actual.error();
  const ConstituencyTable& at = *actual;
  const ConstituencyTable& bt = base.table;
  // Match by id, both ways.
  std::map<std::string, int> base_row, actual_row;
  for (int c = 0; c < bt.seats(); ++c) base_row.emplace(bt.id[static_cast<size_t>(c)], c);
  for (int c = 0; c < at.seats(); ++c) actual_row.emplace(at.id[static_cast<size_t>(c)], c);
  auto unmatched = [](const ConstituencyTable& t, const std::map<std::string, int>& other, int& first) {
    std::vector<std::string> ids;
    first = -1;
    for (int c = 0; c < t.seats(); ++c) {
      if (other.count(t.id[static_cast<size_t>(c)])) continue;
      if (first < 0) first = c;
      ids.push_back(t.id[static_cast<size_t>(c)]);
    }
    return ids;
  };
  auto listing = [](const std::vector<std::string>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size() && i < 5; ++i) s += (i ? ", " : "") + ids[i];
    if (ids.size() > 5) s += " and " + std::to_string(ids.size() - 5) + " more";
    return s;
  };
  int first = -1;
  if (auto ids = unmatched(at, base_row, first); !ids.empty()) {
    return Located(at, first, base.columns.id,
                   std::to_string(ids.size()) + " id(s) of the actual table are not in the base table (" + bt.file +
                       ", set " + base.key + "): " + listing(ids) + ". The tables must hold the same constituencies");
  }
  if (auto ids = unmatched(bt, actual_row, first); !ids.empty()) {
    return Located(bt, first, base.columns.id,
                   std::to_string(ids.size()) + " id(s) of the base table (set " + base.key +
                       ") are not in the actual table (" + at.file + "): " + listing(ids) +
                       ". The tables must hold the same constituencies");
  }
  Backtest b;
  b.scenario = sc.name;
  b.base_key = base.key;
  b.base_label = base.label;
  b.base_file = std::filesystem::path(base.file).filename().string();
  b.actual_file = std::filesystem::path(actual_path).filename().string();
  b.by = opt.by_region ? "region" : "national";
  b.stands = opt.stands_as_actual ? "actual" : "scenario";
  // Who stands where, as in the actual election: [base seat * parties + party].
  std::vector<uint8_t> actual_stands;
  if (opt.stands_as_actual) {
    actual_stands.assign(static_cast<size_t>(bt.seats()) * static_cast<size_t>(P), 0);
    for (int c = 0; c < bt.seats(); ++c) {
      const int a = actual_row[bt.id[static_cast<size_t>(c)]];
      for (int p = 0; p < P; ++p) {
        actual_stands[static_cast<size_t>(c) * static_cast<size_t>(P) + static_cast<size_t>(p)] = at.Votes(a, p) > 0;
      }
    }
  }
  b.runs = opt.runs > 0 ? opt.runs : sc.runs;
  b.seed = opt.seed >= 0 ? static_cast<uint64_t>(opt.seed) : sc.seed;
  b.parties = sc.parties;
  b.actual_seats.assign(static_cast<size_t>(P), 0);
  // Actual shares, national and by the base seats' regions.
  std::vector<double> nat(static_cast<size_t>(P), 0.0), reg(static_cast<size_t>(R * P), 0.0), reg_total(static_cast<size_t>(R), 0.0);
  double total = 0;
  for (int c = 0; c < bt.seats(); ++c) {
    const int a = actual_row[bt.id[static_cast<size_t>(c)]];
    const int r = base.region[static_cast<size_t>(c)];
    b.id.push_back(bt.id[static_cast<size_t>(c)]);
    b.name.push_back(bt.name[static_cast<size_t>(c)]);
    b.region.push_back(sc.regions[static_cast<size_t>(r)]);
    const int w = Plurality(at, a);
    b.actual_winner.push_back(w);
    ++b.actual_seats[static_cast<size_t>(w)];
    for (int p = 0; p < P; ++p) {
      const auto v = static_cast<double>(at.Votes(a, p));
      nat[static_cast<size_t>(p)] += v;
      reg[static_cast<size_t>(r * P + p)] += v;
      reg_total[static_cast<size_t>(r)] += v;
      total += v;
    }
  }
  for (int p = 0; p < P; ++p) b.actual_share.push_back(total > 0 ? nat[static_cast<size_t>(p)] / total : 0.0);
  for (size_t i = 0; i < specs.size(); ++i) {
    const ModelSpec& ms = specs[i];
    BoundaryScenario s = sc;
    if (opt.stands_as_actual) {
      s.stands.stands[static_cast<size_t>(opt.set)] = actual_stands;
      if (s.stands.base_share_from.empty()) s.stands.base_share_from.assign(static_cast<size_t>(P), BaseShareFrom{});
    }
    SwingSpec& sw = s.swing;
    sw.model = ms.model;
    if (ms.model == SwingModel::kStrong) sw.strong_threshold = ms.parameter / 100.0;
    if (ms.model == SwingModel::kMixture) sw.mixture_weight = ms.parameter;
    if (!ms.tactical) sw.tactical.clear();
    sw.change.assign(static_cast<size_t>(P), 0.0);
    for (int p = 0; p < P; ++p) sw.target[static_cast<size_t>(p)] = b.actual_share[static_cast<size_t>(p)];
    sw.region_target.assign(static_cast<size_t>(R * P), -1.0);
    const bool regional_targets = ms.model == SwingModel::kRegional || opt.by_region;
    if (regional_targets) {
      if (sw.model == SwingModel::kUniform) sw.model = SwingModel::kRegional;  // uniform by region is the regional model
      for (int r = 0; r < R; ++r) {
        if (reg_total[static_cast<size_t>(r)] <= 0) continue;
        for (int p = 0; p < P; ++p) {
          sw.region_target[static_cast<size_t>(r * P + p)] = reg[static_cast<size_t>(r * P + p)] / reg_total[static_cast<size_t>(r)];
        }
      }
    }
    const BoundaryModel model = BuildBoundaryModel(s);
    BoundaryOptions bo;
    bo.runs = b.runs;
    bo.seed = b.seed;
    bo.threads = opt.threads;
    bo.backend = opt.backend;
    BacktestModel out;
    out.name = opt.models[i];
    out.model = SwingModelName(sw.model);  // uniform by region runs as regional
    out.tactical = ms.tactical;
    out.parameter = ms.parameter;
    out.wins = SimulateBoundarySetWins(model, opt.set, bo);
    out.scores = ScoreBacktest(out.wins, b.runs, P, b.actual_winner);
    b.models.push_back(std::move(out));
  }
  return b;
}

Json BacktestJson(const Backtest& b) {
  Json j;
  j["kind"] = "boundary_backtest";
  j["scenario"] = b.scenario;
  j["base_set"] = b.base_key;
  j["base_label"] = b.base_label;
  j["base_file"] = b.base_file;
  j["actual_file"] = b.actual_file;
  j["by"] = b.by;
  j["stands"] = b.stands;
  j["runs"] = b.runs;
  j["seed"] = b.seed;
  j["seats"] = b.id.size();
  j["log_floor"] = b.runs > 0 ? 1.0 / (2.0 * static_cast<double>(b.runs)) : 0.0;
  Json actual = Json::object();
  for (size_t p = 0; p < b.parties.size(); ++p) {
    if (b.actual_seats[p] > 0) actual[b.parties[p]] = b.actual_seats[p];
  }
  j["actual_seats"] = actual;
  Json models = Json::array();
  const size_t P = b.parties.size();
  for (const BacktestModel& m : b.models) {
    Json x;
    x["model"] = m.name;
    x["swing_model"] = m.model;
    x["tactical"] = m.tactical;
    if (m.parameter >= 0) x["parameter"] = m.parameter;
    x["seats_right"] = m.scores.seats_right;
    x["brier"] = Round(m.scores.brier, 6);
    x["log_score"] = Round(m.scores.log_score, 6);
    Json seats = Json::object();
    for (size_t p = 0; p < P; ++p) {
      if (m.scores.mean_seats[p] > 0 || b.actual_seats[p] > 0) seats[b.parties[p]] = Round(m.scores.mean_seats[p], 2);
    }
    x["mean_seats"] = seats;
    Json misses = Json::array();
    for (size_t c = 0; c < b.id.size(); ++c) {
      const int w = m.scores.likeliest[c];
      if (w == b.actual_winner[c]) continue;
      const double n = static_cast<double>(b.runs);
      Json r;
      r["id"] = b.id[c];
      r["name"] = b.name[c];
      r["region"] = b.region[c];
      r["actual_winner"] = b.parties[static_cast<size_t>(b.actual_winner[c])];
      r["likeliest_winner"] = b.parties[static_cast<size_t>(w)];
      r["p_actual_winner"] = Round(static_cast<double>(m.wins[c * P + static_cast<size_t>(b.actual_winner[c])]) / n, 4);
      r["p_likeliest_winner"] = Round(static_cast<double>(m.wins[c * P + static_cast<size_t>(w)]) / n, 4);
      misses.push_back(r);
    }
    x["misses"] = misses;
    models.push_back(x);
  }
  j["models"] = models;
  return j;
}

std::map<std::string, std::string> BacktestFiles(const Backtest& b) {
  std::map<std::string, std::string> files;
  const size_t P = b.parties.size();
  const auto seats = static_cast<int>(b.id.size());
  {
    // Fixed columns, then the expected seats of each party (scenario order).
    std::ostringstream r;
    r << "model,swing_model,tactical,parameter,by,runs,seats,seats_right,seats_right_share,brier,log_score,seat_error";
    for (const auto& p : b.parties) r << ",seats_" << p;
    r << "\n";
    r << "actual,,,," << b.by << ",," << seats << ",,,,,";
    for (size_t p = 0; p < P; ++p) r << "," << b.actual_seats[p];
    r << "\n";
    for (const BacktestModel& m : b.models) {
      double err = 0;
      for (size_t p = 0; p < P; ++p) err += std::fabs(m.scores.mean_seats[p] - b.actual_seats[p]);
      r << CsvField(m.name) << "," << m.model << "," << (m.tactical ? "true" : "false") << ","
        << (m.parameter >= 0 ? CsvNumber(m.parameter) : "") << "," << b.by << "," << b.runs << "," << seats << ","
        << m.scores.seats_right << "," << CsvNumber(Round(static_cast<double>(m.scores.seats_right) / seats, 6)) << ","
        << CsvNumber(Round(m.scores.brier, 6)) << "," << CsvNumber(Round(m.scores.log_score, 6)) << ","
        << CsvNumber(Round(err / 2, 2));
      for (size_t p = 0; p < P; ++p) r << "," << CsvNumber(Round(m.scores.mean_seats[p], 2));
      r << "\n";
    }
    files["backtest.csv"] = r.str();
  }
  {
    std::ostringstream o;
    o << "model,id,name,region,actual_winner,likeliest_winner,p_actual_winner,p_likeliest_winner\n";
    const double n = static_cast<double>(b.runs);
    for (const BacktestModel& m : b.models) {
      for (size_t c = 0; c < b.id.size(); ++c) {
        const int w = m.scores.likeliest[c];
        if (w == b.actual_winner[c]) continue;
        o << CsvField(m.name) << "," << CsvField(b.id[c]) << "," << CsvField(b.name[c]) << "," << CsvField(b.region[c])
          << "," << b.parties[static_cast<size_t>(b.actual_winner[c])] << "," << b.parties[static_cast<size_t>(w)] << ","
          << CsvNumber(Round(static_cast<double>(m.wins[c * P + static_cast<size_t>(b.actual_winner[c])]) / n, 4)) << ","
          << CsvNumber(Round(static_cast<double>(m.wins[c * P + static_cast<size_t>(w)]) / n, 4)) << "\n";
      }
    }
    files["misses.csv"] = o.str();
  }
  files["backtest.json"] = BacktestJson(b).dump(2) + "\n";
  return files;
}

std::string BacktestSummaryText(const Backtest& b) {
  std::ostringstream o;
  const size_t P = b.parties.size();
  const int seats = static_cast<int>(b.id.size());
  o << "Backtest of " << b.scenario << ": base " << b.base_key << " (" << b.base_label << ", " << b.base_file
    << ") against " << b.actual_file << ", " << seats << " seats; central swing from the actual " << b.by
    << " shares; " << b.runs << " runs, seed " << b.seed
    << (b.stands == "actual" ? "; parties stand where they stood in the actual election" : "") << "\n\n";
  // Parties with a seat anywhere.
  std::vector<size_t> shown;
  for (size_t p = 0; p < P; ++p) {
    bool any = b.actual_seats[p] > 0;
    for (const auto& m : b.models) any = any || m.scores.mean_seats[p] >= 0.5;
    if (any) shown.push_back(p);
  }
  o << std::left << std::setw(22) << "model" << std::right << std::setw(12) << "seats right" << std::setw(9) << "Brier"
    << std::setw(11) << "log score" << std::setw(11) << "seat error";
  for (size_t p : shown) o << std::setw(9) << b.parties[p];
  o << "\n";
  o << std::left << std::setw(22) << "actual" << std::right << std::setw(12) << "" << std::setw(9) << "" << std::setw(11)
    << "" << std::setw(11) << "";
  for (size_t p : shown) o << std::setw(9) << b.actual_seats[p];
  o << "\n";
  for (const BacktestModel& m : b.models) {
    double err = 0;
    for (size_t p = 0; p < P; ++p) err += std::fabs(m.scores.mean_seats[p] - b.actual_seats[p]);
    o << std::left << std::setw(22) << m.name << std::right << std::setw(12) << m.scores.seats_right << std::fixed
      << std::setprecision(4) << std::setw(9) << m.scores.brier << std::setw(11) << m.scores.log_score
      << std::setprecision(1) << std::setw(11) << err / 2;
    for (size_t p : shown) o << std::setw(9) << m.scores.mean_seats[p];
    o << "\n";
  }
  o << "\nSeats right: the likeliest winner is the actual winner. Brier: mean over seats of sum over parties of\n"
       "(P(win) - won)^2. Log score: mean of -ln P(actual winner), P floored at 1/(2 runs). Seat error: half the\n"
       "sum over parties of |expected seats - actual seats|. Party columns: expected seats (sum of P(win)).\n";
  return o.str();
}

}  // namespace necsim
