# Sourced by the benchmark scripts (from the repository root): builds the bench module and what it
# needs (not the 0.5 GB assemblies: the benchmarks run from the class path), then sets BENCH_CP to its runtime classpath and FCDD_JVM_OPTIONS (submit/jvm-options.sh).
mvn -B -q -DskipTests -Dfcdd.assembly.skip=true install -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
. submit/jvm-options.sh
