#!/usr/bin/env bash
# Builds the MVTec-AD stand-in (bin/make-mvtec-like.py, seed 0: 30 training images, 10 good and
# 5 per defect test images per class) under target/mvtec-like, then runs its sweep
# (conf/sweep/mvtec-like.yaml, which writes docs/results-mvtec-like.md, or the sweep config given
# first, e.g. conf/sweep/mvtec-like-schedule.yaml); further arguments go to fcdd sweep.
# Resumable as any sweep.
# Usage: bin/mvtec-like-sweep.sh [SWEEP.yaml] [fcdd sweep options]
# Needs Debian's python3-skimage (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import numpy, PIL, skimage' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-skimage
fi
if [ ! -f target/mvtec-like/make-mvtec-like.json ]; then
  /usr/bin/python3 bin/make-mvtec-like.py target/mvtec-like --seed 0 --train 30 --test-good 10 \
    --per-defect 5
fi
config=conf/sweep/mvtec-like.yaml
if [ $# -gt 0 ] && [[ "$1" == *.yaml ]]; then config="$1"; shift; fi
# the heap its documented runs had (docs/results-mvtec-like*.md: 6 GiB; bin/fcdd's default is 4 GiB)
export FCDD_JAVA_HEAP="${FCDD_JAVA_HEAP:--Xmx6g}"
exec bin/fcdd sweep -c "$config" "$@"
