package io.fcddspark.spark.evaluate;

import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.RocSweep;
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

  /**
   * The metrics of {@code counts}: rows of (score double, pos long, neg long), where a row counts
   * the anomalous and nominal items with that score (several rows may share a score). NaN scores
   * are an error.
   */
  public static Result of(Dataset<Row> counts) {
    long nan = counts.filter(functions.isnan(functions.col(SCORE))).count();
    if (nan > 0) {
      throw new IllegalArgumentException(
          nan + " rows have a NaN score: a model produced NaN, the metrics would be meaningless");
    }
    Dataset<Row> distinct =
        counts
            .groupBy(SCORE)
            .agg(
                functions.sum(POSITIVES).cast("long").as(POSITIVES),
                functions.sum(NEGATIVES).cast("long").as(NEGATIVES))
            .orderBy(functions.col(SCORE).desc())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      JavaRDD<Row> sorted = distinct.select(SCORE, POSITIVES, NEGATIVES).javaRDD();
      Map<Integer, RocSweep.Part> byPartition = new TreeMap<>();
      List<Tuple2<Integer, RocSweep.Part>> parts =
          sorted.mapPartitionsWithIndex(DistributedRoc::sweep, true).collect();
      parts.forEach(t -> byPartition.put(t._1(), t._2()));
      List<RocSweep.Part> ordered = new ArrayList<>(byPartition.values());
      ExactAuc auc = RocSweep.auc(ordered);
      List<RocSweep.Offset> offsets = RocSweep.offsets(ordered);
      Map<Integer, RocSweep.Offset> offsetOf = new TreeMap<>();
      int i = 0;
      for (Integer partition : byPartition.keySet()) {
        offsetOf.put(partition, offsets.get(i++));
      }
      Map<Integer, Double> sums = new TreeMap<>();
      sorted
          .mapPartitionsWithIndex(
              (partition, rows) -> precision(partition, rows, offsetOf.get(partition)), true)
          .collect()
          .forEach(t -> sums.put(t._1(), t._2()));
      long p = 0;
      long n = 0;
      for (RocSweep.Part part : ordered) {
        p += part.positives();
        n += part.negatives();
      }
      double ap = RocSweep.averagePrecision(new ArrayList<>(sums.values()), p, n);
      return new Result(auc, ap, p, n, distinct.count());
    } finally {
      distinct.unpersist();
    }
  }

  private static Iterator<Tuple2<Integer, RocSweep.Part>> sweep(int partition, Iterator<Row> rows) {
    RocSweep.PartSweep s = new RocSweep.PartSweep();
    while (rows.hasNext()) {
      Row r = rows.next();
      s.add(r.getLong(1), r.getLong(2));
    }
    return List.of(new Tuple2<>(partition, s.part())).iterator();
  }

  private static Iterator<Tuple2<Integer, Double>> precision(
      int partition, Iterator<Row> rows, RocSweep.Offset start) {
    RocSweep.PrecisionSum s = new RocSweep.PrecisionSum(start);
    while (rows.hasNext()) {
      Row r = rows.next();
      s.add(r.getLong(1), r.getLong(2));
    }
    return List.of(new Tuple2<>(partition, s.sum())).iterator();
  }
}
