package io.fcddspark.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the anomaly-score threshold of a deployed model on validation images: an image is
 * anomalous when its score is above the threshold.
 *
 * <ul>
 *   <li>{@link Method#FPR}: the lowest threshold among the nominal scores whose false-positive rate
 *       on the nominal validation images is at most the target;
 *   <li>{@link Method#F1}: the threshold with the highest F1 on labelled validation images (the one
 *       with the fewest alarms when several tie). F1 rewards flagging in proportion to the
 *       validation set's share of anomalies: on a one-vs-rest test split (90 % anomalous) it flags
 *       nearly every image;
 *   <li>{@link Method#BALANCED_F1}: the highest F1 with both classes weighted equally (each nominal
 *       image counts anomalous ÷ nominal times), i.e. 2·TPR ÷ (1 + TPR + FPR), which does not
 *       depend on the validation set's class balance;
 *   <li>{@link Method#AUTO}: balanced F1 when the validation images include labelled anomalies,
 *       unless that flags at least half of the nominal ones; else FPR.
 * </ul>
 *
 * When the requested method cannot be had it falls back with a warning: F1 without labelled
 * anomalies becomes FPR; a target FPR finer than the nominal images can resolve is named. Any
 * choice above the target FPR, or that flags almost no anomalies, carries a warning.
 */
public final class ThresholdChooser {
  private ThresholdChooser() {}

  /** How the threshold is chosen. */
  public enum Method {
    @JsonProperty("auto")
    AUTO,
    @JsonProperty("fpr")
    FPR,
    @JsonProperty("f1")
    F1,
    @JsonProperty("balanced-f1")
    BALANCED_F1
  }

  /** The share of anomalous validation images flagged below which a choice is warned about. */
  public static final double LOW_TRUE_POSITIVE_RATE = 0.05;

  /** AUTO never keeps a balanced-F1 threshold that flags at least this share of nominal images. */
  public static final double AUTO_MAX_FALSE_POSITIVE_RATE = 0.5;

  /**
   * The chosen threshold and how it does on the validation images.
   *
   * @param threshold anomalous when score &gt; threshold
   * @param method the method used (after any fallback): FPR or F1
   * @param targetFpr the target false-positive rate
   * @param nominal nominal validation images
   * @param anomalous anomalous validation images
   * @param falsePositiveRate on the validation images
   * @param truePositiveRate on the validation images, NaN without anomalies
   * @param precision on the validation images, NaN when nothing is flagged or without anomalies
   * @param f1 on the validation images, NaN without anomalies
   * @param balancedF1 F1 with both classes weighted equally, 2·TPR ÷ (1 + TPR + FPR); NaN without
   *     anomalies
   * @param warnings fallbacks and limits, each one sentence
   */
  public record Choice(
      double threshold,
      Method method,
      double targetFpr,
      int nominal,
      int anomalous,
      double falsePositiveRate,
      double truePositiveRate,
      double precision,
      double f1,
      double balancedF1,
      List<String> warnings) {}

  /**
   * Chooses the threshold.
   *
   * @param scores validation scores
   * @param anomalous their labels
   * @param method the requested method
   * @param targetFpr the target false-positive rate for FPR, in (0, 1)
   */
  public static Choice choose(
      double[] scores, boolean[] anomalous, Method method, double targetFpr) {
    if (scores.length != anomalous.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + anomalous.length + " labels");
    }
    if (!(targetFpr > 0 && targetFpr < 1)) {
      throw new IllegalArgumentException("The target FPR must be in (0, 1), got " + targetFpr);
    }
    for (double s : scores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("A validation score is NaN");
      }
    }
    int positives = 0;
    for (boolean a : anomalous) {
      positives += a ? 1 : 0;
    }
    int negatives = scores.length - positives;
    List<String> warnings = new ArrayList<>();
    Method used = method;
    boolean f1Kind = method == Method.F1 || method == Method.BALANCED_F1;
    if (method == Method.AUTO) {
      used = positives > 0 && negatives > 0 ? Method.BALANCED_F1 : Method.FPR;
    } else if (f1Kind && (positives == 0 || negatives == 0)) {
      used = Method.FPR;
      warnings.add(
          String.format(
              Locale.ROOT,
              "The validation images have %s: %s needs both, so the threshold falls back to a"
                  + " false-positive rate of %s on the nominal ones",
              positives == 0 ? "no labelled anomalies" : "no nominal images",
              method == Method.F1 ? "F1" : "balanced F1",
              percent(targetFpr)));
    }
    if (used == Method.FPR && negatives == 0) {
      throw new IllegalArgumentException(
          "The validation images have no nominal images: a threshold at a false-positive rate"
              + " needs some");
    }
    double threshold =
        switch (used) {
          case F1 -> bestF1(scores, anomalous, 1);
          case BALANCED_F1 -> bestF1(scores, anomalous, positives / (double) negatives);
          default -> atFpr(scores, anomalous, targetFpr);
        };
    double balancedFpr =
        method == Method.AUTO && used == Method.BALANCED_F1
            ? nominalRateAbove(scores, anomalous, threshold)
            : 0;
    if (balancedFpr >= AUTO_MAX_FALSE_POSITIVE_RATE) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "The balanced-F1 threshold would flag %s of the nominal validation images (the"
                  + " scores barely separate the classes): the threshold falls back to a"
                  + " false-positive rate of %s",
              percent(balancedFpr),
              percent(targetFpr)));
      used = Method.FPR;
      threshold = atFpr(scores, anomalous, targetFpr);
    }
    if (used == Method.F1 && Math.abs(positives / (double) scores.length - 0.5) > 1 / 6.0) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "F1 depends on the validation set's class balance, %s anomalous here, which is"
                  + " unlikely to be the deployment's: balanced-f1 weighs both classes equally",
              percent(positives / (double) scores.length)));
    }
    if (used == Method.FPR && negatives * targetFpr < 1) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "Only %d nominal validation images: a false-positive rate of %s needs at least %d;"
                  + " the threshold is the highest nominal score (no false positives on them)",
              negatives,
              percent(targetFpr),
              (int) Math.ceil(1 / targetFpr)));
    }
    int tp = 0;
    int fp = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > threshold) {
        if (anomalous[i]) {
          tp++;
        } else {
          fp++;
        }
      }
    }
    double tpr = positives == 0 ? Double.NaN : tp / (double) positives;
    double precision = positives == 0 || tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
    double f1 = positives == 0 ? Double.NaN : 2.0 * tp / (2.0 * tp + fp + (positives - tp));
    double fpr = fp / (double) negatives;
    double balancedF1 = positives == 0 ? Double.NaN : 2 * tpr / (1 + tpr + fpr);
    if (used != Method.FPR && fpr > targetFpr) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "The threshold flags %s of the nominal validation images, above the target"
                  + " false-positive rate of %s (threshold.method: fpr keeps to it)",
              percent(fpr),
              percent(targetFpr)));
    }
    if (positives > 0 && tpr < LOW_TRUE_POSITIVE_RATE) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "The threshold flags only %s of the anomalous validation images",
              percent(tpr)));
    }
    return new Choice(
        threshold,
        used,
        targetFpr,
        negatives,
        positives,
        fpr,
        tpr,
        precision,
        f1,
        balancedF1,
        List.copyOf(warnings));
  }

  /** The lowest nominal score with at most ⌊target·n⌋ nominal scores above it. */
  private static double atFpr(double[] scores, boolean[] anomalous, double target) {
    double[] nominal = new double[scores.length];
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!anomalous[i]) {
        nominal[n++] = scores[i];
      }
    }
    nominal = Arrays.copyOf(nominal, n);
    Arrays.sort(nominal);
    int allowed = (int) Math.floor(target * n + 1e-9);
    // Ascending: the (allowed+1)-th largest is at n-1-allowed; ties above it only lower the count.
    return nominal[n - 1 - Math.min(allowed, n - 1)];
  }

  /** The share of the nominal images scored above {@code threshold}. */
  private static double nominalRateAbove(double[] scores, boolean[] anomalous, double threshold) {
    int above = 0;
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!anomalous[i]) {
        n++;
        above += scores[i] > threshold ? 1 : 0;
      }
    }
    return above / (double) n;
  }

  /**
   * The threshold of the highest F1 with each nominal image weighing {@code nominalWeight} (1: F1;
   * anomalous ÷ nominal: balanced F1), the fewest alarms among ties.
   */
  private static double bestF1(double[] scores, boolean[] anomalous, double nominalWeight) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    int positives = 0;
    for (boolean a : anomalous) {
      positives += a ? 1 : 0;
    }
    // Flag the top k (a whole run of equal scores at a time): threshold = the next lower score.
    double best = -1;
    double threshold = scores[order[0]];
    int tp = 0;
    int flagged = 0;
    for (int i = 0; i < n; ) {
      double s = scores[order[i]];
      while (i < n && scores[order[i]] == s) {
        tp += anomalous[order[i]] ? 1 : 0;
        flagged++;
        i++;
      }
      double f1 = 2.0 * tp / (tp + nominalWeight * (flagged - tp) + positives);
      if (f1 > best) {
        best = f1;
        threshold = i < n ? scores[order[i]] : Math.nextDown(s);
      }
    }
    return threshold;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.4g%%", fraction * 100).replaceAll("\\.?0+%$", "%");
  }
}
