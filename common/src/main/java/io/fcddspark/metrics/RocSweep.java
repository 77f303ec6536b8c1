package io.fcddspark.metrics;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact ROC-AUC and average precision over (distinct score, positives, negatives) counts that are
 * sorted by score <em>descending</em> and cut into consecutive parts (a range-partitioned Spark
 * dataset): each part is swept on its own, and the parts are combined in order. The AUC is the same
 * fraction as {@link ScoreLabelCounts#rocAuc()} whatever the cut; the average precision is
 * scikit-learn's sum, added part by part (equal to the single sweep to rounding).
 *
 * <p>Pass 1: {@link Part}s (counts and the part's own 2U); {@link #auc} combines them. Pass 2, for
 * the average precision: each part starts from the true and false positives of the parts before it
 * ({@link #offsets}) and sums its precision terms ({@link PrecisionSum}).
 */
public final class RocSweep {
  private RocSweep() {}

  /**
   * One part's summary.
   *
   * @param positives anomalous items in the part
   * @param negatives nominal items in the part
   * @param twiceU the part's own 2U: {@code sum_k neg_k (2 pos above k in the part + pos_k)}
   */
  public record Part(long positives, long negatives, BigInteger twiceU) implements Serializable {}

  /** Sweeps one part's distinct scores in descending order. */
  public static final class PartSweep {
    private long positives;
    private long negatives;
    private BigInteger twiceU = BigInteger.ZERO;

    /** The next (lower) distinct score's counts. */
    public PartSweep add(long pos, long neg) {
      if (pos < 0 || neg < 0) {
        throw new IllegalArgumentException("Negative counts " + pos + ", " + neg);
      }
      twiceU =
          twiceU.add(
              BigInteger.valueOf(neg)
                  .multiply(
                      BigInteger.valueOf(positives).shiftLeft(1).add(BigInteger.valueOf(pos))));
      positives += pos;
      negatives += neg;
      return this;
    }

    public Part part() {
      return new Part(positives, negatives, twiceU);
    }
  }

  /** The exact AUC of parts given in descending score order. */
  public static ExactAuc auc(List<Part> parts) {
    BigInteger twiceU = BigInteger.ZERO;
    long p = 0;
    long n = 0;
    for (Part part : parts) {
      // Every positive of the earlier parts scores above every negative of this one.
      twiceU =
          twiceU
              .add(part.twiceU())
              .add(
                  BigInteger.valueOf(p)
                      .shiftLeft(1)
                      .multiply(BigInteger.valueOf(part.negatives())));
      p += part.positives();
      n += part.negatives();
    }
    requireBothClasses("ROC-AUC", p, n);
    return ExactAuc.of(twiceU, BigInteger.valueOf(p).multiply(BigInteger.valueOf(n)).shiftLeft(1));
  }

  /**
   * Where each part's sweep starts: true and false positives above it.
   *
   * @param truePositives anomalous items scored above the part
   * @param falsePositives nominal items scored above the part
   */
  public record Offset(long truePositives, long falsePositives) implements Serializable {}

  /** The offsets of parts given in descending score order. */
  public static List<Offset> offsets(List<Part> parts) {
    List<Offset> out = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    for (Part part : parts) {
      out.add(new Offset(tp, fp));
      tp += part.positives();
      fp += part.negatives();
    }
    return out;
  }

  /** A part's share of {@code sum_k pos_k precision_k}, swept in descending order. */
  public static final class PrecisionSum {
    private long tp;
    private long fp;
    private double sum;

    public PrecisionSum(Offset start) {
      tp = start.truePositives();
      fp = start.falsePositives();
    }

    /** The next (lower) distinct score's counts. */
    public PrecisionSum add(long pos, long neg) {
      tp += pos;
      fp += neg;
      if (pos > 0) {
        sum += (double) pos * tp / (tp + fp);
      }
      return this;
    }

    public double sum() {
      return sum;
    }
  }

  /**
   * A point of the ROC curve.
   *
   * @param threshold the score at and above which items are called anomalous
   * @param fpr false-positive rate
   * @param tpr true-positive rate
   */
  public record Point(double threshold, double fpr, double tpr) implements Serializable {}

  /**
   * Down-samples a part's ROC curve for plotting: a point is kept when it enters a new one of
   * {@code cells} equal steps of {@code fpr + tpr} (which grows from 0 to 2 along the curve), so
   * the whole curve has at most {@code cells + 1} points besides (0, 0), spread along its length,
   * whatever the number of distinct scores, and each part decides alone from its offset.
   */
  public static final class CurveSampler {
    private final long positives;
    private final long negatives;
    private final int cells;
    private final List<Point> points = new ArrayList<>();
    private long tp;
    private long fp;
    private long cell;

    /**
     * @param start true and false positives above the part
     * @param positives all anomalous items
     * @param negatives all nominal items
     * @param cells steps of fpr + tpr, at least 1
     */
    public CurveSampler(Offset start, long positives, long negatives, int cells) {
      requireBothClasses("a ROC curve", positives, negatives);
      if (cells < 1) {
        throw new IllegalArgumentException("A ROC curve needs at least 1 step, got " + cells);
      }
      this.positives = positives;
      this.negatives = negatives;
      this.cells = cells;
      this.tp = start.truePositives();
      this.fp = start.falsePositives();
      this.cell = cellOf(tp, fp);
    }

    /** The next (lower) distinct score and its counts. */
    public CurveSampler add(double score, long pos, long neg) {
      tp += pos;
      fp += neg;
      long c = cellOf(tp, fp);
      if (c != cell) {
        points.add(new Point(score, (double) fp / negatives, (double) tp / positives));
        cell = c;
      }
      return this;
    }

    private long cellOf(long truePositives, long falsePositives) {
      // A pure function of (tp, fp): every cut of the sweep decides alike.
      double along = (double) falsePositives / negatives + (double) truePositives / positives;
      return (long) Math.floor(along * cells / 2);
    }

    public List<Point> points() {
      return points;
    }
  }

  /** Average precision from the parts' precision sums, in part order, and all positives. */
  public static double averagePrecision(List<Double> sums, long positives, long negatives) {
    requireBothClasses("average precision", positives, negatives);
    double total = 0;
    for (double s : sums) {
      total += s;
    }
    return total / positives;
  }

  private static void requireBothClasses(String metric, long p, long n) {
    if (p == 0 || n == 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot compute %s: %d anomalous and %d nominal items, it needs both classes",
              metric, p, n));
    }
  }
}
