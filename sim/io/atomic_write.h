// The one atomic writer: every file and folder any necsim command writes goes
// through here. A file is written to a temporary name beside its final one
// (".necsim-tmp-NAME-PID"), fsynced, renamed into place, and its folder
// fsynced, so a reader (or a machine that lost power) sees the old file or
// the new one, never half of one.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "io/io_faults.h"

namespace necsim {

// The prefixes of the temporaries the writers leave only when killed.
inline constexpr const char* kTempPrefix = ".necsim-tmp-";
inline constexpr const char* kOldPrefix = ".necsim-old-";

// One file: a synced temporary renamed over `path`.
Status WriteFileAtomic(const std::string& path, const std::string& text, const IoFaults* faults = nullptr);

// A whole folder: written under a temporary name beside `dir`
// (".necsim-tmp-NAME-PID"; files and folder synced), then swapped with an
// older `dir` in one step (renameat2 RENAME_EXCHANGE) and the old one removed;
// where the exchange is missing, the old folder is moved aside
// (".necsim-old-NAME-PID") and the new one renamed into place. Temporaries
// of earlier writers of `dir` whose process is gone are removed first.
// `faults` (tests only) makes a chosen write, fsync or rename fail.
Status WriteFolderAtomic(const std::string& dir, const std::map<std::string, std::string>& files,
                         const IoFaults* faults = nullptr);

// Removes what killed writers left in `dir` (and its sub-folders down to
// `depth`): names starting kTempPrefix or kOldPrefix.
void RemoveStaleTemporaries(const std::string& dir, int depth);

}  // namespace necsim
