#include "batch/plan.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "batch/batch.h"
#include "io/text.h"
#include "scenario/override.h"
#include "scenario/scenario_yaml.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

namespace necsim {
namespace batch_detail {
namespace fs = std::filesystem;

namespace {

Error IoError(const fs::path& p, const std::string& msg) {
  Error e;
  e.file = p.string();
  e.message = msg;
  return e;
}

// A batch that must not start: the message is the whole text.
Error Refusal(const std::string& msg) {
  Error e;
  e.message = msg;
  return e;
}

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

}  // namespace

// The loader has just read the tables; should one vanish in between,
// "unreadable" stands in for its hash.
std::vector<std::pair<std::string, std::string>> TableHashes(const BoundaryScenario& bsc) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const BoundarySet& set : bsc.sets) {
    auto bytes = ReadTextFile(set.table.file, kTableInput);
    out.emplace_back(set.key, bytes ? Fnv1a64(*bytes) : "unreadable");
  }
  return out;
}

namespace {

// Loads the scenarios one at a time into `plan`, keeping what decides
// whether the batch may start: `--set` applies to every scenario, NEC and
// boundary. A PATH some scenario does not have stops the batch before
// anything runs; so does a VALUE every scenario rejects, and a --sweep axis
// every NEC scenario rejects. A value only some scenarios reject fails those
// scenarios alone (reported in the index).
class Planner {
 public:
  Planner(const BatchOptions& opt, std::vector<Override> sets, std::vector<SweepAxis> cli_axes, BatchPlan& plan)
      : opt_(opt),
        sets_(std::move(sets)),
        cli_axes_(std::move(cli_axes)),
        plan_(plan),
        set_value_failures_(sets_.size(), 0),
        set_value_message_(sets_.size()),
        cli_axis_failures_(cli_axes_.size(), 0),
        cli_axis_message_(cli_axes_.size()) {
    for (const auto& o : sets_) set_key_text_ += "set " + o.path + "=" + o.value + "\n";
  }

  void Plan(size_t i) {
    ScenarioFile& sf = plan_.scenarios[i];
    sf.boundary = IsBoundaryScenarioFile(sf.file);
    std::string base_text = "necsim " NECSIM_VERSION "\n" + ScenarioChainText(sf.file);
    base_text += "\nruns=" + std::to_string(opt_.runs) + "\nseed=" + std::to_string(opt_.seed) + "\n";
    if (sf.boundary) {
      PlanBoundary(i, base_text);
    } else {
      PlanNec(i, base_text);
    }
  }

  // The batch's refusal, when it must not start.
  Status Verdict() const {
    if (!set_path_errors_.empty()) {
      std::string msg;
      for (const std::string& m : set_path_errors_) msg += m + "\n  ";
      return Refusal(msg + "(--set applies to every scenario of the batch, NEC and boundary; nothing was run)");
    }
    for (size_t k = 0; k < sets_.size(); ++k) {
      if (set_value_failures_[k] == plan_.scenarios.size()) {
        return Refusal(set_value_message_[k] + " (in every scenario; nothing was run)");
      }
    }
    for (size_t c = 0; c < cli_axes_.size(); ++c) {
      if (nec_loaded_ > 0 && cli_axis_failures_[c] == nec_loaded_) {
        return Refusal(cli_axis_message_[c] + " (in every scenario; nothing was run)");
      }
    }
    return {};
  }

 private:
  void Add(ScenarioFile& sf, Job j) {
    sf.jobs.push_back(plan_.jobs.size());
    plan_.jobs.push_back(std::move(j));
  }

  // A load error that lies in a --set: its PATH (the batch stops) or its
  // VALUE (counted against the override).
  void NoteSetError(const ScenarioFile& sf, const Error& e) {
    for (size_t k = 0; k < sets_.size(); ++k) {
      const Override& o = sets_[k];
      if (e.file != "--set " + o.path + "=" + o.value) continue;
      const std::string kind = sf.boundary ? "boundary" : "NEC";
      if (IsPathError(e, o)) {
        set_path_errors_.push_back("--set " + o.path + "=" + o.value + " does not apply to the " + kind +
                                   " scenario " + sf.file + ": " + e.ToString());
      } else {
        ++set_value_failures_[k];
        set_value_message_[k] = sf.file + " (" + kind + " scenario): " + e.ToString();
      }
      return;
    }
  }

