#!/usr/bin/env bash
# Runs an fcdd subcommand (ingest, train, evaluate, rank, pipeline, sweep, score, report) under
# spark-submit with the settings DL4J needs on a cluster, so that users do not have to know them:
#   - the assembly jar spark-jobs/target/fcdd-spark-jobs-VERSION-cluster.jar (built by
#     `mvn package`; Spark, Scala and Hadoop come from the cluster);
#   - Java serialization (DL4J's DataSets and arrays break under Kryo without ND4J's registrator);
#   - JavaCPP's off-heap limits for ND4J's native arrays (-Dorg.bytedeco.javacpp.maxbytes and
#     maxphysicalbytes) and a matching spark.executor.memoryOverhead;
#   - one training task per executor using all its cores (spark.task.cpus = executor cores,
#     OMP_NUM_THREADS = executor cores), as DL4J's parameter averaging expects; with N GPUs per
#     executor, N tasks of cores/N each, one GPU each (a training worker per GPU);
#   - GPUs when asked: spark.executor/task.resource.gpu.* with submit/gpu-discovery.sh (each task
#     binds ND4J to the GPU Spark assigned it, io.fcddspark.spark.GpuBinder);
#   - the Java 17 --add-opens and the oneDNN helpers (submit/jvm-options.sh);
#   - per cluster manager (from FCDD_MASTER): YARN's queue; Kubernetes' image, namespace, service
#     account, upload path and GPU vendor; in cluster deploy mode the conf/ folder shipped as an
#     archive unpacked to ./conf beside the driver, so `-c conf/...` paths work there unchanged.
# docs/cluster.md explains them; submit/{local,standalone,yarn,kubernetes}.sh set the defaults of
# each mode and call this script.
# Usage: submit/fcdd-submit.sh [--print] SUBCOMMAND [ARGS...]
#   e.g. FCDD_MASTER=yarn FCDD_EXECUTORS=8 submit/fcdd-submit.sh train -c conf/train/cifar10.yaml
# --print shows the spark-submit command instead of running it.
# Environment (defaults): FCDD_MASTER (local[*]), FCDD_DEPLOY_MODE (client; cluster on YARN and
#   Kubernetes), FCDD_EXECUTORS (2), FCDD_EXECUTOR_CORES (4), FCDD_EXECUTOR_MEMORY (8g, heap),
#   FCDD_EXECUTOR_OFFHEAP_GB (8, ND4J's native memory), FCDD_DRIVER_MEMORY (4g),
#   FCDD_GPUS_PER_EXECUTOR (0), FCDD_QUEUE (YARN queue, default), FCDD_IMAGE (Kubernetes: required),
#   FCDD_NAMESPACE (default), FCDD_SERVICE_ACCOUNT (spark), FCDD_UPLOAD_PATH (Kubernetes cluster
#   mode: where spark-submit uploads local files, e.g. s3a://bucket/fcdd-upload), FCDD_JAR (the
#   application jar; on Kubernetes default the image's local:///opt/fcdd/fcdd-spark-cluster.jar),
#   SPARK_SUBMIT (spark-submit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
print=0
if [ "${1:-}" = "--print" ]; then
  print=1
  shift
fi
[ $# -ge 1 ] || { echo "usage: $0 [--print] SUBCOMMAND [ARGS...]" >&2; exit 2; }
. "$root/submit/jvm-options.sh"

fail() { echo "$1" >&2; exit 2; }
master="${FCDD_MASTER:-local[*]}"
case "$master" in
  local*) manager=local ;;
  spark://*) manager=standalone ;;
  yarn) manager=yarn ;;
  k8s://*) manager=kubernetes ;;
  *) fail "FCDD_MASTER must be local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT, got '$master'" ;;
