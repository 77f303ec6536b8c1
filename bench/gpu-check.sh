#!/usr/bin/env bash
# The prepared check for a GPU machine (issue #25): builds the bench with ND4J's CPU backend and,
# with -Pcuda, its CUDA backend; trains CNN28 for 2 epochs on real Fashion-MNIST (class 0 nominal,
# the other classes as anomalies), CNN32 and VGG11-BN for 20 steps on seeded random batches, on
# each backend from the same seed; compares the losses (tolerance below); times training and
# scoring of each net; writes docs/gpu.md's "gpu-check" section. Meant to finish within 8 minutes
# on one GPU with 16 cores; it fails at once, saying what is missing, without Java 17, Maven,
# Fashion-MNIST or a GPU.
#
# --dry-run: on a machine without a GPU, the same steps with smaller sizes, the second side being
# the CPU backend with DL4J's standard layers and the losses' ND4J-operations path
# (-Dfcdd.layers=DL4J, the branch a GPU takes); writes target/gpu-check/gpu.md, not docs/.
#
# Usage: bench/gpu-check.sh [--dry-run]
# Environment: FMNIST (/usr/share/datasets/fashion-mnist), SEED (0)
set -euo pipefail
cd "$(dirname "$0")/.."
dry=false
[ "${1:-}" = --dry-run ] && dry=true
fail() { echo "gpu-check: $*" >&2; exit 1; }
started=$(date +%s)

command -v java >/dev/null || fail "no java on the PATH (Java 17 needed)"
java_major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
[ "${java_major:-0}" -ge 17 ] || fail "java is version ${java_major:-unknown}, 17 or later needed"
command -v mvn >/dev/null || fail "no mvn on the PATH (Maven 3.8+ needed)"
fmnist="${FMNIST:-/usr/share/datasets/fashion-mnist}"
[ -f "$fmnist/train-images-idx3-ubyte.gz" ] || fail "no Fashion-MNIST in $fmnist (apt-get install dataset-fashion-mnist, or set FMNIST)"
seed="${SEED:-0}"
if $dry; then
  gpu="none (dry run)"
  out="target/gpu-check/gpu.md"
  sizes=("CNN28 1 128" "CNN32 3 32" "VGG11_BN 2 2")
  per_class=1024
else
  command -v nvidia-smi >/dev/null || fail "no nvidia-smi: this check needs an NVIDIA GPU (or --dry-run)"
  gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)" \
    || fail "nvidia-smi lists no GPU"
  [ -n "$gpu" ] || fail "nvidia-smi lists no GPU"
  out="docs/gpu.md"
  sizes=("CNN28 2 128" "CNN32 20 128" "VGG11_BN 20 8")
  per_class=6000
fi
mkdir -p target/gpu-check
echo "gpu-check: GPU: $gpu" >&2

# A side's class path: the bench module's, with ND4J's CPU backend or (-Pcuda) its CUDA backend.
classpath() {
  local profile="$1" file="$PWD/target/gpu-check/classpath-$1.txt"
  mvn -B -q -DskipTests -Dfcdd.assembly.skip=true ${profile:+-P$profile} -pl bench -am package \
    dependency:build-classpath -Dmdep.outputFile="$file" >&2 \
    || fail "building the bench${profile:+ with -P$profile} failed"
  echo "$PWD/bench/target/classes:$(cat "$file")"
}
cp_cpu="$(classpath cpu)"
if $dry; then
  cp_gpu="$cp_cpu"
  gpu_opts="-Dfcdd.layers=DL4J"
else
  cp_gpu="$(classpath cuda)"
  gpu_opts=""
fi
. submit/jvm-options.sh
export OMP_NUM_THREADS="$(nproc)"

