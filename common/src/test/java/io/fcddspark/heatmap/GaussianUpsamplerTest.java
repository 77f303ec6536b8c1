package io.fcddspark.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.Oracles;
import io.fcddspark.nets.FcddArchitecture;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Agreement with the reference's {@code receptive_upsample} (oracles/gauss_upsample.json). */
class GaussianUpsamplerTest {
  /** The oracle's outputs are the float32 reference rounded to 6 decimals. */
  private static final double ROUNDING = 5e-7;

  private static final double RELATIVE = 1e-6;
  private static final JsonNode ORACLE = Oracles.load("gauss_upsample.json");

  @ParameterizedTest
  @ValueSource(strings = {"fmnist", "fmnist_impulse", "vgg224_std8", "vgg224_std12"})
  void matchesTheReference(String name) {
    JsonNode c = ORACLE.get(name);
    JsonNode p = c.get("params");
    int side = p.get("img_shape").get(2).asInt();
    int u = p.get("heatmap_hw").get(0).asInt();
    GaussianUpsampler up =
        new GaussianUpsampler(
            u,
            u,
            side,
            side,
            p.get("r").asInt(),
            p.get("j").asInt(),
            p.get("s").asDouble(),
            p.get("std").asDouble());
    double[] input =
        !c.has("input")
            ? impulse(u, 2, 5)
            : c.get("input").isTextual() // "same as vgg224_std8.input"
                ? Oracles.flat2d(
                    ORACLE
                        .get(c.get("input").asText().replace("same as ", "").replace(".input", ""))
                        .get("input"))
                : Oracles.flat2d(c.get("input"));
    double[] out = up.upsample(input);
    double[] expected = Oracles.flat2d(c.get("output"));
    double float32Gap = c.get("max_abs_diff_float32_ref_vs_float64_formula").asDouble();

    assertThat(out).hasSize(side * side);
    for (int i = 0; i < out.length; i++) {
      assertThat(out[i])
          .as("%s pixel (%d, %d)", name, i / side, i % side)
          .isCloseTo(expected[i], within(ROUNDING + float32Gap + RELATIVE * Math.abs(expected[i])));
    }
    assertThat(sum(out)).isCloseTo(c.get("output_sum").asDouble(), within(RELATIVE * sum(out)));
    assertThat(max(out)).isCloseTo(c.get("output_max").asDouble(), within(RELATIVE + float32Gap));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fmnist", "vgg224_std8", "vgg224_std12"})
  void kernelIsTheReferencesUnnormalisedGkern(String name) {
    JsonNode c = ORACLE.get(name);
    JsonNode p = c.get("params");
    double[] k = GaussianKernel.oneDimensional(p.get("r").asInt(), p.get("std").asDouble());
    double[] expected = Oracles.doubles(c.get("kernel_1d"));
    assertThat(k.length).isEqualTo(expected.length);
    for (int i = 0; i < k.length; i++) {
      assertThat(k[i]).isCloseTo(expected[i], within(1e-15 + 1e-12 * expected[i]));
    }
    assertThat(sum(GaussianKernel.twoDimensional(k.length, p.get("std").asDouble())))
        .isCloseTo(c.get("kernel_2d_sum").asDouble(), within(1e-9));
  }

  @Test
  void oddKernelPeaksAtOneInTheMiddle() {
    double[] k = GaussianKernel.oneDimensional(5, 1.0);
    assertThat(k[2]).isEqualTo(1.0);
    assertThat(k[0]).isEqualTo(k[4]).isCloseTo(Math.exp(-2), within(1e-15));
  }

  @Test
  void geometryComesFromTheArchitecture() {
    var rf = FcddArchitecture.VGG11_BN.receptiveField();
    GaussianUpsampler fromNet = GaussianUpsampler.forField(rf, 224, 8);
    JsonNode c = ORACLE.get("vgg224_std8");
    double[] out = fromNet.upsample(Oracles.flat2d(c.get("input")));
    assertThat(sum(out)).isCloseTo(c.get("output_sum").asDouble(), within(RELATIVE * sum(out)));
  }

  /**
   * The reference algorithm written out literally (full transposed convolution with its output
   * padding, then the {@code [pad - s : -pad - s]} crop), for odd and even kernels.
   */
  @ParameterizedTest
  @CsvSource({
    "7, 28, 16, 4, 1.5",
    "7, 28, 15, 4, 1.5",
    "8, 32, 22, 4, 1.5",
    "5, 21, 9, 4, 2.0",
    "28, 224, 62, 8, 3.5",
    "28, 224, 61, 8, 3.5",
    "6, 24, 13, 4, 0.0"
  })
  void equalsTheLiteralTransposedConvolutionAndCrop(int u, int side, int r, int j, double start) {
    double sigma = 1.7;
    Random rnd = new Random(r * 31L + u);
    double[] a = new double[u * u];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble();
    }
    double[] k = GaussianKernel.oneDimensional(r, sigma);
    int outputPadding = side - (u - 1) * j - 1 - (r % 2 == 0 ? 1 : 0);
    int full = (u - 1) * j + r + outputPadding;
    double[] conv = new double[full * full];
    for (int i = 0; i < u; i++) {
      for (int q = 0; q < u; q++) {
        for (int dy = 0; dy < r; dy++) {
          for (int dx = 0; dx < r; dx++) {
            conv[(i * j + dy) * full + q * j + dx] += a[i * u + q] * k[dy] * k[dx];
          }
        }
      }
    }
    int from = (r - 1) / 2 - (int) start;
    double[] out = new GaussianUpsampler(u, u, side, side, r, j, start, sigma).upsample(a);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        assertThat(out[y * side + x])
            .as("pixel (%d, %d)", y, x)
            .isCloseTo(conv[(y + from) * full + x + from], within(1e-12));
      }
    }
  }

  @Test
  void adjointIsTheTranspose() {
    GaussianUpsampler up = new GaussianUpsampler(7, 5, 28, 20, 16, 4, 1.5, 1.2);
    Random r = new Random(7);
    double[] a = new double[35];
    double[] g = new double[28 * 20];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
    }
    for (int i = 0; i < g.length; i++) {
      g[i] = r.nextGaussian();
    }
    assertThat(dot(up.upsample(a), g)).isCloseTo(dot(a, up.adjoint(g)), within(1e-10));
  }

  @Test
  void batchEqualsOneByOne() {
    GaussianUpsampler up =
        GaussianUpsampler.forField(FcddArchitecture.CNN28.receptiveField(), 28, 1.2);
    float[] two = new float[98];
    for (int i = 0; i < two.length; i++) {
      two[i] = (i * 37 % 11) / 10f;
    }
    float[] batch = up.upsampleBatch(two, 2);
    double[] second = new double[49];
    for (int i = 0; i < 49; i++) {
      second[i] = two[49 + i];
    }
    double[] single = up.upsample(second);
    for (int i = 0; i < single.length; i++) {
      assertThat(batch[784 + i]).isEqualTo((float) single[i]);
    }
  }

  @Test
  void wrongSizesAreNamed() {
    GaussianUpsampler up = new GaussianUpsampler(7, 7, 28, 28, 16, 4, 1.5, 1.2);
    assertThatThrownBy(() -> up.upsample(new double[48]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot upsample: heatmap has 48 values, expected 49");
    assertThatThrownBy(() -> GaussianKernel.oneDimensional(16, 0))
        .hasMessage("Gaussian sigma must be positive and finite, got 0.0");
  }

  private static double[] impulse(int u, int row, int col) {
    double[] a = new double[u * u];
    a[row * u + col] = 1;
    return a;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
