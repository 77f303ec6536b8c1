# JVM options every fcdd-spark driver and executor needs; source this from launch scripts:
#   . "$(dirname "$0")/jvm-options.sh"
#   spark-submit --driver-java-options "$FCDD_JVM_OPTIONS" \
#     --conf "spark.executor.extraJavaOptions=$FCDD_JVM_OPTIONS" ...
# - Java 17 --add-opens that Spark 3.5 needs (the same list as java17.opens in pom.xml; a test in
#   spark-jobs checks they agree);
# - DL4J's oneDNN layer helpers on (docs/stack.md).
FCDD_JAVA17_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
FCDD_JVM_OPTIONS="$FCDD_JAVA17_OPENS -Dorg.eclipse.deeplearning4j.helpers.disable=false"
export FCDD_JAVA17_OPENS FCDD_JVM_OPTIONS
