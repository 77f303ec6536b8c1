package io.fcddspark.bench;

import io.fcddspark.ingest.PngCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded random-pixel PNG images written as an ingest output ({@code <dir>/images} in Parquet, the
 * ingest job's columns): for benchmarks whose speed does not depend on what the images show.
 */
final class RandomImages {
  private static final StructType IMAGES =
      new StructType()
          .add("dataset", DataTypes.StringType)
          .add("split", DataTypes.StringType)
          .add("class_index", DataTypes.IntegerType)
          .add("defect", DataTypes.StringType)
          .add("id", DataTypes.StringType)
          .add("png", DataTypes.BinaryType)
          .add("channels", DataTypes.IntegerType)
          .add("height", DataTypes.IntegerType)
          .add("width", DataTypes.IntegerType)
          .add("mask_png", DataTypes.BinaryType)
          .add("content_hash", DataTypes.StringType);

  private RandomImages() {}

  /** The shape and labels of a set of random images. */
  record Spec(String dataset, String split, int classes, int channels, int side) {}

  /**
   * Writes {@code n} images of {@code spec} (class = index mod classes) under {@code dir}, in
   * {@code partitions} files, replacing what was there.
   */
  static void write(SparkSession spark, String dir, Spec spec, int n, long seed, int partitions) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[spec.channels() * spec.side() * spec.side()];
      random.nextBytes(px);
      rows.add(
          RowFactory.create(
              spec.dataset(),
              spec.split(),
              i % spec.classes(),
              null,
              String.format("%s-%06d", spec.dataset(), i),
              PngCodec.encode(spec.channels(), spec.side(), spec.side(), px),
              spec.channels(),
              spec.side(),
              spec.side(),
              null,
              seed + "-" + i));
    }
    spark
        .createDataFrame(rows, IMAGES)
        .repartition(partitions)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir + "/images");
  }
}
