# Sourced by the benchmark scripts that interleave their sides (each run a process of its own).
# idle_load: waits up to 120 s for the 1-minute load average to fall below IDLE_BELOW (default 1)
#   and prints it; when the machine stays busy it says so and stops the script: nothing is
#   measured on a busy machine. The page records the highest load seen.
# record SIDE LOAD FILE: reads a run's output on stdin and appends "SIDE LOAD JSON" to FILE, the
#   JSON from its RESULT line (InterleavedRuns reads them); fails when there is none.
idle_load() {
  local below="${IDLE_BELOW:-1}"
  for _ in $(seq 120); do
    awk -v b="$below" '{exit !($1 < b)}' /proc/loadavg && break
    sleep 1
  done
  if ! awk -v b="$below" '{exit !($1 < b)}' /proc/loadavg; then
    echo "$(basename "$0"): the machine is busy (load $(cut -d' ' -f1 /proc/loadavg)); not measuring" >&2
    exit 1
  fi
  cut -d' ' -f1 /proc/loadavg
}
record() {
  local line
  line="$(grep '^RESULT ' | tail -1)" || { echo "$(basename "$0"): $1 printed no RESULT line" >&2; return 1; }
  echo "$(basename "$0"): $1 (load $2): ${line#RESULT }" >&2
  echo "$1 $2 ${line#RESULT }" >>"$3"
}
