#include "batch/outdir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "io/atomic_write.h"
#include "io/text.h"

#ifndef NECSIM_VERSION
#define NECSIM_VERSION "unknown"
#endif

namespace necsim {
namespace batch_detail {
namespace fs = std::filesystem;

namespace {

// True when `dir` holds nothing but the temporaries of killed writers (a
// batch killed while it wrote its marker leaves the folder so): empty, for
// the question "was this folder written by something else?".
bool HoldsOnlyTemporaries(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(kTempPrefix, 0) != 0 && name.rfind(kOldPrefix, 0) != 0) return false;
  }
  return true;
}


const char* kMarker = ".necsim-batch";
const char* kMarkerText = "necsim batch output folder (marks it for resuming; locked while a batch runs)\n";

Error Refusal(const std::string& msg) {
  Error e;
  e.message = msg;
  return e;
}

enum class FolderState { kAbsent, kDone, kCorrupt, kOther };

// kDone: the folder holds this job's complete results. kCorrupt: our manifest
// for these inputs, but a file is missing or changed. kOther: something else.
FolderState Inspect(const fs::path& dir, const std::string& key) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return FolderState::kAbsent;
  auto text = ReadTextFile((dir / "manifest.json").string(), kResultsInput);
  if (!text) return FolderState::kOther;
  nlohmann::json m;
  try {
    m = nlohmann::json::parse(*text);
    if (m.value("input_hash", std::string()) != key) return FolderState::kOther;
    for (const auto& [name, h] : m.at("files").items()) {
      auto body = ReadTextFile((dir / name).string(), kResultsInput);
      if (!body || Fnv1a64(*body) != h.get<std::string>()) return FolderState::kCorrupt;
    }
  } catch (const nlohmann::json::exception&) {
    return FolderState::kCorrupt;
  }
  return FolderState::kDone;
}

}  // namespace

OutDirLock::~OutDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

void OutDirLock::Hold(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
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

Status ClaimOutDir(const BatchOptions& opt, BatchPlan& plan, Comm& comm, std::ostream& out, OutDirLock& lock) {
  const bool root = comm.rank() == 0;
  std::vector<Job>& jobs = plan.jobs;
  const std::vector<ScenarioFile>& scen = plan.scenarios;
  const fs::path out_dir(opt.out_dir);
  int lock_fd = -1;
  std::string decision;  // "" (go) or an error; then one state per job
  if (root) {
    std::error_code ec;
    std::string problem;
    if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec)) {
      problem = out_dir.string() + ": --out: exists and is not a folder";
    } else if (fs::exists(out_dir, ec) && !fs::exists(out_dir / kMarker, ec) && !HoldsOnlyTemporaries(out_dir) &&
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
        if (lock_fd >= 0) lock.Hold(lock_fd);
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
    return Refusal(decision.substr(2));
  }
  if (decision.size() != 2 + jobs.size()) {
    return Refusal("the MPI ranks see different scenario files; give every rank the same inputs");
  }
  for (size_t k = 0; k < jobs.size(); ++k) jobs[k].state = decision[2 + k];
  return {};
}

}  // namespace batch_detail
}  // namespace necsim
