package io.fcddspark.rank;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.FDistribution;

/**
 * The Friedman test of k methods on N datasets and the Iman–Davenport F statistic (Demšar 2006,
 * Sec. 3.2.2): {@code chi2 = 12N/(k(k+1)) [sum_j R_j^2 - k(k+1)^2/4]}, divided by the tie
 * correction {@code 1 - sum(t^3 - t)/(N k (k^2 - 1))} over the groups of tied ranks within each
 * dataset (as {@code scipy.stats.friedmanchisquare}), with k - 1 degrees of freedom; {@code F =
 * (N-1) chi2 / (N(k-1) - chi2)} with k - 1 and (k-1)(N-1) degrees of freedom.
 *
 * <p>All methods tied on every dataset: the tie correction is 0 and there is no evidence of a
 * difference, so chi2 = F = 0 and both p-values are 1 (scipy returns NaN). Perfect agreement (chi2
 * = N(k-1)): F is infinite and its p-value 0.
 *
 * @param chiSquared the tie-corrected Friedman statistic
 * @param degreesOfFreedom k - 1
 * @param pValue its chi-squared p-value
 * @param imanDavenport the F statistic
 * @param pValueImanDavenport its F p-value
 */
public record FriedmanTest(
    double chiSquared,
    int degreesOfFreedom,
    double pValue,
    double imanDavenport,
    double pValueImanDavenport) {

  public static FriedmanTest of(AverageRanks ranks) {
    int n = ranks.perDataset().length;
    int k = ranks.average().length;
    double sumSquares = 0;
    for (double r : ranks.average()) {
      double rankSum = r * n;
      sumSquares += rankSum * rankSum;
    }
    double ties = 0;
    for (double[] row : ranks.perDataset()) {
      double[] sorted = row.clone();
      java.util.Arrays.sort(sorted);
      int i = 0;
      while (i < sorted.length) {
        int j = i;
        while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
          j++;
        }
        double t = j - i + 1;
        ties += t * t * t - t;
        i = j + 1;
      }
    }
    double correction = 1 - ties / (n * k * ((double) k * k - 1));
    if (correction <= 1e-12) {
      return new FriedmanTest(0, k - 1, 1, 0, 1);
    }
    // scipy: 12 / (N k (k+1)) * sum(R_j^2) - 3 N (k+1), with R_j the rank sums.
    double chi2 = (12.0 / (n * k * (k + 1.0)) * sumSquares - 3.0 * n * (k + 1)) / correction;
    chi2 = Math.max(0, chi2);
    double p = ChiSquaredDistribution.of(k - 1).survivalProbability(chi2);
    double denominator = n * (k - 1.0) - chi2;
    double f;
    double pf;
    if (denominator <= 1e-12 * n * k) {
      f = Double.POSITIVE_INFINITY;
      pf = 0;
    } else {
      f = (n - 1) * chi2 / denominator;
      pf = n > 1 ? FDistribution.of(k - 1, (k - 1.0) * (n - 1)).survivalProbability(f) : 1;
    }
    return new FriedmanTest(chi2, k - 1, p, f, pf);
  }
}
