// The MPI communicator of `necsim batch` (built with -DNECSIM_MPI=ON).
#include "batch/batch_comm.h"

#include <cstdlib>

#ifdef NECSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace necsim {

#ifdef NECSIM_HAVE_MPI
namespace {

// Started by an MPI launcher? OpenMPI's mpirun sets OMPI_COMM_WORLD_SIZE;
// PMIx launchers (OpenMPI 4+, Slurm's srun --mpi=pmix) set PMIX_RANK; PMI-1/2
// launchers (srun --mpi=pmi2, MPICH) set PMI_RANK / PMI_SIZE. A plain
// `necsim batch` sets none of them and runs without MPI.
bool UnderLauncher() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

class MpiComm : public Comm {
 public:
  MpiComm() {
    int provided = 0;
    // FUNNELED: OpenMP threads run inside a rank, only its main thread calls MPI.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &local_size_);
    MPI_Comm_free(&node);
  }
  ~MpiComm() override { MPI_Finalize(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int local_size() const override { return local_size_; }

  std::vector<std::string> Gather(const std::string& mine) override {
    // Sizes first, then the bytes. Blocks are at most a few MB (a block of
    // runs' records), well inside int counts.
    const int n = static_cast<int>(mine.size());
    std::vector<int> sizes(rank_ == 0 ? static_cast<size_t>(size_) : 0);
    MPI_Gather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> displs;
    std::string all;
    if (rank_ == 0) {
      displs.resize(static_cast<size_t>(size_));
      int off = 0;
      for (int r = 0; r < size_; ++r) {
        displs[static_cast<size_t>(r)] = off;
        off += sizes[static_cast<size_t>(r)];
      }
      all.resize(static_cast<size_t>(off));
    }
    MPI_Gatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), displs.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    std::vector<std::string> out;
    if (rank_ == 0) {
      for (int r = 0; r < size_; ++r) {
        out.push_back(all.substr(static_cast<size_t>(displs[static_cast<size_t>(r)]),
                                 static_cast<size_t>(sizes[static_cast<size_t>(r)])));
      }
    }
    return out;
  }

  std::string Broadcast(const std::string& value) override {
    int64_t n = rank_ == 0 ? static_cast<int64_t>(value.size()) : 0;
    MPI_Bcast(&n, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    std::string out = rank_ == 0 ? value : std::string(static_cast<size_t>(n), '\0');
    MPI_Bcast(out.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
    return out;
  }

  int64_t AllMax(int64_t v) override {
    int64_t out = 0;
    MPI_Allreduce(&v, &out, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    return out;
  }

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
};

}  // namespace

std::unique_ptr<Comm> MaybeStartMpi() {
  if (!UnderLauncher()) return nullptr;
  return std::make_unique<MpiComm>();
}
bool MpiBuilt() { return true; }

#else

std::unique_ptr<Comm> MaybeStartMpi() { return nullptr; }
bool MpiBuilt() { return false; }

#endif

}  // namespace necsim
