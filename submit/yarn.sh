#!/usr/bin/env bash
# spark-submit to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster's config):
#   FCDD_QUEUE=gpu FCDD_GPUS_PER_EXECUTOR=1 submit/yarn.sh sweep -c conf/sweep/cifar10.yaml
# Cluster deploy mode by default: the driver runs in the application master, conf/ is shipped
# and unpacked to ./conf beside it; data and outputs must be on HDFS (or another shared store).
# GPUs map to YARN's yarn.io/gpu resource (Hadoop 3.1+ with GPU scheduling on the node managers).
set -euo pipefail
export FCDD_MASTER=yarn
exec "$(dirname "$0")/fcdd-submit.sh" "$@"
