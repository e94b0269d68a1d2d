#include "batch/batch.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "boundary/boundary.h"
#include "engine/boundary_runs.h"
#include "outputs/boundary_outputs.h"
#include "io/atomic_write.h"
#include "io/csv.h"
#include "scenario/boundary_yaml.h"
#include "engine/engine.h"
#include "outputs/run_output.h"
#include "batch/run_records.h"
#include "scenario/scenario_yaml.h"
#include "outputs/sweep_table.h"
#include "scenario/sweep.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

namespace necsim {
namespace fs = std::filesystem;

std::string Fnv1a64(const std::string& text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::ostringstream os;
  os << std::hex << std::setw(16) << std::setfill('0') << h;
  return os.str();
}

namespace {

const char* kMarker = ".necsim-batch";
const char* kMarkerText = "necsim batch output folder (marks it for resuming; locked while a batch runs)\n";

Error IoError(const fs::path& p, const std::string& msg) {
  Error e;
  e.file = p.string();
  e.message = msg;
  return e;
}

std::string ReadText(const fs::path& p, bool* ok = nullptr) {
  std::ifstream in(p, std::ios::binary);
  if (ok) *ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- The plan: scenarios, their points, and what is left to do ---------------

struct Job {
  size_t scenario = 0;
  std::string folder;  // relative to OUTDIR
  std::string point;   // "point_NNN" in a sweep, else ""
  SweepPoint sweep;    // the point's axis values
  std::vector<Override> overrides;
  Scenario sc;
  std::shared_ptr<const BoundaryScenario> boundary;  // boundary scenarios
  std::string key;      // hash of the inputs
  std::vector<std::pair<std::string, std::string>> tables;  // boundary: (set, hash of the table read), old then new
  char state = 'r';     // r: to run, s: done before (skip), f: failed
  std::string message;  // why it failed
};

struct ScenarioFile {
  std::string file;  // as given (or found in a folder)
  std::string stem;  // names the results folder
  bool boundary = false;
  std::vector<SweepAxis> axes;
  std::string error;  // the whole scenario failed (no points)
  std::vector<size_t> jobs;
};

// Files and folders on the command line -> scenario files, in order.
Result<std::vector<ScenarioFile>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<ScenarioFile> out;
  std::map<std::string, std::string> by_stem;
  std::set<std::string> seen;
  auto add = [&](const fs::path& p) -> Status {
    std::error_code ec;
    const std::string canon = fs::weakly_canonical(p, ec).string();
    if (!seen.insert(canon).second) return IoError(p, "is given twice");
    ScenarioFile f;
    f.file = p.string();
    f.stem = p.stem().string();
    if (auto it = by_stem.find(f.stem); it != by_stem.end()) {
      return IoError(p, "has the same name as " + it->second + "; both would write OUTDIR/" + f.stem +
                            "/ (rename one)");
    }
    by_stem[f.stem] = f.file;
    out.push_back(f);
    return {};
  };
  for (const std::string& in : inputs) {
    std::error_code ec;
    const fs::path p(in);
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        const std::string name = e.path().filename().string();
        const std::string ext = e.path().extension().string();
        if (name.empty() || name[0] == '.' || !e.is_regular_file(ec)) continue;
        if (ext == ".yaml" || ext == ".yml") files.push_back(e.path());
      }
      if (files.empty()) return IoError(p, "no scenario files (*.yaml or *.yml) in this folder");
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        if (Status s = add(f); !s) return s.error();
      }
    } else if (fs::exists(p, ec)) {
      if (Status s = add(p); !s) return s.error();
    } else {
      return IoError(p, "no such scenario file or folder");
    }
  }
  if (out.empty()) return IoError("", "no scenarios given");
  return out;
}


// Whether a load error lies in an override's PATH (an unknown field) rather
// than in its value: the loader locates --set problems in "--set PATH=VALUE",
// column 1 .. |PATH| for the path.
bool IsPathError(const Error& e, const Override& o) {
  return e.file == "--set " + o.path + "=" + o.value && e.column >= 1 &&
         static_cast<size_t>(e.column) <= o.path.size();
}

std::string DescribeSweep(const SweepAxis& ax, const Error& e) {
  std::string where = ax.origin.file;
  if (ax.origin.line > 0) where += ":" + std::to_string(ax.origin.line) + ":" + std::to_string(ax.origin.column);
  return where + ": sweep over '" + ax.path + "': " + e.message;
}

// --- Manifests ---------------------------------------------------------------

