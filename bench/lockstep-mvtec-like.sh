#!/usr/bin/env bash
# The authors' reference implementation (liznerski/fcdd) and ours in lockstep on one class of the
# MVTec-AD stand-in: the reference trains from its seed (bench/python/reference_lockstep_mvtec_like.py,
# set up as bench/reference-fcdd-mvtec-like.sh sets it up) and writes its initial weights, every
# training batch its loader drew (augmentation and confetti included) and its test set; ours
# (LockstepCheck) starts from those weights, takes the same steps on the same batches and scores the
# same test images. Seeds and random draws no longer separate the sides, so the page shows what the
# implementations do differently; writes docs/results-lockstep-mvtec-like.md (issue #28).
# Usage: REFERENCE=/path/to/fcdd bench/lockstep-mvtec-like.sh
# Environment: REFERENCE (required), SEED (0), CLASS (1), EPOCHS (10), BATCH (8): the class and
#   schedule of conf/sweep/mvtec-like-reference.yaml; THREADS (nproc) for both sides; PYTHON;
#   REUSE=1 keeps the reference's side of an earlier run (target/lockstep-mvtec-like) and reruns ours.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/reference-setup.sh
threads="${THREADS:-$(nproc)}"
work=target/lockstep-mvtec-like
if [ "${REUSE:-0}" = 1 ] && [ -f "$work/reference.json" ]; then
  echo "lockstep: the reference's side of $work/reference.json, kept" >&2
else
  rm -rf "$work"
  mkdir -p "$work/log"
  echo "lockstep: reference side, class ${CLASS:-1}, ${EPOCHS:-10} epochs at batch ${BATCH:-8}, seed ${SEED:-0}" >&2
  OMP_NUM_THREADS="$threads" "$python" bench/python/reference_lockstep_mvtec_like.py \
    --reference "$REFERENCE/python" --standin target/mvtec-like --datadir "$work/data" \
    --logdir "$work/log" --normal-class "${CLASS:-1}" --epochs "${EPOCHS:-10}" \
    --batch-size "${BATCH:-8}" --seed "${SEED:-0}" --threads "$threads" --out "$work" \
    > "$work/log/stdout.txt" 2> "$work/log/stderr.txt" \
    || { echo "lockstep: the reference side failed; see $work/log/stderr.txt" >&2; tail -5 "$work/log/stderr.txt" >&2; exit 1; }
fi
echo "lockstep: our side" >&2
. bench/classpath.sh
OMP_NUM_THREADS="$threads" java -Xmx6g $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.LockstepCheck \
  "$work" conf/train/mvtec-ad.yaml docs/results-lockstep-mvtec-like.md \
  "REFERENCE=<liznerski/fcdd checkout @${commit:0:7}> bench/lockstep-mvtec-like.sh (stand-in ${standin_sha})" \
  2> >(tee "$work/ours.log" | grep --line-buffered '^lockstep:' >&2) \
  || { tail -20 "$work/ours.log" >&2; exit 1; }