results="target/gpu-check/results.jsonl"
: >"$results"
for size in "${sizes[@]}"; do
  read -r net steps batch <<<"$size"
  for side in cpu gpu; do
    cp_side="$cp_cpu" opts=""
    [ "$side" = gpu ] && cp_side="$cp_gpu" opts="$gpu_opts"
    line="$(java -Xmx12g $FCDD_JVM_OPTIONS $opts -cp "$cp_side" io.fcddspark.bench.GpuCheck \
      "$net" "$steps" "$batch" "$seed" "$fmnist" "$per_class" 2>target/gpu-check/$net-$side.log | grep '^RESULT ')" \
      || fail "$net on the $side side failed: see target/gpu-check/$net-$side.log"
    # The -Pcuda build holds the CPU backend too: ND4J falls back to it where CUDA cannot load.
    if [ "$side" = gpu ] && ! $dry && ! grep -q '"backend": *"CUDA"' <<<"$line"; then
      fail "$net on the gpu side ran on ND4J's CPU fallback, not CUDA: see target/gpu-check/$net-$side.log"
    fi
    echo "{\"side\": \"$side\", \"result\": ${line#RESULT }}" >>"$results"
    echo "gpu-check: $net $side: ${line#RESULT }" >&2
  done
done
elapsed=$(( $(date +%s) - started ))

status=0
(python3 - "$results" target/gpu-check/section.md "$gpu" "$dry" "$elapsed" "$(git rev-parse --short HEAD)" "$seed" "$per_class" <<'PY'
import json, re, sys, datetime
results, out, gpu, dry, elapsed, commit, seed, per_class = sys.argv[1:9]
dry = dry == "true"
runs = {}
for line in open(results):
    r = json.loads(line)
    runs.setdefault(r["result"]["net"], {})[r["side"]] = r["result"]
# Tolerances: the first loss (same weights, same batch) within 1e-3 of the CPU's; the last within
# 5 %: float32 kernels of two backends round differently and the difference grows with training.
FIRST, LAST = 1e-3, 0.05
rows, failed = [], []
for net, sides in runs.items():
    c, g = sides["cpu"], sides["gpu"]
    first = abs(g["losses"][0] - c["losses"][0]) / abs(c["losses"][0])
    last = abs(g["losses"][-1] - c["losses"][-1]) / abs(c["losses"][-1])
    ok = first <= FIRST and last <= LAST
    if not ok:
        failed.append(net)
    rows.append(f"| {net} | {c['backend']}, {c['layers']} | {g['backend']}, {g['layers']} | "
                f"{c['losses'][0]:.5f} / {g['losses'][0]:.5f} | {c['losses'][-1]:.5f} / {g['losses'][-1]:.5f} | "
                f"{'yes' if ok else 'NO'} | {c['trainImagesPerSecond']:.1f} | {g['trainImagesPerSecond']:.1f} | "
                f"{g['trainImagesPerSecond'] / c['trainImagesPerSecond']:.2f} | {c['scoreImagesPerSecond']:.1f} | "
                f"{g['scoreImagesPerSecond']:.1f} |")
label = "the CPU backend with DL4J's layers and the ND4J-operations losses (dry run: no GPU)" if dry else "ND4J's CUDA backend"
text = f"""## What `bench/gpu-check.sh` measured

Generated by `bench/gpu-check.sh{' --dry-run' if dry else ''}` on {datetime.date.today()} at commit {commit}, in {elapsed} s: GPU {gpu}. Each side is a JVM of its own training from seed {seed}: the CPU side on ND4J's CPU backend, the other side on {label}. CNN28: epochs over {int(per_class):,} Fashion-MNIST class-0 images and {int(per_class):,} of the other classes (losses are epoch means); CNN32 and VGG11-BN: steps on one seeded random batch. Losses agree when the first is within 1e-3 and the last within 5 % of the CPU's. Scoring: forward passes over 1,024 random images (VGG11-BN: 64).

| net | CPU side | other side | first loss CPU / other | last loss CPU / other | agree | train img/s CPU | train img/s other | ratio | score img/s CPU | score img/s other |
|---|---|---|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"
open(out, "w").write(text)
print(text)
if failed:
    sys.exit(f"gpu-check: losses disagree for {', '.join(failed)}")
PY
) || status=$?
java -cp "$cp_cpu" io.fcddspark.bench.DocSections "$out" gpu-check target/gpu-check/section.md
[ "$status" -eq 0 ] || exit "$status"
echo "gpu-check: wrote $out in ${elapsed} s" >&2
