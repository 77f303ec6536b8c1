package io.fcddspark.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Degenerate input: a clear error or a documented result, never NaN. */
class DegenerateRankingTest {
  private static List<ResultsTable.Cell> grid(String[] methods, int datasets, double value) {
    List<ResultsTable.Cell> cells = new ArrayList<>();
    for (String m : methods) {
      for (int d = 0; d < datasets; d++) {
        cells.add(new ResultsTable.Cell(m, "d" + d, value));
      }
    }
    return cells;
  }

  @Test
  void aMissingCellNamesTheMethodAndTheDataset() {
    List<ResultsTable.Cell> cells = grid(new String[] {"a", "b", "c"}, 4, 0.5);
    cells.removeIf(c -> c.method().equals("b") && c.dataset().equals("d2"));
    assertThatThrownBy(() -> ResultsTable.of(cells))
        .hasMessage("Every method needs a score on every dataset; missing: 'b' on 'd2'");
  }

  @Test
  void tooFewMethodsOrDatasetsAndNonFiniteScoresAreErrors() {
    assertThatThrownBy(() -> ResultsTable.of(grid(new String[] {"a"}, 5, 0.5)))
        .hasMessageStartingWith("Ranking needs at least 2 methods and 2 datasets, got 1 methods");
    assertThatThrownBy(() -> ResultsTable.of(grid(new String[] {"a", "b"}, 1, 0.5)))
        .hasMessageContaining("and 1 datasets");
    List<ResultsTable.Cell> nan = grid(new String[] {"a", "b"}, 3, 0.5);
    nan.set(4, new ResultsTable.Cell("b", "d1", Double.NaN));
    assertThatThrownBy(() -> ResultsTable.of(nan))
        .hasMessage("Method 'b' has score NaN on dataset 'd1': scores must be finite");
  }

  @Test
  void seedsOfACellAreAveraged() {
    List<ResultsTable.Cell> cells = grid(new String[] {"a", "b"}, 2, 0.5);
    cells.add(new ResultsTable.Cell("a", "d0", 0.7));
    ResultsTable t = ResultsTable.of(cells);
    assertThat(t.scores()[0][0]).isEqualTo(0.6);
    assertThat(t.seeds()[0][0]).isEqualTo(2);
  }

  @Test
  void allEqualIsNoEvidenceOfADifferenceNotNaN() {
    RankAnalysis a =
        RankAnalysis.of(
            ResultsTable.of(grid(new String[] {"a", "b", "c"}, 6, 0.9)),
            true,
            0.05,
            WilcoxonSignedRank.ZeroMethod.PRATT);
    assertThat(a.ranks().average()).containsExactly(2.0, 2.0, 2.0);
    assertThat(a.friedman().chiSquared()).isZero();
    assertThat(a.friedman().pValue()).isEqualTo(1.0);
    assertThat(a.friedman().pValueImanDavenport()).isEqualTo(1.0);
    assertThat(a.wilcoxon()[0][1]).isEqualTo(1.0);
    assertThat(a.holm()[0][2]).isEqualTo(1.0);
    assertThat(a.wilcoxonCliques()).hasSize(1);
    assertThat(a.wilcoxonCliques().get(0)).containsExactly(0, 2);
  }

  @Test
  void cliquesAreMaximalRunsInRankOrder() {
    // 0-1 and 1-2 not different, 0-2 different: two overlapping runs, 3 alone.
    boolean[][] differ = new boolean[4][4];
    differ[0][2] = differ[2][0] = true;
    differ[0][3] = differ[3][0] = differ[1][3] = differ[3][1] = differ[2][3] = differ[3][2] = true;
    assertThat(Cliques.of(new int[] {0, 1, 2, 3}, differ))
        .containsExactly(new int[] {0, 1}, new int[] {1, 2});
  }
}
