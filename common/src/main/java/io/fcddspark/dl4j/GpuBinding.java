package io.fcddspark.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which ND4J device a Spark task should run on: the GPU that Spark's resource scheduling assigned
 * to it ({@code spark.task.resource.gpu.amount}, addresses from {@code submit/gpu-discovery.sh},
 * i.e. physical {@code nvidia-smi} indices), translated to ND4J's index, which counts only the
 * devices in {@code CUDA_VISIBLE_DEVICES} when that is set. A pure function, so that it is tested
 * on machines without a GPU.
 */
public final class GpuBinding {
  private GpuBinding() {}

  /**
   * The decision.
   *
   * @param device ND4J's device index to bind the task's thread to, or -1 to leave ND4J's default
   * @param reason why, for the log
   */
  public record Decision(int device, String reason) {}

  /**
   * Decides for a task with Spark resources {@code resources} (name to addresses), on a backend
   * that sees {@code devices} devices (0 for the CPU backend), with {@code cudaVisibleDevices} the
   * environment variable (null when unset).
   *
   * @throws IllegalStateException when the assigned GPU is not one this process can see
   */
  public static Decision decide(
      Map<String, List<String>> resources, int devices, String cudaVisibleDevices) {
    return decide(resources, devices, cudaVisibleDevices, null);
  }

  /**
   * As {@link #decide(Map, int, String)}, where a {@code -Pcuda} build fell back to the CPU backend
   * for the reason {@code cudaSkipped} (null where the build has no CUDA backend).
   */
  public static Decision decide(
      Map<String, List<String>> resources,
      int devices,
      String cudaVisibleDevices,
      String cudaSkipped) {
    List<String> gpus = resources.getOrDefault("gpu", List.of());
    if (devices == 0) {
      String cpu =
          cudaSkipped == null
              ? "CPU backend"
              : "CPU backend (the CUDA backend cannot run here: " + cudaSkipped + ")";
      return new Decision(
          -1,
          gpus.isEmpty()
              ? cpu
              : cpu
                  + ": the assigned GPU "
                  + gpus
                  + " is not used"
                  + (cudaSkipped == null ? " (build with -Pcuda)" : ""));
    }
    if (gpus.isEmpty()) {
      return new Decision(-1, "no GPU assigned by Spark: ND4J's default device placement");
    }
    String address = gpus.get(0);
    int physical = parse(address, "Spark's GPU address");
    List<Integer> visible = visible(cudaVisibleDevices);
    int index = visible == null ? physical : visible.indexOf(physical);
    if (index < 0 || index >= devices) {
      throw new IllegalStateException(
          String.format(
              "Spark assigned GPU %s, but this executor sees %d device(s)%s: check the discovery"
                  + " script and CUDA_VISIBLE_DEVICES",
              address,
              devices,
              visible == null ? "" : " (CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices + ")"));
    }
    String extra =
        gpus.size() > 1
            ? "; the task was given "
                + gpus
                + " and one network uses one GPU: set spark.task.resource.gpu.amount=1 for a"
                + " worker per GPU"
            : "";
    return new Decision(index, "GPU " + address + " is ND4J device " + index + extra);
  }

  private static List<Integer> visible(String cudaVisibleDevices) {
    if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (String s : cudaVisibleDevices.split(",")) {
      out.add(parse(s.strip(), "CUDA_VISIBLE_DEVICES entry"));
    }
    return out;
  }

  private static int parse(String s, String what) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          what + " '" + s + "' is not a device index (GPU UUIDs are not supported)", e);
    }
  }
}
