package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code submit/fcdd-submit.sh --print}: the settings DL4J needs on a cluster are set by the
 * launcher (Java serialization, JavaCPP limits with a matching memory overhead, one task per
 * executor, GPUs with the discovery script), and a bad value fails in one line.
 */
class SubmitScriptTest {
  private record Run(int code, String out) {}

  private static Run submit(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            concat(List.of("bash", "../submit/fcdd-submit.sh", "--print"), List.of(args)));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void setsWhatDl4jNeedsOnAClusterWithGpus() throws Exception {
    Run r =
        submit(
            Map.of(
                "FCDD_MASTER", "yarn",
                "FCDD_EXECUTOR_CORES", "6",
                "FCDD_EXECUTOR_MEMORY", "10g",
                "FCDD_EXECUTOR_OFFHEAP_GB", "12",
                "FCDD_GPUS_PER_EXECUTOR", "1"),
            "train",
            "-c",
            "conf/train/cifar10.yaml");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("spark-submit --master yarn")
        .contains("--class io.fcddspark.spark.cli.FcddCommand")
        .contains("spark.serializer=org.apache.spark.serializer.JavaSerializer")
        .contains("-Dorg.bytedeco.javacpp.maxbytes=12G")
        .contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=23G")
        .contains("spark.executor.memoryOverhead=13g")
        .contains("spark.task.cpus=6")
        .contains("spark.executorEnv.OMP_NUM_THREADS=6")
        .contains("spark.executor.resource.gpu.amount=1")
        .contains("spark.task.resource.gpu.amount=1")
        .contains("spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh")
        .contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
        .endsWith("train -c conf/train/cifar10.yaml\n");
  }

  @Test
  void aBadValueFailsInOneLine() throws Exception {
    Run r = submit(Map.of("FCDD_EXECUTOR_MEMORY", "8000m"), "train");
    Run none = submit(Map.of());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .isEqualTo("FCDD_EXECUTOR_MEMORY must be whole gigabytes like 8g, got '8000m'\n");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.out()).startsWith("usage: ");
  }
}
