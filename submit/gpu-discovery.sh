#!/usr/bin/env bash
# Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# host has as {"name": "gpu", "addresses": ["0", "1", ...]}, the physical nvidia-smi indices that
# io.fcddspark.dl4j.GpuBinding translates to ND4J device indices.
set -euo pipefail
ids="$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | grep -v '^$' || true)"
addresses=""
for id in $ids; do
  addresses="${addresses:+$addresses, }\"$id\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
