package io.fcddspark.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.Head;
import io.fcddspark.nets.LayerImplementation;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.nets.Objective;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;

/**
 * The oneDNN workaround: needed and working; and the fast path (helpers + fused BatchNorm) equals
 * DL4J as shipped (no helpers, separate BatchNorm and activation layers).
 */
class OneDnnHelpersTest {
  @Test
  void shimIsStillNeededAndStillRight() throws Exception {
    // Breaks when ND4J ships the old name again (shim unnecessary) ...
    List<URL> copies =
        Collections.list(
            getClass()
                .getClassLoader()
                .getResources("org/nd4j/nativeblas/Nd4jCpu$Environment.class"));
    assertThat(copies).as("classes named org.nd4j.nativeblas.Nd4jCpu$Environment").hasSize(1);
    assertThat(copies.get(0).toString()).doesNotContain("nd4j-native").doesNotContain("nd4j-api");
    // ... or renames the class it delegates to (shim wrong).
    assertThat(Class.forName(Nd4jCpu.RENAMED_ENVIRONMENT)).isNotNull();
    assertThat(BaseMKLDNNHelper.mklDnnEnabled()).isTrue();
    assertThat(Nd4jCpu.Environment.getInstance().isUseMKLDNN()).isTrue();
  }

  @Test
  void networksFromTheFactoryHaveEveryHelper() {
    MultiLayerNetwork net =
        FcddNetworkFactory.fcdd(FcddArchitecture.CNN32, NetworkOptions.fashionMnistDefaults(1));
    assertThat(OneDnnHelpers.layersWithoutHelper(net)).isEmpty();
  }

  @Test
  void withoutThePropertyHelpersAreMissingAndTheCheckSaysSo() {
    String before = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
    try {
      System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, "true");
      MultiLayerNetwork plain = plainCnn28(5);
      assertThat(OneDnnHelpers.layersWithoutHelper(plain))
          .containsExactly(
              "0:ConvolutionLayer",
              "1:BatchNormalization",
              "3:SubsamplingLayer",
              "4:ConvolutionLayer",
              "5:SubsamplingLayer",
              "6:ConvolutionLayer");
      assertThatThrownBy(() -> OneDnnHelpers.requireActive(plain))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("oneDNN helpers are not active for layers [0:ConvolutionLayer");
    } finally {
      restore(before);
    }
  }

  @Test
  void helperPathComputesWhatThePlainPathComputes() {
    String before = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
    MultiLayerNetwork plain;
    try {
      System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, "true");
      plain = plainCnn28(9);
    } finally {
      restore(before);
    }
    MultiLayerNetwork fast =
        FcddNetworkFactory.fcdd(FcddArchitecture.CNN28, NetworkOptions.fashionMnistDefaults(9));
    Nd4j.getRandom().setSeed(9);
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
    INDArray y = Nd4j.create(new float[] {0, 1, 0, 1, 1, 0, 0, 1}, new long[] {8, 1});
    FusedBatchNormActivationTest.assertClose("inference", fast.output(x), plain.output(x));
    FusedBatchNormActivationTest.assertClose(
        "training-mode output", fast.output(x, true), plain.output(x, true));
    for (MultiLayerNetwork net : List.of(plain, fast)) {
      net.setInput(x);
      net.setLabels(y);
      net.computeGradientAndScore();
    }
    FusedBatchNormActivationTest.assertClose(
        "gradients", fast.getFlattenedGradients(), plain.getFlattenedGradients());
  }

  private static MultiLayerNetwork plainCnn28(long seed) {
    MultiLayerNetwork net =
        new MultiLayerNetwork(
            FcddNetworkFactory.configuration(
                FcddArchitecture.CNN28.input(),
                FcddArchitecture.CNN28.trunk(),
                Head.fcdd(),
                Objective.sampleLabels(),
                NetworkOptions.fashionMnistDefaults(seed),
                LayerImplementation.DL4J));
    net.init();
    return net;
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty(OneDnnHelpers.DISABLE_PROPERTY);
    } else {
      System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, before);
    }
  }
}
