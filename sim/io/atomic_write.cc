#include "io/atomic_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <utility>
#include <vector>

namespace necsim {

namespace fs = std::filesystem;

namespace {

bool WriteSynced(const fs::path& p, const std::string& text) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

void SyncDir(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
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

Status WriteFileAtomic(const std::string& path, const std::string& text) {
  const fs::path p(path);
  const fs::path tmp = TempBeside(p);
  std::error_code ec;
  if (!WriteSynced(tmp, text)) {
    fs::remove(tmp, ec);
    return IoError(p, "could not write the file");
  }
  fs::rename(tmp, p, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return IoError(p, "could not move the finished file into place: " + ec.message());
  }
  SyncDir(p.parent_path());
  return {};
}

Status WriteFilesAtomic(const std::string& dir, const std::map<std::string, std::string>& files) {
  std::error_code ec;
  std::vector<std::pair<fs::path, fs::path>> moves;
  for (const auto& [name, text] : files) {
    const fs::path final_path = fs::path(dir) / name;
    const fs::path tmp = TempBeside(final_path);
    if (!WriteSynced(tmp, text)) {
      for (const auto& m : moves) fs::remove(m.first, ec);
      fs::remove(tmp, ec);
      return IoError(final_path, "could not write the file");
    }
    moves.emplace_back(tmp, final_path);
  }
  for (const auto& [tmp, final_path] : moves) {
    fs::rename(tmp, final_path, ec);
    if (ec) return IoError(final_path, "could not move the finished file into place: " + ec.message());
  }
  SyncDir(dir);
  return {};
}

Status WriteFolderAtomic(const std::string& dir, const std::map<std::string, std::string>& files) {
  std::error_code ec;
  const fs::path final_dir(dir);
  const fs::path parent = final_dir.parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  const std::string tag = final_dir.filename().string() + "-" + std::to_string(::getpid());
  const fs::path tmp = parent / (kTempPrefix + tag);
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return IoError(tmp, "cannot create the folder: " + ec.message());
  for (const auto& [name, text] : files) {
    if (!WriteSynced(tmp / name, text)) {
      fs::remove_all(tmp, ec);
      return IoError(final_dir / name, "could not write the file");
    }
  }
  SyncDir(tmp);
  const fs::path old = parent / (kOldPrefix + tag);
  if (fs::exists(final_dir, ec)) {
    fs::rename(final_dir, old, ec);
    if (ec) return IoError(final_dir, "could not move the old results aside: " + ec.message());
  }
  fs::rename(tmp, final_dir, ec);
  if (ec) return IoError(final_dir, "could not move the finished results into place: " + ec.message());
  SyncDir(parent);
  fs::remove_all(old, ec);
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
