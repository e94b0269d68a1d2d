// A batch's output folder (private to sim/batch): the marker that makes it a
// batch's and the lock held on it while a batch runs, each results folder's
// manifest.json (the hash of the job's inputs and of each file), and the look
// at OUTDIR that decides what is done before, what is to run again and what
// conflicts.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "batch/batch.h"
#include "batch/batch_comm.h"
#include "batch/plan.h"
#include "core/status.h"

namespace necsim {
namespace batch_detail {

// The lock on OUTDIR's marker (rank 0 only; released when destroyed).
class OutDirLock {
 public:
  OutDirLock() = default;
  ~OutDirLock();
  OutDirLock(const OutDirLock&) = delete;
  OutDirLock& operator=(const OutDirLock&) = delete;
  void Hold(int fd);

 private:
  int fd_ = -1;
};

// manifest.json of a job's results folder holding `files` (name -> text).
nlohmann::ordered_json Manifest(const Job& job, const ScenarioFile& sf, const std::map<std::string, std::string>& files);

// Rank 0 looks at OUTDIR (creates it and its marker, takes the lock, removes
// stale temporaries, inspects each job's folder); every rank follows its
// decisions: each job's state becomes 's' (done before, with a matching
// manifest), stays 'r' (to run: absent, or incomplete and so computed again)
// or 'f'. An Error (message only) is an OUTDIR the batch must not write:
// not a folder, not a batch's and not empty, locked by another batch, or
// holding results of other inputs (without --force).
Status ClaimOutDir(const BatchOptions& opt, BatchPlan& plan, Comm& comm, std::ostream& out, OutDirLock& lock);

}  // namespace batch_detail
}  // namespace necsim
