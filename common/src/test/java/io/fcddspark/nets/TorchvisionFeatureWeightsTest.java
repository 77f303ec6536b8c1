package io.fcddspark.nets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretrained VGG11-BN weights from a generated safetensors file with torchvision's names: the
 * tensors land in the right layers in the right layout (checked by recomputing the first block's
 * output by hand), and the first 15 feature layers stay frozen, BatchNorm statistics included.
 */
class TorchvisionFeatureWeightsTest {
  private static final FcddArchitecture VGG = FcddArchitecture.VGG11_BN;
  private static Map<String, Safetensors.Tensor> weights;

  /** torchvision's vgg11_bn {@code features.*} tensors, random, through a safetensors file. */
  @BeforeAll
  static void generate() throws IOException {
    Map<String, Safetensors.Tensor> t = VggWeightsFixture.random(11);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Safetensors.write(t, bytes);
    weights = Safetensors.read(new ByteArrayInputStream(bytes.toByteArray()), "generated");
    assertThat(weights).isEqualTo(t);
  }

  private static MultiLayerNetwork loaded() {
    MultiLayerNetwork net = FcddNetworkFactory.fcdd(VGG, NetworkOptions.fashionMnistDefaults(1));
    TorchvisionFeatureWeights.load(net, VGG, weights, "generated");
    return net;
  }

  @Test
  void theFirstBlockComputesWhatTorchvisionsWouldFromTheLoadedTensors() {
    MultiLayerNetwork net = loaded();
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 224, 224);
    // Layers 0 and 1: conv 3->64 (pad 1), BatchNorm + ReLU, in inference mode.
    INDArray out = net.feedForwardToLayer(1, x, false).get(2);
    float[] w = weights.get("features.0.weight").values();
    float[] b = weights.get("features.0.bias").values();
    float[] gamma = weights.get("features.1.weight").values();
    float[] beta = weights.get("features.1.bias").values();
    float[] mean = weights.get("features.1.running_mean").values();
    float[] var = weights.get("features.1.running_var").values();
    int[][] at = {{0, 0, 0}, {5, 100, 37}, {63, 223, 223}, {17, 1, 222}};
    for (int[] p : at) {
      int co = p[0];
      int y = p[1];
      int xx = p[2];
      double conv = b[co];
      for (int ci = 0; ci < 3; ci++) {
        for (int ky = 0; ky < 3; ky++) {
          for (int kx = 0; kx < 3; kx++) {
            int iy = y + ky - 1;
            int ix = xx + kx - 1;
            if (iy >= 0 && iy < 224 && ix >= 0 && ix < 224) {
              conv += w[((co * 3 + ci) * 3 + ky) * 3 + kx] * x.getDouble(0, ci, iy, ix);
            }
          }
        }
      }
      double expected =
          Math.max(0, gamma[co] * (conv - mean[co]) / Math.sqrt(var[co] + 1e-5) + beta[co]);
      assertThat(out.getDouble(0, co, y, xx)).as("%s", p).isCloseTo(expected, within(2e-4));
    }
  }

  @Test
  void theFirstFifteenFeatureLayersStayFrozenBatchNormStatisticsIncluded() {
    MultiLayerNetwork net = TorchvisionFeatureWeights.freeze(loaded(), VGG, 15);
    int[] layerOf = TorchvisionFeatureWeights.layerOfSpec(net, VGG.trunk());
    int lastFrozen = layerOf[14];
    int firstFree = layerOf[15];
    INDArray frozenBefore = net.getLayer(layerOf[12]).params().dup();
    INDArray freeBefore = net.getLayer(firstFree).params().dup();
    INDArray bnFreeBefore = net.getLayer(layerOf[16]).params().dup();

    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 224, 224);
    net.fit(new DataSet(x, Nd4j.create(new float[] {0, 1}, new long[] {2, 1})));

    assertThat(lastFrozen).isEqualTo(10); // conv,bn,pool x2, conv,bn,conv,bn,pool: DL4J layer 10
    assertThat(net.getLayer(layerOf[12]).params()).isEqualTo(frozenBefore);
    assertThat(net.getLayer(firstFree).params()).isNotEqualTo(freeBefore);
    assertThat(net.getLayer(layerOf[16]).params()).isNotEqualTo(bnFreeBefore);
    INDArray frozenMean =
        net.getLayer(layerOf[12]).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
    assertThat(frozenMean.toFloatVector())
        .containsExactly(weights.get("features.12.running_mean").values());
  }

  @Test
  void theReferencesFinalConvolutionBecomesTheHeadTheHeatmapComesFrom() {
    MultiLayerNetwork net = loaded();
    float[] w = new float[512];
    for (int c = 0; c < w.length; c++) {
      w[c] = (float) Math.sin(c * 0.37) * 0.05f;
    }
    Map<String, Safetensors.Tensor> head =
        Map.of(
            "conv_final.weight", new Safetensors.Tensor(new long[] {1, 512, 1, 1}, w),
            "conv_final.bias", new Safetensors.Tensor(new long[] {1}, new float[] {0.25f}));
    TorchvisionFeatureWeights.loadHead(net, head, "conv_final", "reference");

    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 224, 224);
    int headLayer = net.getnLayers() - 2;
    INDArray trunk = net.feedForwardToLayer(headLayer - 1, x, false).get(headLayer);
    INDArray z = net.output(x, false);
    int side = (int) trunk.size(2);
    for (int[] p : new int[][] {{0, 0}, {3, 17}, {side - 1, side - 1}}) {
      double expected = 0.25;
      for (int c = 0; c < 512; c++) {
        expected += w[c] * trunk.getDouble(0, c, p[0], p[1]);
      }
      assertThat(z.getDouble(0, p[0] * side + p[1])).as("%s", p).isCloseTo(expected, within(1e-4));
    }
    assertThatThrownBy(() -> TorchvisionFeatureWeights.loadHead(net, head, "final", "reference"))
        .hasMessage("reference has no tensor 'final.weight'");
  }

  @Test
  void aMissingOrMisshapenTensorIsAnErrorNamingIt() {
    MultiLayerNetwork net = FcddNetworkFactory.fcdd(VGG, NetworkOptions.fashionMnistDefaults(1));
    Map<String, Safetensors.Tensor> missing = new LinkedHashMap<>(weights);
    missing.remove("features.8.weight");
    Map<String, Safetensors.Tensor> misshapen = new LinkedHashMap<>(weights);
    misshapen.put(
        "features.4.weight",
        new Safetensors.Tensor(new long[] {128, 64, 1, 9}, new float[128 * 64 * 9]));

    assertThatThrownBy(() -> TorchvisionFeatureWeights.load(net, VGG, missing, "w.safetensors"))
        .hasMessage("w.safetensors has no tensor 'features.8.weight'");
    assertThatThrownBy(() -> TorchvisionFeatureWeights.load(net, VGG, misshapen, "w.safetensors"))
        .hasMessage(
            "w.safetensors: tensor 'features.4.weight' has shape [128, 64, 1, 9] but layer 3's W"
                + " has shape [128, 64, 3, 3]");
    assertThatThrownBy(
            () ->
                Safetensors.read(
                    new ByteArrayInputStream(new byte[] {100, 0, 0, 0, 0, 0, 0, 0, '{'}), "bad"))
        .hasMessage("bad is truncated inside its safetensors header");
  }
}
