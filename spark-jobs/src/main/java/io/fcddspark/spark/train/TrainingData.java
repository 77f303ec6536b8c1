package io.fcddspark.spark.train;

import io.fcddspark.ingest.ImageColumns;
import io.fcddspark.ingest.IngestManifest;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.train.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
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
   * The test images of {@code data}: one-vs-rest datasets (no defect) keep every class; MVTec-AD
   * keeps the nominal object's images, good or defective.
   */
  public Dataset<Row> testImages(TrainConfig.Data data) {
    return images(data.input())
        .filter(
            functions
                .col("dataset")
                .equalTo(data.dataset())
                .and(functions.col("split").equalTo(data.testSplit()))
                .and(
                    functions
                        .col("defect")
                        .isNull()
                        .or(functions.col("class_index").equalTo(data.nominalClass()))));
  }

  /**
   * The labelled anomalies of semi-supervised training: per defect type of the nominal class's test
   * split, the {@code data.labelledAnomalies} anomalous images (with masks) that come first in an
   * order drawn from the seed (a hash of seed and content), so the choice depends neither on
   * partitioning nor on where the data lies. The evaluate job leaves them out of the test set.
   */
  public Dataset<Row> labelledAnomalies(TrainConfig.Data data, long seed) {
    Dataset<Row> anomalies =
        images(data.input())
            .filter(
                functions
                    .col("dataset")
                    .equalTo(data.dataset())
                    .and(functions.col("split").equalTo(data.testSplit()))
                    .and(functions.col("class_index").equalTo(data.nominalClass()))
                    .and(functions.col("mask_png").isNotNull()));
    Column order = seededOrder(seed);
    Dataset<Row> chosen =
        anomalies
            .withColumn(
                "_rank",
                functions
                    .row_number()
                    .over(Window.partitionBy("defect").orderBy(order, functions.col("id"))))
            .filter(functions.col("_rank").leq(data.labelledAnomalies()))
            .drop("_rank");
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "No anomalous test images with masks of class %d in dataset '%s', split '%s' under"
                  + " %s to label",
              data.nominalClass(), data.dataset(), data.testSplit(), data.input()));
    }
    return chosen;
  }

  /**
   * Every image of the OE corpus (all classes; one split when the config names one), or the {@code
   * limit} of them that come first in an order drawn from the seed (a hash of seed and content, so
   * the choice depends neither on partitioning nor on where the data lies); an empty selection is
   * an error naming it.
   */
  public Dataset<Row> outlierExposure(TrainConfig.OutlierExposure oe, long seed) {
    Column selected = functions.col("dataset").equalTo(oe.dataset());
    if (oe.split() != null) {
      selected = selected.and(functions.col("split").equalTo(oe.split()));
    }
    Dataset<Row> corpus = images(oe.input()).filter(selected);
    if (corpus.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "No OE images of dataset '%s'%s under %s",
              oe.dataset(), oe.split() == null ? "" : ", split '" + oe.split() + "'", oe.input()));
    }
    if (oe.limit() == null) {
      return corpus;
    }
    return corpus.orderBy(seededOrder(seed), functions.col(ImageColumns.ID)).limit(oe.limit());
  }

  /** An order drawn from the seed: the hash of seed and content hash. */
  private static Column seededOrder(long seed) {
    return functions.sha2(
        functions.concat(functions.lit(seed + ":"), functions.col(ImageColumns.CONTENT_HASH)), 256);
  }

  /**
   * The identity of an ingest output for provenance: its manifest's content hash, plan hash and
   * code version; a missing or unreadable manifest is an error naming it.
   */
  public Map<String, String> manifestIdentity(String input) {
    Path path = new Path(input, IngestManifest.FILE);
    try (InputStream in =
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      return IngestManifest.read(in.readAllBytes(), path.toString()).identity(input);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the ingest manifest " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The min–max constants over {@code nominal} after L1 global contrast normalisation, fitted per
   * partition and merged (the reference's per-class constants).
   */
  public static MinMaxScaling fitScaling(Dataset<Row> nominal, TrainTransform transform) {
    return nominal
        .select(ImageColumns.PNG, ImageColumns.CHANNELS, ImageColumns.HEIGHT, ImageColumns.WIDTH)
        .javaRDD()
        .mapPartitions(
            rows -> {
              MinMaxScaling.Fit fit = transform.scalingFit();
              while (rows.hasNext()) {
                Row r = rows.next();
                int c = r.getAs(ImageColumns.CHANNELS);
                byte[] px = PngCodec.decode(r.getAs(ImageColumns.PNG), c);
                fit.add(
                    transform.forFitting(
                        px, c, r.getAs(ImageColumns.HEIGHT), r.getAs(ImageColumns.WIDTH)),
                    c);
              }
              return List.of(fit).iterator();
            })
        .reduce(MinMaxScaling.Fit::merge)
        .result();
  }

  /** Every image of the ingest output {@code input}; an unreadable one is an error naming it. */
  public Dataset<Row> images(String input) {
    try {
      return spark.read().parquet(input + "/images");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read ingested images under " + input + "/images: " + e.getMessage(), e);
    }
  }
}