// A loaded boundary scenario's constituency tables, in set order (old, new):
// (set key, hash of the file's bytes). The loader has just read them; should
// one vanish in between, "unreadable" stands in for its hash.
std::vector<std::pair<std::string, std::string>> TableHashes(const BoundaryScenario& bsc) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const BoundarySet& set : bsc.sets) {
    bool ok = false;
    const std::string bytes = ReadText(set.table.file, &ok);
    out.emplace_back(set.key, ok ? Fnv1a64(bytes) : "unreadable");
  }
  return out;
}

nlohmann::ordered_json Manifest(const Job& job, const ScenarioFile& sf, const std::map<std::string, std::string>& files) {
  nlohmann::ordered_json m;
  m["necsim_version"] = NECSIM_VERSION;
  m["scenario_file"] = sf.file;
  m["input_hash"] = job.key;
  nlohmann::ordered_json ov = nlohmann::ordered_json::array();
  for (const auto& o : job.overrides) ov.push_back(o.path + "=" + o.value);
  m["overrides"] = ov;
  if (!job.tables.empty()) {
    nlohmann::ordered_json tables = nlohmann::ordered_json::object();
    for (const auto& [set, hash] : job.tables) tables[set] = hash;
    m["data_files"] = tables;
  }
  nlohmann::ordered_json hashes = nlohmann::ordered_json::object();
  for (const auto& [name, text] : files) {
    if (name == "run_info.json" || name == "manifest.json") continue;
    hashes[name] = Fnv1a64(text);
  }
  m["files"] = hashes;
  return m;
}

enum class FolderState { kAbsent, kDone, kCorrupt, kOther };

// kDone: the folder holds this job's complete results. kCorrupt: our manifest
// for these inputs, but a file is missing or changed. kOther: something else.
FolderState Inspect(const fs::path& dir, const std::string& key) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return FolderState::kAbsent;
  bool ok = false;
  const std::string text = ReadText(dir / "manifest.json", &ok);
  if (!ok) return FolderState::kOther;
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(text);
    if (m.value("input_hash", std::string()) != key) return FolderState::kOther;
    for (const auto& [name, h] : m.at("files").items()) {
      bool have = false;
      const std::string body = ReadText(dir / name, &have);
      if (!have || Fnv1a64(body) != h.get<std::string>()) return FolderState::kCorrupt;
    }
  } catch (const nlohmann::json::exception&) {
    return FolderState::kCorrupt;
  }
  return FolderState::kDone;
}

// --- Simulation across ranks -------------------------------------------------

// The same runs, checkpoints and stopping rule as Simulate (sim/engine.cc),
// with each block of runs split across ranks. Rank 0's result is the
// tally; other ranks' results are empty. `interrupted` is set (on every rank)
// when some rank's stop_requested() was true after a block.
SimulationResult SimulateAcrossRanks(const Scenario& sc, const EngineOptions& opt, Comm& comm,
                                     const std::function<bool()>& stop, bool& interrupted) {
  const VoterModel model = VoterModel::Build(sc);
  SimulationResult out;
  out.tally = Tally::Empty(sc);
  interrupted = false;
  const int64_t K = comm.size();
  const int64_t block = RunsPerBlock(WorkerThreads(opt)) * K;
  WorkspacePool pool;
  int64_t next_checkpoint = 1000;
  int64_t done = 0;
  std::vector<RunRecord> mine, theirs;
  while (done < opt.runs) {
    int64_t end = std::min(opt.runs, done + block);
    if (opt.precision > 0) end = std::min(end, next_checkpoint);
    const int64_t n = end - done;
    const int64_t b = done + n * comm.rank() / K, e = done + n * (comm.rank() + 1) / K;
    SimulateRuns(sc, model, opt, b, e, mine, &pool);
    if (K == 1) {
      for (const RunRecord& r : mine) out.tally.Add(sc, r);
    } else {
      const std::vector<std::string> parts = comm.Gather(EncodeRunRecords(mine));
      for (const std::string& part : parts) {  // rank order = run order
        theirs.clear();
        DecodeRunRecords(part, theirs);
        for (const RunRecord& r : theirs) out.tally.Add(sc, r);
      }
    }
    done = end;
    int64_t flags = 0;
    if (comm.rank() == 0 && opt.precision > 0 && done == next_checkpoint &&
        out.tally.MaxStandardError() < opt.precision) {
      flags = 1;
    }
    flags = std::stoll(comm.Broadcast(std::to_string(flags)));
    if (comm.AllMax(stop && stop() ? 1 : 0) != 0) {
      interrupted = true;
      return out;
    }
    if (flags == 1) {
      out.stopped_on_precision = true;
      break;
    }
    if (opt.precision > 0 && done == next_checkpoint) next_checkpoint *= 2;
  }
  return out;
}

