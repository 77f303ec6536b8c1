package io.fcddspark.metrics;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * For every distinct score, how many positive (anomalous) and negative (nominal) samples have it.
 *
 * <p>This is a sufficient statistic for exact ROC-AUC and average precision with ties: equal scores
 * form one threshold, as in scikit-learn's {@code roc_auc_score} and {@code
 * average_precision_score}. It is associative and commutative under {@link #merge}, so Spark can
 * build one per partition and combine them with {@code treeAggregate}; the result does not depend
 * on the partitioning. Scores are stored ascending; {@code -0.0} is folded into {@code 0.0} (numpy
 * compares them equal). Immutable.
 */
public final class ScoreLabelCounts implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private static final ScoreLabelCounts EMPTY =
      new ScoreLabelCounts(new double[0], new long[0], new long[0]);

  private final double[] scores;
  private final long[] positives;
  private final long[] negatives;

  private ScoreLabelCounts(double[] scores, long[] positives, long[] negatives) {
    this.scores = scores;
    this.positives = positives;
    this.negatives = negatives;
  }

  /** The statistic of no samples; the identity of {@link #merge}. */
  public static ScoreLabelCounts empty() {
    return EMPTY;
  }

  /**
   * Counts {@code scores[i]} with label {@code anomalous[i]}.
   *
   * @throws IllegalArgumentException if the lengths differ or a score is NaN or infinite (the
   *     message names the index and value)
   */
  public static ScoreLabelCounts of(double[] scores, boolean[] anomalous) {
    if (scores.length != anomalous.length) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot count scores: %d scores but %d labels", scores.length, anomalous.length));
    }
    int nPos = 0;
    for (boolean a : anomalous) {
      nPos += a ? 1 : 0;
    }
    double[] pos = new double[nPos];
    double[] neg = new double[scores.length - nPos];
    int p = 0;
    int q = 0;
    for (int i = 0; i < scores.length; i++) {
      double s = checkedScore(scores[i], i);
      if (anomalous[i]) {
        pos[p++] = s;
      } else {
        neg[q++] = s;
      }
    }
    return fromSorted(pos, neg);
  }

  /** Counts {@code scores} with integer labels (1 = anomalous, 0 = nominal). */
  public static ScoreLabelCounts of(double[] scores, int[] labels) {
    boolean[] anomalous = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException(
            String.format(
                "Label %d at index %d is not 0 (nominal) or 1 (anomalous)", labels[i], i));
      }
      anomalous[i] = labels[i] == 1;
    }
    return of(scores, anomalous);
  }

  /**
   * Counts float scores (e.g. one upsampled heatmap) against a mask where any value other than 0 is
   * anomalous. The floats are widened exactly to double.
   */
  public static ScoreLabelCounts ofPixels(float[] scores, float[] mask) {
    if (scores.length != mask.length) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot count pixels: %d scores but a mask of %d pixels",
              scores.length, mask.length));
    }
    double[] s = new double[scores.length];
    boolean[] a = new boolean[scores.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores[i];
      a[i] = mask[i] != 0f;
    }
    return of(s, a);
  }

  private static double checkedScore(double s, int index) {
    if (Double.isNaN(s) || Double.isInfinite(s)) {
      throw new IllegalArgumentException(
          String.format("Score at index %d is %s: scores must be finite", index, s));
    }
    return s == 0.0 ? 0.0 : s;
  }

  private static ScoreLabelCounts fromSorted(double[] pos, double[] neg) {
    Arrays.sort(pos);
    Arrays.sort(neg);
    double[] s = new double[pos.length + neg.length];
    long[] cp = new long[s.length];
    long[] cn = new long[s.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < pos.length || j < neg.length) {
      double v = j >= neg.length || (i < pos.length && pos[i] <= neg[j]) ? pos[i] : neg[j];
      long a = 0;
      long b = 0;
      while (i < pos.length && pos[i] == v) {
        a++;
        i++;
      }
      while (j < neg.length && neg[j] == v) {
        b++;
        j++;
      }
      s[n] = v;
      cp[n] = a;
      cn[n] = b;
      n++;
    }
    return new ScoreLabelCounts(Arrays.copyOf(s, n), Arrays.copyOf(cp, n), Arrays.copyOf(cn, n));
  }

  /** The counts of both inputs together. Associative, commutative, with {@link #empty} as unit. */
  public ScoreLabelCounts merge(ScoreLabelCounts other) {
    if (other.scores.length == 0) {
      return this;
    }
    if (scores.length == 0) {
      return other;
    }
    int max = scores.length + other.scores.length;
    double[] s = new double[max];
    long[] cp = new long[max];
    long[] cn = new long[max];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < scores.length || j < other.scores.length) {
      if (j >= other.scores.length || (i < scores.length && scores[i] < other.scores[j])) {
        s[n] = scores[i];
        cp[n] = positives[i];
        cn[n] = negatives[i];
        i++;
      } else if (i >= scores.length || other.scores[j] < scores[i]) {
        s[n] = other.scores[j];
        cp[n] = other.positives[j];
        cn[n] = other.negatives[j];
        j++;
      } else {
        s[n] = scores[i];
        cp[n] = Math.addExact(positives[i], other.positives[j]);
        cn[n] = Math.addExact(negatives[i], other.negatives[j]);
        i++;
        j++;
      }
      n++;
    }
    return new ScoreLabelCounts(Arrays.copyOf(s, n), Arrays.copyOf(cp, n), Arrays.copyOf(cn, n));
  }

  /** Number of distinct scores. */
  public int distinctScores() {
    return scores.length;
  }

  /** The i-th distinct score, ascending. */
  public double score(int i) {
    return scores[i];
  }

  /** Positives with the i-th distinct score. */
  public long positivesAt(int i) {
    return positives[i];
  }

  /** Negatives with the i-th distinct score. */
  public long negativesAt(int i) {
    return negatives[i];
  }

  /** Total positive (anomalous) samples. */
  public long positives() {
    long t = 0;
    for (long c : positives) {
      t += c;
    }
    return t;
  }

  /** Total negative (nominal) samples. */
  public long negatives() {
    long t = 0;
    for (long c : negatives) {
      t += c;
    }
    return t;
  }

  /**
   * Exact ROC-AUC: the Mann-Whitney statistic with ties counted one half, {@code U / (P N)}, which
   * equals scikit-learn's trapezoidal area with grouped thresholds.
   *
   * @throws IllegalArgumentException when there are no samples, or only one class
   */
  public ExactAuc rocAuc() {
    long p = positives();
    long n = negatives();
    requireBothClasses("ROC-AUC", p, n);
    // 2U = sum_k neg_k * (2 * positives scored above k + pos_k), sweeping scores descending.
    BigInteger twoU = BigInteger.ZERO;
    long acc = 0;
    long above = 0;
    for (int k = scores.length - 1; k >= 0; k--) {
      long term;
      try {
        term = Math.multiplyExact(negatives[k], Math.addExact(2 * above, positives[k]));
        acc = Math.addExact(acc, term);
      } catch (ArithmeticException overflow) {
        twoU = twoU.add(BigInteger.valueOf(acc));
        acc = 0;
        twoU =
            twoU.add(
                BigInteger.valueOf(negatives[k])
                    .multiply(
                        BigInteger.valueOf(above)
                            .shiftLeft(1)
                            .add(BigInteger.valueOf(positives[k]))));
      }
      above += positives[k];
    }
    twoU = twoU.add(BigInteger.valueOf(acc));
    BigInteger twoPn = BigInteger.valueOf(p).multiply(BigInteger.valueOf(n)).shiftLeft(1);
    return ExactAuc.of(twoU, twoPn);
  }

  /**
   * Average precision as scikit-learn defines it: {@code sum_k (R_k - R_{k-1}) P_k} over distinct
   * thresholds in descending order, without interpolation.
   *
   * @throws IllegalArgumentException when there are no samples, or only one class
   */
  public double averagePrecision() {
    long p = positives();
    long n = negatives();
    requireBothClasses("average precision", p, n);
    long tp = 0;
    long fp = 0;
    double sum = 0;
    for (int k = scores.length - 1; k >= 0; k--) {
      if (positives[k] == 0) {
        fp += negatives[k];
        continue;
      }
      tp += positives[k];
      fp += negatives[k];
      sum += (double) positives[k] * tp / (tp + fp);
    }
    return sum / p;
  }

  private static void requireBothClasses(String metric, long p, long n) {
    if (p == 0 && n == 0) {
      throw new IllegalArgumentException("Cannot compute " + metric + " of no samples");
    }
    if (p == 0 || n == 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot compute %s: all %d samples are %s, it needs both classes",
              metric, p + n, p == 0 ? "nominal (label 0)" : "anomalous (label 1)"));
    }
  }
}
