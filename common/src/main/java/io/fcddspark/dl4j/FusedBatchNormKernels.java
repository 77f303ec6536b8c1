package io.fcddspark.dl4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * BatchNorm followed by a (leaky) ReLU, per channel of an NCHW float tensor, in two passes over
 * memory each way (DL4J's layer pair makes about a dozen, and its BatchNorm backward is the slowest
 * part of the CNN28 step). Channels run in parallel on the common fork-join pool; reductions
 * accumulate in double with four independent chains; element-wise passes are plain float loops that
 * the JIT vectorises.
 *
 * <p>With M = N&middot;H&middot;W values per channel: forward {@code mu = mean(x)}, {@code var =
 * mean((x - mu)^2)} (biased, as DL4J and PyTorch normalise), {@code xhat = (x - mu) / sqrt(var +
 * eps)}, {@code z = gamma xhat + beta}, {@code y = max(z, slope z)}. Backward: {@code dz = dy (z >
 * 0 ? 1 : slope)}, {@code dbeta = sum dz}, {@code dgamma = sum dz xhat}, {@code dx = gamma /
 * sqrt(var + eps) / M (M dz - dbeta - xhat dgamma)} (Ioffe &amp; Szegedy 2015). z is recomputed
 * from x rather than stored.
 */
final class FusedBatchNormKernels {
  private FusedBatchNormKernels() {}

  /** Training forward: batch statistics into {@code mean}/{@code var}, output into {@code y}. */
  static void forwardTrain(
      NchwFloats x,
      NchwFloats y,
      double[] gamma,
      double[] beta,
      double eps,
      double slope,
      double[] mean,
      double[] var) {
    IntStream.range(0, x.channels())
        .parallel()
        .forEach(
            c -> {
              // sums shifted by the channel's first value keep E[d^2] - E[d]^2 well conditioned
              float shift = x.data(0).get(x.index(c));
              double[] acc = new double[8];
              for (int n = 0; n < x.batch(); n++) {
                shiftedSums(x.data(n), x.index(c), x.spatial(), shift, acc);
              }
              double dm = (acc[0] + acc[1] + acc[2] + acc[3]) / x.perChannel();
              double d2 = (acc[4] + acc[5] + acc[6] + acc[7]) / x.perChannel();
              mean[c] = shift + dm;
              var[c] = Math.max(0, d2 - dm * dm);
              apply(x, y, c, gamma[c], beta[c], mean[c], var[c], eps, slope);
            });
  }

  /** Inference forward with the given (running) statistics. */
  static void forwardInference(
      NchwFloats x,
      NchwFloats y,
      double[] gamma,
      double[] beta,
      double eps,
      double slope,
      double[] mean,
      double[] var) {
    IntStream.range(0, x.channels())
        .parallel()
        .forEach(c -> apply(x, y, c, gamma[c], beta[c], mean[c], var[c], eps, slope));
  }

  /**
   * Backward of {@link #forwardTrain} given the batch statistics it computed: {@code dx} from
   * {@code dy}, and the parameter gradients into {@code dGamma}, {@code dBeta}. {@code dx} may not
   * alias {@code x} or {@code dy}.
   */
  static void backward(
      NchwFloats x,
      NchwFloats dy,
      NchwFloats dx,
      double[] gamma,
      double[] beta,
      double eps,
      double slope,
      double[] mean,
      double[] var,
      double[] dGamma,
      double[] dBeta) {
    IntStream.range(0, x.channels())
        .parallel()
        .forEach(
            c -> {
              double inv = 1 / Math.sqrt(var[c] + eps);
              double a = gamma[c] * inv;
              float af = (float) a;
              float bf = (float) (beta[c] - mean[c] * a);
              float mu = (float) mean[c];
              double[] acc = new double[8];
              for (int n = 0; n < x.batch(); n++) {
                int base = x.index(c);
                // pass 1: dz into dx (as scratch), and the two per-channel sums
                gradientSums(
                    x.data(n),
                    dy.data(n),
                    dx.data(n),
                    base,
                    x.spatial(),
                    af,
                    bf,
                    mu,
                    (float) slope,
                    acc);
              }
              double sumDz = acc[0] + acc[1] + acc[2] + acc[3];
              double sumDzXmu = acc[4] + acc[5] + acc[6] + acc[7];
              dBeta[c] = sumDz;
              dGamma[c] = sumDzXmu * inv;
              // pass 2: dx = a dz - a sumDz / M - (x - mu) a inv^2 sumDzXmu / M
              float k0 = (float) (a * sumDz / x.perChannel());
              float k1 = (float) (a * inv * inv * sumDzXmu / x.perChannel());
              for (int n = 0; n < x.batch(); n++) {
                FloatBuffer xb = x.data(n);
                FloatBuffer db = dx.data(n);
                int base = x.index(c);
                for (int p = base; p < base + x.spatial(); p++) {
                  db.put(p, af * db.get(p) - k0 - (xb.get(p) - mu) * k1);
                }
              }
            });
  }

