package io.fcddspark.nets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.dl4j.OneDnnHelpers;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FcddNetworkFactoryTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"CNN28, 413441, 49", "CNN32, 1185281, 64", "VGG11_BN, 4504833, 784"})
  void builtNetworksHaveThePapersTrainableParamsAndHeatmap(
      FcddArchitecture arch, long params, int heatmapPixels) {
    MultiLayerNetwork net = FcddNetworkFactory.fcdd(arch, NetworkOptions.fashionMnistDefaults(1));
    assertThat(FcddNetworkFactory.trainableParams(net)).isEqualTo(params);
    ImageShape in = arch.input();
    INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 2, in.channels(), in.height(), in.width()));
    assertThat(out.shape()).containsExactly(2, heatmapPixels);
    OneDnnHelpers.requireActive(net);
  }

  @Test
  void hscNetworkOutputsAGlobalVector() {
    MultiLayerNetwork net =
        FcddNetworkFactory.build(
            FcddArchitecture.CNN28,
            Head.hsc(48),
            Objective.sampleLabels(),
            NetworkOptions.fashionMnistDefaults(1));
    assertThat(FcddNetworkFactory.trainableParams(net))
        .isEqualTo(FcddArchitecture.CNN28.trainableParams(Head.hsc(48)));
    assertThat(net.output(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28)).shape()).containsExactly(3, 48);
  }

  // Seed 0 is the sweeps' first seed, and ND4J's native generator reads 0 as "seed from the
  // clock": it gave other weights on every build until the seed went through nd4jSeed().
  @ParameterizedTest
  @CsvSource({"0, 1", "7, 8", "-1, 0"})
  void sameSeedSameWeightsOnAnyThreadOtherSeedOtherWeights(long seed, long other)
      throws InterruptedException {
    INDArray a = cnn28(seed).params();
    INDArray b = cnn28(seed).params();
    INDArray[] onOtherThread = new INDArray[1];
    Thread t = new Thread(() -> onOtherThread[0] = cnn28(seed).params());
    t.start();
    t.join();
    assertThat(a).isEqualTo(b);
    assertThat(onOtherThread[0]).isEqualTo(a);
    assertThat(cnn28(other).params()).isNotEqualTo(a);
  }

  @Test
  void theNd4jSeedIsNeverZeroAndDependsOnTheSeed() {
    assertThat(NetworkOptions.fashionMnistDefaults(0).nd4jSeed())
        .isNotZero()
        .isEqualTo(NetworkOptions.fashionMnistDefaults(0).nd4jSeed())
        .isNotEqualTo(NetworkOptions.fashionMnistDefaults(1).nd4jSeed());
  }

  private static MultiLayerNetwork cnn28(long seed) {
    return FcddNetworkFactory.fcdd(
        FcddArchitecture.CNN28, NetworkOptions.fashionMnistDefaults(seed));
  }

  @Test
  void torchDefaultInitBoundsWeightsByOneOverSqrtFanIn() {
    MultiLayerNetwork net =
        FcddNetworkFactory.fcdd(FcddArchitecture.CNN28, NetworkOptions.fashionMnistDefaults(3));
    INDArray w = net.getParam("3_W"); // conv 128->128 5x5 (BatchNorm+LeakyReLU fused): fanIn 3200
    double bound = 1 / Math.sqrt(3200);
    assertThat(w.maxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
    assertThat(w.minNumber().doubleValue()).isGreaterThanOrEqualTo(-bound);
  }

  @Test
  void configurationSurvivesJsonAsSparkShipsIt() {
    for (Objective o : new Objective[] {Objective.sampleLabels(), new Objective.PixelMasks(12)}) {
      MultiLayerConfiguration conf =
          FcddNetworkFactory.configuration(
              FcddArchitecture.VGG11_BN, Head.fcdd(), o, NetworkOptions.fashionMnistDefaults(1));
      String json = conf.toJson();
      assertThat(MultiLayerConfiguration.fromJson(json).toJson()).isEqualTo(json);
      assertThat(json)
          .contains(
              o instanceof Objective.PixelMasks ? "FcddPixelLossFunction" : "FcddLossFunction");
    }
  }

  @Test
  void hscCannotTakePixelMasks() {
    assertThatThrownBy(
            () ->
                FcddNetworkFactory.configuration(
                    FcddArchitecture.CNN28,
                    Head.hsc(8),
                    new Objective.PixelMasks(1.2),
                    NetworkOptions.fashionMnistDefaults(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The HSC head has no heatmap: per-pixel masks need the FCDD head");
  }
}
