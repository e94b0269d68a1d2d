#!/usr/bin/env bash
# Batch scaling: 50 small scenarios (bench/batch_small.yaml.in) with 1 and 2
# threads in one process, and 1 and 2 MPI ranks of one thread each; wall-clock
# medians of REPS runs (default 3). Needs an MPI build:
#   cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=Release -DNECSIM_MPI=ON
#   cmake --build build-mpi -j"$(nproc)" --target necsim
#   bench/batch_scaling.sh [build-mpi/necsim]
# Figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
necsim="${1:-build-mpi/necsim}"
reps="${REPS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for n in $(seq 0 49); do
  left=$((400 + 5 * n))
  sed -e "s/@N@/$n/" -e "s/@SEED@/$((1000 + n))/" -e "s/@LEFT@/0.$left/" -e "s/@RIGHT@/0.$((1000 - left))/" \
    bench/batch_small.yaml.in > "$work/in/s$(printf %02d "$n").yaml"
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # label, command...
  local label="$1"; shift
  local times=()
  for _ in $(seq "$reps"); do
    rm -rf "$work/out"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" --out "$work/out" > /dev/null
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
  done
  printf '%-34s %8.2f s\n' "$label" "$(printf '%s\n' "${times[@]}" | median)"
}
echo "50 scenarios x 300 runs; median of $reps; $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "1 process, 1 thread" "$necsim" batch "$work/in" --threads 1
measure "1 process, 2 threads" "$necsim" batch "$work/in" --threads 2
measure "mpirun -np 1, 1 thread per rank" mpirun -np 1 --bind-to none "$necsim" batch "$work/in" --threads 1
measure "mpirun -np 2, 1 thread per rank" mpirun -np 2 --bind-to none --oversubscribe "$necsim" batch "$work/in" --threads 1
