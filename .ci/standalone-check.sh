#!/usr/bin/env bash
# The real spark-submit path on a Spark standalone cluster made of separate processes on this
# machine, with no Spark distribution installed: a master and two workers started from Spark's jars
# as Maven resolves them (submit/spark-home/pom.xml), then submit/standalone.sh running the -cluster
# jar on them (spark-submit's main class, SparkSubmit, from the same jars) in client deploy mode
# (ingest and train) and in cluster deploy mode (train, the driver on a worker). Each run's
# provenance must show two executor processes apart from the driver's and no failed, retried or
# recomputed task. .ci/run calls it after `mvn verify` (which builds the jars); docs/cluster.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
. submit/jvm-options.sh
mvn -B -q -f submit/spark-home/pom.xml package
export SPARK_HOME="$root/target/spark-standalone"
export SPARK_SCALA_VERSION=2.12
work="$root/target/standalone-check"
rm -rf "$work"
mkdir -p "$work"
jars="$SPARK_HOME/jars/*"
port=$((20000 + RANDOM % 20000))
master="spark://127.0.0.1:$port"

pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_all EXIT
java -Xmx512m $FCDD_JAVA17_OPENS -cp "$jars" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  java -Xmx512m $FCDD_JAVA17_OPENS -cp "$jars" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 2 --memory 3g --webui-port 0 --work-dir "$work/worker-$i" "$master" \
    >"$work/worker-$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 120); do
  [ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] && break
  sleep 1
done
[ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] \
  || { echo "standalone-check: the workers did not register; see $work" >&2; exit 1; }
echo "standalone-check: master $master with 2 workers (pids ${pids[*]})"

# A small slice of real Fashion-MNIST: 600 training and 300 test images, and its ingest config.
python3 .ci/fashion-mnist-slice.py "$work"

export FCDD_MASTER="$master" FCDD_EXECUTORS=2 FCDD_EXECUTOR_CORES=1 FCDD_EXECUTOR_MEMORY=1g \
  FCDD_EXECUTOR_OFFHEAP_GB=1 FCDD_DRIVER_MEMORY=2g \
  SPARK_SUBMIT="java -Xmx2g $FCDD_JAVA17_OPENS -cp $(printf '%s:' "$SPARK_HOME"/jars/*.jar) org.apache.spark.deploy.SparkSubmit"
train_args=(-c conf/train/fashion-mnist.yaml --set "data.input=$work/client/fashion-mnist"
  --set "outlierExposure.input=$work/client/letters" --set outlierExposure.dataset=letters
  --set epochs=1 --set batchSize=16)

# Checks a run's spark entry (provenance): the master, two executors apart from the driver, clean.
check() {
  python3 - "$1" "$2" "$master" <<'PY'
import json, sys
path, key, master = sys.argv[1], sys.argv[2], sys.argv[3]
doc = json.load(open(path))
for part in key.split("."):
    doc = doc[part]
pids = [e["pid"] for e in doc["executors"]]
assert doc["master"] == master, (path, doc["master"])
assert len(pids) == 2 and len(set(pids)) == 2 and doc["driver"]["pid"] not in pids, (path, doc)
bad = {k: v for k, v in doc["tasks"].items() if v}
assert not bad, (path, bad)
print(f"standalone-check: {path}: driver {doc['driver']['pid']}, executors {pids}, no failed, retried or recomputed task")
PY
}

echo "standalone-check: client deploy mode"
submit/standalone.sh ingest -c "$work/ingest.yaml" --set "output=$work/client/fashion-mnist" \
  2>"$work/client-ingest.log" | tail -1
check "$work/client/fashion-mnist/manifest.json" spark
submit/standalone.sh ingest -c conf/ingest/letters-oe.yaml --set "output=$work/client/letters" \
  --set 'sources[0].fonts=/usr/share/fonts/truetype/dejavu' --set 'sources[0].count=200' \
  2>"$work/client-letters.log" | tail -1
submit/standalone.sh train "${train_args[@]}" --set "output=$work/client/model" \
  >"$work/client-train.out" 2>"$work/client-train.log"
tail -1 "$work/client-train.out"
check "$work/client/model/provenance.json" run.spark
# Quiet through spark-submit too: the command's own lines only, framework logging in the output
# folder's logs/ (SparkSubmit's own WARN lines before our main starts are the exception).
python3 - "$work/client-train.out" "$work/client-train.log" "$work/client/model/logs" <<'PY'
import glob, sys
out, err, logs = (open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read().splitlines(),
                  glob.glob(sys.argv[3] + "/train-*.log"))
ours = [l for l in out + err if l.startswith("train: ")]
others = [l for l in out + err if not l.startswith("train: ") and " WARN Utils: " not in l]
assert not others, "spark-submit printed more than the command's own lines:\n" + "\n".join(others)
assert len(logs) == 1 and err[-1] == "train: framework log " + logs[0], (err[-1:], logs)
print(f"standalone-check: client-mode train printed {len(ours)} lines of its own; framework log {logs[0]}")
PY

echo "standalone-check: cluster deploy mode (the driver on a worker)"
FCDD_DEPLOY_MODE=cluster submit/standalone.sh train "${train_args[@]}" \
  --set "output=$work/cluster/model" >"$work/cluster-train.log" 2>&1 \
  || { tail -30 "$work/cluster-train.log" >&2; exit 1; }
check "$work/cluster/model/provenance.json" run.spark
python3 - "$work/client/model/provenance.json" "$work/cluster/model/provenance.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["model"]["loss"] for p in sys.argv[1:])
assert a == b, (a, b)
print(f"standalone-check: client and cluster deploy mode trained to the same loss, {a}")
PY
# No ERROR line in any executor's log (worker-*/app-*/N/stderr, Spark's default INFO logging), but
# the worker's SIGTERM at the end of an application once every task the executor got had finished
# (the rule of the multi-process tests, ExecutorLogs).
python3 - "$work" <<'PY'
import glob, re, sys
errors, logs = [], sorted(glob.glob(sys.argv[1] + "/worker-*/app-*/*/stderr"))
killed = "ERROR CoarseGrainedExecutorBackend: RECEIVED SIGNAL TERM"
for log in logs:
    running = set()
    lines = open(log, errors="replace").read().splitlines()
    for i, line in enumerate(lines):
        message = line[line.find("ERROR "):] if "ERROR " in line else ""
        # The kill, whole or cut short as the process dies (the last line).
        kill = message == killed or (i == len(lines) - 1 and message and killed.startswith(message))
        m = re.search(r"Got assigned task (\d+)", line)
        if m: running.add(m.group(1))
        m = re.search(r"Finished task \S+ in stage \S+ \(TID (\d+)\)", line)
        if m: running.discard(m.group(1))
        if " ERROR " in line and not (kill and not running):
            errors.append(f"{log}: {line}")
assert logs, "no executor logs"
assert not errors, "\n".join(errors)
print(f"standalone-check: {len(logs)} executor logs, no ERROR line")
PY
echo "standalone-check: done"
