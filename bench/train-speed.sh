#!/usr/bin/env bash
# Training-step and inference speed of the FCDD nets, ours vs PyTorch (issues #5, #26): each run
# a process of its own (a JVM for ours, Debian's Python for PyTorch), the two sides interleaved per
# net, REPS rounds (default 3); docs/benchmarks.md gets the median and min-max of each side and the
# ratio of the medians. The machine must be otherwise idle: before each run the script waits up to
# 120 s for the 1-minute load average to fall below 1, records it, and stops if it never does.
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
idle() {
  for _ in $(seq 120); do
    awk '{exit !($1 < 1.0)}' /proc/loadavg && break
    sleep 1
  done
  awk '{exit !($1 < 1.0)}' /proc/loadavg \
    || { echo "train-speed: the machine is busy (load $(cut -d' ' -f1 /proc/loadavg)); not measuring" >&2; exit 1; }
  cut -d' ' -f1 /proc/loadavg
}
for arch in "${archs[@]}"; do
  bench spec "$arch" "$work/$arch.json"
done
for rep in $(seq "$reps"); do
  for arch in "${archs[@]}"; do
    case "$arch" in CNN28) batch=128 ;; CNN32) batch=200 ;; *) batch=16 ;; esac
    load="$(idle)"
    line="$(bench ours "$arch" "$seconds" 2>"$work/ours.log" | grep '^RESULT ')" \
      || { echo "train-speed: ours $arch failed, see $work/ours.log" >&2; exit 1; }
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("ours", sys.argv[2], r["train_img_s"], r["infer_img_s"], sys.argv[3])' \
      "${line#RESULT }" "$arch" "$load" | tee -a "$results" >&2
    load="$(idle)"
    json="$("$python" bench/python/pytorch_fcdd.py --spec "$work/$arch.json" --batch "$batch" \
      --threads "$threads" --seconds "$seconds" | tail -1)"
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("pytorch", sys.argv[2], r["train_img_s"], r["infer_img_s"], sys.argv[3], r["torch"])' \
      "$json" "$arch" "$load" | tee -a "$results" >&2
  done
done
bench report "$threads" "$results" "${OUT:-docs/benchmarks.md}" \
  "bench/train-speed.sh $reps ${archs[*]}" "${archs[@]}"
