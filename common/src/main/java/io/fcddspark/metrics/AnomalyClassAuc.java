package io.fcddspark.metrics;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The sample ROC-AUC of the nominal test images against the anomalous ones of each class alone
 * (one-vs-rest benchmarks: each other class), which says which anomalies a model tells apart and
 * which it confuses with the nominal class. Every class's AUC is an exact {@link
 * ScoreLabelCounts#rocAuc} of the nominal scores with that class's scores; the pooled AUC is their
 * mean weighted by the classes' sizes ({@link #pooled}), since the Mann-Whitney counts add up.
 */
public final class AnomalyClassAuc {
  private AnomalyClassAuc() {}

  /**
   * The AUC per anomalous class, ordered by class.
   *
   * @param nominal the nominal images' scores
   * @param anomalousByClass each anomalous class's images' scores
   * @throws IllegalArgumentException when there are no nominal scores, a class has none, or a score
   *     is not finite (the message names the class)
   */
  public static SortedMap<Integer, ExactAuc> of(
      double[] nominal, Map<Integer, double[]> anomalousByClass) {
    if (nominal.length == 0) {
      throw new IllegalArgumentException(
          "Cannot compute the AUC per anomalous class without nominal scores");
    }
    SortedMap<Integer, ExactAuc> out = new TreeMap<>();
    for (Map.Entry<Integer, double[]> e : new TreeMap<>(anomalousByClass).entrySet()) {
      double[] anomalous = e.getValue();
      if (anomalous.length == 0) {
        throw new IllegalArgumentException(
            "Cannot compute the AUC against anomalous class " + e.getKey() + ": it has no scores");
      }
      double[] scores = Arrays.copyOf(nominal, nominal.length + anomalous.length);
      System.arraycopy(anomalous, 0, scores, nominal.length, anomalous.length);
      boolean[] labels = new boolean[scores.length];
      Arrays.fill(labels, nominal.length, labels.length, true);
      try {
        out.put(e.getKey(), ScoreLabelCounts.of(scores, labels).rocAuc());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(
            "Cannot compute the AUC against anomalous class "
                + e.getKey()
                + ": "
                + bad.getMessage(),
            bad);
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /**
   * The pooled AUC of all anomalous classes together from the per-class AUCs and their sizes: the
   * Mann-Whitney counts {@code AUC_k · P_k · N} add up to the pooled one's.
   */
  public static ExactAuc pooled(
      SortedMap<Integer, ExactAuc> byClass, Map<Integer, Long> positives, long negatives) {
    BigInteger twoU = BigInteger.ZERO;
    long p = 0;
    for (Map.Entry<Integer, ExactAuc> e : byClass.entrySet()) {
      long pk = positives.get(e.getKey());
      BigInteger twoPkN =
          BigInteger.valueOf(pk).multiply(BigInteger.valueOf(negatives)).shiftLeft(1);
      // numerator / denominator is 2U_k / (2 P_k N) reduced: scale it back.
      twoU = twoU.add(e.getValue().numerator().multiply(twoPkN).divide(e.getValue().denominator()));
      p += pk;
    }
    return ExactAuc.of(
        twoU, BigInteger.valueOf(p).multiply(BigInteger.valueOf(negatives)).shiftLeft(1));
  }
}
