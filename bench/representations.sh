#!/usr/bin/env bash
# Measures DL4J's model representations for one FCDD net (docs/stack.md).
# Usage: bench/representations.sh [ARCH=CNN28] [BATCH=128] [SECONDS=8] [OUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/classpath.sh
exec java -Xmx8g -cp "$BENCH_CP" \
  io.fcddspark.bench.RepresentationBenchmark "$@"