  // A boundary scenario: one job, keyed by its constituency tables' contents.
  void PlanBoundary(size_t i, const std::string& base_text) {
    ScenarioFile& sf = plan_.scenarios[i];
    Job j;
    j.scenario = i;
    j.folder = sf.stem;
    j.overrides = sets_;
    auto bsc = LoadBoundaryScenarioFile(sf.file, ResolveBoundaryDataDir(opt_.data_dir), sets_);
    if (!bsc) {
      NoteSetError(sf, bsc.error());
      j.state = 'f';
      j.message = bsc.error().ToString();
      j.key = Fnv1a64("boundary\n" + base_text + set_key_text_);
    } else {
      j.boundary = std::make_shared<const BoundaryScenario>(std::move(*bsc));
      // The tables' contents, not where --data found them: a table edited in
      // place changes the key, a copy elsewhere does not.
      j.tables = TableHashes(*j.boundary);
      std::string tables;
      for (const auto& [set, hash] : j.tables) tables += "table " + set + " " + hash + "\n";
      j.key = Fnv1a64("boundary\n" + base_text + tables + set_key_text_);
    }
    Add(sf, std::move(j));
  }

  // The sweep axes of an NEC scenario: its file's, with the command line's
  // replacing the file's axis on the same field. Sets sf.error when an axis
  // names an unknown field (checked once, on its first value: it would fail
  // every point).
  std::vector<SweepAxis> Axes(ScenarioFile& sf) {
    auto file_axes = ReadSweepBlock(sf.file);
    if (!file_axes) {
      sf.error = file_axes.error().ToString();
      return {};
    }
    std::vector<SweepAxis> axes = *file_axes;
    for (const auto& ca : cli_axes_) {
      auto it = std::find_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.path == ca.path; });
      if (it != axes.end()) *it = ca;
      else axes.push_back(ca);
    }
    for (size_t a = 0; a < axes.size() && sf.error.empty(); ++a) {
      std::vector<Override> probe = sets_;
      const Override o{axes[a].path, axes[a].values.front()};
      probe.push_back(o);
      auto r = LoadScenarioFile(sf.file, probe);
      if (!r && IsPathError(r.error(), o)) {
        sf.error = DescribeSweep(axes[a], r.error());
        for (size_t c = 0; c < cli_axes_.size(); ++c) {
          if (cli_axes_[c].path == axes[a].path && axes[a].origin.file == cli_axes_[c].origin.file) {
            ++cli_axis_failures_[c];
            cli_axis_message_[c] = sf.error;
          }
        }
      }
    }
    return axes;
  }

  // An NEC scenario: one job, or one per point of its sweep's grid.
  void PlanNec(size_t i, const std::string& base_text) {
    ScenarioFile& sf = plan_.scenarios[i];
    auto base = LoadScenarioFile(sf.file, sets_);
    if (!base) {
      NoteSetError(sf, base.error());
      sf.error = base.error().ToString();
      return;
    }
    ++nec_loaded_;
    std::vector<SweepAxis> axes = Axes(sf);
    if (!sf.error.empty()) return;
    sf.axes = axes;
    auto grid = ExpandGrid(axes);
    if (!grid) {
      sf.error = sf.file + ": " + grid.error().ToString();
      return;
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
      j.overrides = sets_;
      for (const auto& o : j.sweep.settings) j.overrides.push_back(o);
      // The other blocs' shares, rescaled as the loader rescales them for
      // --set (every share the overrides set, --set or swept, is kept), listed
      // in the manifest's overrides.
      auto renorm = ShareRescaling(sf.file, j.overrides);
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
      Add(sf, std::move(j));
    }
  }

  const BatchOptions& opt_;
  const std::vector<Override> sets_;
  const std::vector<SweepAxis> cli_axes_;
  BatchPlan& plan_;
  std::string set_key_text_;  // the overrides, in the inputs' hash
  std::vector<std::string> set_path_errors_;
  std::vector<size_t> set_value_failures_;
  std::vector<std::string> set_value_message_;
  int nec_loaded_ = 0;
  std::vector<int> cli_axis_failures_;
  std::vector<std::string> cli_axis_message_;
};

}  // namespace

Result<BatchPlan> PlanBatch(const BatchOptions& opt) {
  // The arguments (identical on every rank).
  if (opt.out_dir.empty()) return Refusal("--out: give the output folder");
  auto sets = ParseOverrideArgs(opt.sets);
  if (!sets) return Refusal(sets.error().ToString());
  std::vector<SweepAxis> cli_axes;
  for (const std::string& s : opt.sweeps) {
    auto ax = ParseSweepArg(s);
    if (!ax) return Refusal(ax.error().ToString());
    for (const auto& other : cli_axes) {
      if (other.path == ax->path) return Refusal("--sweep: '" + ax->path + "' is swept twice");
    }
    cli_axes.push_back(*ax);
  }
  auto files = ExpandInputs(opt.inputs);
  if (!files) return Refusal(files.error().ToString());
  BatchPlan plan;
  plan.scenarios = std::move(*files);
  // Every scenario and sweep point, loaded and validated.
  Planner planner(opt, std::move(*sets), std::move(cli_axes), plan);
  for (size_t i = 0; i < plan.scenarios.size(); ++i) planner.Plan(i);
  if (Status v = planner.Verdict(); !v) return v.error();
  return plan;
}

}  // namespace batch_detail
}  // namespace necsim
