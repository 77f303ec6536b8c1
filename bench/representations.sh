#!/usr/bin/env bash
# Measures DL4J's model representations for one FCDD net (docs/stack.md).
# Usage: bench/representations.sh [ARCH=CNN28] [BATCH=128] [SECONDS=8] [OUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
exec java -Xmx8g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.fcddspark.bench.RepresentationBenchmark "$@"
