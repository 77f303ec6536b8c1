package io.fcddspark.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused kernels' view of activations larger than an NIO buffer can hold: a VGG11-BN first block
 * activation of 170 images of 224 pixels is 2.2 GB (the ImageNet config trains 200 per worker); a
 * single buffer over it crashed the JVM.
 */
class NchwFloatsTest {
  @Test
  void activationsBeyondTwoGibAreAddressedImageByImage() {
    INDArray x = Nd4j.ones(DataType.FLOAT, 170, 64, 224, 224);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 170, 64, 224, 224);
    x.putScalar(new long[] {169, 63, 223, 223}, 5f);
    double[] ones = new double[64];
    Arrays.fill(ones, 1);
    FusedBatchNormKernels.forwardInference(
        NchwFloats.of(x), NchwFloats.of(y), ones, new double[64], 0, 0, new double[64], ones);
    assertThat(y.getFloat(new long[] {169, 63, 223, 223})).isEqualTo(5f);
    assertThat(y.getFloat(new long[] {100, 3, 1, 1})).isEqualTo(1f);
    assertThat(y.getFloat(new long[] {0, 0, 0, 0})).isEqualTo(1f);
  }

  @Test
  void eachImageBufferStartsAtItsImage() {
    INDArray x = Nd4j.arange(0, 24).castTo(DataType.FLOAT).reshape(3, 2, 2, 2).dup('c');
    NchwFloats v = NchwFloats.of(x);
    for (int n = 0; n < 3; n++) {
      assertThat(v.data(n).capacity()).isEqualTo(8);
      assertThat(v.data(n).get(v.index(1))).isEqualTo(n * 8 + 4f);
    }
  }
}
