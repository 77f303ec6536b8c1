package io.fcddspark.spark.evaluate;

import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.RocSweep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Exact ROC-AUC (ties counted one half, as scikit-learn) and average precision over any number of
 * scored items — pixels of every test image of a class — without collecting them on the driver:
 * counts are aggregated per distinct score, range-partitioned by score (descending), each partition
 * is swept on its executor, and the driver combines one small summary per partition in order
 * ({@link RocSweep}). The AUC is the same fraction whatever the partitioning.
 */
public final class DistributedRoc {
  /** Column names of the input. */
  public static final String SCORE = "score";

  public static final String POSITIVES = "pos";
  public static final String NEGATIVES = "neg";

  private DistributedRoc() {}

  /** Curve points kept by default ({@link RocSweep.CurveSampler}'s steps). */
  public static final int DEFAULT_CURVE_STEPS = 200;

  /**
   * ROC-AUC, average precision and the down-sampled ROC curve.
   *
   * @param auc the exact AUC
   * @param averagePrecision scikit-learn's average precision
   * @param positives anomalous items
   * @param negatives nominal items
   * @param distinctScores distinct scores
   * @param curve the ROC curve from (0, 0) (threshold +&infin;) to (1, 1), at most {@code steps +
   *     2} points
   */
  public record Result(
      ExactAuc auc,
      double averagePrecision,
      long positives,
      long negatives,
      long distinctScores,
      List<RocSweep.Point> curve) {}

  /** One partition's sweep: its summary, its NaN-scored items and its distinct scores. */
  private record Swept(RocSweep.Part part, long nanItems, long distinct) implements Serializable {}

  /** One partition's second sweep: its precision sum and its curve points. */
  private record Tail(double precisionSum, List<RocSweep.Point> points) implements Serializable {}

  /**
   * The exact ROC-AUC of {@code counts}: rows of (score double, pos long, neg long), where a row
   * counts the anomalous and nominal items with that score (several rows may share a score). One
   * sweep over the range-partitioned distinct scores. NaN scores are an error.
   */
  public static ExactAuc auc(Dataset<Row> counts) {
    return sweep(sorted(distinct(counts))).auc();
  }

  /** {@link #of(Dataset, int)} with {@link #DEFAULT_CURVE_STEPS}. */
  public static Result of(Dataset<Row> counts) {
    return of(counts, DEFAULT_CURVE_STEPS);
  }

  /**
   * ROC-AUC, average precision and a curve of at most {@code curveSteps + 2} points of {@code
   * counts} (as {@link #auc}), with a second sweep.
   */
  public static Result of(Dataset<Row> counts, int curveSteps) {
    JavaRDD<Row> sorted = sorted(distinct(counts)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Sweep first = sweep(sorted);
      List<RocSweep.Offset> offsets = RocSweep.offsets(first.parts());
      long p = 0;
      long n = 0;
      for (RocSweep.Part part : first.parts()) {
        p += part.positives();
        n += part.negatives();
      }
      long positives = p;
      long negatives = n;
      // Fails on one class before any task runs.
      new RocSweep.CurveSampler(new RocSweep.Offset(0, 0), positives, negatives, curveSteps);
      List<Tail> tails =
          PartitionSweeps.inOrder(
              sorted, (i, rows) -> tail(rows, offsets.get(i), positives, negatives, curveSteps));
      List<Double> sums = new ArrayList<>();
      List<RocSweep.Point> curve = new ArrayList<>();
      curve.add(new RocSweep.Point(Double.POSITIVE_INFINITY, 0, 0));
      for (Tail t : tails) {
        sums.add(t.precisionSum());
        curve.addAll(t.points());
      }
      double ap = RocSweep.averagePrecision(sums, positives, negatives);
      return new Result(first.auc(), ap, positives, negatives, first.distinct(), curve);
    } finally {
      sorted.unpersist(false);
    }
  }

  /** Counts per distinct score. */
  private static Dataset<Row> distinct(Dataset<Row> counts) {
    return counts
        .groupBy(SCORE)
        .agg(
            functions.sum(POSITIVES).cast("long").as(POSITIVES),
            functions.sum(NEGATIVES).cast("long").as(NEGATIVES));
  }

  /** Distinct counts range-partitioned by score descending (NaN first). */
  private static JavaRDD<Row> sorted(Dataset<Row> distinct) {
    return distinct
        .orderBy(functions.col(SCORE).desc())
        .select(SCORE, POSITIVES, NEGATIVES)
        .javaRDD();
  }

  private record Sweep(List<RocSweep.Part> parts, long distinct) {
    ExactAuc auc() {
      return RocSweep.auc(parts);
    }
  }

  private static Sweep sweep(JavaRDD<Row> sorted) {
    long nan = 0;
    long distinct = 0;
    List<RocSweep.Part> parts = new ArrayList<>();
    for (Swept s : PartitionSweeps.inOrder(sorted, (i, rows) -> sweepPartition(rows))) {
      nan += s.nanItems();
      distinct += s.distinct();
      parts.add(s.part());
    }
    if (nan > 0) {
      throw new IllegalArgumentException(
          nan + " items have a NaN score: a model produced NaN, the metrics would be meaningless");
    }
    return new Sweep(parts, distinct);
  }

  /** Where a distinct-counts row holds its score and counts, found once per partition. */
  private record Columns(int score, int positives, int negatives) {
    static Columns of(Row r) {
      return new Columns(r.fieldIndex(SCORE), r.fieldIndex(POSITIVES), r.fieldIndex(NEGATIVES));
    }
  }

  private static Swept sweepPartition(Iterator<Row> rows) {
    RocSweep.PartSweep s = new RocSweep.PartSweep();
    long nan = 0;
    long distinct = 0;
    Columns c = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      c = c == null ? Columns.of(r) : c;
      if (Double.isNaN(r.getDouble(c.score()))) {
        nan += r.getLong(c.positives()) + r.getLong(c.negatives());
        continue;
      }
      s.add(r.getLong(c.positives()), r.getLong(c.negatives()));
      distinct++;
    }
    return new Swept(s.part(), nan, distinct);
  }

  private static Tail tail(
      Iterator<Row> rows, RocSweep.Offset start, long positives, long negatives, int steps) {
    RocSweep.PrecisionSum precision = new RocSweep.PrecisionSum(start);
    RocSweep.CurveSampler curve = new RocSweep.CurveSampler(start, positives, negatives, steps);
    Columns c = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      c = c == null ? Columns.of(r) : c;
      long p = r.getLong(c.positives());
      long n = r.getLong(c.negatives());
      precision.add(p, n);
      curve.add(r.getDouble(c.score()), p, n);
    }
    return new Tail(precision.sum(), curve.points());
  }
}
