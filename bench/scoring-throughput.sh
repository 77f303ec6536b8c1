#!/usr/bin/env bash
# Scoring throughput of the evaluate job per net (CNN28, CNN32, VGG11-BN): SampleScorer in local[2]
# vs the bare forward pass in one thread, measured in one run.
# Usage: bench/scoring-throughput.sh [IMAGES_CNN] [IMAGES_VGG]   (default 4096 and 256)
# Environment: OUT (docs/benchmarks.md), WORK (target/scoring-throughput)
set -euo pipefail
cd "$(dirname "$0")/.."
cnn="${1:-4096}"
vgg="${2:-256}"
. bench/classpath.sh
# One intra-op thread per task: local[2] then uses 2 cores, as executors with 2 task slots do.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
exec java -Xmx6g $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/scoring-throughput.sh $cnn $vgg" \
  -cp "$BENCH_CP" io.fcddspark.bench.ScoringThroughputBenchmark "${OUT:-docs/benchmarks.md}" \
  "${WORK:-$PWD/target/scoring-throughput}" "$cnn" "$vgg"
