package io.fcddspark.spark.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * @param gpus which executor ran which work on which GPU, and in how many tasks (empty when no task
 *     was assigned or bound a GPU)
 */
public record SparkRun(
    String master,
    String applicationId,
    String sparkVersion,
    ProcessInfo driver,
    List<ProcessInfo> executors,
    TaskHealth.Counts tasks,
    List<GpuUse> gpus) {

  /**
   * Tasks of one executor that did one kind of work on one GPU.
   *
   * @param executorId the executor
   * @param assigned the GPU addresses Spark assigned each of these tasks
   * @param device the ND4J device they were bound to (-1: none)
   * @param purpose their work ({@code batches}, {@code fit}, {@code score})
   * @param dryRun whether the binding was only decided ({@code fcdd.gpu.dryRunDevices})
   * @param tasks how many tasks
   */
  public record GpuUse(
      String executorId,
      List<String> assigned,
      int device,
      String purpose,
      boolean dryRun,
      long tasks) {}

  /** The bindings grouped by executor, addresses, device, purpose and dry run, in that order. */
  static List<GpuUse> gpuUses(List<TaskGpuBinding> bindings) {
    Map<GpuUse, Long> counts = new TreeMap<>(ORDER);
    for (TaskGpuBinding b : bindings) {
      counts.merge(
          new GpuUse(b.executorId(), b.assigned(), b.device(), b.purpose(), b.dryRun(), 0),
          1L,
          Long::sum);
    }
    return counts.entrySet().stream()
        .map(
            e ->
                new GpuUse(
                    e.getKey().executorId(),
                    e.getKey().assigned(),
                    e.getKey().device(),
                    e.getKey().purpose(),
                    e.getKey().dryRun(),
                    e.getValue()))
        .toList();
  }

  private static final Comparator<GpuUse> ORDER =
      Comparator.comparing(GpuUse::executorId)
          .thenComparing(u -> String.join(",", u.assigned()))
          .thenComparingInt(GpuUse::device)
          .thenComparing(GpuUse::purpose)
          .thenComparing(GpuUse::dryRun);

  /** The run of {@code sc} so far. */
  public static SparkRun of(SparkContext sc) {
    return new SparkRun(
        sc.master(),
        sc.applicationId(),
        sc.version(),
        ProcessInfo.current("driver"),
        ExecutorProcesses.of(sc),
        TaskHealth.attach(sc).counts(),
        gpuUses(ExecutorProcesses.gpuBindings(sc)));
  }
}
