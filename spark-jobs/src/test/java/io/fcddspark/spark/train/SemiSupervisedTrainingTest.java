package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.config.ConfigException;
import io.fcddspark.preprocess.PreprocessConfig;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Semi-supervised training on an MVTec-AD-shaped corpus (grey 28-pixel "widgets"; two defect types
 * with masks): a seeded choice of labelled anomalies per defect type is recorded for the evaluate
 * job, trained on with its masks moved with its images, and the run trains with the pixel loss
 * under the current training method, refusing to resume a checkpoint from before its last change.
 */
class SemiSupervisedTrainingTest {
  private static TrainConfig config(Path dir, String data, long seed, String... more) {
    return WidgetCorpus.semiSupervised(dir.resolve("model-" + seed), data, seed, 2, more);
  }

  @Test
  void labelledAnomaliesAreChosenPerDefectRecordedAndTrainedWithTheirMasks(@TempDir Path dir)
      throws IOException {
    SparkSession spark = SparkSessions.local("local[2]", "semi-supervised-test");
    try {
      String data = WidgetCorpus.ingest(spark, dir, 48, 6, 5);
      TrainConfig config = config(dir, data, 1);

      Dataset<Row> chosen = new TrainingData(spark).labelledAnomalies(config.data(), 1);
      List<String> ids =
          chosen
              .select("id")
              .orderBy("id")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      assertThat(chosen.groupBy("defect").count().collectAsList())
          .extracting(r -> r.getString(0) + "=" + r.getLong(1))
          .containsExactlyInAnyOrder("scratch=2", "hole=2");
      assertThat(
              new TrainingData(spark)
                  .labelledAnomalies(config.data(), 1)
                  .select("id")
                  .orderBy("id")
                  .as(org.apache.spark.sql.Encoders.STRING())
                  .collectAsList())
          .isEqualTo(ids);

      // In an epoch, replaced samples carry their own masks (one 8x8 square moved with the image):
      // partly anomalous label rows.
      TrainTransform identity =
          new TrainTransform(
              PreprocessConfig.defaults()
                  .withCrop(28, 2)
                  .withNormalization(PreprocessConfig.Normalization.NONE),
              null,
              1);
      EpochBatches batches =
          new EpochBatches(
              new TrainingData(spark).nominalTraining(config.data()),
              chosen,
              0.5,
              new EpochBatches.Supervision(false, true),
              identity,
              8,
              2);
      List<Double> anomalousShares = new ArrayList<>();
      for (DataSet d : batches.epoch(0).collect()) {
        for (int b = 0; b < d.numExamples(); b++) {
          double share = d.getLabels().getRow(b).meanNumber().doubleValue();
          if (share > 0) {
            anomalousShares.add(share);
          }
        }
      }
      assertThat(anomalousShares).isNotEmpty().allSatisfy(s -> assertThat(s).isBetween(0.02, 0.2));

      TrainResult r = new TrainJob(spark).run(config);
      assertThat(r.loss()).isFinite().isPositive();
      JsonNode recorded =
          new ObjectMapper().readTree(dir.resolve("model-1/labelled-anomalies.json").toFile());
      List<String> recordedIds = new ArrayList<>();
      recorded.path("images").forEach(n -> recordedIds.add(n.path("id").asText()));
      assertThat(recordedIds).isEqualTo(ids);
      assertThat(recorded.path("perDefect").asInt()).isEqualTo(2);

      // The pixel objective's models carry the training method they were trained under; a
      // checkpoint written before the method's pixel-loss change (no version) is not resumed.
      Path checkpoint = dir.resolve("model-1/checkpoints/epoch-00002.json");
      ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(checkpoint.toFile());
      assertThat(meta.path("method").asInt()).isEqualTo(2);
      meta.remove("method");
      Files.writeString(checkpoint, meta.toString());
      Files.delete(checkpoint.resolveSibling(".epoch-00002.json.crc")); // Hadoop's checksum of it
      TrainConfig longer = config(dir, data, 1, "epochs=3");
      assertThatThrownBy(() -> new TrainJob(spark).run(longer))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("checkpoint epoch-00002 was trained under training method 1")
          .hasMessageContaining("2: the pixel-wise loss takes the log of the mean anomalous mass")
          .hasMessageContaining("delete " + config.output());
    } finally {
      spark.stop();
    }
  }
}