  private static void apply(
      NchwFloats x,
      NchwFloats y,
      int c,
      double gamma,
      double beta,
      double mean,
      double var,
      double eps,
      double slope) {
    double a = gamma / Math.sqrt(var + eps);
    float af = (float) a;
    float bf = (float) (beta - mean * a);
    float sf = (float) slope;
    for (int n = 0; n < x.batch(); n++) {
      FloatBuffer xb = x.data(n);
      FloatBuffer yb = y.data(n);
      int base = x.index(c);
      for (int p = base; p < base + x.spatial(); p++) {
        float z = xb.get(p) * af + bf;
        yb.put(p, Math.max(z, sf * z)); // the (leaky) ReLU for 0 <= slope <= 1
      }
    }
  }

  /** Adds sum(x - shift) into acc[0..3] and sum((x - shift)^2) into acc[4..7]. */
  private static void shiftedSums(FloatBuffer x, int base, int len, float shift, double[] acc) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    int p = base;
    int end = base + len;
    for (; p + 3 < end; p += 4) {
      double d0 = x.get(p) - shift;
      double d1 = x.get(p + 1) - shift;
      double d2 = x.get(p + 2) - shift;
      double d3 = x.get(p + 3) - shift;
      s0 += d0;
      s1 += d1;
      s2 += d2;
      s3 += d3;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
    }
    for (; p < end; p++) {
      double d = x.get(p) - shift;
      s0 += d;
      q0 += d * d;
    }
    acc[0] += s0;
    acc[1] += s1;
    acc[2] += s2;
    acc[3] += s3;
    acc[4] += q0;
    acc[5] += q1;
    acc[6] += q2;
    acc[7] += q3;
  }

  /**
   * The (leaky) ReLU's derivative without a branch (its sign is a coin flip, which the branch
   * predictor loses): 1 for z &ge; +0, {@code slope} for z &le; -0. At z = +0 exactly this gives 1
   * where PyTorch gives {@code slope}; a float conv output lands there with probability ~0.
   */
  private static float derivative(float z, float slope) {
    return 1f - (1f - slope) * (Float.floatToRawIntBits(z) >>> 31);
  }

  /** Writes dz into {@code dzOut}; adds sum(dz) into acc[0..3], sum(dz (x - mu)) into acc[4..7]. */
  private static void gradientSums(
      FloatBuffer x,
      FloatBuffer dy,
      FloatBuffer dzOut,
      int base,
      int len,
      float a,
      float b,
      float mu,
      float slope,
      double[] acc) {
    double s0 = 0;
    double s1 = 0;
    double q0 = 0;
    double q1 = 0;
    int p = base;
    int end = base + len;
    for (; p + 1 < end; p += 2) {
      float x0 = x.get(p);
      float x1 = x.get(p + 1);
      float g0 = dy.get(p);
      float g1 = dy.get(p + 1);
      float dz0 = g0 * derivative(x0 * a + b, slope);
      float dz1 = g1 * derivative(x1 * a + b, slope);
      dzOut.put(p, dz0);
      dzOut.put(p + 1, dz1);
      s0 += dz0;
      s1 += dz1;
      q0 += (double) dz0 * (x0 - mu);
      q1 += (double) dz1 * (x1 - mu);
    }
    for (; p < end; p++) {
      float xv = x.get(p);
      float g = dy.get(p);
      float dz = g * derivative(xv * a + b, slope);
      dzOut.put(p, dz);
      s0 += dz;
      q0 += (double) dz * (xv - mu);
    }
    acc[0] += s0;
    acc[1] += s1;
    acc[4] += q0;
    acc[5] += q1;
  }
}
