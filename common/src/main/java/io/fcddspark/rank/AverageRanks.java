package io.fcddspark.rank;

/**
 * Ranks of the methods within each dataset, ties sharing the mean of their ranks (fractional
 * ranking, Demšar 2006, Sec. 3.2.2), and their average over the datasets.
 *
 * @param perDataset {@code perDataset[d][m]}: method m's rank on dataset d, 1 = best
 * @param average method m's average rank
 */
public record AverageRanks(double[][] perDataset, double[] average) {
  /** Ranks with the higher score best when {@code higherIsBetter}, else the lower. */
  public static AverageRanks of(ResultsTable table, boolean higherIsBetter) {
    int n = table.datasets().size();
    int k = table.methods().size();
    double[][] ranks = new double[n][];
    double[] average = new double[k];
    for (int d = 0; d < n; d++) {
      double[] row = table.scores()[d].clone();
      if (higherIsBetter) {
        for (int m = 0; m < k; m++) {
          row[m] = -row[m];
        }
      }
      ranks[d] = fractional(row);
      for (int m = 0; m < k; m++) {
        average[m] += ranks[d][m];
      }
    }
    for (int m = 0; m < k; m++) {
      average[m] /= n;
    }
    return new AverageRanks(ranks, average);
  }

  /** Ranks 1..n of {@code values} ascending, ties given their mean rank (scipy's "average"). */
  public static double[] fractional(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        ranks[order[t]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}
