package io.fcddspark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The part-by-part sweep against scikit-learn (oracles/auc.json), however the counts are cut. */
class RocSweepTest {
  static Stream<String> cases() {
    return AucOracle.names().stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void anyCutGivesScikitLearnsValues(String name) {
    JsonNode c = AucOracle.caseNamed(name);
    AucOracle.Data d = AucOracle.data(c);
    ScoreLabelCounts counts = ScoreLabelCounts.of(d.scores(), d.labels());
    int k = counts.distinctScores();
    JsonNode frac = c.get("roc_auc_exact_fraction");
    for (long seed = 0; seed < 4; seed++) {
      Random r = new Random(seed);
      // Cut the descending distinct scores into consecutive parts (some possibly empty).
      List<Integer> cuts = new ArrayList<>(List.of(k));
      int parts = 1 + r.nextInt(9);
      for (int p = 1; p < parts; p++) {
        cuts.add(r.nextInt(k + 1));
      }
      cuts.add(0);
      cuts.sort((a, b) -> b - a);
      List<RocSweep.Part> summaries = summaries(counts, cuts);
      List<RocSweep.Offset> offsets = RocSweep.offsets(summaries);
      List<Double> sums = new ArrayList<>();
      for (int p = 0; p + 1 < cuts.size(); p++) {
        RocSweep.PrecisionSum ps = new RocSweep.PrecisionSum(offsets.get(p));
        for (int i = cuts.get(p) - 1; i >= cuts.get(p + 1); i--) {
          ps.add(counts.positivesAt(i), counts.negativesAt(i));
        }
        sums.add(ps.sum());
      }

      ExactAuc auc = RocSweep.auc(summaries);
      assertThat(auc.numerator()).isEqualTo(new BigInteger(frac.get(0).asText()));
      assertThat(auc.denominator()).isEqualTo(new BigInteger(frac.get(1).asText()));
      assertThat(RocSweep.averagePrecision(sums, counts.positives(), counts.negatives()))
          .isCloseTo(c.get("average_precision_sklearn").asDouble(), within(1e-12));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theDownSampledCurveIsBoundedMonotoneEndsAtOneAndIgnoresTheCut(String name) {
    AucOracle.Data d = AucOracle.data(AucOracle.caseNamed(name));
    ScoreLabelCounts counts = ScoreLabelCounts.of(d.scores(), d.labels());
    int k = counts.distinctScores();
    for (int cells : new int[] {1, 7, 100}) {
      List<RocSweep.Point> whole = curve(counts, List.of(k, 0), cells);
      assertThat(whole.size()).isLessThanOrEqualTo(cells + 1);
      assertThat(whole.get(whole.size() - 1))
          .isEqualTo(new RocSweep.Point(counts.score(0), 1.0, 1.0));
      for (int i = 1; i < whole.size(); i++) {
        assertThat(whole.get(i).fpr()).isGreaterThanOrEqualTo(whole.get(i - 1).fpr());
        assertThat(whole.get(i).tpr()).isGreaterThanOrEqualTo(whole.get(i - 1).tpr());
        assertThat(whole.get(i).threshold()).isLessThan(whole.get(i - 1).threshold());
      }
      Random r = new Random(cells);
      List<Integer> cuts = new ArrayList<>(List.of(k, 0));
      for (int p = 0; p < 4; p++) {
        cuts.add(r.nextInt(k + 1));
      }
      cuts.sort((a, b) -> b - a);
      assertThat(curve(counts, cuts, cells)).isEqualTo(whole);
    }
  }

  /** Pass 1 over the counts cut at {@code cuts} (descending distinct-score indices). */
  private static List<RocSweep.Part> summaries(ScoreLabelCounts counts, List<Integer> cuts) {
    List<RocSweep.Part> summaries = new ArrayList<>();
    for (int p = 0; p + 1 < cuts.size(); p++) {
      RocSweep.PartSweep sweep = new RocSweep.PartSweep();
      for (int i = cuts.get(p) - 1; i >= cuts.get(p + 1); i--) {
        sweep.add(counts.positivesAt(i), counts.negativesAt(i));
      }
      summaries.add(sweep.part());
    }
    return summaries;
  }

  /** The sampled curve of the counts cut at {@code cuts} (descending distinct-score indices). */
  private static List<RocSweep.Point> curve(
      ScoreLabelCounts counts, List<Integer> cuts, int cells) {
    List<RocSweep.Offset> offsets = RocSweep.offsets(summaries(counts, cuts));
    List<RocSweep.Point> points = new ArrayList<>();
    for (int p = 0; p + 1 < cuts.size(); p++) {
      RocSweep.CurveSampler s =
          new RocSweep.CurveSampler(offsets.get(p), counts.positives(), counts.negatives(), cells);
      for (int i = cuts.get(p) - 1; i >= cuts.get(p + 1); i--) {
        s.add(counts.score(i), counts.positivesAt(i), counts.negativesAt(i));
      }
      points.addAll(s.points());
    }
    return points;
  }

  @org.junit.jupiter.api.Test
  void oneClassIsAnError() {
    assertThatThrownBy(
            () -> RocSweep.auc(List.of(new RocSweep.PartSweep().add(3, 0).add(2, 0).part())))
        .hasMessage(
            "Cannot compute ROC-AUC: 5 anomalous and 0 nominal items, it needs both classes");
  }
}
