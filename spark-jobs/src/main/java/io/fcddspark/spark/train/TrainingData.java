package io.fcddspark.spark.train;

import io.fcddspark.ingest.PngCodec;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.train.TrainConfig;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads the train job's images from the ingest output and computes what training needs from them on
 * the executors: nothing is collected on the driver but the results.
 */
public final class TrainingData {
  private final SparkSession spark;

  public TrainingData(SparkSession spark) {
    this.spark = spark;
  }

  /** The nominal class's training images; an empty selection is an error naming it. */
  public Dataset<Row> nominalTraining(TrainConfig.Data data) {
    Dataset<Row> images = images(data.input());
    Dataset<Row> nominal =
        images.filter(
            functions
                .col("dataset")
                .equalTo(data.dataset())
                .and(functions.col("split").equalTo(data.trainSplit()))
                .and(functions.col("class_index").equalTo(data.nominalClass())));
    if (nominal.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "No training images of class %d in dataset '%s', split '%s' under %s",
              data.nominalClass(), data.dataset(), data.trainSplit(), data.input()));
    }
    return nominal;
  }

  /**
   * The min–max constants over {@code nominal} after L1 global contrast normalisation, fitted per
   * partition and merged (the reference's per-class constants).
   */
  public static MinMaxScaling fitScaling(Dataset<Row> nominal, TrainTransform transform) {
    return nominal
        .select("png", "channels", "height", "width")
        .javaRDD()
        .mapPartitions(
            rows -> {
              MinMaxScaling.Fit fit = new MinMaxScaling.Fit();
              while (rows.hasNext()) {
                Row r = rows.next();
                int c = r.getInt(1);
                byte[] px = PngCodec.decode(r.getAs(0), c);
                fit.add(transform.forFitting(px, c, r.getInt(2), r.getInt(3)));
              }
              return List.of(fit).iterator();
            })
        .reduce(MinMaxScaling.Fit::merge)
        .result();
  }

  private Dataset<Row> images(String input) {
    try {
      return spark.read().parquet(input + "/images");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read ingested images under " + input + "/images: " + e.getMessage(), e);
    }
  }
}