// Boundary scenarios: the same split of run ranges; the tallies are integer
// counts, so rank 0 adds them up (BoundaryTally::Merge) in rank order.
std::string EncodeBoundaryTally(const BoundaryTally& t) {
  std::string s;
  auto put = [&s](int64_t v) { s.append(reinterpret_cast<const char*>(&v), sizeof v); };
  auto vec = [&](const std::vector<int64_t>& v) {
    put(static_cast<int64_t>(v.size()));
    for (int64_t x : v) put(x);
  };
  put(t.runs);
  for (size_t k = 0; k < 2; ++k) {
    put(t.hung[k]);
    vec(t.seat_hist[k]);
    vec(t.majority[k]);
    vec(t.region_seat_sum[k]);
    vec(t.nation_seat_sum[k]);
    vec(t.wins[k]);
  }
  vec(t.change_hist);
  vec(t.region_change_hist);
  vec(t.nation_change_hist);
  return s;
}

// Adds the encoded tally (of the same model) to `into`; false if malformed.
bool MergeEncodedBoundaryTally(const std::string& bytes, const BoundaryModel& m, BoundaryTally& into) {
  BoundaryTally t = BoundaryTally::Empty(m);
  size_t pos = 0;
  auto get = [&](int64_t& v) {
    if (bytes.size() - pos < sizeof v) return false;
    std::memcpy(&v, bytes.data() + pos, sizeof v);
    pos += sizeof v;
    return true;
  };
  auto vec = [&](std::vector<int64_t>& v) {
    int64_t n = 0;
    if (!get(n) || n != static_cast<int64_t>(v.size())) return false;
    for (int64_t& x : v) {
      if (!get(x)) return false;
    }
    return true;
  };
  bool ok = get(t.runs);
  for (size_t k = 0; k < 2 && ok; ++k) {
    ok = get(t.hung[k]) && vec(t.seat_hist[k]) && vec(t.majority[k]) && vec(t.region_seat_sum[k]) &&
         vec(t.nation_seat_sum[k]) && vec(t.wins[k]);
  }
  ok = ok && vec(t.change_hist) && vec(t.region_change_hist) && vec(t.nation_change_hist) && pos == bytes.size();
  if (ok) into.Merge(t);
  return ok;
}

// Rank 0 returns the whole tally; blocks of runs as for NEC scenarios, so
// Ctrl-C is noticed between blocks.
BoundaryTally SimulateBoundaryAcrossRanks(const BoundaryModel& m, const BoundaryOptions& base, Comm& comm,
                                          const std::function<bool()>& stop, bool& interrupted) {
  BoundaryTally out = BoundaryTally::Empty(m);
  interrupted = false;
  const int64_t K = comm.size();
  const int64_t block = 1024 * K;
  for (int64_t done = 0; done < base.runs;) {
    const int64_t end = std::min(base.runs, done + block), n = end - done;
    BoundaryOptions o = base;
    o.first_run = done + n * comm.rank() / K;
    o.runs = done + n * (comm.rank() + 1) / K - o.first_run;
    const BoundaryTally mine = SimulateBoundary(m, o);
    if (K == 1) {
      out.Merge(mine);
    } else {
      for (const std::string& part : comm.Gather(EncodeBoundaryTally(mine))) MergeEncodedBoundaryTally(part, m, out);
    }
    done = end;
    if (comm.AllMax(stop && stop() ? 1 : 0) != 0) {
      interrupted = true;
      return out;
    }
  }
  return out;
}

// --- The index -----------------------------------------------------------------

struct IndexRow {
  const ScenarioFile* sf = nullptr;
  const Job* job = nullptr;  // null: the scenario failed as a whole
  nlohmann::json summary;    // ok NEC jobs
};

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

