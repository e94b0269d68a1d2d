// `mpirun -np 2 necsim batch` against one process (built with -DNECSIM_MPI=ON):
// every output file byte for byte equal (but run_info.json, which records
// timings, host and the rank count), for a batch with a plain scenario, a
// precision-stopped one, a sweep, a scenario that fails validation and a
// boundary scenario.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_util.h"
#include "tests/two_slate_scenario.h"

namespace {

namespace fs = std::filesystem;
using necsim_test::Slurp;

struct Ran {
  int code = -1;
  std::string log;
};

// Runs argv[0] with its arguments; stdout and stderr together in `log`.
Ran RunProgram(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> store = args;
  std::vector<char*> argv;
  for (auto& a : store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execv(store[0].c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  Ran r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.log = Slurp(log.string());
  return r;
}

// The shared two-slate scenario with a third rule set, Meek STV (appended to
// the text's last list, rule_sets), then `extra` (top-level keys).
std::string Nec(const std::string& name, int seed, int runs, const std::string& extra) {
  return necsim_test::TwoSlateScenario(name, seed, runs, 0.52, "  - {name: meek4, rule: meek, seats: 4}\n" + extra);
}

TEST(BatchMpi, TwoRanksWriteTheSameFilesAsOneProcess) {
  const fs::path dir = fs::temp_directory_path() / ("necsim_batch_mpi_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::ofstream(dir / "in" / "a_plain.yaml") << Nec("plain", 5, 777, "");  // not a multiple of the block
  std::ofstream(dir / "in" / "b_precise.yaml") << Nec("precise", 6, 5000, "precision: 0.012");
  std::ofstream(dir / "in" / "c_sweep.yaml")
      << Nec("sweep", 7, 300, "sweep:\n  blocs.left.share: 0.45:0.55:0.05\n  rule_sets.0.seats: [2, 3]\n");
  std::ofstream(dir / "in" / "d_bad.yaml") << Nec("bad", 8, 100, "").replace(0, 4, "nome");
  const fs::path boundary = fs::path(NECSIM_FIXTURES_DIR) / "boundary" / "small_review.yaml";
  const std::vector<std::string> common{dir / "in", boundary.string(), "--data",
                                        (fs::path(NECSIM_FIXTURES_DIR) / "boundary").string(), "--threads", "1"};
  std::vector<std::string> one{NECSIM_BINARY, "batch", "--out", (dir / "one").string()};
  one.insert(one.end(), common.begin(), common.end());
  // Root in CI containers: OpenMPI refuses to start as root unless told.
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  std::vector<std::string> two{NECSIM_MPIEXEC, "-np", "2", "--oversubscribe", NECSIM_BINARY, "batch", "--out",
                               (dir / "two").string()};
  two.insert(two.end(), common.begin(), common.end());

  const Ran a = RunProgram(one, dir / "one.log");
  ASSERT_EQ(a.code, 3) << a.log;  // d_bad fails validation; the rest are ok
  const Ran b = RunProgram(two, dir / "two.log");
  ASSERT_EQ(b.code, 3) << b.log;

  // The second run really was split over two ranks.
  const auto info = nlohmann::json::parse(Slurp((dir / "two" / "a_plain" / "run_info.json").string()));
  EXPECT_EQ(info.value("mpi_ranks", 0), 2) << info.dump();
  EXPECT_FALSE(nlohmann::json::parse(Slurp((dir / "one" / "a_plain" / "run_info.json").string())).contains("mpi_ranks"));

  const auto ta = necsim_test::ResultsTree(dir / "one"), tb = necsim_test::ResultsTree(dir / "two");
  std::vector<std::string> na, nb;
  for (const auto& [k, v] : ta) na.push_back(k);
  for (const auto& [k, v] : tb) nb.push_back(k);
  ASSERT_EQ(na, nb);
  EXPECT_GT(na.size(), 40u);
  for (const auto& [k, v] : ta) EXPECT_TRUE(v == tb.at(k)) << k << " differs";
  const auto s = nlohmann::json::parse(Slurp((dir / "one" / "b_precise" / "summary.json").string()));
  EXPECT_TRUE(s["stopped_on_precision"].get<bool>());  // the checkpoints were exercised
  fs::remove_all(dir);
}

}  // namespace
