#!/usr/bin/env bash
# spark-submit to a Spark standalone cluster:
#   FCDD_MASTER=spark://master:7077 submit/standalone.sh train -c conf/train/cifar10.yaml
# Client deploy mode by default (FCDD_DEPLOY_MODE=cluster runs the driver on a worker and ships
# conf/). GPUs (FCDD_GPUS_PER_EXECUTOR=1): each worker must declare its GPUs, e.g. in
# spark-defaults.conf / SPARK_WORKER_OPTS: spark.worker.resource.gpu.amount=N and
# spark.worker.resource.gpu.discoveryScript=/path/to/submit/gpu-discovery.sh.
set -euo pipefail
case "${FCDD_MASTER:-}" in
  spark://*) ;;
  *) echo "FCDD_MASTER must be the standalone master's URL, spark://HOST:PORT, got '${FCDD_MASTER:-}'" >&2; exit 2 ;;
esac
exec "$(dirname "$0")/fcdd-submit.sh" "$@"
