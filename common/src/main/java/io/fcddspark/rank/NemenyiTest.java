package io.fcddspark.rank;

/**
 * The Nemenyi post-hoc test of all pairs of k methods over N datasets (Demšar 2006, Sec. 3.2.2):
 * two methods differ when their average ranks differ by more than the critical difference {@code CD
 * = q_α / √2 · √(k(k+1)/(6N))}, with {@code q_α} the upper α quantile of the {@link
 * StudentizedRange} of k means (Demšar tabulates q_α/√2). The pairwise p-value is {@code P(Q > |R_i
 * - R_j| / √(k(k+1)/(12N)))}, which is below α exactly when the difference exceeds CD.
 *
 * @param criticalDifference05 CD at α = 0.05
 * @param criticalDifference10 CD at α = 0.10
 * @param pValues {@code pValues[i][j]}: the pair's p-value (1 on the diagonal)
 */
public record NemenyiTest(
    double criticalDifference05, double criticalDifference10, double[][] pValues) {
  public static NemenyiTest of(AverageRanks ranks) {
    int k = ranks.average().length;
    int n = ranks.perDataset().length;
    double[][] p = new double[k][k];
    double scale = Math.sqrt(k * (k + 1.0) / (12.0 * n));
    for (int i = 0; i < k; i++) {
      p[i][i] = 1;
      for (int j = i + 1; j < k; j++) {
        double q = Math.abs(ranks.average()[i] - ranks.average()[j]) / scale;
        p[i][j] = StudentizedRange.survival(q, k);
        p[j][i] = p[i][j];
      }
    }
    return new NemenyiTest(criticalDifference(0.05, k, n), criticalDifference(0.10, k, n), p);
  }

  /** CD at level α for k methods on n datasets. */
  public static double criticalDifference(double alpha, int k, int n) {
    return StudentizedRange.quantile(1 - alpha, k)
        / Math.sqrt(2)
        * Math.sqrt(k * (k + 1.0) / (6.0 * n));
  }
}
