#!/usr/bin/env bash
# Distributed training scaling: local[2] vs local[1] images/s and the averaging overhead per round,
# CNN28 + OE on real Fashion-MNIST (dataset-fashion-mnist) with the rendered-letters OE corpus.
# Usage: bench/train-scaling.sh [MEASURED_EPOCHS]   (default 1, after a warm-up epoch)
# Environment: OUT (docs/benchmarks.md), WORK (target/train-scaling)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || apt-get install -y -q dataset-fashion-mnist
epochs="${1:-1}"
. bench/classpath.sh
# One intra-op thread per task: local[n] then uses n cores, as executors with n task slots do.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# DL4J times its training statistics with an NTP clock by default; no NTP server is reachable here.
exec java -Xmx6g $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/train-scaling.sh $epochs" \
  -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource \
  -cp "$BENCH_CP" io.fcddspark.bench.TrainScalingBenchmark "${OUT:-docs/benchmarks.md}" \
  "${WORK:-$PWD/target/train-scaling}" "$epochs"
