package io.fcddspark.spark.cluster;

import java.util.List;
import org.apache.spark.SparkContext;

/**
 * The Spark side of a run, as provenance records it: where it ran, which processes did the work,
 * and whether any of it failed or was done twice.
 *
 * @param master the Spark master URL
 * @param applicationId Spark's id of the application
 * @param sparkVersion Spark's version
 * @param driver the driver's process
 * @param executors the executors' processes, by executor id ({@code driver} alone in {@code
 *     local[N]})
 * @param tasks failures, retries and recomputations since the session started
 */
public record SparkRun(
    String master,
    String applicationId,
    String sparkVersion,
    ProcessInfo driver,
    List<ProcessInfo> executors,
    TaskHealth.Counts tasks) {

  /** The run of {@code sc} so far. */
  public static SparkRun of(SparkContext sc) {
    return new SparkRun(
        sc.master(),
        sc.applicationId(),
        sc.version(),
        ProcessInfo.current("driver"),
        ExecutorProcesses.of(sc),
        TaskHealth.attach(sc).counts());
  }
}
