package io.fcddspark.heatmap;

/**
 * The reference implementation's Gaussian kernel ({@code fcdd.datasets.noise.gkern}), which is
 * <em>not</em> normalised to sum 1.
 *
 * <p>For odd size r it is {@code g(n) = exp(-((n - (r-1)/2) / sigma)^2 / 2)}, n = 0..r-1, with peak
 * 1 (scipy's {@code signal.gaussian}). For even r the reference samples the odd kernel of size r-1,
 * duplicates its centre value and halves everything, so the peak is 0.5 and the two middle taps are
 * equal. The 2-D kernel is the outer product of the 1-D one with itself.
 */
public final class GaussianKernel {
  private GaussianKernel() {}

  /** The 1-D kernel of {@code size} taps and standard deviation {@code sigma}. */
  public static double[] oneDimensional(int size, double sigma) {
    if (size < 1) {
      throw new IllegalArgumentException("Gaussian kernel size must be >= 1, got " + size);
    }
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "Gaussian sigma must be positive and finite, got " + sigma);
    }
    if (size % 2 == 1) {
      return sampled(size, sigma);
    }
    double[] odd = sampled(size - 1, sigma);
    int centre = (size - 2) / 2;
    double[] even = new double[size];
    for (int i = 0; i < size; i++) {
      int src = i <= centre ? i : i - 1;
      even[i] = odd[src] / 2.0;
    }
    return even;
  }

  /** The 2-D kernel, row-major {@code size x size}, the outer product of the 1-D kernel. */
  public static double[] twoDimensional(int size, double sigma) {
    double[] k = oneDimensional(size, sigma);
    double[] out = new double[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        out[y * size + x] = k[y] * k[x];
      }
    }
    return out;
  }

  private static double[] sampled(int size, double sigma) {
    double centre = (size - 1) / 2.0;
    double[] g = new double[size];
    for (int n = 0; n < size; n++) {
      double t = (n - centre) / sigma;
      g[n] = Math.exp(-0.5 * t * t);
    }
    return g;
  }
}