std::vector<Figures> KeyFigures(const nlohmann::json& s) {
  std::vector<Figures> out;
  if (s.value("kind", std::string()) == "boundary") {
    for (const char* set : {"old", "new"}) {
      const auto& k = s["sets"][set];
      Figures f;
      f.name = set;
      f.seats = k["seats"].get<int>();
      for (const auto& [party, v] : k["parties"].items()) {
        f.mean_seats.emplace_back(party, v["mean"].get<double>());
        f.p_majority.emplace_back(party, v["p_majority"].get<double>());
      }
      out.push_back(f);
    }
    return out;
  }
  for (const auto& rs : s["rule_sets"]) {
    Figures f;
    f.name = rs["name"].get<std::string>();
    f.rule = rs["rule"].get<std::string>();
    f.seats = rs["seats"].get<int>();
    f.has_women = true;
    f.women_mean = rs["women"]["mean"].get<double>();
    f.p_gender_rule_changed = rs["women"]["p_gender_rule_changed"].get<double>();
    for (const auto& sl : rs["slates"]) f.mean_seats.emplace_back(sl["name"].get<std::string>(), sl["mean"].get<double>());
    if (rs.contains("nec")) {
      for (const auto& x : rs["nec"]["factions"]) {
        f.p_majority.emplace_back(x["name"].get<std::string>(), x["p_majority"].get<double>());
      }
    }
    out.push_back(f);
  }
  return out;
}

