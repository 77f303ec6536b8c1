package io.fcddspark.rank;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.config.ConfigNames;
import io.fcddspark.provenance.RecordJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A rank run's {@code rank.json}: what was ranked, from where, and every statistic of the analysis.
 *
 * @param config the rank config, as run
 * @param sources where each block of results came from (an evaluation or a baseline table)
 * @param methods the methods, in table order
 * @param datasets the datasets (the table's rows)
 * @param scores {@code scores[dataset][method]}
 * @param seeds {@code seeds[dataset][method]}: how many seeds each score averages
 * @param averageRanks each method's average rank
 * @param order the methods, best first
 * @param friedman the Friedman and Iman–Davenport tests
 * @param nemenyi the Nemenyi test and its cliques
 * @param wilcoxonHolm the pairwise Wilcoxon signed-rank tests, Holm-adjusted, and their cliques
 * @param alpha the level of the cliques
 */
public record RankReport(
    JsonNode config,
    List<Map<String, Object>> sources,
    List<String> methods,
    List<String> datasets,
    double[][] scores,
    int[][] seeds,
    double[] averageRanks,
    List<String> order,
    FriedmanTest friedman,
    Nemenyi nemenyi,
    WilcoxonHolm wilcoxonHolm,
    double alpha) {
  /** Its file's name in a rank output. */
  public static final String FILE = "rank.json";

  /**
   * The Nemenyi post-hoc test.
   *
   * @param criticalDifference05 the critical difference at α = 0.05
   * @param criticalDifference10 at α = 0.10
   * @param pValues {@code pValues[i][j]} of the pair of methods
   * @param cliques the groups not told apart at α, by method name
   */
  public record Nemenyi(
      double criticalDifference05,
      double criticalDifference10,
      double[][] pValues,
      List<List<String>> cliques) {}

  /**
   * The pairwise Wilcoxon signed-rank tests with Holm's correction.
   *
   * @param zeroMethod how zero differences are treated
   * @param pValues {@code pValues[i][j]} unadjusted
   * @param holmAdjusted Holm-adjusted
   * @param cliques the groups not told apart at α, by method name
   */
  public record WilcoxonHolm(
      String zeroMethod, double[][] pValues, double[][] holmAdjusted, List<List<String>> cliques) {}

  /**
   * The report of analysis {@code a} of {@code table} under {@code config}, from {@code sources}.
   */
  public static RankReport of(
      Object config, List<Map<String, Object>> sources, ResultsTable table, RankAnalysis a) {
    List<String> m = a.methods();
    return new RankReport(
        RecordJson.tree(config),
        sources,
        m,
        a.datasets(),
        table.scores(),
        table.seeds(),
        a.ranks().average(),
        Arrays.stream(a.order()).mapToObj(m::get).toList(),
        a.friedman(),
        new Nemenyi(
            a.nemenyi().criticalDifference05(),
            a.nemenyi().criticalDifference10(),
            a.nemenyi().pValues(),
            names(a, a.nemenyiCliques())),
        new WilcoxonHolm(
            ConfigNames.of(a.zeroMethod()), a.wilcoxon(), a.holm(), names(a, a.wilcoxonCliques())),
        a.alpha());
  }

  /** Each clique ({@code [first, last]} positions in the order) as its methods' names. */
  private static List<List<String>> names(RankAnalysis a, List<int[]> cliques) {
    return cliques.stream()
        .map(
            c ->
                java.util.stream.IntStream.rangeClosed(c[0], c[1])
                    .mapToObj(p -> a.methods().get(a.order()[p]))
                    .toList())
        .toList();
  }

  /** The report as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
