// How the ranks of a batch talk: a small interface with one implementation
// for a single process (LocalComm) and one over MPI (batch_mpi.cc, built
// with -DNECSIM_MPI=ON). Only the collective operations the batch needs:
// gathering bytes on rank 0 in rank order, broadcasting rank 0's bytes, and a
// maximum over ranks. Every rank must make the same calls in the same order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace necsim {

class Comm {
 public:
  virtual ~Comm() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Ranks on this machine (for the default thread count).
  virtual int local_size() const = 0;
  // Rank 0 receives every rank's `mine`, indexed by rank; others get {}.
  virtual std::vector<std::string> Gather(const std::string& mine) = 0;
  // Every rank receives rank 0's `value` (other ranks' argument is ignored).
  virtual std::string Broadcast(const std::string& value) = 0;
  // The largest `v` over all ranks, on every rank.
  virtual int64_t AllMax(int64_t v) = 0;
};

// One process: rank 0 of 1.
class LocalComm : public Comm {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int local_size() const override { return 1; }
  std::vector<std::string> Gather(const std::string& mine) override { return {mine}; }
  std::string Broadcast(const std::string& value) override { return value; }
  int64_t AllMax(int64_t v) override { return v; }
};

// MPI, when this necsim was built with NECSIM_MPI and the process was started
// by an MPI launcher (mpirun, srun): initialises MPI for the lifetime of the
// returned object (finalised by its destructor). Returns nullptr otherwise.
std::unique_ptr<Comm> MaybeStartMpi();

// Whether this necsim was built with MPI support.
bool MpiBuilt();

}  // namespace necsim
