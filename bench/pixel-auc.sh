#!/usr/bin/env bash
# Pixel ROC-AUC at scale (issues #8, #26): ours (DistributedRoc) vs Spark MLlib
# BinaryClassificationMetrics (numBins = 0) vs scikit-learn on N generated pixels with ties, and ours
# on B pixels in local[2] within a fixed heap, each checked against the exact value. Each run is a
# process of its own (a JVM per Spark side, Python for scikit-learn), the sides interleaved REPS
# times (default 3); docs/benchmarks.md gets the median and min-max of each side and the ratios of
# the medians. The machine must be otherwise idle (bench/idle.sh). Installs python3-sklearn if
# missing.
# Usage: bench/pixel-auc.sh [N] [B] [REPS]   (default 10000000 1000000000 3)
# Environment: OUT (docs/benchmarks.md), HEAP (4g: the fixed driver/executor memory of local mode)
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c "import sklearn" 2>/dev/null || apt-get install -y -q python3-sklearn
n="${1:-10000000}"
b="${2:-1000000000}"
reps="${3:-3}"
. bench/classpath.sh
. bench/idle.sh
work="$PWD/target/pixel-auc"
mkdir -p "$work"
results="$work/results.txt"
: >"$results"
bench() { java "-Xmx${HEAP:-4g}" $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.PixelAucBenchmark "$@"; }
for rep in $(seq "$reps"); do
  for side in ours mllib sklearn big; do
    load="$(idle_load)"
    case "$side" in
      sklearn) /usr/bin/python3 bench/pixel_auc_sklearn.py "$n" 2>"$work/run.log" ;;
      big) bench big "$b" 2>"$work/run.log" ;;
      *) bench "$side" "$n" 2>"$work/run.log" ;;
    esac | record "$side" "$load" "$results" || { echo "pixel-auc: see $work/run.log" >&2; exit 1; }
  done
done
bench report "${OUT:-docs/benchmarks.md}" "$results" "bench/pixel-auc.sh $n $b $reps" "$n" "$b"