void WriteIndex(const std::vector<IndexRow>& rows, std::map<std::string, std::string>& files) {
  std::vector<std::vector<Figures>> figures(rows.size());
  // Columns for every slate/party and faction met, in order of first appearance.
  std::vector<std::string> seat_cols, majority_cols;
  auto note = [](std::vector<std::string>& v, const std::string& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].summary.is_null()) continue;
    try {
      figures[i] = KeyFigures(rows[i].summary);
    } catch (const nlohmann::json::exception&) {
      figures[i].clear();
    }
    for (const auto& f : figures[i]) {
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
    if (status == "failed" || figures[i].empty()) {
      csv << lead << ",,,,,,,,";
      for (size_t k = 0; k < seat_cols.size() + majority_cols.size(); ++k) csv << ",";
      csv << "\n";
      entries.push_back(e);
      continue;
    }
    const auto& s = r.summary;
    e["name"] = s["scenario"];
    e["runs"] = s["runs"];
    e["seed"] = s["seed"];
    lead += "," + CsvField(s["scenario"].get<std::string>()) + "," + std::to_string(s["runs"].get<int64_t>()) + "," +
            std::to_string(s["seed"].get<uint64_t>());
    nlohmann::ordered_json sets = nlohmann::ordered_json::array();
    for (const Figures& f : figures[i]) {
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

BatchOutcome RunBatch(const BatchOptions& opt, Comm& comm, std::ostream& out, std::ostream& err) {
  const bool root = comm.rank() == 0;
  auto fail_early = [&](const std::string& msg) {
    if (root) err << "necsim batch: " << msg << "\n";
    return BatchOutcome::kBadInput;
  };
  // 1. Arguments (identical on every rank).
  if (opt.out_dir.empty()) return fail_early("--out: give the output folder");
  auto sets = ParseOverrideArgs(opt.sets);
  if (!sets) return fail_early(sets.error().ToString());
  std::vector<SweepAxis> cli_axes;
  for (const std::string& s : opt.sweeps) {
    auto ax = ParseSweepArg(s);
    if (!ax) return fail_early(ax.error().ToString());
    for (const auto& other : cli_axes) {
      if (other.path == ax->path) return fail_early("--sweep: '" + ax->path + "' is swept twice");
    }
    cli_axes.push_back(*ax);
  }
  auto files = ExpandInputs(opt.inputs);
  if (!files) return fail_early(files.error().ToString());
  std::vector<ScenarioFile>& scen = *files;

  // 2. The plan: load and validate every scenario and sweep point.
  std::vector<Job> jobs;
  std::vector<int> cli_axis_failures(cli_axes.size(), 0);
  int nec_loaded = 0;
  std::vector<std::string> cli_axis_message(cli_axes.size());
  // `--set` applies to every scenario, NEC and boundary. A PATH some scenario
  // does not have stops the batch before anything runs (set_path_errors); so
  // does a VALUE every scenario rejects. A value only some scenarios reject
  // fails those scenarios alone (reported in the index).
  std::vector<std::string> set_path_errors;
  std::vector<size_t> set_value_failures(sets->size(), 0);
  std::vector<std::string> set_value_message(sets->size());
  std::string set_key_text;  // the overrides, in the inputs' hash
  for (const auto& o : *sets) set_key_text += "set " + o.path + "=" + o.value + "\n";
  auto note_set_error = [&](const ScenarioFile& sf, const Error& e) {
    for (size_t k = 0; k < sets->size(); ++k) {
      const Override& o = (*sets)[k];
      if (e.file != "--set " + o.path + "=" + o.value) continue;
      const std::string kind = sf.boundary ? "boundary" : "NEC";
      if (IsPathError(e, o)) {
        set_path_errors.push_back("--set " + o.path + "=" + o.value + " does not apply to the " + kind +
                                  " scenario " + sf.file + ": " + e.ToString());
      } else {
        ++set_value_failures[k];
        set_value_message[k] = sf.file + " (" + kind + " scenario): " + e.ToString();
      }
      return;
    }
  };
  for (size_t i = 0; i < scen.size(); ++i) {
    ScenarioFile& sf = scen[i];
    sf.boundary = IsBoundaryScenarioFile(sf.file);
    std::string base_text = "necsim " NECSIM_VERSION "\n" + ScenarioChainText(sf.file);
    base_text += "\nruns=" + std::to_string(opt.runs) + "\nseed=" + std::to_string(opt.seed) + "\n";
    if (sf.boundary) {
      Job j;
      j.scenario = i;
      j.folder = sf.stem;
      j.overrides = *sets;
      auto bsc = LoadBoundaryScenarioFile(sf.file, ResolveBoundaryDataDir(opt.data_dir), *sets);
      if (!bsc) {
        note_set_error(sf, bsc.error());
        j.state = 'f';
        j.message = bsc.error().ToString();
        j.key = Fnv1a64("boundary\n" + base_text + set_key_text);
      } else {
        j.boundary = std::make_shared<const BoundaryScenario>(std::move(*bsc));
        // The tables' contents, not where --data found them: a table edited in
        // place changes the key, a copy elsewhere does not.
        j.tables = TableHashes(*j.boundary);
        std::string tables;
        for (const auto& [set, hash] : j.tables) tables += "table " + set + " " + hash + "\n";
        j.key = Fnv1a64("boundary\n" + base_text + tables + set_key_text);
      }
      sf.jobs.push_back(jobs.size());
      jobs.push_back(std::move(j));
      continue;
    }
    auto base = LoadScenarioFile(sf.file, *sets);
    if (!base) {
      note_set_error(sf, base.error());
      sf.error = base.error().ToString();
      continue;
    }
    ++nec_loaded;
    auto file_axes = ReadSweepBlock(sf.file);
    if (!file_axes) {
      sf.error = file_axes.error().ToString();
      continue;
    }
    std::vector<SweepAxis> axes = *file_axes;
    for (const auto& ca : cli_axes) {  // the command line replaces the file's axis on the same field
      auto it = std::find_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.path == ca.path; });
      if (it != axes.end()) *it = ca;
      else axes.push_back(ca);
    }
    // An unknown field fails every point: check each axis once, on its first value.
    for (size_t a = 0; a < axes.size() && sf.error.empty(); ++a) {
      std::vector<Override> probe = *sets;
      const Override o{axes[a].path, axes[a].values.front()};
      probe.push_back(o);
      auto r = LoadScenarioFile(sf.file, probe);
      if (!r && IsPathError(r.error(), o)) {
        sf.error = DescribeSweep(axes[a], r.error());
        for (size_t c = 0; c < cli_axes.size(); ++c) {
          if (cli_axes[c].path == axes[a].path && axes[a].origin.file == cli_axes[c].origin.file) {
            ++cli_axis_failures[c];
            cli_axis_message[c] = sf.error;
          }
        }
      }
    }
    if (!sf.error.empty()) continue;
    sf.axes = axes;
    auto grid = ExpandGrid(axes);
    if (!grid) {
      sf.error = sf.file + ": " + grid.error().ToString();
      continue;
    }
    const size_t width = std::max<size_t>(3, std::to_string(grid->size() - 1).size());
    for (size_t p = 0; p < grid->size(); ++p) {
      Job j;
      j.scenario = i;
      j.sweep = (*grid)[p];
      if (!axes.empty()) {
        std::string num = std::to_string(p);
        j.point = "point_" + std::string(width - num.size(), '0') + num;
        j.folder = sf.stem + "/" + j.point;
      } else {
        j.folder = sf.stem;
      }
      j.overrides = *sets;
      for (const auto& o : j.sweep.settings) j.overrides.push_back(o);
      auto renorm = ShareRenormalisation(*base, j.sweep.settings);
      std::string key_text = base_text;
      for (const auto& o : j.overrides) key_text += "set " + o.path + "=" + o.value + "\n";
      j.key = Fnv1a64(key_text);
      if (!renorm) {
        j.state = 'f';
        j.message = sf.file + ": " + renorm.error().ToString();
      } else {
        for (const auto& o : *renorm) j.overrides.push_back(o);
        auto sc = LoadScenarioFile(sf.file, j.overrides);
        if (!sc) {
          j.state = 'f';
          j.message = sc.error().ToString();
        } else {
          j.sc = std::move(*sc);
        }
      }
      sf.jobs.push_back(jobs.size());
      jobs.push_back(std::move(j));
    }
  }
  if (!set_path_errors.empty()) {
    std::string msg;
    for (const std::string& m : set_path_errors) msg += m + "\n  ";
    return fail_early(msg + "(--set applies to every scenario of the batch, NEC and boundary; nothing was run)");
  }
  for (size_t k = 0; k < sets->size(); ++k) {
    if (set_value_failures[k] == scen.size()) {
      return fail_early(set_value_message[k] + " (in every scenario; nothing was run)");
    }
  }
  for (size_t c = 0; c < cli_axes.size(); ++c) {
    if (nec_loaded > 0 && cli_axis_failures[c] == nec_loaded) {
      return fail_early(cli_axis_message[c] + " (in every scenario; nothing was run)");
    }
  }

  // 3. Rank 0 looks at OUTDIR: what is done, what conflicts; every rank
  // follows its decisions.
  const fs::path out_dir(opt.out_dir);
  int lock_fd = -1;
  std::string decision;  // "" (go) or an error; then one state per job
  if (root) {
    std::error_code ec;
    std::string problem;
    if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec)) {
      problem = out_dir.string() + ": --out: exists and is not a folder";
    } else if (fs::exists(out_dir, ec) && !fs::exists(out_dir / kMarker, ec) && !fs::is_empty(out_dir, ec) &&
               !opt.force) {
      problem = out_dir.string() +
                ": --out: the folder is not empty and was not written by necsim batch; choose another --out "
                "(or pass --force to write into it)";
    }
    if (problem.empty()) {
      fs::create_directories(out_dir, ec);
      const bool fresh = !fs::exists(out_dir / kMarker, ec);
      if (fresh) {
        if (Status st = WriteFileAtomic((out_dir / kMarker).string(), kMarkerText); !st) problem = st.error().ToString();
      }
      if (problem.empty()) {
        lock_fd = ::open((out_dir / kMarker).c_str(), O_RDONLY | O_CLOEXEC);
        if (lock_fd < 0) {
          problem = out_dir.string() + ": --out: cannot create the folder";
        } else if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
          problem = out_dir.string() + ": --out: another necsim batch is writing to this folder";
        }
      }
    }
    std::vector<std::string> conflicts;
    std::string states;
    if (problem.empty()) {
      RemoveStaleTemporaries(out_dir.string(), 2);
      for (Job& j : jobs) {
        if (j.state == 'f') {
          states += 'f';
          continue;
        }
        const fs::path dir = out_dir / j.folder;
        switch (Inspect(dir, j.key)) {
          case FolderState::kDone: j.state = 's'; break;
          case FolderState::kOther:
            if (!opt.force) conflicts.push_back(dir.string());
            break;
          case FolderState::kCorrupt:
            out << "necsim batch: " << dir.string() << ": incomplete or changed results; computing them again\n";
            break;
          case FolderState::kAbsent: break;
        }
        states += j.state;
      }
      // A sweep's folder must not be an older single result, and the reverse.
      for (const ScenarioFile& sf : scen) {
        if (sf.axes.empty() || sf.jobs.empty()) continue;
        const fs::path dir = out_dir / sf.stem;
        if (fs::exists(dir / "manifest.json", ec)) {
          if (opt.force) fs::remove_all(dir, ec);
          else conflicts.push_back(dir.string());
        }
      }
    }
    if (!conflicts.empty()) {
      std::sort(conflicts.begin(), conflicts.end());
      conflicts.erase(std::unique(conflicts.begin(), conflicts.end()), conflicts.end());
      problem = "results folders in " + out_dir.string() +
                " were made from other inputs (another scenario text, constituency table, --set, --sweep, --runs or "
                "--seed) or not by necsim batch: ";
      for (size_t k = 0; k < conflicts.size() && k < 5; ++k) problem += (k ? ", " : "") + conflicts[k];
      if (conflicts.size() > 5) problem += " and " + std::to_string(conflicts.size() - 5) + " more";
      problem += "; use another --out, or pass --force to replace them";
    }
    decision = problem.empty() ? "go" + states : "no" + problem;
  }
  decision = comm.Broadcast(decision);
  if (decision.rfind("no", 0) == 0) {
    if (lock_fd >= 0) ::close(lock_fd);
    return fail_early(decision.substr(2));
  }
  if (decision.size() != 2 + jobs.size()) {
    return fail_early("the MPI ranks see different scenario files; give every rank the same inputs");
  }
  for (size_t k = 0; k < jobs.size(); ++k) jobs[k].state = decision[2 + k];

  // 4. Run what is left, one job after another, each over all ranks and threads.
  const int threads = opt.threads > 0 ? opt.threads : DefaultThreads(comm.local_size());
  size_t ran = 0, skipped = 0, failed = 0;
  const size_t total = jobs.size();
  bool interrupted = false;
  for (size_t k = 0; k < jobs.size() && !interrupted; ++k) {
    Job& j = jobs[k];
    const ScenarioFile& sf = scen[j.scenario];
    const std::string label = "[" + std::to_string(k + 1) + "/" + std::to_string(total) + "] " + j.folder;
    if (j.state == 's') {
      ++skipped;
      if (root) out << label << ": done before, skipped\n";
      continue;
    }
    if (j.state == 'f') {
      ++failed;
      if (root) out << label << ": failed: " << j.message << "\n";
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const fs::path dir = out_dir / j.folder;
    if (sf.boundary) {
      const BoundaryModel model = BuildBoundaryModel(*j.boundary);
      BoundaryOptions bo;
      bo.runs = opt.runs > 0 ? opt.runs : j.boundary->runs;
      bo.seed = opt.seed >= 0 ? static_cast<uint64_t>(opt.seed) : j.boundary->seed;
      bo.threads = threads;
      bo.backend = BackendAvailable(Backend::kOpenMp) ? Backend::kOpenMp : Backend::kSerial;
      bool stop = false;
      const BoundaryTally tally = SimulateBoundaryAcrossRanks(model, bo, comm, opt.stop_requested, stop);
      if (stop) {
        interrupted = true;
        break;
      }
      std::string msg;
      if (root) {
        // The files of `necsim boundary --out` (sim/cli/cmd_boundary.cc).
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const BoundaryResults results = BuildBoundaryResults(model, tally, bo.seed);
        const auto summary = ToJson(results);
        std::map<std::string, std::string> produced = BoundaryTidyCsv(model, tally, results);
        produced["summary.json"] = summary.dump(2) + "\n";
        nlohmann::ordered_json info;
        info["version"] = NECSIM_VERSION;
        info["command"] = "batch";
        info["scenario"] = j.boundary->name;
        info["scenario_file"] = j.boundary->source;
        info["data_dir"] = ResolveBoundaryDataDir(opt.data_dir);
        if (!opt.sets.empty()) info["set"] = opt.sets;
        info["runs"] = tally.runs;
        info["wall_time_s"] = wall;
        info["runs_per_second"] = wall > 0 ? static_cast<double>(tally.runs) / wall : 0.0;
        info["threads"] = threads;
        if (comm.size() > 1) info["mpi_ranks"] = comm.size();
        info["backend"] = BackendName(bo.backend);
        info["host"] = HostName();
        produced["run_info.json"] = info.dump(2) + "\n";
        produced["manifest.json"] = Manifest(j, sf, produced).dump(2) + "\n";
        if (Status w = WriteFolderAtomic(dir.string(), produced); !w) msg = w.error().ToString();
        if (msg.empty()) {
          out << label << ": ok (boundary, " << tally.runs << " runs, " << std::fixed << std::setprecision(1) << wall
              << " s)\n" << std::defaultfloat;
        } else {
          out << label << ": failed: " << msg << "\n";
        }
      }
      msg = comm.Broadcast(msg);
      if (msg.empty()) {
        ++ran;
      } else {
        j.state = 'f';
        j.message = msg;
        ++failed;
      }
      continue;
    }
    EngineOptions eo;
    eo.runs = opt.runs > 0 ? opt.runs : j.sc.runs;
    eo.seed = opt.seed >= 0 ? static_cast<uint64_t>(opt.seed) : j.sc.seed;
    eo.precision = j.sc.precision;
    eo.threads = threads;
    eo.backend = BackendAvailable(Backend::kOpenMp) ? Backend::kOpenMp : Backend::kSerial;
    eo.sampler = SamplerKind::kFast;
    bool stop = false;
    SimulationResult res = SimulateAcrossRanks(j.sc, eo, comm, opt.stop_requested, stop);
    if (stop) {
      interrupted = true;
      break;
    }
    std::string msg;
    if (root) {
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      RunInfo info;
      info.wall_s = wall;
      info.threads = threads;
      info.mpi_ranks = comm.size() > 1 ? comm.size() : 0;
      std::map<std::string, std::string> produced = RunOutputFiles(j.sc, res, eo, info);
      produced["manifest.json"] = Manifest(j, sf, produced).dump(2) + "\n";
      if (Status w = WriteFolderAtomic(dir.string(), produced); !w) msg = w.error().ToString();
      if (msg.empty()) {
        out << label << ": ok (" << res.tally.runs << " runs, " << std::fixed << std::setprecision(1) << wall
            << " s)\n" << std::defaultfloat;
      } else {
        out << label << ": failed: " << msg << "\n";
      }
    }
    msg = comm.Broadcast(msg);
    if (msg.empty()) {
      ++ran;
    } else {
      j.state = 'f';
      j.message = msg;
      ++failed;
    }
  }
  if (interrupted) {
    if (root) {
      out.flush();
      err << "necsim batch: interrupted; " << ran + skipped << " of " << total << " results are complete in "
          << out_dir.string() << " (the one in progress was discarded). Run the same command again to resume: "
          << "finished scenarios are not recomputed.\n";
    }
    if (lock_fd >= 0) ::close(lock_fd);
    return BatchOutcome::kInterrupted;
  }

  // 5. Sweep tables and the index, from the results on disk (so a resumed
  // batch writes exactly what an uninterrupted one does).
  int code = static_cast<int>(BatchOutcome::kOk);
  if (root) {
    std::vector<IndexRow> rows;
    for (const ScenarioFile& sf : scen) {
      if (!sf.error.empty()) {
        rows.push_back({&sf, nullptr, nlohmann::json()});
        continue;
      }
      std::string sweep_csv = SweepCsvHeader(sf.axes);
      for (size_t k : sf.jobs) {
        const Job& j = jobs[k];
        IndexRow row{&sf, &j, nlohmann::json()};
        if (j.state != 'f') {
          try {
            row.summary = nlohmann::json::parse(ReadText(out_dir / j.folder / "summary.json"));
          } catch (const nlohmann::json::exception&) {
            row.summary = nlohmann::json();
          }
          if (!sf.axes.empty() && !sf.boundary && !row.summary.is_null()) sweep_csv += SweepCsvRows(j.point, j.sweep, row.summary);
        }
        rows.push_back(row);
      }
      if (!sf.axes.empty()) {
        if (Status w = WriteFileAtomic((out_dir / sf.stem / "sweep.csv").string(), sweep_csv); !w) {
          err << "necsim batch: " << w.error().ToString() << "\n";
          code = std::max(code, static_cast<int>(BatchOutcome::kWriteFailed));
        }
      }
    }
    std::map<std::string, std::string> index;
    WriteIndex(rows, index);
    for (const auto& [name, text] : index) {
      if (Status w = WriteFileAtomic((out_dir / name).string(), text); !w) {
        err << "necsim batch: " << w.error().ToString() << "\n";
        code = std::max(code, static_cast<int>(BatchOutcome::kWriteFailed));
      }
    }
    size_t failed_scenarios = 0;
    for (const auto& r : rows) failed_scenarios += !r.job || r.job->state == 'f';
    out << "Wrote " << (out_dir / "index.csv").string() << " and index.json: " << ran << " computed, " << skipped
        << " done before, " << failed_scenarios << " failed\n";
    if (failed_scenarios > 0) {
      err << "necsim batch: " << failed_scenarios << " scenario(s) or sweep point(s) failed:\n";
      for (const auto& r : rows) {
        if (!r.job) err << "  " << r.sf->file << ": " << r.sf->error << "\n";
        else if (r.job->state == 'f') err << "  " << r.job->folder << ": " << r.job->message << "\n";
      }
      if (code == static_cast<int>(BatchOutcome::kOk)) code = static_cast<int>(BatchOutcome::kSomeFailed);
    }
  }
  if (lock_fd >= 0) ::close(lock_fd);
  return static_cast<BatchOutcome>(comm.AllMax(code));
}

}  // namespace necsim
