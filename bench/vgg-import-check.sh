#!/usr/bin/env bash
# Checks the VGG11-BN weight import against torchvision: exports torchvision's vgg11_bn (seeded
# random init, no download) and its features[:21] output on a fixed input, loads both in Java and
# compares. Installs python3-torchvision if missing. Writes the "vgg-import" section of docs/train.md.
# Environment: OUT (docs/train.md), WORK (target/vgg-import)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torchvision" 2>/dev/null; then
  apt-get install -y -q python3-torchvision
fi
work="${WORK:-$PWD/target/vgg-import}"
mkdir -p "$work"
bin/export-vgg11-bn.py "$work/vgg11_bn-random0.safetensors" --random 0 --probe "$work/probe.safetensors"
. bench/classpath.sh
exec java -Xmx4g $FCDD_JVM_OPTIONS "-Dfcdd.bench.command=bench/vgg-import-check.sh" -cp "$BENCH_CP" \
  io.fcddspark.bench.VggImportCheck "$work/vgg11_bn-random0.safetensors" "$work/probe.safetensors" \
  "${OUT:-docs/train.md}"
