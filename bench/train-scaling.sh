#!/usr/bin/env bash
# Distributed training scaling across masters: local[1], local[2], local-cluster[1,1,3072] and
# local-cluster[2,1,3072] (each executor a JVM of its own), per net: CNN28 + OE on real
# Fashion-MNIST (dataset-fashion-mnist) with the rendered-letters OE corpus; CNN32 and VGG11-BN on
# seeded random images of their stored size (TrainScalingBenchmark says how each is sized). Each
# run is a JVM of its own; the masters are interleaved REPS times (default 3); docs/benchmarks.md
# gets the median and min-max of every net run, a table per net headed by its run (nets not run
# keep the tables they had).
# The machine must be otherwise idle (bench/idle.sh).
# Usage: bench/train-scaling.sh [REPS] [NET...]   (nets: CNN28 CNN32 VGG11_BN, the default all)
# Environment: OUT (docs/benchmarks.md), WORK (target/train-scaling)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || apt-get install -y -q dataset-fashion-mnist
reps="${1:-3}"
shift || true
nets=("$@")
[ ${#nets[@]} -gt 0 ] || nets=(CNN28 CNN32 VGG11_BN)
. bench/classpath.sh
. bench/idle.sh
# One intra-op thread per task: local[n] then uses n cores, as executors with n task slots do
# (local-cluster executors get the driver's count, LocalClusterSettings).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
export SPARK_HOME="${SPARK_HOME:-$PWD/target/fcdd/spark-home}"
work="${WORK:-$PWD/target/train-scaling}"
mkdir -p "$work"
bench() { java -Xmx6g $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.TrainScalingBenchmark "$@"; }
for net in "${nets[@]}"; do
  [ -d "$work/$net/data/images" ] || bench prepare "$work" "$net" >"$work/prepare-$net.log" 2>&1
done
results="$work/results.jsonl"
: >"$results"
for rep in $(seq "$reps"); do
  for net in "${nets[@]}"; do
    for master in 'local[1]' 'local[2]' 'local-cluster[1,1,3072]' 'local-cluster[2,1,3072]'; do
      load="$(idle_load)"
      echo "train-scaling: run $rep/$reps $net $master (load $load)" >&2
      bench run "$work" "$net" "$master" 1 "$load" 2>"$work/run.log" | grep '^RESULT ' | sed 's/^RESULT //' >>"$results"
    done
  done
done
bench report "${OUT:-docs/benchmarks.md}" "$results" "bench/train-scaling.sh $reps ${nets[*]}"
