package io.fcddspark.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The critical-difference statistics of a {@link ResultsTable}: average ranks, the Friedman and
 * Iman–Davenport tests, the Nemenyi test with its critical differences, and pairwise Wilcoxon
 * signed-rank tests with Holm's correction (the procedure of Benavoli et al. 2016 that hfawaz's
 * cd-diagram and the reproduction report use), each with the cliques of methods not significantly
 * different at α.
 *
 * @param methods the methods
 * @param datasets the datasets
 * @param alpha the significance level of the cliques
 * @param zeroMethod the Wilcoxon test's treatment of zero differences
 * @param ranks per-dataset and average ranks
 * @param order method indices by average rank, best first (ties by name)
 * @param friedman the omnibus tests
 * @param nemenyi Nemenyi's critical differences and pairwise p-values
 * @param wilcoxon pairwise two-sided Wilcoxon p-values
 * @param holm the same, Holm-adjusted over all k(k-1)/2 pairs
 * @param nemenyiCliques runs (positions in {@code order}) whose ranks differ by at most CD at α
 * @param wilcoxonCliques runs of which no pair has a Holm-adjusted p-value below α
 */
public record RankAnalysis(
    List<String> methods,
    List<String> datasets,
    double alpha,
    WilcoxonSignedRank.ZeroMethod zeroMethod,
    AverageRanks ranks,
    int[] order,
    FriedmanTest friedman,
    NemenyiTest nemenyi,
    double[][] wilcoxon,
    double[][] holm,
    List<int[]> nemenyiCliques,
    List<int[]> wilcoxonCliques) {

  /** The analysis of {@code table} at level α (0.05 or 0.10 for the Nemenyi cliques). */
  public static RankAnalysis of(
      ResultsTable table,
      boolean higherIsBetter,
      double alpha,
      WilcoxonSignedRank.ZeroMethod zeroMethod) {
    if (alpha != 0.05 && alpha != 0.10) {
      throw new IllegalArgumentException("alpha must be 0.05 or 0.10, got " + alpha);
    }
    AverageRanks ranks = AverageRanks.of(table, higherIsBetter);
    int k = table.methods().size();
    Integer[] boxed = new Integer[k];
    for (int i = 0; i < k; i++) {
      boxed[i] = i;
    }
    Arrays.sort(
        boxed,
        Comparator.<Integer>comparingDouble(i -> ranks.average()[i])
            .thenComparing(i -> table.methods().get(i)));
    int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();

    FriedmanTest friedman = FriedmanTest.of(ranks);
    NemenyiTest nemenyi = NemenyiTest.of(ranks);
    double cd = alpha == 0.05 ? nemenyi.criticalDifference05() : nemenyi.criticalDifference10();

    double[][] wilcoxon = new double[k][k];
    List<int[]> pairs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      wilcoxon[i][i] = 1;
      for (int j = i + 1; j < k; j++) {
        wilcoxon[i][j] =
            WilcoxonSignedRank.test(table.column(i), table.column(j), zeroMethod).pValue();
        wilcoxon[j][i] = wilcoxon[i][j];
        pairs.add(new int[] {i, j});
      }
    }
    double[] raw = new double[pairs.size()];
    for (int p = 0; p < raw.length; p++) {
      raw[p] = wilcoxon[pairs.get(p)[0]][pairs.get(p)[1]];
    }
    double[] adjusted = HolmCorrection.adjust(raw);
    double[][] holm = new double[k][k];
    for (int i = 0; i < k; i++) {
      holm[i][i] = 1;
    }
    for (int p = 0; p < raw.length; p++) {
      holm[pairs.get(p)[0]][pairs.get(p)[1]] = adjusted[p];
      holm[pairs.get(p)[1]][pairs.get(p)[0]] = adjusted[p];
    }
    boolean[][] nemenyiDiffer = new boolean[k][k];
    boolean[][] wilcoxonDiffer = new boolean[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        nemenyiDiffer[i][j] = Math.abs(ranks.average()[i] - ranks.average()[j]) > cd;
        wilcoxonDiffer[i][j] = i != j && holm[i][j] < alpha;
      }
    }
    return new RankAnalysis(
        table.methods(),
        table.datasets(),
        alpha,
        zeroMethod,
        ranks,
        order,
        friedman,
        nemenyi,
        wilcoxon,
        holm,
        Cliques.of(order, nemenyiDiffer),
        Cliques.of(order, wilcoxonDiffer));
  }

  /** The Nemenyi critical difference at this analysis's α. */
  public double criticalDifference() {
    return alpha == 0.05 ? nemenyi.criticalDifference05() : nemenyi.criticalDifference10();
  }

  /** One line per method, best first: its place, name and average rank ("1. FCDD (1.20)"). */
  public List<String> ranking() {
    List<String> lines = new ArrayList<>();
    for (int pos = 0; pos < order.length; pos++) {
      int m = order[pos];
      lines.add(
          String.format(
              Locale.ROOT, "%2d. %s (%.2f)", pos + 1, methods.get(m), ranks.average()[m]));
    }
    return lines;
  }
}
