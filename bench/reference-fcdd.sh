#!/usr/bin/env bash
# The authors' reference implementation (liznerski/fcdd) beside ours on Fashion-MNIST, with the OE
# corpus our sweep trains on and the same number of epochs; writes docs/results-reference.md
# (issue #11: is a class's gap to Table 6 our implementation, or the setting both share?).
# Usage: REFERENCE=/path/to/fcdd bench/reference-fcdd.sh [CLASS ...]   (default: 3 6 8)
# Environment:
#   REFERENCE  a checkout of https://github.com/liznerski/fcdd (required; its commit is recorded)
#   SEEDS      the reference's seeds (default "0 1 2"); EPOCHS (default 25, the sweep's schedule)
#   OE_IMAGES  the ingested OE corpus (default: the main sweep's letters,
#              target/fcdd/sweep/fashion-mnist/ingest/fashion-mnist-oe/images; run the sweep first)
#   THREADS    torch threads (default: nproc); PYTHON (default /usr/bin/python3, Debian's)
#   RECORDS    one JSON per run, kept in the repository (default docs/results-cells/reference);
#              a run whose record exists is not run again
#   OURS       our records of the same cells (default docs/results-cells/fashion-mnist/fcdd-oe)
#   OUT        the page (default docs/results-reference.md)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${REFERENCE:?set REFERENCE to a checkout of liznerski/fcdd}"
[ -d "$REFERENCE/python/fcdd" ] || { echo "$REFERENCE: no python/fcdd: not a liznerski/fcdd checkout" >&2; exit 2; }
classes=("$@"); [ ${#classes[@]} -gt 0 ] || classes=(3 6 8)
for c in "${classes[@]}"; do
  [[ "$c" =~ ^[0-9]$ ]] || { echo "class '$c': Fashion-MNIST's classes are 0 to 9" >&2; exit 2; }
done
python="${PYTHON:-/usr/bin/python3}"
if ! "$python" -c 'import torch, torchvision, sklearn, cv2, skimage, matplotlib, tqdm' 2>/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    python3-torch python3-torchvision python3-sklearn python3-opencv python3-skimage \
    python3-matplotlib python3-tqdm python3-pil
fi
seeds="${SEEDS:-0 1 2}"
epochs="${EPOCHS:-25}"
threads="${THREADS:-$(nproc)}"
oe_images="${OE_IMAGES:-target/fcdd/sweep/fashion-mnist/ingest/fashion-mnist-oe/images}"
records="${RECORDS:-docs/results-cells/reference}"
work=target/reference-fcdd
commit="$(git -C "$REFERENCE" rev-parse HEAD 2>/dev/null || echo unknown)"

# Fashion-MNIST as torchvision reads it for the reference (uncompressed IDX in a folder named after
# the reference's subclass, MyFashionMNIST).
raw="$work/data/MyFashionMNIST/raw"
if [ ! -f "$raw/t10k-labels-idx1-ubyte" ]; then
  [ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist
  mkdir -p "$raw"
  for f in /usr/share/datasets/fashion-mnist/*-ubyte.gz; do zcat "$f" > "$raw/$(basename "$f" .gz)"; done
fi

# The OE corpus, exactly the images our sweep trains on.
[ -d "$oe_images" ] || { echo "$oe_images: no ingested OE corpus (run the sweep first)" >&2; exit 2; }
oe="$work/oe.npy"
if [ ! -f "$oe" ] || [ -n "$(find "$oe_images" -newer "$oe" -name '*.parquet' -print -quit)" ]; then
  . bench/classpath.sh
  java -Xmx3g $FCDD_JVM_OPTIONS -cp "$BENCH_CP" io.fcddspark.bench.CorpusNpyExport \
    "$oe_images" "$oe" 28 28
fi
oe_sha="$(sha256sum "$oe" | cut -c1-16)"

mkdir -p "$records"
for c in "${classes[@]}"; do
  for s in $seeds; do
    rec="$records/class-$(printf %02d "$c")-seed-$s.json"
    if [ -f "$rec" ]; then echo "reference: $rec exists, not run again" >&2; continue; fi
    echo "reference: class $c seed $s, $epochs epochs" >&2
    log="$work/logs/class-$c-seed-$s"
    rm -rf "$log"; mkdir -p "$log"
    OMP_NUM_THREADS="$threads" "$python" bench/python/reference_fcdd_fmnist.py \
      --reference "$REFERENCE/python" --datadir "$work/data" --oe "$oe" --logdir "$log" \
      --normal-class "$c" --epochs "$epochs" --seed "$s" --threads "$threads" \
      > "$log/result.json" 2> "$log/stderr.txt" \
      || { echo "reference: class $c seed $s failed; see $log/stderr.txt" >&2; tail -5 "$log/stderr.txt" >&2; exit 1; }
    "$python" - "$log/result.json" "$rec" "$commit" "$oe_sha" "$oe_images" "$threads" <<'EOF'
import json, os, platform, sys
src, dst, commit, oe_sha, oe_images, threads = sys.argv[1:]
r = json.loads(open(src).read().strip().splitlines()[-1])
# The sweep uses a run only when this hash equals its own OE corpus's (the ingest manifest's).
manifest = json.load(open(os.path.join(os.path.dirname(os.path.normpath(oe_images)), "manifest.json")))
r.update({"dataset": "fashion-mnist", "reference_commit": commit, "oe_sha256_16": oe_sha,
          "oe_images_dir": oe_images, "oe_content_hash": manifest["result"]["contentHash"],
          "threads": int(threads), "cpu": platform.processor() or platform.machine()})
with open(dst, "w") as f:
    json.dump(r, f, indent=2, sort_keys=True); f.write("\n")
EOF
  done
done
"$python" bench/python/reference_page.py --records "$records" --ours "${OURS:-docs/results-cells/fashion-mnist/fcdd-oe}" \
  --paper conf/baselines/fcdd-table6-fashion-mnist-auc.csv --out "${OUT:-docs/results-reference.md}" \
  --command "REFERENCE=<liznerski/fcdd checkout> bench/reference-fcdd.sh"
