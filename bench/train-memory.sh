#!/usr/bin/env bash
# Peak resident set and off-heap trend of CNN28 training (batch 128) over many iterations;
# writes docs/memory.md (issue #5).
# Usage: bench/train-memory.sh [ITERATIONS=1000] [EVERY=50]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS="${THREADS:-$(nproc)}"
# glibc gives each thread that mallocs its own 64 MB arena; with the fork-join and OpenMP pools
# that makes the resident set jump in 64 MB steps. Two arenas, as is usual for native-heavy JVMs
# (Spark executors), keep the footprint steady and readable.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
. bench/classpath.sh
# A fixed, pre-touched heap: the resident set outside it is then exactly the native footprint.
exec java -Xms512m -Xmx512m -XX:+AlwaysPreTouch $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/train-memory.sh $*" \
  -cp "$BENCH_CP" \
  io.fcddspark.bench.TrainMemoryBenchmark "${1:-1000}" "${2:-50}" "${OUT:-docs/memory.md}"
