#include "io/atomic_write.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <filesystem>
#include <utility>
#include <vector>

namespace necsim {

namespace fs = std::filesystem;

namespace {

// The injected fault for `op`, if any: sets errno to EIO.
bool Injected(const IoFaults* faults, IoFaults::Op op) {
  if (faults == nullptr || !faults->Fail(op)) return false;
  if (faults->kills()) ::raise(SIGKILL);  // the crash loop's kill at this very point
  errno = EIO;
  return true;
}

bool WriteSynced(const fs::path& p, const std::string& text, const IoFaults* faults) {
  if (Injected(faults, IoFaults::Op::kWrite)) return false;
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = n < 0 ? errno : ENOSPC;
      ::close(fd);
      errno = saved;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (Injected(faults, IoFaults::Op::kSync) || ::fsync(fd) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return false;
  }
  return ::close(fd) == 0;
}

bool SyncDir(const fs::path& dir, const IoFaults* faults = nullptr) {
  if (Injected(faults, IoFaults::Op::kSync)) return false;
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

Error IoError(const fs::path& p, const std::string& msg) {
  Error e;
  e.file = p.string();
  e.message = msg;
  return e;
}

fs::path TempBeside(const fs::path& p) {
  return p.parent_path() / (std::string(kTempPrefix) + p.filename().string() + "-" + std::to_string(::getpid()));
}

}  // namespace

Status WriteFileAtomic(const std::string& path, const std::string& text, const IoFaults* faults) {
  const fs::path p(path);
  const fs::path tmp = TempBeside(p);
  std::error_code ec;
  if (!WriteSynced(tmp, text, faults)) {
    const std::string reason = std::strerror(errno);
    fs::remove(tmp, ec);
    return IoError(p, "could not write the file: " + reason);
  }
  if (Injected(faults, IoFaults::Op::kRename)) ec = std::make_error_code(std::errc::io_error);
  else fs::rename(tmp, p, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(tmp, ec);
    return IoError(p, "could not move the finished file into place: " + reason);
  }
  SyncDir(p.parent_path());
  return {};
}

namespace {

// The process `pid` is gone (so its temporaries are stale).
bool ProcessGone(const std::string& pid_text) {
  if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) return false;
  const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// Removes the temporaries that killed writers of folder `name` left in
// `parent` (".necsim-tmp-NAME-PID", ".necsim-old-NAME-PID" whose process is
// gone); a live writer's are left alone.
void RemoveStaleFolderTemporaries(const fs::path& parent, const std::string& name) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& e : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec)) {
    const std::string entry = e.path().filename().string();
    for (const char* prefix : {kTempPrefix, kOldPrefix}) {
      const std::string head = std::string(prefix) + name + "-";
      if (entry.size() > head.size() && entry.compare(0, head.size(), head) == 0 &&
          ProcessGone(entry.substr(head.size()))) {
        doomed.push_back(e.path());
      }
    }
  }
  for (const auto& p : doomed) fs::remove_all(p, ec);
}

// Exchanges the folders `a` and `b` in one step (Linux renameat2 with
// RENAME_EXCHANGE). False with errno set where the system lacks it.
bool ExchangeFolders(const fs::path& a, const fs::path& b, const IoFaults* faults) {
  if (Injected(faults, IoFaults::Op::kRename)) return false;
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
#else
  errno = ENOSYS;
  return false;
#endif
}

}  // namespace

Status WriteFolderAtomic(const std::string& dir, const std::map<std::string, std::string>& files,
                         const IoFaults* faults) {
  std::error_code ec;
  const fs::path final_dir = fs::path(dir).lexically_normal();
  const fs::path parent = final_dir.parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  const std::string name = final_dir.filename().string();
  RemoveStaleFolderTemporaries(parent, name);
  const std::string tag = name + "-" + std::to_string(::getpid());
  const fs::path tmp = parent / (kTempPrefix + tag);
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return IoError(tmp, "cannot create the folder: " + ec.message());
  auto fail = [&](const fs::path& p, const std::string& what) {
    const std::string reason = std::strerror(errno);
    fs::remove_all(tmp, ec);
    return IoError(p, what + ": " + reason + "; the old results are as they were");
  };
  std::vector<fs::path> subdirs;
  for (const auto& [rel, text] : files) {
    const fs::path p = tmp / rel;
    if (p.parent_path() != tmp) {
      fs::create_directories(p.parent_path(), ec);
      subdirs.push_back(p.parent_path());
    }
    if (!WriteSynced(p, text, faults)) return fail(final_dir / rel, "could not write the file");
  }
  for (const auto& d : subdirs) {
    if (!SyncDir(d, faults)) return fail(d, "could not sync the new results folder");
  }
  if (!SyncDir(tmp, faults)) return fail(final_dir, "could not sync the new results folder");
  if (fs::is_directory(final_dir, ec)) {
    // The new folder takes the old one's place in one step; the old one,
    // now under the temporary name, is removed after.
    if (ExchangeFolders(tmp, final_dir, faults)) {
      SyncDir(parent);
      fs::remove_all(tmp, ec);
      return {};
    }
    if (errno != ENOSYS && errno != EINVAL) return fail(final_dir, "could not move the new results into place");
    // Fallback (no RENAME_EXCHANGE on this system or file system): the old
    // folder is moved aside, then the new one into place; a crash between
    // the two leaves the old results under .necsim-old-NAME-PID.
    const fs::path old = parent / (kOldPrefix + tag);
    fs::remove_all(old, ec);
    if (::rename(final_dir.c_str(), old.c_str()) != 0) return fail(final_dir, "could not move the old results aside");
    if (::rename(tmp.c_str(), final_dir.c_str()) != 0) {
      const std::string reason = std::strerror(errno);
      ::rename(old.c_str(), final_dir.c_str());
      fs::remove_all(tmp, ec);
      return IoError(final_dir, "could not move the new results into place: " + reason);
    }
    SyncDir(parent);
    fs::remove_all(old, ec);
    return {};
  }
  if (Injected(faults, IoFaults::Op::kRename) || ::rename(tmp.c_str(), final_dir.c_str()) != 0) {
    return fail(final_dir, "could not move the new results into place");
  }
  SyncDir(parent);
  return {};
}

void RemoveStaleTemporaries(const std::string& dir, int depth) {
  std::error_code ec;
  std::vector<fs::path> doomed, subdirs;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(kTempPrefix, 0) == 0 || name.rfind(kOldPrefix, 0) == 0) doomed.push_back(e.path());
    else if (depth > 0 && e.is_directory(ec)) subdirs.push_back(e.path());
  }
  for (const auto& p : doomed) fs::remove_all(p, ec);
  for (const auto& p : subdirs) RemoveStaleTemporaries(p.string(), depth - 1);
}

}  // namespace necsim
