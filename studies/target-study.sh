#!/usr/bin/env bash
# Writes the targets studies' pages from the sweeps' records (no Spark, no training): per config,
# whether a sweep's first variation meets its targets and what the sweep and its studies measured
# about every miss (docs/results-targets.md, docs/results-oe-targets.md).
# Usage: studies/target-study.sh [CONFIG...]   (default: every studies/conf/*.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(studies/conf/*.yaml)
mvn -B -q -o -DskipTests -Dfcdd.assembly.skip=true install -pl studies -am 2>/dev/null \
  || mvn -B -q -DskipTests -Dfcdd.assembly.skip=true install -pl studies -am
mvn -B -q -pl studies dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/studies/target/classpath.txt" >/dev/null
java -cp "studies/target/classes:$(cat studies/target/classpath.txt)" \
  io.fcddspark.studies.TargetStudy "${configs[@]}"
