package io.fcddspark.rank;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The studentized range distribution of k standard normal means with infinite degrees of freedom,
 * which the Nemenyi test needs for any number of methods (Demšar's table stops at 10; neither
 * Commons Statistics nor Commons Math has it): {@code P(Q <= q) = k ∫ φ(z) [Φ(z) - Φ(z - q)]^(k-1)
 * dz} (Hochberg and Tamhane 1987, Eq. 2.7 with ν = ∞), integrated by composite Simpson's rule over
 * z in [-9, 9], where φ is below 1e-17.
 */
public final class StudentizedRange {
  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);
  private static final int INTERVALS = 4000;
  private static final double LOW = -9;
  private static final double HIGH = 9;

  private StudentizedRange() {}

  /** {@code P(Q <= q)} for k means. */
  public static double cdf(double q, int k) {
    if (k < 2) {
      throw new IllegalArgumentException("The studentized range needs k >= 2 means, got " + k);
    }
    if (q <= 0) {
      return 0;
    }
    double h = (HIGH - LOW) / INTERVALS;
    double sum = 0;
    for (int i = 0; i <= INTERVALS; i++) {
      double z = LOW + i * h;
      double w = i == 0 || i == INTERVALS ? 1 : (i % 2 == 1 ? 4 : 2);
      double inner = NORMAL.cumulativeProbability(z) - NORMAL.cumulativeProbability(z - q);
      sum += w * NORMAL.density(z) * Math.pow(inner, k - 1);
    }
    return Math.min(1, k * sum * h / 3);
  }

  /** {@code P(Q > q)}. */
  public static double survival(double q, int k) {
    return Math.max(0, 1 - cdf(q, k));
  }

  /** The q with {@code P(Q <= q) = p} for k means, by bisection to 1e-12. */
  public static double quantile(double p, int k) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("A quantile needs 0 < p < 1, got " + p);
    }
    double lo = 0;
    double hi = 1;
    while (cdf(hi, k) < p) {
      hi *= 2;
    }
    while (hi - lo > 1e-12) {
      double mid = (lo + hi) / 2;
      if (cdf(mid, k) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
