package io.fcddspark.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuBindingTest {
  @Test
  void theAssignedGpuIsTranslatedThroughCudaVisibleDevices() {
    assertThat(GpuBinding.decide(Map.of("gpu", List.of("2")), 4, null).device()).isEqualTo(2);
    assertThat(GpuBinding.decide(Map.of("gpu", List.of("2")), 2, "2,3").device()).isZero();
    assertThat(GpuBinding.decide(Map.of("gpu", List.of("3")), 2, "2, 3").device()).isEqualTo(1);
    assertThat(GpuBinding.decide(Map.of("gpu", List.of("1", "0")), 2, null).reason())
        .isEqualTo(
            "GPU 1 is ND4J device 1; the task was given [1, 0] and one network uses one GPU: set"
                + " spark.task.resource.gpu.amount=1 for a worker per GPU");
  }

  @Test
  void withoutAnAssignmentOrWithoutCudaNothingIsBound() {
    assertThat(GpuBinding.decide(Map.of(), 2, null))
        .isEqualTo(
            new GpuBinding.Decision(
                -1, "no GPU assigned by Spark: ND4J's default device placement"));
    assertThat(GpuBinding.decide(Map.of("gpu", List.of("0")), 0, null).reason())
        .isEqualTo("CPU backend: the assigned GPU [0] is not used (build with -Pcuda)");
  }

  @Test
  void aCudaBuildOnTheCpuFallbackSaysWhyTheGpuIsNotUsed() {
    String skipped = "java.lang.UnsatisfiedLinkError: libcuda.so.1: cannot open shared object file";
    assertThat(GpuBinding.decide(Map.of("gpu", List.of("0")), 0, null, skipped).reason())
        .isEqualTo(
            "CPU backend (the CUDA backend cannot run here: "
                + skipped
                + "): the assigned GPU [0] is not used");
    assertThat(GpuBinding.decide(Map.of(), 0, null, skipped))
        .isEqualTo(
            new GpuBinding.Decision(
                -1, "CPU backend (the CUDA backend cannot run here: " + skipped + ")"));
  }

  @Test
  void aGpuThisProcessCannotSeeIsAnErrorNamingIt() {
    assertThatThrownBy(() -> GpuBinding.decide(Map.of("gpu", List.of("1")), 1, "0"))
        .hasMessage(
            "Spark assigned GPU 1, but this executor sees 1 device(s) (CUDA_VISIBLE_DEVICES=0):"
                + " check the discovery script and CUDA_VISIBLE_DEVICES");
    assertThatThrownBy(() -> GpuBinding.decide(Map.of("gpu", List.of("GPU-5e1f")), 1, null))
        .hasMessage(
            "Spark's GPU address 'GPU-5e1f' is not a device index (GPU UUIDs are not supported)");
  }
}
