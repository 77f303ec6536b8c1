package io.fcddspark.spark.evaluate;

import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.metrics.PixelCounts;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Pixel-wise metrics of a class pooled over all pixels of all its test images, as the paper reports
 * them for MVTec-AD: exact ROC-AUC and average precision ({@link DistributedRoc}) and AUPRO ({@link
 * DistributedPro}). Each executor turns its images' full-resolution heatmaps and masks ({@link
 * PixelMaps}) into per-image counts per distinct pixel score ({@link PixelCounts}); no pixel
 * reaches the driver.
 */
public final class PixelEvaluator {
  /** The per-image counts' schema. */
  static final StructType COUNTS =
      new StructType()
          .add(DistributedRoc.SCORE, DataTypes.DoubleType)
          .add(DistributedRoc.POSITIVES, DataTypes.LongType)
          .add(DistributedRoc.NEGATIVES, DataTypes.LongType)
          .add(DistributedPro.WEIGHT, DataTypes.DoubleType)
          .add(DistributedPro.REGIONS, DataTypes.LongType);

  /**
   * The pooled pixel metrics.
   *
   * @param roc pixel ROC-AUC, average precision and curve
   * @param aupro AUPRO up to the limit
   * @param auproLimit the limit
   */
  public record Result(DistributedRoc.Result roc, double aupro, double auproLimit) {}

  private PixelEvaluator() {}

  /**
   * The pixel metrics of {@code scored} ({@link SampleScorer} rows of a dataset with masks). An
   * anomalous image without a mask is an error naming it; a nominal one is all background.
   */
  static Result evaluate(
      SparkSession spark, Dataset<Row> scored, PixelMaps maps, int curveSteps, double limit) {
    // Summed per distinct score once, so the ROC and PRO sweeps each shuffle distinct scores
    // only, not every image's rows again.
    Dataset<Row> counts =
        spark
            .createDataFrame(
                scored.toJavaRDD().mapPartitions(rows -> countPartition(rows, maps)), COUNTS)
            .groupBy(DistributedRoc.SCORE)
            .agg(
                functions.sum(DistributedRoc.POSITIVES).cast("long").as(DistributedRoc.POSITIVES),
                functions.sum(DistributedRoc.NEGATIVES).cast("long").as(DistributedRoc.NEGATIVES),
                functions.sum(DistributedPro.WEIGHT).as(DistributedPro.WEIGHT),
                functions.sum(DistributedPro.REGIONS).cast("long").as(DistributedPro.REGIONS))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      DistributedRoc.Result roc = DistributedRoc.of(counts, curveSteps);
      return new Result(roc, DistributedPro.aupro(counts, limit), limit);
    } finally {
      counts.unpersist(false);
    }
  }

  /** Lazily, one image at a time: a partition's pixels are never all in memory. */
  private static Iterator<Row> countPartition(Iterator<Row> rows, PixelMaps maps) {
    return new Iterator<>() {
      private PixelCounts counts;
      private int k;

      @Override
      public boolean hasNext() {
        while ((counts == null || k >= counts.scores().length) && rows.hasNext()) {
          counts = count(rows.next(), maps);
          k = 0;
        }
        return counts != null && k < counts.scores().length;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row =
            RowFactory.create(
                (double) counts.scores()[k],
                counts.anomalous()[k],
                counts.background()[k],
                counts.weight()[k],
                k == 0 ? (long) counts.regions() : 0L);
        k++;
        return row;
      }
    };
  }

  private static PixelCounts count(Row r, PixelMaps maps) {
    String id = r.getString(r.fieldIndex("id"));
    PixelMaps.Counted counted = ScoredPixels.forMetrics(r, maps);
    if (counted.mask() == null && r.getLong(r.fieldIndex("anomalous")) == 1) {
      throw new IllegalArgumentException(
          "Anomalous test image "
              + id
              + " has no ground-truth mask: pixel metrics need one for every anomalous image");
    }
    return PixelCounts.of(id, counted.heatmap(), counted.mask(), counted.height(), counted.width());
  }
}
