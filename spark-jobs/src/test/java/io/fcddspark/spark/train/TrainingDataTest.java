package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.ImageColumns;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.PreprocessConfig;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Fashion-MNIST, ingested, then the reference's normalisation constants fitted on Spark. */
class TrainingDataTest {
  @Test
  void fitsTheReferenceConstantsFromIngestedFashionMnist(@TempDir Path dir) {
    FashionMnistFiles.require();
    SparkSession spark = SparkSessions.local("local[2]", "training-data-test");
    try {
      new IngestJob(spark)
          .run(
              new IngestPlan(
                  dir.toString(),
                  List.of(FashionMnistFiles.source("train", "train")),
                  IngestPlan.DEFAULT_SHARD_BYTES));
      TrainTransform gcn = new TrainTransform(PreprocessConfig.defaults().withCrop(28, 2), null, 1);
      TrainingData data = new TrainingData(spark);

      // liznerski/fcdd python/fcdd/datasets/fmnist.py, min_max_l1 for classes 0 and 5
      MinMaxScaling tshirt =
          TrainingData.fitScaling(
              data.nominalTraining(
                  new TrainConfig.Data(dir.toString(), "fashion-mnist", 0, null, null, null)),
              gcn);
      MinMaxScaling sandal =
          TrainingData.fitScaling(
              data.nominalTraining(
                  new TrainConfig.Data(dir.toString(), "fashion-mnist", 5, null, null, null)),
              gcn);

      assertThat(tshirt.min().get(0)).isCloseTo(-2.681239128112793, within(1e-5));
      assertThat(tshirt.max().get(0)).isCloseTo(24.85430908203125, within(1e-4));
      assertThat(sandal.min().get(0)).isCloseTo(-1.2358522415161133, within(1e-5));
      assertThat(sandal.max().get(0)).isCloseTo(28.463092803955078, within(1e-4));
      assertThatThrownBy(
              () ->
                  data.nominalTraining(
                      new TrainConfig.Data(dir.toString(), "fashion-mnist", 10, null, null, null)))
          .hasMessage(
              "No training images of class 10 in dataset 'fashion-mnist', split 'train' under "
                  + dir);

      // outlierExposure.limit: that many distinct images, chosen by the seed alone.
      TrainConfig.OutlierExposure limited =
          new TrainConfig.OutlierExposure(dir.toString(), "fashion-mnist", null, null, 16);
      List<String> chosen = ids(data.outlierExposure(limited, 3));
      assertThat(chosen).hasSize(16).doesNotHaveDuplicates();
      assertThat(ids(data.outlierExposure(limited, 3))).containsExactlyElementsOf(chosen);
      assertThat(ids(data.outlierExposure(limited, 4))).isNotEqualTo(chosen);
      assertThat(
              data.outlierExposure(
                      new TrainConfig.OutlierExposure(
                          dir.toString(), "fashion-mnist", null, null, null),
                      3)
                  .count())
          .isEqualTo(60_000);
    } finally {
      spark.stop();
    }
  }

  private static List<String> ids(Dataset<Row> images) {
    return images.select(ImageColumns.ID).as(Encoders.STRING()).collectAsList().stream()
        .sorted()
        .toList();
  }
}
