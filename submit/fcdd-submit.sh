#!/usr/bin/env bash
# Runs an fcdd subcommand (ingest, train, ...) under spark-submit with the settings DL4J needs on a
# cluster, so that users do not have to know them:
#   - Java serialization (DL4J's DataSets and arrays break under Kryo without ND4J's registrator);
#   - JavaCPP's off-heap limits for ND4J's native arrays (-Dorg.bytedeco.javacpp.maxbytes and
#     maxphysicalbytes) and a matching spark.executor.memoryOverhead;
#   - one training task per executor using all its cores (spark.task.cpus = executor cores,
#     OMP_NUM_THREADS = executor cores), as DL4J's parameter averaging expects;
#   - GPUs when asked: spark.executor/task.resource.gpu.* with submit/gpu-discovery.sh (each task
#     binds ND4J to the GPU Spark assigned it, io.fcddspark.spark.GpuBinder);
#   - the Java 17 --add-opens and the oneDNN helpers (submit/jvm-options.sh).
# Usage: submit/fcdd-submit.sh [--print] SUBCOMMAND [ARGS...]
#   e.g. FCDD_MASTER=yarn FCDD_EXECUTORS=8 submit/fcdd-submit.sh train -c conf/train/cifar10.yaml
# --print shows the spark-submit command instead of running it.
# Environment (defaults): FCDD_MASTER (local[*]), FCDD_DEPLOY_MODE (client), FCDD_EXECUTORS (2),
#   FCDD_EXECUTOR_CORES (4), FCDD_EXECUTOR_MEMORY (8g, heap), FCDD_EXECUTOR_OFFHEAP_GB (8, ND4J's
#   native memory), FCDD_DRIVER_MEMORY (4g), FCDD_GPUS_PER_EXECUTOR (0), SPARK_SUBMIT (spark-submit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
print=0
if [ "${1:-}" = "--print" ]; then
  print=1
  shift
fi
[ $# -ge 1 ] || { echo "usage: $0 [--print] SUBCOMMAND [ARGS...]" >&2; exit 2; }
. "$root/submit/jvm-options.sh"

master="${FCDD_MASTER:-local[*]}"
cores="${FCDD_EXECUTOR_CORES:-4}"
heap="${FCDD_EXECUTOR_MEMORY:-8g}"
offheap_gb="${FCDD_EXECUTOR_OFFHEAP_GB:-8}"
gpus="${FCDD_GPUS_PER_EXECUTOR:-0}"
heap_gb="${heap%g}"
case "$heap_gb" in ''|*[!0-9]*) echo "FCDD_EXECUTOR_MEMORY must be whole gigabytes like 8g, got '$heap'" >&2; exit 2;; esac
javacpp="-Dorg.bytedeco.javacpp.maxbytes=${offheap_gb}G -Dorg.bytedeco.javacpp.maxphysicalbytes=$((heap_gb + offheap_gb + 1))G"

# The application: spark-jobs' classes and its dependencies but Spark, Scala and Hadoop, which the
# cluster provides. (The assembly jar of the launcher issue replaces this.)
cp_file="$root/spark-jobs/target/classpath.txt"
app_jar="$(ls "$root"/spark-jobs/target/fcdd-spark-jobs-*.jar 2>/dev/null | grep -v -e tests -e sources | head -1 || true)"
if [ "$print" = 0 ] && { [ ! -f "$cp_file" ] || [ -z "$app_jar" ]; }; then
  (cd "$root" && mvn -B -q -DskipTests install -pl spark-jobs -am \
    && mvn -B -q -pl spark-jobs dependency:build-classpath -Dmdep.outputFile="$cp_file") >&2
  app_jar="$(ls "$root"/spark-jobs/target/fcdd-spark-jobs-*.jar | grep -v -e tests -e sources | head -1)"
fi
jars="<dependency jars>"
if [ -f "$cp_file" ]; then
  jars="$(tr ':' '\n' < "$cp_file" | grep -v -E '/(spark-[^/]*|scala-[^/]*|hadoop-client-[^/]*)\.jar$' | paste -sd, -)"
fi

args=(
  --master "$master"
  --deploy-mode "${FCDD_DEPLOY_MODE:-client}"
  --class io.fcddspark.spark.cli.FcddCommand
  --driver-memory "${FCDD_DRIVER_MEMORY:-4g}"
  --driver-java-options "$FCDD_JVM_OPTIONS $javacpp"
  --conf "spark.executor.extraJavaOptions=$FCDD_JVM_OPTIONS $javacpp"
  --conf spark.serializer=org.apache.spark.serializer.JavaSerializer
  --conf "spark.executor.instances=${FCDD_EXECUTORS:-2}"
  --conf "spark.executor.cores=$cores"
  --conf "spark.task.cpus=$cores"
  --conf "spark.executorEnv.OMP_NUM_THREADS=$cores"
  --conf "spark.executor.memory=$heap"
  --conf "spark.executor.memoryOverhead=$((offheap_gb + 1))g"
  --conf spark.ui.showConsoleProgress=false
)
if [ "$gpus" -gt 0 ]; then
  args+=(
    --conf "spark.executor.resource.gpu.amount=$gpus"
    --conf "spark.task.resource.gpu.amount=$gpus"
    --conf "spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh"
    --files "$root/submit/gpu-discovery.sh"
  )
fi
args+=(--jars "$jars" "${app_jar:-<spark-jobs jar>}" "$@")

if [ "$print" = 1 ]; then
  printf '%s' "${SPARK_SUBMIT:-spark-submit}"
  printf ' %q' "${args[@]}"
  printf '\n'
else
  # SPARK_SUBMIT may be a command with arguments (e.g. java -cp ... org.apache.spark.deploy.SparkSubmit).
  # shellcheck disable=SC2086
  exec ${SPARK_SUBMIT:-spark-submit} "${args[@]}"
fi
