#!/usr/bin/env bash
# Pixel ROC-AUC at scale: ours (DistributedRoc) vs Spark MLlib BinaryClassificationMetrics
# (numBins = 0) vs scikit-learn on N generated pixels with ties, then B pixels in local[2] within a
# fixed heap, checked against the exact value. Installs python3-sklearn if missing.
# Usage: bench/pixel-auc.sh [N] [B]   (default 10000000 1000000000)
# Environment: OUT (docs/benchmarks.md), HEAP (4g: the fixed driver/executor memory of local mode)
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c "import sklearn" 2>/dev/null || apt-get install -y -q python3-sklearn
n="${1:-10000000}"
b="${2:-1000000000}"
. bench/classpath.sh
exec java "-Xmx${HEAP:-4g}" $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/pixel-auc.sh $n $b" \
  -cp "$BENCH_CP" io.fcddspark.bench.PixelAucBenchmark "${OUT:-docs/benchmarks.md}" "$n" "$b"
