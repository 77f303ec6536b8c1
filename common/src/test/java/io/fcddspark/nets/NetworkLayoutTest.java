package io.fcddspark.nets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Networks move between the portable and the CPU fast-path layout with nothing else changed. */
class NetworkLayoutTest {
  /**
   * Fused float32 kernels against DL4J's float32 layers on the same weights: both round
   * differently, so outputs agree to float precision, not to the bit.
   */
  private static final double OUTPUT_RELATIVE = 1e-4;

  @AfterEach
  void clearSwitch() {
    System.clearProperty(LayerImplementation.PROPERTY);
  }

  @ParameterizedTest
  @EnumSource(FcddArchitecture.class)
  void layoutsConvertIntoEachOtherExactly(FcddArchitecture arch) {
    for (Head head : List.of(Head.fcdd(), Head.hsc(16))) {
      MultiLayerConfiguration fused = configuration(arch, head, LayerImplementation.FUSED);
      MultiLayerConfiguration dl4j = configuration(arch, head, LayerImplementation.DL4J);
      assertThat(NetworkLayout.hasFastPathLayers(fused)).isTrue();
      assertThat(NetworkLayout.hasFastPathLayers(dl4j)).isFalse();
      assertThat(fused.getConfs()).hasSizeLessThan(dl4j.getConfs().size());

      assertThat(NetworkLayout.portable(fused).toJson()).isEqualTo(dl4j.toJson());
      assertThat(NetworkLayout.as(dl4j, LayerImplementation.FUSED).toJson())
          .isEqualTo(fused.toJson());
      assertThat(NetworkLayout.portable(dl4j).toJson()).isEqualTo(dl4j.toJson());
    }
  }

  @Test
  void doubleNetworksStayPortableUnderTheFastPath() {
    MultiLayerConfiguration dl4j =
        FcddNetworkFactory.configuration(
            FcddArchitecture.CNN28.input(),
            FcddArchitecture.CNN28.trunk(),
            Head.fcdd(),
            Objective.sampleLabels(),
            new NetworkOptions(1, new Adam(1e-3), 0, DataType.DOUBLE),
            LayerImplementation.DL4J);
    assertThat(NetworkLayout.hasFastPathLayers(NetworkLayout.as(dl4j, LayerImplementation.FUSED)))
        .isFalse();
  }

  /**
   * A trained fast-path network saved portable and restored: through the CPU branch it is the same
   * network to the bit (outputs, and the next training step, which reads the updater state);
   * through the non-CPU branch (forced) it holds DL4J's layers and computes the same outputs to
   * float precision.
   */
  @ParameterizedTest
  @EnumSource(
      value = FcddArchitecture.class,
      names = {"CNN28", "CNN32"})
  void aTrainedModelSavedPortableRestoresOnEitherBranch(FcddArchitecture arch) throws Exception {
    MultiLayerNetwork trained =
        FcddNetworkFactory.build(configuration(arch, Head.fcdd(), LayerImplementation.FUSED));
    INDArray x = input(arch, 8, 1);
    INDArray y = labels(8);
    for (int step = 0; step < 2; step++) {
      trained.fit(x, y);
    }
    INDArray expected = trained.output(x);

    byte[] file = save(NetworkLayout.portable(trained));
    assertThat(configurationJson(file))
        .doesNotContain("FusedBatchNormActivation", "GemmConvolution")
        .contains("org.deeplearning4j.nn.conf.layers.BatchNormalization");

    MultiLayerNetwork cpu = NetworkLayout.forThisBackend(restore(file));
    assertThat(NetworkLayout.hasFastPathLayers(cpu.getLayerWiseConfigurations())).isTrue();
    assertThat(cpu.output(x)).isEqualTo(expected);
    assertThat(cpu.params()).isEqualTo(trained.params());
    assertThat(cpu.getUpdater().getStateViewArray())
        .isEqualTo(trained.getUpdater().getStateViewArray());
    INDArray x2 = input(arch, 8, 2);
    trained.fit(x2, y);
    cpu.fit(x2, y);
    assertThat(cpu.params()).isEqualTo(trained.params());

    System.setProperty(LayerImplementation.PROPERTY, "dl4j");
    MultiLayerNetwork other = NetworkLayout.forThisBackend(restore(file));
    assertThat(NetworkLayout.hasFastPathLayers(other.getLayerWiseConfigurations())).isFalse();
    INDArray portableOut = other.output(x);
    assertThat(relativeDifference(portableOut, expected)).isLessThan(OUTPUT_RELATIVE);
  }

  @Test
  void aNetworkAlreadyInTheLayoutIsReturnedAsItIs() {
    MultiLayerNetwork net =
        FcddNetworkFactory.build(
            configuration(FcddArchitecture.CNN28, Head.fcdd(), LayerImplementation.FUSED));
    assertThat(NetworkLayout.as(net, LayerImplementation.FUSED)).isSameAs(net);
  }

  @Test
  void anUnknownSwitchValueIsNamed() {
    System.setProperty(LayerImplementation.PROPERTY, "cudnn");
    assertThatThrownBy(LayerImplementation::forThisBackend)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fcdd.layers=cudnn")
        .hasMessageContaining("FUSED")
        .hasMessageContaining("DL4J");
  }

  private static MultiLayerConfiguration configuration(
      FcddArchitecture arch, Head head, LayerImplementation implementation) {
    return FcddNetworkFactory.configuration(
        arch.input(),
        arch.trunk(),
        head,
        Objective.sampleLabels(),
        new NetworkOptions(7, new Adam(1e-3), 1e-6, DataType.FLOAT),
        implementation);
  }

  private static INDArray input(FcddArchitecture arch, int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    ImageShape in = arch.input();
    return Nd4j.rand(DataType.FLOAT, n, in.channels(), in.height(), in.width());
  }

  private static INDArray labels(int n) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, 1);
    for (int i = 0; i < n; i += 3) {
      y.putScalar(i, 0, 1);
    }
    return y;
  }

  private static byte[] save(MultiLayerNetwork net) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, out, true);
    return out.toByteArray();
  }

  private static MultiLayerNetwork restore(byte[] file) throws Exception {
    return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(file), true);
  }

  private static String configurationJson(byte[] file) throws Exception {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals("configuration.json")) {
          return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError("No configuration.json in the model file");
  }

  private static double relativeDifference(INDArray actual, INDArray expected) {
    double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
    return actual.sub(expected).amaxNumber().doubleValue() / scale;
  }
}
