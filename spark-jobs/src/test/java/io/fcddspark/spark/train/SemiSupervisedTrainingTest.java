package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.ingest.IngestSpec;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Semi-supervised training on an MVTec-AD-shaped corpus (grey 28-pixel "widgets"; two defect types
 * with masks): a seeded choice of labelled anomalies per defect type is recorded for the evaluate
 * job, trained on with its masks moved with its images, and the run trains with the pixel loss.
 */
class SemiSupervisedTrainingTest {
  private static final int SIDE = 28;

  private static void write(Path file, BufferedImage img) throws IOException {
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  /** A noisy grey image, with a bright 8x8 square at (y, x) when y >= 0, and its mask. */
  private static void widget(Path image, Path mask, Random r, int y, int x) throws IOException {
    BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage m = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < SIDE; i++) {
      for (int j = 0; j < SIDE; j++) {
        boolean defect = y >= 0 && i >= y && i < y + 8 && j >= x && j < x + 8;
        img.getRaster().setSample(j, i, 0, defect ? 250 : 40 + r.nextInt(30));
        m.getRaster().setSample(j, i, 0, defect ? 255 : 0);
      }
    }
    write(image, img);
    if (mask != null) {
      write(mask, m);
    }
  }

  private static Path corpus(Path dir) throws IOException {
    Path root = dir.resolve("mvtec");
    Random r = new Random(1);
    for (int i = 0; i < 48; i++) {
      widget(root.resolve("widget/train/good/" + i + ".png"), null, r, -1, 0);
    }
    for (int i = 0; i < 6; i++) {
      widget(root.resolve("widget/test/good/" + i + ".png"), null, r, -1, 0);
    }
    for (String defect : List.of("scratch", "hole")) {
      for (int i = 0; i < 5; i++) {
        widget(
            root.resolve("widget/test/" + defect + "/" + i + ".png"),
            root.resolve("widget/ground_truth/" + defect + "/" + i + "_mask.png"),
            r,
            2 + r.nextInt(18),
            2 + r.nextInt(18));
      }
    }
    return root;
  }

  private static TrainConfig config(Path dir, String data, long seed) {
    return ConfigLoader.load(
        Path.of("../conf/train/fashion-mnist.yaml"),
        List.of(
            "output=" + dir.resolve("model-" + seed),
            "seed=" + seed,
            "data.input=" + data,
            "data.dataset=mvtec-ad",
            "data.nominalClass=0",
            "data.labelledAnomalies=2",
            "outlierExposure=null",
            "objective=pixel",
            "upsamplingSigma=1.2",
            "epochs=2",
            "batchSize=8"),
        TrainConfig.class);
  }

  @Test
  void labelledAnomaliesAreChosenPerDefectRecordedAndTrainedWithTheirMasks(@TempDir Path dir)
      throws IOException {
    Path root = corpus(dir);
    Path yaml = dir.resolve("ingest.yaml");
    Files.writeString(
        yaml,
        "output: "
            + dir.resolve("ingested")
            + "\nsources:\n  - type: mvtec\n    path: "
            + root
            + "\n    decode: {channels: 1, size: "
            + SIDE
            + "}\n");
    SparkSession spark = SparkSessions.local("local[2]", "semi-supervised-test");
    try {
      new IngestJob(spark)
          .execute(
              ConfigLoader.load(yaml, List.of(), IngestSpec.class)
                  .plan(spark.sparkContext().hadoopConfiguration()));
      String data = dir.resolve("ingested").toString();
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
              new TrainConfig.Preprocess(null, 28, 2, 0.5, null, null, null, "none"), null, 1);
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
    } finally {
      spark.stop();
    }
  }
}
