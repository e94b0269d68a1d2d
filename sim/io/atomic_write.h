// The one atomic writer: every file and folder any necsim command writes goes
// through here. A file is written to a temporary name beside its final one
// (".necsim-tmp-NAME-PID"), fsynced, renamed into place, and its folder
// fsynced, so a reader (or a machine that lost power) sees the old file or
// the new one, never half of one.
#pragma once

#include <map>
#include <string>

#include "core/status.h"

namespace necsim {

// The prefixes of the temporaries the writers leave only when killed.
inline constexpr const char* kTempPrefix = ".necsim-tmp-";
inline constexpr const char* kOldPrefix = ".necsim-old-";

// One file: a synced temporary renamed over `path`.
Status WriteFileAtomic(const std::string& path, const std::string& text);

// Several files into the existing folder `dir`: every temporary is written
// and synced before the first rename, so a failed write leaves the old files
// as they were; then the renames and one fsync of the folder.
Status WriteFilesAtomic(const std::string& dir, const std::map<std::string, std::string>& files);

// A whole folder: written under a temporary name beside `dir` (files and
// folder synced), then renamed into place, an older `dir` moved aside first
// and removed after.
Status WriteFolderAtomic(const std::string& dir, const std::map<std::string, std::string>& files);

// Removes what killed writers left in `dir` (and its sub-folders down to
// `depth`): names starting kTempPrefix or kOldPrefix.
void RemoveStaleTemporaries(const std::string& dir, int depth);

}  // namespace necsim
