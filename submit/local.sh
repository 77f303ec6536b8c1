#!/usr/bin/env bash
# spark-submit in local mode on this machine (a Spark installation's spark-submit, or SPARK_SUBMIT):
#   submit/local.sh pipeline -c conf/pipeline/fashion-mnist.yaml
# FCDD_MASTER defaults to local[*]; every other setting as in submit/fcdd-submit.sh.
set -euo pipefail
export FCDD_MASTER="${FCDD_MASTER:-local[*]}"
exec "$(dirname "$0")/fcdd-submit.sh" "$@"