esac
case "$manager" in yarn|kubernetes) default_mode=cluster ;; *) default_mode=client ;; esac
mode="${FCDD_DEPLOY_MODE:-$default_mode}"
case "$mode" in client|cluster) ;; *) fail "FCDD_DEPLOY_MODE must be client or cluster, got '$mode'" ;; esac
[ "$manager" = local ] && [ "$mode" = cluster ] && fail "FCDD_DEPLOY_MODE=cluster needs a cluster: FCDD_MASTER is '$master'"

cores="${FCDD_EXECUTOR_CORES:-4}"
heap="${FCDD_EXECUTOR_MEMORY:-8g}"
offheap_gb="${FCDD_EXECUTOR_OFFHEAP_GB:-8}"
gpus="${FCDD_GPUS_PER_EXECUTOR:-0}"
heap_gb="${heap%g}"
case "$heap_gb" in ''|*[!0-9]*) fail "FCDD_EXECUTOR_MEMORY must be whole gigabytes like 8g, got '$heap'" ;; esac
case "$cores" in ''|*[!0-9]*|0) fail "FCDD_EXECUTOR_CORES must be a whole number >= 1, got '$cores'" ;; esac
case "$gpus" in ''|*[!0-9]*) fail "FCDD_GPUS_PER_EXECUTOR must be a whole number, got '$gpus'" ;; esac
# A task per GPU where the executor has GPUs, sharing the executor's cores between them.
task_cpus="$cores"
if [ "$gpus" -gt 0 ]; then
  [ "$cores" -ge "$gpus" ] || fail "FCDD_EXECUTOR_CORES ($cores) must be at least FCDD_GPUS_PER_EXECUTOR ($gpus): a training task per GPU needs a core"
  task_cpus=$((cores / gpus))
fi
javacpp="-Dorg.bytedeco.javacpp.maxbytes=${offheap_gb}G -Dorg.bytedeco.javacpp.maxphysicalbytes=$((heap_gb + offheap_gb + 1))G"

# The application: the cluster assembly (built when missing), or the image's copy on Kubernetes.
if [ "$manager" = kubernetes ]; then
  [ -n "${FCDD_IMAGE:-}" ] || fail "FCDD_IMAGE must name the image built from submit/Dockerfile (Kubernetes)"
  app_jar="${FCDD_JAR:-local:///opt/fcdd/fcdd-spark-cluster.jar}"
else
  app_jar="${FCDD_JAR:-$(ls "$root"/spark-jobs/target/fcdd-spark-jobs-*-cluster.jar 2>/dev/null | head -1 || true)}"
  if [ -z "$app_jar" ]; then
    if [ "$print" = 1 ]; then
      app_jar="$root/spark-jobs/target/fcdd-spark-jobs-VERSION-cluster.jar"
    else
      (cd "$root" && mvn -B -q -DskipTests package -pl spark-jobs -am) >&2
      app_jar="$(ls "$root"/spark-jobs/target/fcdd-spark-jobs-*-cluster.jar | head -1)"
    fi
  fi
fi

args=(
  --master "$master"
  --deploy-mode "$mode"
  --name "fcdd-$1"
  --class io.fcddspark.spark.cli.FcddCommand
  --driver-memory "${FCDD_DRIVER_MEMORY:-4g}"
  --driver-java-options "$FCDD_JVM_OPTIONS $javacpp"
  --conf "spark.executor.extraJavaOptions=$FCDD_JVM_OPTIONS $javacpp"
  --conf spark.serializer=org.apache.spark.serializer.JavaSerializer
  --conf spark.ui.showConsoleProgress=false
)
if [ "$manager" != local ]; then
  # Executors (local mode has none: the driver's JVM runs local[N] tasks of one core each).
  args+=(
    --conf "spark.executor.instances=${FCDD_EXECUTORS:-2}"
    --conf "spark.executor.cores=$cores"
    --conf "spark.task.cpus=$task_cpus"
    --conf "spark.executorEnv.OMP_NUM_THREADS=$task_cpus"
    --conf "spark.executor.memory=$heap"
    --conf "spark.executor.memoryOverhead=$((offheap_gb + 1))g"
  )
