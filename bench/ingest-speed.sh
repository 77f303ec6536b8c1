#!/usr/bin/env bash
# Ingest throughput per core against the single-threaded decode+resize+encode limit (issues #6,
# #26). Each run is a JVM of its own, the limit and the masters interleaved REPS times (default 3);
# docs/benchmarks.md gets the median and min-max of each and the ratios of the medians. The machine
# must be otherwise idle (bench/idle.sh).
# Usage: bench/ingest-speed.sh [IMAGES] [REPS] [CORES ...]   (default: 2000 images, 3; 1 and nproc)
# Environment: OUT (docs/benchmarks.md), WORK (target/ingest-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
images="${1:-2000}"
reps="${2:-3}"
shift $(( $# >= 2 ? 2 : $# ))
cores=("$@")
if [ ${#cores[@]} -eq 0 ]; then
  cores=(1)
  [ "$(nproc)" -gt 1 ] && cores+=("$(nproc)")
fi
. bench/classpath.sh
. bench/idle.sh
work="${WORK:-$PWD/target/ingest-bench}"
bench() { java -Xmx4g $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.IngestBenchmark "$@"; }
bench prepare "$work" "$images" >/dev/null 2>&1
results="$work/results.txt"
: >"$results"
for rep in $(seq "$reps"); do
  for side in limit "${cores[@]}"; do
    load="$(idle_load)"
    if [ "$side" = limit ]; then
      bench limit "$work" 2>"$work/run.log" | record limit "$load" "$results"
    else
      bench ingest "$work" "$side" 2>"$work/run.log" | record "local[$side]" "$load" "$results"
    fi || { echo "ingest-speed: see $work/run.log" >&2; exit 1; }
  done
done
bench report "${OUT:-docs/benchmarks.md}" "$results" "bench/ingest-speed.sh $images $reps ${cores[*]}" \
  "$work" "${cores[@]}"
