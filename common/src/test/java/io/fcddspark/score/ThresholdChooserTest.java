package io.fcddspark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.score.ThresholdChooser.Choice;
import io.fcddspark.score.ThresholdChooser.Method;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ThresholdChooserTest {
  @Test
  void fprIsTheLowestNominalScoreWithinTheTargetAgainstBruteForce() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 5 + random.nextInt(60);
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(12) / 4.0; // many ties
        anomalous[i] = random.nextDouble() < 0.3;
      }
      anomalous[0] = false;
      double target = 0.02 + random.nextDouble() * 0.4;
      Choice c = ThresholdChooser.choose(scores, anomalous, Method.FPR, target);

      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (!anomalous[i] && fpr(scores, anomalous, scores[i]) <= target + 1e-12) {
          best = Math.min(best, scores[i]);
        }
      }
      assertThat(c.threshold()).as("trial %d", trial).isEqualTo(best);
      assertThat(c.method()).isEqualTo(Method.FPR);
      assertThat(c.falsePositiveRate()).isEqualTo(fpr(scores, anomalous, best));
    }
  }

  @Test
  void f1IsTheBestOverEveryThresholdAgainstBruteForce() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int n = 4 + random.nextInt(50);
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        anomalous[i] = random.nextDouble() < 0.4;
        scores[i] = random.nextInt(10) + (anomalous[i] ? 3 : 0);
      }
      anomalous[0] = true;
      anomalous[1] = false;
      Choice c = ThresholdChooser.choose(scores, anomalous, Method.F1, 0.05);
      assertThat(c.method()).isEqualTo(Method.F1);

      TreeSet<Double> candidates = new TreeSet<>();
      for (double s : scores) {
        candidates.add(s);
        candidates.add(Math.nextDown(s));
      }
      double bestF1 = -1;
      for (double t : candidates) {
        bestF1 = Math.max(bestF1, f1(scores, anomalous, t));
      }
      assertThat(c.f1()).as("trial %d", trial).isEqualTo(bestF1);
      assertThat(f1(scores, anomalous, c.threshold())).isEqualTo(bestF1);
      // The fewest alarms among equally good thresholds.
      long fewest = Long.MAX_VALUE;
      for (double t : candidates) {
        if (f1(scores, anomalous, t) == bestF1) {
          fewest = Math.min(fewest, flagged(scores, t));
        }
      }
      assertThat(flagged(scores, c.threshold())).isEqualTo(fewest);
    }
  }

  @Test
  void balancedF1IsTheBestOverEveryThresholdAgainstBruteForce() {
    Random random = new Random(12);
    for (int trial = 0; trial < 200; trial++) {
      int n = 4 + random.nextInt(50);
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        anomalous[i] = random.nextDouble() < 0.7;
        scores[i] = random.nextInt(10) + (anomalous[i] ? 3 : 0);
      }
      anomalous[0] = true;
      anomalous[1] = false;
      Choice c = ThresholdChooser.choose(scores, anomalous, Method.BALANCED_F1, 0.05);
      assertThat(c.method()).isEqualTo(Method.BALANCED_F1);
      TreeSet<Double> candidates = new TreeSet<>();
      for (double s : scores) {
        candidates.add(s);
        candidates.add(Math.nextDown(s));
      }
      double best = -1;
      for (double t : candidates) {
        best = Math.max(best, balancedF1(scores, anomalous, t));
      }
      assertThat(c.balancedF1()).as("trial %d", trial).isCloseTo(best, within(1e-12));
      assertThat(balancedF1(scores, anomalous, c.threshold())).isCloseTo(best, within(1e-12));
    }
  }

  @Test
  void onAOneVsRestSplitAutoDoesNotFlagEveryNominalImageAndF1SaysWhy() {
    // 100 nominal and 900 anomalous validation images (1:9, as a one-vs-rest test split), AUC
    // about 0.9: plain F1 is best when nearly everything is flagged.
    Random random = new Random(5);
    double[] scores = new double[1000];
    boolean[] anomalous = new boolean[1000];
    for (int i = 0; i < scores.length; i++) {
      anomalous[i] = i >= 100;
      scores[i] = random.nextGaussian() + (anomalous[i] ? 1.8 : 0);
    }
    Choice f1 = ThresholdChooser.choose(scores, anomalous, Method.F1, 0.05);
    assertThat(f1.falsePositiveRate()).isGreaterThan(0.5);
    assertThat(f1.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("F1 depends on the validation set's class balance, 90% anomalous"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("The threshold flags ")
                    .contains("above the target false-positive rate of 5%"));

    Choice auto = ThresholdChooser.choose(scores, anomalous, Method.AUTO, 0.05);
    assertThat(auto.method()).isEqualTo(Method.BALANCED_F1);
    assertThat(auto.falsePositiveRate()).isBetween(0.05, 0.35);
    assertThat(auto.truePositiveRate()).isGreaterThan(0.7);
    assertThat(auto.balancedF1()).isGreaterThan(f1.balancedF1());
    assertThat(auto.warnings())
        .singleElement()
        .asString()
        .startsWith("The threshold flags ")
        .contains("of the nominal validation images, above the target false-positive rate of 5%");

    Choice fpr = ThresholdChooser.choose(scores, anomalous, Method.FPR, 0.05);
    assertThat(fpr.falsePositiveRate()).isLessThanOrEqualTo(0.05);
    assertThat(fpr.warnings()).isEmpty();
  }

  @Test
  void autoFallsBackToTheTargetFprWhenTheScoresBarelySeparate() {
    Random random = new Random(6);
    double[] scores = new double[1000];
    boolean[] anomalous = new boolean[1000];
    for (int i = 0; i < scores.length; i++) {
      anomalous[i] = i >= 100;
      scores[i] = random.nextGaussian() + (anomalous[i] ? 0.05 : 0);
    }
    Choice auto = ThresholdChooser.choose(scores, anomalous, Method.AUTO, 0.05);
    assertThat(auto.method()).isEqualTo(Method.FPR);
    assertThat(auto.falsePositiveRate()).isLessThanOrEqualTo(0.05);
    assertThat(auto.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("The balanced-F1 threshold would flag ")
                    .endsWith("falls back to a false-positive rate of 5%"))
        .anySatisfy(w -> assertThat(w).startsWith("The threshold flags only "));
  }

  @Test
  void fallsBackWithAWarningWhenF1CannotBeHad() {
    double[] scores = new double[100];
    boolean[] nominalOnly = new boolean[100];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = i;
    }
    Choice c = ThresholdChooser.choose(scores, nominalOnly, Method.F1, 0.05);
    assertThat(c.method()).isEqualTo(Method.FPR);
    assertThat(c.threshold()).isEqualTo(94.0); // 95..99 above: 5 of 100
    assertThat(c.falsePositiveRate()).isEqualTo(0.05);
    assertThat(c.truePositiveRate()).isNaN();
    assertThat(c.warnings())
        .containsExactly(
            "The validation images have no labelled anomalies: F1 needs both, so the threshold"
                + " falls back to a false-positive rate of 5% on the nominal ones");
    assertThat(ThresholdChooser.choose(scores, nominalOnly, Method.AUTO, 0.05).warnings())
        .isEmpty();
  }

  @Test
  void namesATargetFinerThanTheNominalImagesResolve() {
    Choice c =
        ThresholdChooser.choose(
            new double[] {0.1, 0.4, 0.3}, new boolean[] {false, false, false}, Method.FPR, 0.01);
    assertThat(c.threshold()).isEqualTo(0.4);
    assertThat(c.falsePositiveRate()).isZero();
    assertThat(c.warnings())
        .containsExactly(
            "Only 3 nominal validation images: a false-positive rate of 1% needs at least 100;"
                + " the threshold is the highest nominal score (no false positives on them)");
  }

  @Test
  void rejectsWhatCannotGiveAThreshold() {
    assertThatThrownBy(
            () ->
                ThresholdChooser.choose(
                    new double[] {1, 2}, new boolean[] {true, true}, Method.FPR, 0.05))
        .hasMessageContaining("no nominal images");
    assertThatThrownBy(
            () ->
                ThresholdChooser.choose(
                    new double[] {Double.NaN}, new boolean[] {false}, Method.FPR, 0.05))
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () -> ThresholdChooser.choose(new double[] {1}, new boolean[] {false}, Method.FPR, 1))
        .hasMessageContaining("(0, 1)");
  }

  @Test
  void configValuesAreCheckedAndNamed() {
    assertThatThrownBy(() -> score("threshold.method=roc"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "key 'threshold.method': expected one of [auto, fpr, f1, balanced-f1], got 'roc'");
    assertThat(score("threshold.method=Balanced-F1").threshold().method())
        .isEqualTo(Method.BALANCED_F1);
    assertThatThrownBy(() -> score("threshold.targetFpr=0"))
        .hasMessageContaining("threshold.targetFpr to 0.0, it must be in (0, 1)");
    assertThatThrownBy(() -> score("heatmaps.which=some"))
        .hasMessageContaining(
            "key 'heatmaps.which': expected one of [anomalous, all, none], got 'some'");
    assertThatThrownBy(() -> score("decode.channels=2"))
        .hasMessageContaining("decode.channels to 2, use 1 or 3");
    ScoreConfig shipped =
        ConfigLoader.load(
            java.nio.file.Path.of("../conf/score/fashion-mnist.yaml"),
            List.of(),
            ScoreConfig.class);
    assertThat(shipped.heatmaps().sigma()).isEqualTo(1.2);
    ScoreConfig c = score();
    assertThat(c.threshold().method()).isEqualTo(Method.AUTO);
    assertThat(c.threshold().targetFpr()).isEqualTo(0.05);
    assertThat(c.heatmaps().which()).isEqualTo(ScoreConfig.Heatmaps.Which.ANOMALOUS);
    assertThat(c.modelName()).isEqualTo("model");
  }

  private static ScoreConfig score(String... overrides) {
    return ConfigLoader.parse(
        "model: m\ninput: i\noutput: o\n", "score.yaml", List.of(overrides), ScoreConfig.class);
  }

  private static long flagged(double[] s, double t) {
    return java.util.Arrays.stream(s).filter(x -> x > t).count();
  }

  private static double fpr(double[] s, boolean[] a, double t) {
    int fp = 0;
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (!a[i]) {
        n++;
        fp += s[i] > t ? 1 : 0;
      }
    }
    return fp / (double) n;
  }

  private static double f1(double[] s, boolean[] a, double t) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < s.length; i++) {
      boolean flagged = s[i] > t;
      tp += flagged && a[i] ? 1 : 0;
      fp += flagged && !a[i] ? 1 : 0;
      fn += !flagged && a[i] ? 1 : 0;
    }
    return 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /** The plain formula: 2·TPR ÷ (1 + TPR + FPR). */
  private static double balancedF1(double[] s, boolean[] a, double t) {
    int tp = 0;
    int p = 0;
    for (int i = 0; i < s.length; i++) {
      if (a[i]) {
        p++;
        tp += s[i] > t ? 1 : 0;
      }
    }
    double tpr = tp / (double) p;
    return 2 * tpr / (1 + tpr + fpr(s, a, t));
  }
}
