#!/usr/bin/env bash
# Training-step and inference speed of the FCDD nets, ours vs PyTorch (issues #5, #26): each run
# a process of its own (a JVM for ours, Debian's Python for PyTorch), the two sides interleaved per
# net, REPS rounds (default 3); docs/benchmarks.md gets the median and min-max of each side and the
# ratio of the medians. The machine must be otherwise idle (bench/idle.sh).
# Usage: bench/train-speed.sh [REPS] [ARCH ...]        (default: 3 CNN28 CNN32 VGG11_BN)
# Environment: THREADS (default: nproc), SECONDS_PER_MEASURE (default 8), OUT (docs/benchmarks.md),
#              PYTHON (default /usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then reps="$1"; shift; fi
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(CNN28 CNN32 VGG11_BN)
python="${PYTHON:-/usr/bin/python3}" # Debian's, where python3-torch installs
if ! "$python" -c 'import torch' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch
fi
threads="${THREADS:-$(nproc)}"
seconds="${SECONDS_PER_MEASURE:-8}"
export OMP_NUM_THREADS="$threads"
. bench/classpath.sh
work="$PWD/target/train-speed"
mkdir -p "$work"
results="$work/results.txt"
: >"$results"
bench() { java -Xmx8g $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.TrainSpeedBenchmark "$@"; }
. bench/idle.sh
for arch in "${archs[@]}"; do
  bench spec "$arch" "$work/$arch.json"
done
for rep in $(seq "$reps"); do
  for arch in "${archs[@]}"; do
    case "$arch" in CNN28) batch=128 ;; CNN32) batch=200 ;; *) batch=16 ;; esac
    load="$(idle_load)"
    bench ours "$arch" "$seconds" 2>"$work/run.log" | record "ours-$arch" "$load" "$results" \
      || { echo "train-speed: see $work/run.log" >&2; exit 1; }
    load="$(idle_load)"
    "$python" bench/python/pytorch_fcdd.py --spec "$work/$arch.json" --batch "$batch" \
      --threads "$threads" --seconds "$seconds" 2>"$work/run.log" | record "pytorch-$arch" "$load" "$results" || { echo "train-speed: see $work/run.log" >&2; exit 1; }
  done
done
bench report "$threads" "$results" "${OUT:-docs/benchmarks.md}" \
  "bench/train-speed.sh $reps ${archs[*]}" "${archs[@]}"
