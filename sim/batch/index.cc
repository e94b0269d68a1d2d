#include "batch/index.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "io/csv.h"
#include "io/text.h"

namespace necsim {
namespace batch_detail {

namespace {

std::string SweepText(const Job* job) {
  if (!job) return "";
  std::string s;
  for (const auto& o : job->sweep.settings) s += (s.empty() ? "" : ";") + o.path + "=" + o.value;
  return s;
}

// Key figures of one rule set (NEC) or one boundary set (boundary review).
struct Figures {
  std::string name, rule;
  int seats = 0;
  bool has_women = false;
  double women_mean = 0, p_gender_rule_changed = 0;
  std::vector<std::pair<std::string, double>> mean_seats;  // slate or party
  std::vector<std::pair<std::string, double>> p_majority;  // NEC faction or party
};

// A results folder's name, runs and seed, and its key figures.
struct RowFigures {
  std::string name;
  int64_t runs = 0;
  uint64_t seed = 0;
  std::vector<Figures> sets;  // empty: no readable results
};

RowFigures KeyFigures(const RunResults& r) {
  RowFigures out;
  out.name = r.scenario;
  out.runs = r.runs;
  out.seed = r.seed;
  for (const RuleSetResult& rs : r.rule_sets) {
    Figures f;
    f.name = rs.name;
    f.rule = rs.rule;
    f.seats = rs.seats;
    f.has_women = true;
    f.women_mean = rs.women.mean;
    f.p_gender_rule_changed = rs.women.p_gender_rule_changed;
    for (const SlateResult& sl : rs.slates) f.mean_seats.emplace_back(sl.name, sl.mean);
    if (rs.nec) {
      for (const NecFactionResult& x : rs.nec->factions) f.p_majority.emplace_back(x.name, x.p_majority);
    }
    out.sets.push_back(f);
  }
  return out;
}

// The index lists a boundary set's parties in the order of their names.
RowFigures KeyFigures(const BoundaryResults& r) {
  RowFigures out;
  out.name = r.scenario;
  out.runs = r.runs;
  out.seed = r.seed;
  for (size_t k = 0; k < r.sets.size(); ++k) {
    Figures f;
    f.name = kBoundarySetKeys[k];
    f.seats = r.sets[k].seats;
    Keyed<BoundarySeatStats> parties = r.sets[k].parties;
    std::stable_sort(parties.begin(), parties.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [party, v] : parties) {
      f.mean_seats.emplace_back(party, v.mean);
      f.p_majority.emplace_back(party, v.p_majority);
    }
    out.sets.push_back(f);
  }
  return out;
}

RowFigures KeyFigures(const IndexRow& r) {
  if (r.nec) return KeyFigures(*r.nec);
  if (r.boundary) return KeyFigures(*r.boundary);
  return {};
}

void WriteIndex(const std::vector<IndexRow>& rows, std::map<std::string, std::string>& files) {
  std::vector<RowFigures> figures(rows.size());
  // Columns for every slate/party and faction met, in order of first appearance.
  std::vector<std::string> seat_cols, majority_cols;
  auto note = [](std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    figures[i] = KeyFigures(rows[i]);
    for (const auto& f : figures[i].sets) {
      for (const auto& [k, v] : f.mean_seats) note(seat_cols, k);
      for (const auto& [k, v] : f.p_majority) note(majority_cols, k);
    }
  }
  std::ostringstream csv;
  csv << "scenario,file,kind,point,sweep,status,message,folder,name,runs,seed,rule_set,rule,seats,women_mean,"
         "p_gender_rule_changed";
  for (const auto& s : seat_cols) csv << "," << CsvField("mean_seats:" + s);
  for (const auto& f : majority_cols) csv << "," << CsvField("p_majority:" + f);
  csv << "\n";
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (size_t i = 0; i < rows.size(); ++i) {
    const IndexRow& r = rows[i];
    const std::string status = r.job && r.job->state != 'f' ? "ok" : "failed";
    const std::string message = r.job ? r.job->message : r.sf->error;
    const std::string kind = r.sf->boundary ? "boundary" : "nec";
    nlohmann::ordered_json e;
    e["scenario"] = r.sf->stem;
    e["file"] = r.sf->file;
    e["kind"] = kind;
    if (r.job && !r.job->point.empty()) {
      e["point"] = r.job->point;
      nlohmann::ordered_json sw = nlohmann::ordered_json::object();
      for (const auto& o : r.job->sweep.settings) sw[o.path] = o.value;
      e["sweep"] = sw;
    }
    e["status"] = status;
    if (status == "failed") e["message"] = message;
    std::string lead = CsvField(r.sf->stem) + "," + CsvField(r.sf->file) + "," + kind + "," +
                       (r.job ? r.job->point : "") + "," + CsvField(SweepText(r.job)) + "," + status + "," +
                       CsvField(status == "failed" ? message : "") + ",";
    if (status == "ok") {
      e["folder"] = r.job->folder;
      lead += CsvField(r.job->folder);
    }
    if (status == "failed" || figures[i].sets.empty()) {
      csv << lead << ",,,,,,,,";
      for (size_t k = 0; k < seat_cols.size() + majority_cols.size(); ++k) csv << ",";
      csv << "\n";
      entries.push_back(e);
      continue;
    }
    const RowFigures& fig = figures[i];
    e["name"] = fig.name;
    e["runs"] = fig.runs;
    e["seed"] = fig.seed;
    lead += "," + CsvField(fig.name) + "," + std::to_string(fig.runs) + "," + std::to_string(fig.seed);
    nlohmann::ordered_json sets = nlohmann::ordered_json::array();
    for (const Figures& f : fig.sets) {
      nlohmann::ordered_json x;
      x["name"] = f.name;
      if (!f.rule.empty()) x["rule"] = f.rule;
      x["seats"] = f.seats;
      nlohmann::ordered_json ms = nlohmann::ordered_json::object(), pm = nlohmann::ordered_json::object();
      for (const auto& [k, v] : f.mean_seats) ms[k] = v;
      x["mean_seats"] = ms;
      if (f.has_women) {
        x["women_mean"] = f.women_mean;
        x["p_gender_rule_changed"] = f.p_gender_rule_changed;
      }
      if (!f.p_majority.empty()) {
        for (const auto& [k, v] : f.p_majority) pm[k] = v;
        x["p_majority"] = pm;
      }
      sets.push_back(x);
      csv << lead << "," << CsvField(f.name) << "," << f.rule << "," << f.seats << ","
          << (f.has_women ? CsvNumber(f.women_mean) : "") << "," << (f.has_women ? CsvNumber(f.p_gender_rule_changed) : "");
      auto cell = [&](const std::vector<std::pair<std::string, double>>& v, const std::string& col) {
        csv << ",";
        for (const auto& [k, x2] : v) {
          if (k == col) csv << CsvNumber(x2);
        }
      };
      for (const auto& c : seat_cols) cell(f.mean_seats, c);
      for (const auto& c : majority_cols) cell(f.p_majority, c);
      csv << "\n";
    }
    e[r.sf->boundary ? "boundary_sets" : "rule_sets"] = sets;
    entries.push_back(e);
  }
  nlohmann::ordered_json index;
  index["scenarios"] = entries;
  files["index.csv"] = csv.str();
  files["index.json"] = index.dump(2) + "\n";
}

}  // namespace

IndexRow ReadIndexRow(const ScenarioFile& sf, const Job* job, const std::string& dir) {
  IndexRow row;
  row.sf = &sf;
  row.job = job;
  if (!job || job->state == 'f') return row;
  auto text = ReadTextFile(dir + "/summary.json", kResultsInput);
  if (!text) return row;
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(*text);
  } catch (const nlohmann::json::exception&) {
    return row;
  }
  if (sf.boundary) {
    if (auto r = BoundaryResultsFromJson(j, dir + "/summary.json")) row.boundary = std::move(*r);
  } else if (auto r = RunResultsFromJson(j, dir + "/summary.json")) {
    row.nec = std::move(*r);
  }
  return row;
}

std::map<std::string, std::string> IndexFiles(const std::vector<IndexRow>& rows) {
  std::map<std::string, std::string> files;
  WriteIndex(rows, files);
  return files;
}

}  // namespace batch_detail
}  // namespace necsim
