package io.fcddspark.dl4j;

import static io.fcddspark.dl4j.FusedBatchNormActivationTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.Head;
import io.fcddspark.nets.ImageShape;
import io.fcddspark.nets.LayerImplementation;
import io.fcddspark.nets.LayerSpec;
import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.nets.Objective;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * {@link GemmConvolution} against DL4J's ConvolutionLayer in double precision. Two small-channel
 * convolutions are stacked, so the second one's input gradient (col2im) reaches the first one's
 * weight gradient and is checked too.
 */
class GemmConvolutionTest {

  @ParameterizedTest(name = "in {0}, kernel {1}, stride {2}, padding {3}, side {4}")
  @CsvSource({
    "1, 5, 1, 2, 12",
    "3, 3, 1, 1, 10",
    "2, 3, 2, 0, 11",
    "3, 5, 2, 2, 13",
    "1, 1, 1, 0, 6"
  })
  void equalsDl4jConvolution(int in, int kernel, int stride, int padding, int side) {
    List<LayerSpec> trunk =
        List.of(
            new LayerSpec.Conv(in, 3, kernel, stride, padding),
            new LayerSpec.Activation(LayerSpec.Activation.Kind.LEAKY_RELU),
            LayerSpec.Conv.of(3, 4, 3, 1));
    ImageShape shape = new ImageShape(in, side, side);
    MultiLayerNetwork fast = net(shape, trunk, LayerImplementation.FUSED, DataType.FLOAT);
    MultiLayerNetwork reference = net(shape, trunk, LayerImplementation.DL4J, DataType.DOUBLE);
    assertThat(fast.getLayer(0)).isInstanceOf(GemmConvolutionLayer.class);
    assertThat(fast.getLayer(2)).isInstanceOf(GemmConvolutionLayer.class);
    reference.setParams(fast.params().castTo(DataType.DOUBLE));

    Nd4j.getRandom().setSeed(side);
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, in, side, side).subi(0.5);
    INDArray y = Nd4j.create(new float[] {0, 1, 1, 0, 1}, new long[] {5, 1});
    assertClose("output", fast.output(x), reference.output(x.castTo(DataType.DOUBLE)));
    fast.setInput(x);
    fast.setLabels(y);
    fast.computeGradientAndScore();
    reference.setInput(x.castTo(DataType.DOUBLE));
    reference.setLabels(y.castTo(DataType.DOUBLE));
    reference.computeGradientAndScore();
    for (String key : reference.gradient().gradientForVariable().keySet()) {
      assertClose(
          "gradient " + key,
          fast.gradient().getGradientFor(key),
          reference.gradient().getGradientFor(key));
    }
  }

  private static MultiLayerNetwork net(
      ImageShape shape, List<LayerSpec> trunk, LayerImplementation impl, DataType type) {
    MultiLayerConfiguration conf =
        FcddNetworkFactory.configuration(
            shape,
            trunk,
            Head.fcdd(),
            Objective.sampleLabels(),
            new NetworkOptions(3, new Nesterovs(0.01, 0.9), 1e-6, type),
            impl);
    return FcddNetworkFactory.build(conf);
  }
}
