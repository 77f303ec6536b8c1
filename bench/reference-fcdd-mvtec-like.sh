#!/usr/bin/env bash
# The authors' reference implementation (liznerski/fcdd) beside ours on one class of the MVTec-AD
# stand-in (bin/make-mvtec-like.py, seed 0), the same images and schedule on both sides (VGG11-BN
# from scratch, confetti, 240 -> 224, 10 epochs of one pass at batch 8); writes
# docs/results-reference-mvtec-like.md (class 1, brick) or docs/results-reference-mvtec-like-<name>.md
# (another class) with both pixel AUCs (issue #28).
# Usage: [CLASS=N] REFERENCE=/path/to/fcdd bench/reference-fcdd-mvtec-like.sh
# Environment:
#   REFERENCE  a checkout of https://github.com/liznerski/fcdd (required; its commit is recorded)
#   CLASS      the stand-in class, numbered as its folders sort: 0-4, bar, brick, disc, grass,
#              gravel (default 1, brick)
#   SEEDS      the reference's seeds (default: conf/sweep/mvtec-like-reference.yaml's)
#   THREADS    torch threads (default: nproc); PYTHON (default /usr/bin/python3, Debian's)
#   RECORDS    one JSON per reference run, kept in the repository (default: beside the sweep's
#              records, .../reference); a run whose record exists is not run again
# Our side is conf/sweep/mvtec-like-reference.yaml with the class, its output and records set here
# (class, epochs, batch and seeds as `fcdd sweep --plan` resolves them), run first, one side at a
# time, nothing else on the machine; resumable as any sweep.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/reference-setup.sh
sweep=conf/sweep/mvtec-like-reference.yaml
# The stand-in's classes as ingest and the reference's driver number them: its folders, sorted.
mapfile -t names < <(find target/mvtec-like -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)
class="${CLASS:-1}"
[[ "$class" =~ ^[0-9]+$ ]] && [ "$class" -lt ${#names[@]} ] \
  || { echo "CLASS=$class: not a stand-in class (0-$(( ${#names[@]} - 1 )): ${names[*]})" >&2; exit 2; }
# Brick, the comparison's first class, keeps the unsuffixed names.
suffix=""; [ "$class" = 1 ] || suffix="-${names[$class]}"
root="docs/results-reference-mvtec-like$suffix-cells"
ours="$root/ours"
page="docs/results-reference-mvtec-like$suffix.md"
output="target/fcdd/sweep/mvtec-like-reference$suffix"
overrides=(--set "datasets[0].classes=[$class]" --set "output=$output"
  --set "markdown=$output/results.md" --set "records=$ours"
  --set "title=FCDD on ${names[$class]} (MVTec-AD stand-in), the reference comparison's schedule (ours)")
command="REFERENCE=<liznerski/fcdd checkout> bench/reference-fcdd-mvtec-like.sh"
[ -z "${CLASS:-}" ] || command="CLASS=$class $command"
# The cell's class, epochs, batch and the seeds, as the sweep itself resolves them.
read -r planned epochs batch sweep_seeds < <(bin/fcdd sweep -c "$sweep" "${overrides[@]}" --plan | "$python" -c '
import json, sys
cells = [json.loads(line) for line in sys.stdin if line.startswith("{")]
classes = {c["cell"]["nominalClass"] for c in cells}
schedules = {(c["train"]["epochs"], c["train"]["batchSize"]) for c in cells}
if len(classes) != 1 or len(schedules) != 1:
    sys.exit("the sweep must plan one class at one schedule, not %s, %s" % (classes, schedules))
seeds = sorted({c["cell"]["seed"] for c in cells})
print(classes.pop(), *schedules.pop(), ",".join(map(str, seeds)))
')
[ "${planned:-}" = "$class" ] || { echo "$sweep: fcdd sweep --plan gave no cell of class $class" >&2; exit 2; }
seeds="${SEEDS:-${sweep_seeds//,/ }}"
threads="${THREADS:-$(nproc)}"
records="${RECORDS:-$root/reference}"
work=target/reference-fcdd-mvtec-like

bin/fcdd sweep -c "$sweep" "${overrides[@]}"

mkdir -p "$records"
for s in $seeds; do
  rec="$records/class-$(printf %02d "$class")-seed-$s.json"
  if [ -f "$rec" ]; then echo "reference: $rec exists, not run again" >&2; continue; fi
  echo "reference: class $class seed $s, $epochs epochs, batch $batch" >&2
  log="$work/logs/class-$class-seed-$s"
  rm -rf "$log" "$work/data"; mkdir -p "$log"
  OMP_NUM_THREADS="$threads" "$python" bench/python/reference_fcdd_mvtec_like.py \
    --reference "$REFERENCE/python" --standin target/mvtec-like --datadir "$work/data" --logdir "$log" \
    --normal-class "$class" --epochs "$epochs" --batch-size "$batch" --seed "$s" --threads "$threads" \
    > "$log/result.json" 2> "$log/stderr.txt" \
    || { echo "reference: class $class seed $s failed; see $log/stderr.txt" >&2; tail -5 "$log/stderr.txt" >&2; exit 1; }
  "$python" - "$log/result.json" "$rec" "$commit" "$standin_sha" "$threads" <<'EOF2'
import json, platform, sys
src, dst, commit, standin_sha, threads = sys.argv[1:]
r = json.loads(open(src).read().strip().splitlines()[-1])
r.update({"dataset": "mvtec-like", "reference_commit": commit, "standin_sha256_16": standin_sha,
          "threads": int(threads), "cpu": platform.processor() or platform.machine()})
with open(dst, "w") as f:
    json.dump(r, f, indent=2, sort_keys=True); f.write("\n")
EOF2
done
"$python" bench/python/reference_page_mvtec_like.py --records "$records" \
  --ours "$ours/mvtec-like/fcdd-confetti" \
  --out "$page" --standin-sha "$standin_sha" --command "$command"
