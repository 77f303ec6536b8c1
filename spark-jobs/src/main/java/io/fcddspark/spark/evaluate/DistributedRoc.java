package io.fcddspark.spark.evaluate;

import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.RocSweep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

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

  /**
   * ROC-AUC and average precision.
   *
   * @param auc the exact AUC
   * @param averagePrecision scikit-learn's average precision
   * @param positives anomalous items
   * @param negatives nominal items
   * @param distinctScores distinct scores
   */
  public record Result(
      ExactAuc auc, double averagePrecision, long positives, long negatives, long distinctScores) {}

  /** One partition's sweep: its summary, its NaN-scored items and its distinct scores. */
  private record Swept(int partition, RocSweep.Part part, long nanItems, long distinct)
      implements Serializable {}

  /**
   * The exact ROC-AUC of {@code counts}: rows of (score double, pos long, neg long), where a row
   * counts the anomalous and nominal items with that score (several rows may share a score). One
   * sweep over the range-partitioned distinct scores. NaN scores are an error.
   */
  public static ExactAuc auc(Dataset<Row> counts) {
    return sweep(sorted(distinct(counts))).auc();
  }

  /** ROC-AUC and average precision of {@code counts} (as {@link #auc}), with a second sweep. */
  public static Result of(Dataset<Row> counts) {
    JavaRDD<Row> sorted = sorted(distinct(counts)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Sweep first = sweep(sorted);
      List<RocSweep.Offset> offsets = RocSweep.offsets(first.parts());
      Map<Integer, RocSweep.Offset> offsetOf = new TreeMap<>();
      for (int i = 0; i < first.partitions().size(); i++) {
        offsetOf.put(first.partitions().get(i), offsets.get(i));
      }
      Map<Integer, Double> sums = new TreeMap<>();
      sorted
          .mapPartitionsWithIndex(
              (partition, rows) -> precision(partition, rows, offsetOf.get(partition)), true)
          .collect()
          .forEach(t -> sums.put(t._1(), t._2()));
      long p = 0;
      long n = 0;
      for (RocSweep.Part part : first.parts()) {
        p += part.positives();
        n += part.negatives();
      }
      double ap = RocSweep.averagePrecision(new ArrayList<>(sums.values()), p, n);
      return new Result(first.auc(), ap, p, n, first.distinct());
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

  private static void requireNoNaN(long nan) {
    if (nan > 0) {
      throw new IllegalArgumentException(
          nan + " items have a NaN score: a model produced NaN, the metrics would be meaningless");
    }
  }

  private record Sweep(List<Integer> partitions, List<RocSweep.Part> parts, long distinct) {
    ExactAuc auc() {
      return RocSweep.auc(parts);
    }
  }

  private static Sweep sweep(JavaRDD<Row> sorted) {
    Map<Integer, Swept> byPartition = new TreeMap<>();
    sorted
        .mapPartitionsWithIndex(DistributedRoc::sweepPartition, true)
        .collect()
        .forEach(s -> byPartition.put(s.partition(), s));
    long nan = 0;
    long distinct = 0;
    List<RocSweep.Part> parts = new ArrayList<>();
    for (Swept s : byPartition.values()) {
      nan += s.nanItems();
      distinct += s.distinct();
      parts.add(s.part());
    }
    requireNoNaN(nan);
    return new Sweep(new ArrayList<>(byPartition.keySet()), parts, distinct);
  }

  private static Iterator<Swept> sweepPartition(int partition, Iterator<Row> rows) {
    RocSweep.PartSweep s = new RocSweep.PartSweep();
    long nan = 0;
    long distinct = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (Double.isNaN(r.getDouble(0))) {
        nan += r.getLong(1) + r.getLong(2);
        continue;
      }
      s.add(r.getLong(1), r.getLong(2));
      distinct++;
    }
    return List.of(new Swept(partition, s.part(), nan, distinct)).iterator();
  }

  private static Iterator<Tuple2<Integer, Double>> precision(
      int partition, Iterator<Row> rows, RocSweep.Offset start) {
    RocSweep.PrecisionSum s = new RocSweep.PrecisionSum(start);
    while (rows.hasNext()) {
      Row r = rows.next();
      if (!Double.isNaN(r.getDouble(0))) {
        s.add(r.getLong(1), r.getLong(2));
      }
    }
    return List.of(new Tuple2<>(partition, s.sum())).iterator();
  }
}
