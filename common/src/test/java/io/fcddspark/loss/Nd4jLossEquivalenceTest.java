package io.fcddspark.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.dl4j.HostKernels;
import io.fcddspark.heatmap.GaussianUpsampler;
import io.fcddspark.loss.FcddObjective.Reduction;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The losses as ND4J operations compute what the plain per-element loops over {@link FcddObjective}
 * (the previous implementation, kept here as the reference) compute: per-sample losses, the batch
 * score and every gradient value, to rounding, with a mask and mixed labels.
 */
class Nd4jLossEquivalenceTest {
  /** Relative to the largest magnitude: reductions add in another order than the loops. */
  private static final double RELATIVE = 1e-12;

  private static final int N = 6;

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void sampleLossEqualsThePlainLoops(Reduction reduction) {
    int d = 49;
    double[][] z = random(N, d, 1);
    double[] y = {0, 1, 0, 1, 1, 0};
    double[] m = {1, 1, 0.5, 1, 0, 1};
    FcddLossFunction loss = new FcddLossFunction(reduction);

    double[] expectedLosses = new double[N];
    double[][] expectedGrad = new double[N][d];
    for (int i = 0; i < N; i++) {
      double score = reduction.score(z[i]);
      expectedLosses[i] = FcddObjective.sampleLoss(score, y[i] == 1) * m[i];
      reduction.addScoreGradient(
          z[i], FcddObjective.sampleLossDerivative(score, y[i] == 1) * m[i], expectedGrad[i]);
    }
    check(loss, z, column(y), column(m), expectedLosses, expectedGrad);
  }

  @Test
  void pixelLossEqualsThePlainLoops() {
    int u = 7;
    int side = 28;
    GaussianUpsampler up = new GaussianUpsampler(u, u, side, side, 18, 4, 8.5, 8);
    FcddPixelLossFunction loss = new FcddPixelLossFunction(u, u, side, side, 18, 4, 8.5, 8);
    double[][] z = random(N, u * u, 2);
    int pixels = side * side;
    double[][] y = new double[N][pixels];
    Random r = new Random(3);
    for (int i = 1; i < N; i++) { // sample 0 all nominal, 5 all anomalous, others mixed
      for (int p = 0; p < pixels; p++) {
        y[i][p] = i == N - 1 || (i % 2 == 1 && r.nextDouble() < 0.3) ? 1 : 0;
      }
    }
    double[] m = {1, 1, 1, 0.25, 1, 1};

    double[] expectedLosses = new double[N];
    double[][] expectedGrad = new double[N][];
    for (int i = 0; i < N; i++) {
      double[] a = new double[u * u];
      for (int p = 0; p < a.length; p++) {
        a[p] = FcddObjective.pseudoHuber(z[i][p]);
      }
      double[] upsampled = up.upsample(a);
      // The paper's pixel-wise objective: the mean nominal mass, and the anomalous term of the
      // mean anomalous mass where the mask has an anomalous pixel.
      double nominal = 0;
      double anomalous = 0;
      int marked = 0;
      for (int p = 0; p < pixels; p++) {
        nominal += y[i][p] == 1 ? 0 : upsampled[p];
        anomalous += y[i][p] == 1 ? upsampled[p] : 0;
        marked += y[i][p] == 1 ? 1 : 0;
      }
      double meanAnomalous = anomalous / pixels;
      expectedLosses[i] =
          (nominal / pixels + (marked > 0 ? -Math.log(-Math.expm1(-meanAnomalous) + 1e-31) : 0))
              * m[i];
      double dMean =
          marked > 0 ? -Math.exp(-meanAnomalous) / (-Math.expm1(-meanAnomalous) + 1e-31) : 0;
      double[] dUp = new double[pixels];
      for (int p = 0; p < pixels; p++) {
        dUp[p] = (y[i][p] == 1 ? dMean : 1.0) * m[i] / pixels;
      }
      double[] dA = up.adjoint(dUp);
      for (int p = 0; p < dA.length; p++) {
        dA[p] *= FcddObjective.pseudoHuberDerivative(z[i][p]);
      }
      expectedGrad[i] = dA;
    }
    check(loss, z, Nd4j.create(y), column(m), expectedLosses, expectedGrad);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"FUSED", "DL4J"})
  void aLabelOtherThanZeroOrOneIsNamedWithItsPlace(String path) {
    System.setProperty(HostKernels.PROPERTY, path);
    INDArray y = Nd4j.create(new double[][] {{0}, {1}, {0.5}});
    assertThatThrownBy(
            () ->
                new FcddLossFunction()
                    .computeScore(
                        y, Nd4j.rand(DataType.FLOAT, 3, 4), new ActivationIdentity(), null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label [2, 0] is 0.5");
  }

  private static void check(
      org.nd4j.linalg.lossfunctions.ILossFunction loss,
      double[][] z,
      INDArray labels,
      INDArray mask,
      double[] expectedLosses,
      double[][] expectedGrad) {
    for (String path : new String[] {"FUSED", "DL4J"}) {
      System.setProperty(HostKernels.PROPERTY, path);
      assertThat(HostKernels.enabled()).isEqualTo(path.equals("FUSED"));
      checkPath(loss, new Case(z, labels, mask, expectedLosses, expectedGrad));
    }
  }

  /** A batch and what the plain loops computed for it. */
  private record Case(
      double[][] z,
      INDArray labels,
      INDArray mask,
      double[] expectedLosses,
      double[][] expectedGrad) {}

  private static void checkPath(org.nd4j.linalg.lossfunctions.ILossFunction loss, Case c) {
    double[][] z = c.z();
    INDArray labels = c.labels();
    INDArray mask = c.mask();
    double[] expectedLosses = c.expectedLosses();
    double[][] expectedGrad = c.expectedGrad();
    INDArray out = Nd4j.create(z);
    ActivationIdentity identity = new ActivationIdentity();
    double[] losses = loss.computeScoreArray(labels, out, identity, mask).toDoubleVector();
    double scale = maxAbs(expectedLosses);
    for (int i = 0; i < N; i++) {
      assertThat(losses[i]).as("loss %d", i).isCloseTo(expectedLosses[i], within(RELATIVE * scale));
    }
    double mean = 0;
    for (double l : expectedLosses) {
      mean += l;
    }
    mean /= N;
    assertThat(loss.computeScore(labels, out, identity, mask, true))
        .isCloseTo(mean, within(RELATIVE * scale));
    double[][] grad = loss.computeGradient(labels, out, identity, mask).toDoubleMatrix();
    double gradScale = 0;
    for (double[] row : expectedGrad) {
      gradScale = Math.max(gradScale, maxAbs(row));
    }
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < expectedGrad[i].length; j++) {
        assertThat(grad[i][j])
            .as("gradient [%d, %d]", i, j)
            .isCloseTo(expectedGrad[i][j], within(RELATIVE * gradScale));
      }
    }
  }

  private static double[][] random(int n, int d, long seed) {
    Random r = new Random(seed);
    double[][] z = new double[n][d];
    for (double[] row : z) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian() * (j % 7 == 0 ? 3 : 0.2);
      }
    }
    return z;
  }

  private static INDArray column(double[] v) {
    return Nd4j.create(v, new long[] {v.length, 1}, DataType.DOUBLE);
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