fi
files=()
if [ "$gpus" -gt 0 ]; then
  args+=(
    --conf "spark.executor.resource.gpu.amount=$gpus"
    --conf "spark.task.resource.gpu.amount=1"
  )
  if [ "$manager" = kubernetes ]; then
    # The image carries the script; the device plugin's resource name is nvidia.com/gpu.
    args+=(
      --conf spark.executor.resource.gpu.vendor=nvidia.com
      --conf spark.executor.resource.gpu.discoveryScript=/opt/fcdd/gpu-discovery.sh
    )
  else
    args+=(--conf "spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh")
    files+=("$root/submit/gpu-discovery.sh")
  fi
fi
case "$manager" in
  # Standalone gives an application every free core unless capped: FCDD_EXECUTORS executors of
  # FCDD_EXECUTOR_CORES. In cluster deploy mode spark-submit waits for the driver, so that its exit
  # code says how the job went.
  standalone)
    args+=(--conf "spark.cores.max=$(( ${FCDD_EXECUTORS:-2} * cores ))")
    [ "$mode" = cluster ] && args+=(--conf spark.standalone.submit.waitAppCompletion=true)
    ;;
  yarn) args+=(--queue "${FCDD_QUEUE:-default}") ;;
  kubernetes)
    args+=(
      --conf "spark.kubernetes.container.image=$FCDD_IMAGE"
      --conf "spark.kubernetes.namespace=${FCDD_NAMESPACE:-default}"
      --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${FCDD_SERVICE_ACCOUNT:-spark}"
    )
    if [ "$mode" = cluster ]; then
      [ -n "${FCDD_UPLOAD_PATH:-}" ] || fail "FCDD_UPLOAD_PATH must name a Hadoop-compatible folder the driver pod can read, e.g. s3a://bucket/fcdd-upload (Kubernetes cluster mode ships conf/ through it)"
      args+=(--conf "spark.kubernetes.file.upload.path=$FCDD_UPLOAD_PATH")
    fi
    ;;
esac
if [ "$mode" = cluster ]; then
  # The driver runs on the cluster: ship conf/ so that `-c conf/...` and the configs it names
  # resolve there as here. Data and outputs must be on shared storage (HDFS, S3).
  conf_zip="$root/target/fcdd-conf.zip"
  if [ "$print" = 0 ]; then
    mkdir -p "$root/target"
    rm -f "$conf_zip"
    jar cfM "$conf_zip" -C "$root/conf" . || fail "Cannot pack $root/conf into $conf_zip"
  fi
  args+=(--archives "$conf_zip#conf")
fi
if [ "${#files[@]}" -gt 0 ]; then
  args+=(--files "$(IFS=,; echo "${files[*]}")")
fi
args+=("$app_jar" "$@")

if [ "$print" = 1 ]; then
  printf '%s' "${SPARK_SUBMIT:-spark-submit}"
  printf ' %q' "${args[@]}"
  printf '\n'
elif [ "$manager" = standalone ] && [ "$mode" = cluster ]; then
  # Spark 3.5's standalone client exits 0 however the driver ended: read the state it reports.
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  set +e
  # shellcheck disable=SC2086
  ${SPARK_SUBMIT:-spark-submit} "${args[@]}" 2>&1 | tee "$log"
  code="${PIPESTATUS[0]}"
  set -e
  [ "$code" -eq 0 ] || exit "$code"
  state="$(grep -oE 'State of driver [^ ]+ is [A-Z]+' "$log" | tail -1 || true)"
  case "$state" in
    *FINISHED) exit 0 ;;
    *) echo "fcdd-submit: ${state:-no driver state reported}: the driver's log is in its worker's work folder (driver-*/stderr)" >&2; exit 1 ;;
  esac
else
  # SPARK_SUBMIT may be a command with arguments (e.g. java -cp ... org.apache.spark.deploy.SparkSubmit).
  # shellcheck disable=SC2086
  exec ${SPARK_SUBMIT:-spark-submit} "${args[@]}"
fi
