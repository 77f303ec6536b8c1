package io.fcddspark.spark;

import io.fcddspark.dl4j.OneDnnHelpers;
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

  /** An embedded session on {@code master} (e.g. {@code local[2]}) with the UI off. */
  public static SparkSession local(String master, String appName) {
    OneDnnHelpers.enable();
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName(appName)
            .set("spark.ui.enabled", "false")
            .set("spark.sql.shuffle.partitions", "4")
            .set("spark.driver.extraJavaOptions", JVM_OPTIONS)
            .set("spark.executor.extraJavaOptions", JVM_OPTIONS);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * The session of a command: the cluster's when launched by {@code spark-submit} (which sets
   * {@code spark.master}), else an embedded one on {@code master}.
   */
  public static SparkSession forCommand(String master, String appName) {
    if (System.getProperty("spark.master") != null) {
      OneDnnHelpers.enable();
      return SparkSession.builder().appName(appName).getOrCreate();
    }
    return local(master, appName);
  }
}
