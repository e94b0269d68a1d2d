#!/bin/bash
# Thread scaling of `necsim run` on the benchmark scenarios (bench/README.md,
# "16 cores"), run from the repository root:
#
#   bench/thread_scaling.sh BUNDLE [threads]      # default threads: 1 2 4 8 16
#   bench/thread_scaling.sh BUNDLE --procs P      # P single-threaded processes at once vs one with P threads
#
# BUNDLE is a folder holding `necsim` and, to run on a machine without the
# build's libraries, the libraries `ldd necsim` lists and the dynamic loader:
#
#   mkdir -p B && cp build/necsim B/ && for l in $(ldd build/necsim | grep -o '/[^ ]*'); do cp -L $l B/; done
#
# Prints one line per (scenario, round, thread count): runs/s from
# run_info.json, wall/user/sys seconds, and whether summary.json equals the
# 1-thread one. SPECS (scenario:runs ...) and REPS override the defaults.
set -u
B=$(cd "$1" && pwd); shift
if [ -x "$B/ld-linux-x86-64.so.2" ]; then N=("$B/ld-linux-x86-64.so.2" --library-path "$B" "$B/necsim"); else N=("$B/necsim"); fi
TIMEFORMAT='%R %U %S'
echo "nproc $(nproc); $(lscpu | grep 'Model name' | tr -s ' ')"
if [ "${1:-}" = "--procs" ]; then
  P=$2
  for r in 1 2 3; do
    for n in 1 "$P"; do
      for i in $(seq "$n"); do
        ( { time "${N[@]}" run bench/scenarios/nec9_stv_150k.yaml --runs 2000 --threads 1 --out /tmp/ts_p$i --force >/dev/null; } 2>/tmp/ts_t$i ) &
      done
      wait
      echo "round $r: $n process(es) at once, 2000 runs each: $(cat $(seq -f /tmp/ts_t%g "$n") | awk '{w+=$1; u+=$2; k++} END {printf "mean wall %.2f s, mean user %.2f s", w/k, u/k}')"
    done
    { time "${N[@]}" run bench/scenarios/nec9_stv_150k.yaml --runs $((2000 * P)) --threads "$P" --out /tmp/ts_threads --force >/dev/null; } 2>/tmp/ts_tt
    echo "round $r: one process, $P threads, $((2000 * P)) runs: wall user sys $(cat /tmp/ts_tt)"
  done
  exit 0
fi
THREADS=${*:-1 2 4 8 16}
for spec in ${SPECS:-nec9_stv_150k:8000 nec9_block_150k:1000 nec9_stv_15k:20000 nec9_stv_1500k:3000}; do
  s=${spec%%:*}; n=${spec##*:}
  for r in $(seq "${REPS:-3}"); do
    for t in $THREADS; do
      out=/tmp/ts_${s}_$t
      tm=$( { time "${N[@]}" run bench/scenarios/$s.yaml --runs "$n" --threads "$t" --out "$out" --force >/dev/null; } 2>&1 )
      rps=$(grep -o '"runs_per_second": *[0-9.]*' "$out/run_info.json" | grep -o '[0-9.]*$')
      same=$(cmp -s "/tmp/ts_${s}_1/summary.json" "$out/summary.json" && echo same || echo DIFFERENT)
      echo "$s runs=$n threads=$t round=$r runs_per_s=$rps wall_user_sys=$tm summary_vs_1_thread=$same"
    done
  done
done
