#!/usr/bin/env bash
# spark-submit to Kubernetes, with the image built from submit/Dockerfile:
#   FCDD_MASTER=k8s://https://api.example:6443 FCDD_IMAGE=registry/fcdd-spark:0.1.0 \
#   FCDD_UPLOAD_PATH=s3a://bucket/fcdd-upload FCDD_GPUS_PER_EXECUTOR=1 \
#   submit/kubernetes.sh sweep -c conf/sweep/cifar10.yaml
# Cluster deploy mode by default; the application jar and the GPU discovery script are in the
# image; conf/ is uploaded through FCDD_UPLOAD_PATH. GPUs come from the NVIDIA device plugin
# (nvidia.com/gpu).
set -euo pipefail
case "${FCDD_MASTER:-}" in
  k8s://*) ;;
  *) echo "FCDD_MASTER must be the API server, k8s://https://HOST:PORT, got '${FCDD_MASTER:-}'" >&2; exit 2 ;;
esac
exec "$(dirname "$0")/fcdd-submit.sh" "$@"
