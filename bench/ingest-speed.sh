#!/usr/bin/env bash
# Ingest throughput per core against the single-threaded decode+resize+encode limit, measured in
# one run; writes its section of docs/benchmarks.md (issue #6).
# Usage: bench/ingest-speed.sh [IMAGES] [CORES ...]   (default: 2000 images; 1 and nproc cores)
# Environment: OUT (docs/benchmarks.md), WORK (target/ingest-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
images="${1:-2000}"
shift || true
cores=("$@")
if [ ${#cores[@]} -eq 0 ]; then
  cores=(1)
  [ "$(nproc)" -gt 1 ] && cores+=("$(nproc)")
fi
. bench/classpath.sh
exec java -Xmx4g $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/ingest-speed.sh $images ${cores[*]}" \
  -cp "$BENCH_CP" \
  io.fcddspark.bench.IngestBenchmark "$images" "${OUT:-docs/benchmarks.md}" \
  "${WORK:-$PWD/target/ingest-bench}" "${cores[@]}"
