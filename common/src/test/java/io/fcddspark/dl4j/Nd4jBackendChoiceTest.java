package io.fcddspark.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Nd4jBackendChoiceTest {
  @Test
  void theDefaultBuildRunsTheCpuBackendWithNoCudaToFallBackFrom() {
    Nd4jBackendChoice choice = Nd4jBackendChoice.ofThisJvm();
    assertThat(Nd4jBackendChoice.cudaInThisBuild()).isFalse();
    assertThat(choice).isEqualTo(new Nd4jBackendChoice("CPU", false, null));
    assertThat(choice.cpu()).isTrue();
    assertThat(choice.fellBackToCpu()).isFalse();
    assertThat(choice.describe()).isEqualTo("ND4J backend CPU");
    assertThat(Nd4jBackendChoice.ofThisJvm()).isSameAs(choice);
  }

  @Test
  void aCudaBuildOnTheCpuSaysWhyTheCudaBackendWasSkipped() {
    Nd4jBackendChoice fallback =
        new Nd4jBackendChoice("CPU", true, "java.lang.UnsatisfiedLinkError: libcuda.so.1");
    assertThat(fallback.fellBackToCpu()).isTrue();
    assertThat(fallback.describe())
        .isEqualTo(
            "ND4J backend CPU: the CUDA backend in this build cannot run here"
                + " (java.lang.UnsatisfiedLinkError: libcuda.so.1)");
    assertThat(new Nd4jBackendChoice("CUDA", true, null).fellBackToCpu()).isFalse();
  }
}
