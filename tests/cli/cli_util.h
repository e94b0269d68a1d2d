// Running the built `necsim` binary from tests: exit code, stdout, stderr.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace necsim_test {

inline const std::string kBinary = NECSIM_BINARY;

// The constituency tables of ../shared/data/uk-ge (the boundary tests that
// read them skip with a printed reason when they are absent).
inline const std::string kUkGeData = std::string(NECSIM_SHARED_DIR) + "/data/uk-ge";
inline bool HaveUkGe2019Tables() {
  return std::filesystem::exists(kUkGeData + "/ge2019_results_2010_boundaries.csv") &&
         std::filesystem::exists(kUkGeData + "/ge2019_notional_2024_boundaries.csv");
}

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file under `root` (relative path -> contents), but the run_info.json
// files: they hold timings and the host, by design the only files of a
// results folder that differ between equal runs.
inline std::map<std::string, std::string> ResultsTree(const std::filesystem::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().filename() == "run_info.json") continue;
    out[std::filesystem::relative(e.path(), root).string()] = Slurp(e.path().string());
  }
  return out;
}

// The atomic writer's temporaries anywhere under `root` (".necsim-tmp-*",
// ".necsim-old-*"): a writer that finished or failed cleanly leaves none.
inline std::vector<std::string> WriterTemporaries(const std::filesystem::path& root) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(".necsim-tmp-", 0) == 0 || name.rfind(".necsim-old-", 0) == 0) out.push_back(e.path().string());
  }
  return out;
}

// Runs necsim with `args`, capturing stdout, stderr and the exit code.
// Output goes to temporary files so that neither pipe can fill and block.
inline RunResult RunNecsim(const std::vector<std::string>& args) {
  RunResult r;
  const std::string dir = std::filesystem::temp_directory_path().string();
  std::string out_path = dir + "/necsim_cli_out_XXXXXX";
  std::string err_path = dir + "/necsim_cli_err_XXXXXX";
  const int out_fd = mkstemp(out_path.data());
  const int err_fd = mkstemp(err_path.data());
  if (out_fd < 0 || err_fd < 0) {
    ADD_FAILURE() << "mkstemp failed";
    return r;
  }
  std::vector<std::string> argv_store;
  argv_store.push_back(kBinary);
  argv_store.insert(argv_store.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execv(kBinary.c_str(), argv.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
  } else {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
    else r.code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  r.out = Slurp(out_path);
  r.err = Slurp(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return r;
}

// A run's exit code, stdout and stderr (cut short), for failure messages.
inline std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.code) + "\n--- stdout ---\n" + r.out.substr(0, 3000) + "\n--- stderr ---\n" +
         r.err.substr(0, 2000);
}

inline bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// A scratch folder (mkdtemp) for files a test writes, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    std::string t = (std::filesystem::temp_directory_path() / "necsim_scratch_XXXXXX").string();
    if (mkdtemp(t.data()) != nullptr) path_ = t;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `text` to the file `name` in the folder; returns its path.
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::string path_;
};

}  // namespace necsim_test
