package io.fcddspark.spark;

import io.fcddspark.dl4j.GpuBinding;
import io.fcddspark.dl4j.OneDnnHelpers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the running Spark task's thread to the GPU Spark assigned it ({@link GpuBinding} decides),
 * before the task builds or trains a network.
 */
public final class GpuBinder {
  private static final Logger LOG = LoggerFactory.getLogger(GpuBinder.class);

  private GpuBinder() {}

  /** Binds the current task's thread; returns the decision. Call inside a Spark task. */
  public static GpuBinding.Decision bindCurrentTask() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      throw new IllegalStateException("GpuBinder.bindCurrentTask() runs inside a Spark task");
    }
    Map<String, List<String>> resources = new LinkedHashMap<>();
    task.resourcesJMap().forEach((name, info) -> resources.put(name, List.of(info.addresses())));
    int devices = OneDnnHelpers.cpuBackend() ? 0 : Nd4j.getAffinityManager().getNumberOfDevices();
    GpuBinding.Decision d =
        GpuBinding.decide(resources, devices, System.getenv("CUDA_VISIBLE_DEVICES"));
    if (d.device() >= 0) {
      Nd4j.getAffinityManager().unsafeSetDevice(d.device());
      LOG.info("Task {}: {}", task.taskAttemptId(), d.reason());
    } else {
      LOG.debug("Task {}: {}", task.taskAttemptId(), d.reason());
    }
    return d;
  }
}
