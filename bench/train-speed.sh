#!/usr/bin/env bash
# Training-step and inference speed of the FCDD nets, ours vs PyTorch, in one run on the same
# cores; writes docs/benchmarks.md (issue #5).
# Usage: bench/train-speed.sh [ARCH ...]        (default: CNN28 CNN32 VGG11_BN)
# Environment: THREADS (default: nproc), SECONDS_PER_MEASURE (default 8), OUT (docs/benchmarks.md),
#              PYTHON (default /usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-/usr/bin/python3}" # Debian's, where python3-torch installs
if ! "$python" -c 'import torch' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch
fi
threads="${THREADS:-$(nproc)}"
export OMP_NUM_THREADS="$threads"
. bench/classpath.sh
exec java -Xmx8g $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/train-speed.sh $*" \
  -cp "$BENCH_CP" \
  io.fcddspark.bench.TrainSpeedBenchmark "$threads" "${SECONDS_PER_MEASURE:-8}" \
  "${OUT:-docs/benchmarks.md}" "$python" bench/python/pytorch_fcdd.py "$@"
