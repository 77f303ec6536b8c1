#!/usr/bin/env bash
# Scoring throughput of the evaluate job per net (issues #8, #26): SampleScorer in local[2] vs the
# bare forward pass in one thread. Each run is a JVM of its own, the two sides interleaved per net
# REPS times (default 3); docs/benchmarks.md gets the median and min-max of each side and the ratio
# of the medians. The machine must be otherwise idle (bench/idle.sh).
# Usage: bench/scoring-throughput.sh [IMAGES_CNN] [IMAGES_VGG] [REPS]   (default 4096 256 3)
# Environment: OUT (docs/benchmarks.md), WORK (target/scoring-throughput)
set -euo pipefail
cd "$(dirname "$0")/.."
cnn="${1:-4096}"
vgg="${2:-256}"
reps="${3:-3}"
nets=(CNN28 CNN32 VGG11_BN)
. bench/classpath.sh
. bench/idle.sh
# One intra-op thread per task: local[2] then uses 2 cores, as executors with 2 task slots do.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
work="${WORK:-$PWD/target/scoring-throughput}"
rm -rf "$work"
mkdir -p "$work"
bench() { java -Xmx6g $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.ScoringThroughputBenchmark "$@"; }
for net in "${nets[@]}"; do
  images="$cnn"; [ "$net" = VGG11_BN ] && images="$vgg"
  bench prepare "$work" "$net" "$images" >"$work/prepare-$net.log" 2>&1 \
    || { echo "scoring-throughput: prepare $net failed, see $work/prepare-$net.log" >&2; exit 1; }
done
results="$work/results.txt"
: >"$results"
for rep in $(seq "$reps"); do
  for net in "${nets[@]}"; do
    for side in scoring forward; do
      load="$(idle_load)"
      bench "$side" "$work" "$net" 2>"$work/run.log" | record "$side-$net" "$load" "$results" \
        || { echo "scoring-throughput: see $work/run.log" >&2; exit 1; }
    done
  done
done
bench report "${OUT:-docs/benchmarks.md}" "$results" "bench/scoring-throughput.sh $cnn $vgg $reps" "${nets[@]}"
