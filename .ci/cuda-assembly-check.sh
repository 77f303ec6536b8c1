#!/usr/bin/env bash
# The -Pcuda assembly on a machine without a GPU: it must build, start and train on ND4J's CPU
# backend (the fallback of a driver or node without CUDA), say so, and train exactly as the CPU
# assembly does. Run by .ci/run after `mvn verify`, whose CPU assembly trains first; then
# `mvn -Pcuda clean package` replaces spark-jobs/target with the CUDA build (docs/gpu.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. submit/jvm-options.sh
# Outside target/: the -Pcuda build below cleans it.
work="$(mktemp -d -t fcdd-cuda-assembly-check.XXXXXX)"
python3 .ci/fashion-mnist-slice.py "$work"

fcdd() { java -Xmx3g $FCDD_JVM_OPTIONS -jar "$(ls spark-jobs/target/fcdd-spark-jobs-*-all.jar)" "$@"; }
train_args=(-c conf/train/fashion-mnist.yaml --set "data.input=$work/fashion-mnist"
  --set "outlierExposure.input=$work/letters" --set outlierExposure.dataset=letters
  --set epochs=1 --set batchSize=16 --master 'local[2]')

echo "cuda-assembly-check: the CPU assembly ingests and trains"
fcdd ingest -c "$work/ingest.yaml" --set "output=$work/fashion-mnist" --master 'local[2]' \
  2>"$work/ingest.log" | tail -1
fcdd ingest -c conf/ingest/letters-oe.yaml --set "output=$work/letters" --master 'local[2]' \
  --set 'sources[0].fonts=/usr/share/fonts/truetype/dejavu' --set 'sources[0].count=200' \
  2>"$work/letters.log" | tail -1
fcdd train "${train_args[@]}" --set "output=$work/cpu" >"$work/cpu-train.out" 2>"$work/cpu-train.log"
tail -1 "$work/cpu-train.out"
# The console of the launcher's main: the command's own lines only (progress on stdout; warnings
# and the framework log's final place on stderr), framework logging in a file named at the start
# and at the end (moved into the output folder).
lines=$(wc -l <"$work/cpu-train.out")
foreign=$(cat "$work/cpu-train.out" "$work/cpu-train.log" | grep -cv '^train: ' || true)
[ "$lines" -le 6 ] && [ "$foreign" -eq 0 ] \
  && [ "$(grep -cv '^train: warn: ' "$work/cpu-train.log")" -eq 1 ] \
  || { echo "cuda-assembly-check: train printed more than its own lines:" >&2;
       cat "$work/cpu-train.out" "$work/cpu-train.log" >&2; exit 1; }
log="$(sed -n 's/^train: framework log //p' "$work/cpu-train.log")"
case "$log" in "$work/cpu/logs/"*) ;; *) echo "cuda-assembly-check: log at '$log'" >&2; exit 1;; esac
grep -q ' INFO SparkContext: Running Spark version ' "$log" \
  || { echo "cuda-assembly-check: no Spark logging in $log" >&2; exit 1; }
echo "cuda-assembly-check: train printed $lines lines; framework logging in $log ($(wc -l <"$log") lines)"

echo "cuda-assembly-check: building the -Pcuda assembly (both ND4J backends)"
# The -all jar only: the -cluster jar is the same shading with fewer dependencies (a CI-time saving).
mvn -B -q -Pcuda -DskipTests -Dfcdd.cluster.assembly.skip=true clean package
jar="$(ls spark-jobs/target/fcdd-spark-jobs-*-all.jar)"
for backend in org/nd4j/linalg/jcublas/JCublasBackend.class \
  org/nd4j/linalg/cpu/nativecpu/CpuBackend.class; do
  unzip -l "$jar" "$backend" >/dev/null \
    || { echo "cuda-assembly-check: $backend is not in $jar" >&2; exit 1; }
done
ls -l spark-jobs/target/fcdd-spark-jobs-*-all.jar

echo "cuda-assembly-check: the -Pcuda assembly trains on this GPU-less machine"
fcdd train "${train_args[@]}" --set "output=$work/cuda" 2>"$work/cuda-train.log" | tail -1
grep -m1 '^fcdd: warning: ND4J backend CPU: the CUDA backend in this build cannot run here' \
  "$work/cuda-train.log" \
  || { echo "cuda-assembly-check: no fallback warning; see $work/cuda-train.log" >&2; exit 1; }
python3 - "$work/cpu/provenance.json" "$work/cuda/provenance.json" <<'PY'
import json, sys
cpu, cuda = (json.load(open(p)) for p in sys.argv[1:])
assert cpu["run"]["nd4jBackend"] == "CpuBackend" and "nd4jCudaSkipped" not in cpu["run"], cpu["run"]
assert cuda["run"]["nd4jBackend"] == "CpuBackend", cuda["run"]
assert cuda["run"]["nd4jCudaSkipped"], cuda["run"]
assert cpu["model"]["loss"] == cuda["model"]["loss"], (cpu["model"]["loss"], cuda["model"]["loss"])
print(f"cuda-assembly-check: the -Pcuda assembly ran on {cuda['run']['nd4jBackend']}"
      f" (CUDA skipped: {cuda['run']['nd4jCudaSkipped']}), loss {cuda['model']['loss']},"
      " the CPU assembly's to the last digit")
PY
rm -rf "$work"
