package io.fcddspark.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Table 6 of the paper ranked: average ranks counted by hand, means as its stated Mean row. */
class RankMarkdownTest {
  @Test
  void listsTheMethodsByRankWithTheTestsAndTheCliques() {
    ResultsTable table =
        ResultsTable.of(
            BaselineTable.read(Path.of("../conf/baselines/fcdd-table6-fashion-mnist-auc.csv"))
                .cells());
    RankAnalysis a = RankAnalysis.of(table, true, 0.05, WilcoxonSignedRank.ZeroMethod.PRATT);

    String md = RankMarkdown.of(a, table, "classes", "results-cd.svg");

    // Ranks per class (ties share the mean rank), averaged over the ten classes by hand.
    assertThat(md)
        .startsWith("4 methods on 10 classes (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), higher is better.")
        .contains(
            String.join(
                "\n",
                "| rank | method | average rank | mean |",
                "| --- | --- | --- | --- |",
                "| 1 | GEO* | 1.60 | 0.935 |",
                "| 2 | DSVDD* | 1.85 | 0.927 |",
                "| 3 | FCDD | 3.05 | 0.887 |",
                "| 4 | AE | 3.50 | 0.824 |",
                ""))
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "Nemenyi critical difference at α = 0.05: %.2f ranks.",
                a.criticalDifference()))
        .contains("Not significantly different (Wilcoxon–Holm, α = 0.05): {")
        .endsWith("\n![Critical-difference diagram (Wilcoxon–Holm)](results-cd.svg)\n");
    // The Nemenyi CD for k = 4, N = 10 (Demšar 2006, q_0.05 = 2.569): 2.569 * sqrt(4*5/60).
    assertThat(a.criticalDifference()).isCloseTo(1.483, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(md).contains("Within the Nemenyi critical difference: {GEO*, DSVDD*, FCDD}");
    assertThat(RankMarkdown.of(a, table, "classes", null)).doesNotContain("![");
    assertThat(a.ranking())
        .containsExactly(
            " 1. GEO* (1.60)", " 2. DSVDD* (1.85)", " 3. FCDD (3.05)", " 4. AE (3.50)");
  }

  @Test
  void sameRanksOnEveryDatasetSayTheUnboundedStatisticInWords() {
    java.util.List<ResultsTable.Cell> cells = new java.util.ArrayList<>();
    for (String d : new String[] {"0", "1", "2", "3", "4"}) {
      cells.add(new ResultsTable.Cell("semi", d, 0.9));
      cells.add(new ResultsTable.Cell("confetti", d, 0.5));
    }
    ResultsTable table = ResultsTable.of(cells);
    RankAnalysis a = RankAnalysis.of(table, true, 0.05, WilcoxonSignedRank.ZeroMethod.PRATT);

    assertThat(RankMarkdown.of(a, table, "classes", null))
        .contains(
            "Friedman χ² = 5.00 (1 degrees of freedom, p = 0.0253); Iman–Davenport F = ∞ (all 5"
                + " classes rank the methods alike; p = 0); Nemenyi critical difference")
        .doesNotContain("Infinity");
  }
}
