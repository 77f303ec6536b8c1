package io.fcddspark.spark.train;

import io.fcddspark.ingest.PngCodec;
import io.fcddspark.ingest.StableIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns of ingested images that the train side reads, for building test rows. */
final class ImageRows {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("png", DataTypes.BinaryType)
          .add("channels", DataTypes.IntegerType)
          .add("height", DataTypes.IntegerType)
          .add("width", DataTypes.IntegerType)
          .add("content_hash", DataTypes.StringType);

  private ImageRows() {}

  /** One row of {@link #SCHEMA}: the image encoded as PNG, with its ingest content hash. */
  static Row row(String id, int channels, int height, int width, byte[] pixels) {
    return RowFactory.create(
        id,
        PngCodec.encode(channels, height, width, pixels),
        channels,
        height,
        width,
        StableIds.contentHash(channels, height, width, pixels));
  }

  /** A 28&times;28 grey image of faint noise, with a bright 8&times;8 square when asked. */
  static byte[] noise(Random r, boolean square) {
    byte[] px = new byte[28 * 28];
    for (int p = 0; p < px.length; p++) {
      px[p] = (byte) (20 + r.nextInt(20));
    }
    if (square) {
      int row = r.nextInt(20);
      int col = r.nextInt(20);
      for (int dy = 0; dy < 8; dy++) {
        for (int dx = 0; dx < 8; dx++) {
          px[(row + dy) * 28 + col + dx] = (byte) 250;
        }
      }
    }
    return px;
  }

  /** {@code n} rows of {@link #noise} images with ids {@code prefix + i}, in 2 partitions. */
  static Dataset<Row> noiseImages(
      SparkSession spark, String prefix, int n, boolean square, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(prefix + i, 1, 28, 28, noise(r, square)));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(2);
  }
}
