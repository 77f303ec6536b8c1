package io.fcddspark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.Oracles;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Agreement with scikit-learn 1.2.1 (oracles/auc.json) and mergeability. */
class ScoreLabelCountsTest {
  /** sklearn's float results versus our exact fraction rounded once. */
  private static final double SKLEARN_TOLERANCE = 1e-12;

  private static final JsonNode ORACLE = Oracles.load("auc.json");

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    ORACLE.get("cases").forEach(c -> names.add(c.get("name").asText()));
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void agreesWithScikitLearn(String name) {
    JsonNode c = caseNamed(name);
    Data d = data(c);
    ScoreLabelCounts counts = ScoreLabelCounts.of(d.scores, d.labels);

    assertThat(counts.positives()).isEqualTo(c.get("n_pos").asLong());
    assertThat(counts.negatives()).isEqualTo(c.get("n_neg").asLong());
    assertThat(counts.distinctScores()).isEqualTo(c.get("n_distinct_scores").asInt());
    ExactAuc auc = counts.rocAuc();
    JsonNode frac = c.get("roc_auc_exact_fraction");
    assertThat(auc.numerator()).isEqualTo(new BigInteger(frac.get(0).asText()));
    assertThat(auc.denominator()).isEqualTo(new BigInteger(frac.get(1).asText()));
    assertThat(auc.value()).isEqualTo(c.get("roc_auc_exact_float").asDouble());
    assertThat(auc.value())
        .isCloseTo(c.get("roc_auc_sklearn").asDouble(), within(SKLEARN_TOLERANCE));
    assertThat(counts.averagePrecision())
        .isCloseTo(c.get("average_precision_sklearn").asDouble(), within(SKLEARN_TOLERANCE));
  }

  @Test
  void mergingAnyPartitionGivesTheSameCounts() {
    Data d = data(caseNamed("heavy_ties_10k"));
    ScoreLabelCounts whole = ScoreLabelCounts.of(d.scores, d.labels);
    for (long seed = 0; seed < 5; seed++) {
      Random r = new Random(seed);
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < d.scores.length; i++) {
        idx.add(i);
      }
      Collections.shuffle(idx, r);
      int parts = 1 + r.nextInt(17);
      List<ScoreLabelCounts> pieces = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        List<Integer> mine = new ArrayList<>();
        for (int k = p; k < idx.size(); k += parts) {
          mine.add(idx.get(k));
        }
        double[] s = new double[mine.size()];
        int[] l = new int[mine.size()];
        for (int k = 0; k < s.length; k++) {
          s[k] = d.scores[mine.get(k)];
          l[k] = d.labels[mine.get(k)];
        }
        pieces.add(ScoreLabelCounts.of(s, l));
      }
      Collections.shuffle(pieces, r);
      ScoreLabelCounts merged = ScoreLabelCounts.empty();
      for (ScoreLabelCounts piece : pieces) {
        merged = r.nextBoolean() ? merged.merge(piece) : piece.merge(merged);
      }
      assertThat(merged.rocAuc()).isEqualTo(whole.rocAuc());
      assertThat(merged.averagePrecision()).isEqualTo(whole.averagePrecision());
      assertThat(merged.distinctScores()).isEqualTo(whole.distinctScores());
    }
  }

  @Test
  void negativeZeroTiesWithZero() {
    ScoreLabelCounts c = ScoreLabelCounts.of(new double[] {0.0, -0.0}, new int[] {0, 1});
    assertThat(c.distinctScores()).isEqualTo(1);
    assertThat(c.rocAuc().value()).isEqualTo(0.5);
  }

  @Test
  void pixelsCountAgainstTheirMask() {
    ScoreLabelCounts c =
        ScoreLabelCounts.ofPixels(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1});
    assertThat(c.rocAuc().value()).isEqualTo(0.75);
  }

  @Test
  void degenerateInputIsAnErrorThatSaysWhich() {
    assertThatThrownBy(() -> ScoreLabelCounts.empty().rocAuc())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute ROC-AUC of no samples");
    assertThatThrownBy(() -> ScoreLabelCounts.of(new double[] {1, 2}, new int[] {0, 0}).rocAuc())
        .hasMessage(
            "Cannot compute ROC-AUC: all 2 samples are nominal (label 0), it needs both classes");
    assertThatThrownBy(
            () -> ScoreLabelCounts.of(new double[] {1, 2}, new int[] {1, 1}).averagePrecision())
        .hasMessage(
            "Cannot compute average precision: all 2 samples are anomalous (label 1), it needs"
                + " both classes");
    assertThatThrownBy(() -> ScoreLabelCounts.of(new double[] {1, Double.NaN}, new int[] {0, 1}))
        .hasMessage("Score at index 1 is NaN: scores must be finite");
    assertThatThrownBy(
            () -> ScoreLabelCounts.of(new double[] {Double.NEGATIVE_INFINITY, 1}, new int[] {0, 1}))
        .hasMessage("Score at index 0 is -Infinity: scores must be finite");
    assertThatThrownBy(() -> ScoreLabelCounts.of(new double[] {1}, new int[] {2}))
        .hasMessage("Label 2 at index 0 is not 0 (nominal) or 1 (anomalous)");
    assertThatThrownBy(() -> ScoreLabelCounts.of(new double[] {1}, new int[] {0, 1}))
        .hasMessage("Cannot count scores: 1 scores but 2 labels");
  }

  @Test
  void aucIsInvariantUnderMonotoneTransformAndFlipsWithLabels() {
    Data d = data(caseNamed("heavy_ties_10k"));
    double[] cubed = new double[d.scores.length];
    int[] flipped = new int[d.labels.length];
    for (int i = 0; i < cubed.length; i++) {
      cubed[i] = Math.pow(d.scores[i], 3) + 5;
      flipped[i] = 1 - d.labels[i];
    }
    ExactAuc auc = ScoreLabelCounts.of(d.scores, d.labels).rocAuc();
    assertThat(ScoreLabelCounts.of(cubed, d.labels).rocAuc()).isEqualTo(auc);
    assertThat(ScoreLabelCounts.of(d.scores, flipped).rocAuc().value())
        .isCloseTo(1 - auc.value(), within(1e-15));
  }

  private record Data(double[] scores, int[] labels) {}

  private static JsonNode caseNamed(String name) {
    return AucOracle.caseNamed(name);
  }

  private static Data data(JsonNode c) {
    AucOracle.Data d = AucOracle.data(c);
    return new Data(d.scores(), d.labels());
  }
}
