package io.fcddspark.spark;

import io.fcddspark.dl4j.GpuBinding;
import io.fcddspark.dl4j.Nd4jBackendChoice;
import io.fcddspark.spark.cluster.ExecutorProcesses;
import io.fcddspark.spark.cluster.TaskGpuBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the running Spark task's thread to the GPU Spark assigned it ({@link GpuBinding} decides),
 * before the task's first ND4J work: every task that builds batches, fits or scores calls it. The
 * decision is logged on the executor and, where a GPU is involved, reported to the driver for the
 * run's provenance ({@link ExecutorProcesses#gpuBindings}).
 */
public final class GpuBinder {
  /**
   * System property: decide as if ND4J saw this many devices, and bind nothing. Shows, on a machine
   * without CUDA, which task would run on which GPU (the tests' stand-in for a GPU).
   */
  public static final String DRY_RUN_PROPERTY = "fcdd.gpu.dryRunDevices";

  private static final Logger LOG = LoggerFactory.getLogger(GpuBinder.class);

  private GpuBinder() {}

  /**
   * Binds the current task's thread; returns the decision. Call inside a Spark task, before its
   * ND4J work; {@code purpose} names that work ({@code batches}, {@code fit}, {@code score}).
   */
  public static GpuBinding.Decision bindCurrentTask(String purpose) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      throw new IllegalStateException("GpuBinder.bindCurrentTask() runs inside a Spark task");
    }
    Map<String, List<String>> resources = new LinkedHashMap<>();
    task.resourcesJMap().forEach((name, info) -> resources.put(name, List.of(info.addresses())));
    Integer dryRun = dryRunDevices();
    Nd4jBackendChoice backend = Nd4jBackendChoice.ofThisJvm();
    int devices;
    if (dryRun != null) {
      devices = dryRun;
    } else {
      devices = backend.cpu() ? 0 : Nd4j.getAffinityManager().getNumberOfDevices();
    }
    GpuBinding.Decision d =
        GpuBinding.decide(
            resources, devices, System.getenv("CUDA_VISIBLE_DEVICES"), backend.cudaSkipped());
    if (d.device() >= 0 && dryRun == null) {
      Nd4j.getAffinityManager().unsafeSetDevice(d.device());
    }
    String reason =
        dryRun == null
            ? d.reason()
            : "dry run (" + DRY_RUN_PROPERTY + "=" + dryRun + "): " + d.reason();
    List<String> assigned = resources.getOrDefault("gpu", List.of());
    if (d.device() < 0 && assigned.isEmpty()) {
      LOG.debug("Task {} ({}): {}", task.taskAttemptId(), purpose, reason);
      return d;
    }
    LOG.info(
        "Task {} ({}, stage {}, partition {}): {}",
        task.taskAttemptId(),
        purpose,
        task.stageId(),
        task.partitionId(),
        reason);
    ExecutorProcesses.report(
        new TaskGpuBinding(
            SparkEnv.get().executorId(),
            task.stageId(),
            task.partitionId(),
            task.taskAttemptId(),
            purpose,
            assigned,
            d.device(),
            dryRun != null,
            reason));
    return d;
  }

  private static Integer dryRunDevices() {
    String value = System.getProperty(DRY_RUN_PROPERTY);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "System property " + DRY_RUN_PROPERTY + "=" + value + ": expected a device count >= 0");
  }
}
