package io.fcddspark.spark;

import io.fcddspark.dl4j.OneDnnHelpers;
import io.fcddspark.spark.cluster.ExecutorProcesses;
import io.fcddspark.spark.cluster.LocalClusterSettings;
import io.fcddspark.spark.cluster.TaskHealth;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds Spark sessions with the settings fcdd-spark relies on. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The JVM options every driver and executor needs: DL4J's oneDNN helpers on (see {@link
   * OneDnnHelpers}). The Java 17 {@code --add-opens} come from the launch scripts and surefire,
   * since they must be on the command line of the JVM itself.
   */
  public static final String JVM_OPTIONS = "-D" + OneDnnHelpers.DISABLE_PROPERTY + "=false";

  private static final String PLUGINS = "spark.plugins";
  private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

  /**
   * An embedded session on {@code master} with the UI off: {@code local[N]} in this JVM, or {@code
   * local-cluster[workers,cores,memoryMb]} with every executor a JVM of its own (see {@link
   * LocalClusterSettings}; it needs {@code SPARK_HOME}).
   */
  public static SparkSession local(String master, String appName) {
    return local(master, appName, Map.of());
  }

  /**
   * As {@link #local(String, String)}, with Spark {@code settings} on top (e.g. GPU resources); an
   * executor's extra JVM options there are kept, before ours.
   */
  public static SparkSession local(String master, String appName, Map<String, String> settings) {
    OneDnnHelpers.enable();
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName(appName)
            .set("spark.ui.enabled", "false")
            .set("spark.sql.shuffle.partitions", "4")
            .set("spark.driver.extraJavaOptions", JVM_OPTIONS);
    settings.forEach(conf::set);
    // Options set for executors (spark.* system properties) are kept, before ours.
    conf.set(EXECUTOR_OPTIONS, (conf.get(EXECUTOR_OPTIONS, "") + " " + JVM_OPTIONS).trim());
    LocalClusterSettings.apply(
        conf, master, System.getenv("SPARK_HOME"), System.getProperty("java.class.path"));
    return observed(SparkSession.builder().config(withPlugin(conf)));
  }

  /**
   * The session of a command: the cluster's when launched by {@code spark-submit} (which sets
   * {@code spark.master}), else an embedded one on {@code master}.
   */
  public static SparkSession forCommand(String master, String appName) {
    if (System.getProperty("spark.master") != null) {
      OneDnnHelpers.enable();
      return observed(SparkSession.builder().config(withPlugin(new SparkConf())).appName(appName));
    }
    return local(master, appName);
  }

  /** {@code conf} with {@link ExecutorProcesses} added to its plugins. */
  private static SparkConf withPlugin(SparkConf conf) {
    String plugin = ExecutorProcesses.class.getName();
    String plugins = conf.get(PLUGINS, "");
    if (!plugins.contains(plugin)) {
      conf.set(PLUGINS, plugins.isBlank() ? plugin : plugins + "," + plugin);
    }
    return conf;
  }

  private static SparkSession observed(SparkSession.Builder builder) {
    SparkSession spark = builder.getOrCreate();
    TaskHealth.attach(spark.sparkContext());
    return spark;
  }
}
