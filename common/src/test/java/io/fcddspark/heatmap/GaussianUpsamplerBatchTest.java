package io.fcddspark.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched upsampling (two matrix products, run where the arrays live) equals the separable
 * loops of {@link GaussianUpsampler#upsample(double[])} and {@link GaussianUpsampler#adjoint(
 * double[])} per heatmap, to rounding.
 */
class GaussianUpsamplerBatchTest {
  /** Relative to the largest value: the products add the same terms in another order. */
  private static final double RELATIVE = 1e-13;

  @ParameterizedTest
  @CsvSource({
    "28, 28, 28, 28, 3, 1, 1.0, 12", // square, stride 1
    "7, 5, 28, 20, 18, 4, 8.5, 8", // rectangular, CNN28-like field
    "28, 28, 224, 224, 62, 8, 30.5, 12" // VGG11 at 224
  })
  void batchedEqualsThePerHeatmapLoops(
      int u, int v, int h, int w, int field, int jump, double start, double sigma) {
    GaussianUpsampler up = new GaussianUpsampler(u, v, h, w, field, jump, start, sigma);
    int n = 3;
    Random r = new Random(u * 31L + h);
    double[][] maps = new double[n][u * v];
    double[][] grads = new double[n][h * w];
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < u * v; p++) {
        maps[b][p] = r.nextDouble() * 2;
      }
      for (int p = 0; p < h * w; p++) {
        grads[b][p] = r.nextGaussian();
      }
    }
    INDArray batch = Nd4j.create(maps).reshape('c', new long[] {n, u, v});
    INDArray gradBatch = Nd4j.create(grads).reshape('c', new long[] {n, h, w});

    INDArray upsampled = up.upsample(batch);
    INDArray adjoint = up.adjoint(gradBatch);
    assertThat(upsampled.shape()).containsExactly(n, h, w);
    assertThat(adjoint.shape()).containsExactly(n, u, v);
    assertThat(upsampled.dataType()).isEqualTo(DataType.DOUBLE);
    for (int b = 0; b < n; b++) {
      assertClose(
          upsampled.slice(b).reshape('c', new long[] {h * w}).toDoubleVector(),
          up.upsample(maps[b]));
      assertClose(
          adjoint.slice(b).reshape('c', new long[] {u * v}).toDoubleVector(), up.adjoint(grads[b]));
    }
  }

  @ParameterizedTest
  @CsvSource({"3, 3", "4, 2"})
  void aBatchOfAnotherShapeIsNamed(int height, int width) {
    GaussianUpsampler up = new GaussianUpsampler(4, 4, 16, 16, 5, 4, 2.0, 1.0);
    assertThatThrownBy(() -> up.upsample(Nd4j.zeros(DataType.DOUBLE, 2, height, width)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heatmap batch has shape [2, " + height + ", " + width + "]")
        .hasMessageContaining("expected [N, 4, 4]");
  }

  private static void assertClose(double[] actual, double[] expected) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(RELATIVE * scale));
    }
  }
}
