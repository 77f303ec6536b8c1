package io.fcddspark.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-transcribed tables in conf/baselines against their own summary rows: every column's mean
 * of the two-decimal values within rounding of the stated mean (±0.0075: the paper averages
 * unrounded values; a column that disagrees with its own Mean row is listed), and its standard
 * deviation of the stated σ (±0.011); Table 1's FCDD means equal Tables 6–8's.
 */
class StatedSummaryTest {
  private static final Path DIR = Path.of("../conf/baselines");

  /**
   * Columns whose printed values do not average to the source's printed mean, with the mean of the
   * printed values: Table 2's AE-SS* column averages 0.869, its Mean row says 0.86.
   */
  private static final java.util.Map<String, Double> SOURCE_DISCREPANCIES =
      java.util.Map.of("fcdd-table2-mvtec-pixel-auc.csv AE-SS*", 13.03 / 15);

  @Test
  void everyShippedTableMatchesItsStatedMeansAndDeviations() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    int checked = 0;
    for (Path f : files) {
      BaselineTable t = BaselineTable.read(f);
      assertThat(t.metric()).as(f.toString()).isNotBlank();
      for (int m = 0; m < t.methods().size(); m++) {
        String method = t.methods().get(m);
        double[] v =
            t.cells().stream()
                .filter(c -> c.method().equals(method))
                .mapToDouble(ResultsTable.Cell::score)
                .toArray();
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        double[] statedMean = t.stated().get("mean");
        if (statedMean != null && !Double.isNaN(statedMean[m])) {
          String key = f.getFileName() + " " + method;
          if (SOURCE_DISCREPANCIES.containsKey(key)) {
            // The source's Mean row disagrees with its own column: keep the column as printed.
            assertThat(mean).as(key).isCloseTo(SOURCE_DISCREPANCIES.get(key), within(1e-4));
          } else {
            assertThat(mean).as("%s mean", key).isCloseTo(statedMean[m], within(0.0075));
          }
          checked++;
        }
        double[] statedStd = t.stated().get("std");
        if (statedStd != null) {
          double var = 0;
          for (double x : v) {
            var += (x - mean) * (x - mean);
          }
          double std = Math.sqrt(var / v.length);
          assertThat(std)
              .as("%s %s std", f.getFileName(), method)
              .isCloseTo(statedStd[m], within(0.011));
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(27);
  }

  @Test
  void tableOnesFcddMeansAreTheClasswiseTablesMeans() {
    BaselineTable one = BaselineTable.read(DIR.resolve("fcdd-table1-mean-auc.csv"));
    assertThat(score(one, "FCDD", "fashion-mnist"))
        .isEqualTo(
            BaselineTable.read(DIR.resolve("fcdd-table6-fashion-mnist-auc.csv"))
                .stated()
                .get("mean")[3]);
    assertThat(score(one, "FCDD", "cifar10"))
        .isEqualTo(
            BaselineTable.read(DIR.resolve("fcdd-table7-cifar10-auc.csv")).stated().get("mean")[8]);
    assertThat(score(one, "FCDD", "imagenet30"))
        .isEqualTo(
            BaselineTable.read(DIR.resolve("fcdd-table8-imagenet30-auc.csv"))
                .stated()
                .get("mean")[3]);
  }

  private static double score(BaselineTable t, String method, String dataset) {
    return t.cells().stream()
        .filter(c -> c.method().equals(method) && c.dataset().equals(dataset))
        .findFirst()
        .orElseThrow()
        .score();
  }

  @Test
  void malformedTablesAreNamedWithTheLine() {
    assertThatThrownBy(() -> BaselineTable.parse("# x\nclass,a,b\n", "t.csv"))
        .hasMessage("t.csv:2: the header must be dataset,<method>,..., got 'class,a,b'");
    assertThatThrownBy(() -> BaselineTable.parse("dataset,a,b\nd1,0.5\n", "t.csv"))
        .hasMessage("t.csv:2: 2 fields, the header has 3");
    assertThatThrownBy(() -> BaselineTable.parse("dataset,a,b\nd1,0.5,x\n", "t.csv"))
        .hasMessage("t.csv:2: column 'b' of 'd1' is 'x', not a number");
  }
}
