// Fault injection for the atomic writer, as LevelDB's fault-injection Env and
// SQLite's I/O-error tests do: the n-th write, fsync or rename (or the n-th of
// any of them) fails with EIO, so a test can make every step of a command's
// output fail in turn and check that the old results survive and no
// temporary is left. `necsim` takes the plan from the environment variable
// NECSIM_FAULT ("write:3", "sync:1", "rename:2", "any:7"; with "kill-" in
// front, "kill-rename:1", the process kills itself with SIGKILL at that
// point instead, for the crash loop), read once in main
// and passed down to the writers; without it nothing is injected. For tests
// (tests/cli/fault_test.cc, scripts/crash_loop); docs/reliability.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace necsim {

class IoFaults {
 public:
  enum class Op { kWrite, kSync, kRename, kAny };

  // "OP:N" (OP write|sync|rename|any, N >= 1), or nullopt for anything else.
  static std::optional<IoFaults> Parse(std::string spec) {
    bool kill = false;
    if (spec.rfind("kill-", 0) == 0) {
      kill = true;
      spec = spec.substr(5);
    }
    const size_t colon = spec.find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string op = spec.substr(0, colon), n = spec.substr(colon + 1);
    Op o;
    if (op == "write") o = Op::kWrite;
    else if (op == "sync") o = Op::kSync;
    else if (op == "rename") o = Op::kRename;
    else if (op == "any") o = Op::kAny;
    else return std::nullopt;
    if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 12) return std::nullopt;
    const int64_t at = std::strtoll(n.c_str(), nullptr, 10);
    if (at < 1) return std::nullopt;
    return IoFaults(o, at, kill);
  }

  IoFaults(Op op, int64_t at, bool kill = false) : op_(op), at_(at), kill_(kill) {}
  IoFaults(const IoFaults& o) : op_(o.op_), at_(o.at_), kill_(o.kill_), seen_(o.seen_.load()) {}

  // At the chosen point the process is killed (SIGKILL) rather than the
  // operation failing.
  bool kills() const { return kill_; }

  // Called before each operation `op`: true when this one is to fail.
  bool Fail(Op op) const {
    if (op_ != Op::kAny && op_ != op) return false;
    return ++seen_ == at_;
  }
  // How many operations of the chosen kind were seen (so a test knows when
  // n has passed the last one).
  int64_t seen() const { return seen_.load(); }

 private:
  Op op_;
  int64_t at_;
  bool kill_ = false;
  mutable std::atomic<int64_t> seen_{0};
};

}  // namespace necsim
