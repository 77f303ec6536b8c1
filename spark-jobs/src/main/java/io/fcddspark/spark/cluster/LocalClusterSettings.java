package io.fcddspark.spark.cluster;

import io.fcddspark.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * What Spark's multi-process test cluster, {@code local-cluster[workers,cores,memoryMb]}, needs to
 * start its executors (each a JVM of its own) where no Spark distribution is installed.
 *
 * <p>Its workers run inside the driver and launch executors with Spark's command builder, which
 * reads {@code $SPARK_HOME/jars} and the Scala version: here {@code SPARK_HOME} may be any folder
 * (bin/fcdd and the test build point it at one under {@code target/}); this adds its {@code jars/},
 * puts the driver's own class path on the executors', tells them the Scala version, and gives each
 * executor its worker's memory. Executors' logs go to {@code $SPARK_HOME/work/<app>/<executor>/}.
 *
 * <p>Each executor's native math (ND4J, oneDNN) gets as many threads as this JVM's: its float
 * reductions depend on the thread count fixed at start-up, and Spark would give each executor one
 * per core it has ({@code OMP_NUM_THREADS}). So a seeded run here trains to the same bits as in
 * {@code local[N]} on this machine.
 */
public final class LocalClusterSettings {
  private static final Pattern MASTER =
      Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

  private LocalClusterSettings() {}

  /** The worker count, cores and memory of a {@code local-cluster[...]} master. */
  public record Shape(int workers, int coresPerWorker, int memoryMbPerWorker) {}

  /** The shape of {@code master} when it is a {@code local-cluster[...]} URL. */
  public static Optional<Shape> shape(String master) {
    Matcher m = MASTER.matcher(master.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Shape(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
  }

  /**
   * Sets what {@code master} needs on {@code conf} (keys already set are kept), with {@code
   * sparkHome} the value of {@code SPARK_HOME} (null when unset) and {@code classPath} the
   * driver's.
   */
  public static void apply(SparkConf conf, String master, String sparkHome, String classPath) {
    Shape shape = shape(master).orElse(null);
    if (shape == null) {
      return;
    }
    if (sparkHome == null || sparkHome.isBlank()) {
      throw new ConfigException(
          "Cannot start "
              + master
              + ": its workers launch executors from $SPARK_HOME, which is not set (bin/fcdd sets"
              + " it; elsewhere export SPARK_HOME=<any writable folder>)");
    }
    Path jars = Path.of(sparkHome, "jars");
    try {
      Files.createDirectories(jars);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start " + master + ": cannot create " + jars + " (SPARK_HOME)", e);
    }
    conf.setIfMissing("spark.executor.extraClassPath", classPath);
    conf.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", scalaBinaryVersion());
    conf.setIfMissing("spark.executor.memory", shape.memoryMbPerWorker() + "m");
    conf.setIfMissing("spark.executorEnv." + OMP_THREADS, String.valueOf(nativeThreads()));
  }

  private static final String OMP_THREADS = "OMP_NUM_THREADS";

  /** The native thread count of this JVM: its {@code OMP_NUM_THREADS}, else its processors. */
  static int nativeThreads() {
    String env = System.getenv(OMP_THREADS);
    if (env != null && env.matches("\\d+")) {
      return Integer.parseInt(env);
    }
    return Runtime.getRuntime().availableProcessors();
  }

  private static String scalaBinaryVersion() {
    String full = scala.util.Properties.versionNumberString();
    return full.substring(0, full.lastIndexOf('.'));
  }
}
