package io.fcddspark.spark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Clever Hans path with the shipped VOC configs on a VOC 2007-shaped folder: images labelled by
 * whether they show a horse (split train for training, val for testing), the horse images trained
 * on as the anomalies against an OE corpus trained as nominal ({@code swapLabels}), and at test the
 * horse images counted as the anomalies; the figure shows the most anomalous ones.
 */
class CleverHansTest {
  @Test
  void horsesAreTheAnomaliesOfTheSwappedOneVsRest(@TempDir Path dir) throws Exception {
    Path voc = dir.resolve("VOC2007");
    Random random = new Random(5);
    List<String> train = new ArrayList<>();
    List<String> val = new ArrayList<>();
    int horsesInVal = 0;
    for (int i = 0; i < 24; i++) {
      String id = String.format("%06d", i);
      boolean horse = i % 2 == 0;
      // A horse image shows a horse (sometimes with a bigger person) and carries a watermark.
      List<String> objects = horse ? List.of("horse", "person") : List.of("dog", "car");
      image(voc.resolve("JPEGImages/" + id + ".jpg"), random, horse);
      annotation(voc.resolve("Annotations/" + id + ".xml"), objects, i % 4 == 0);
      (i < 16 ? train : val).add(id);
      horsesInVal += i >= 16 && horse ? 1 : 0;
    }
    Files.createDirectories(voc.resolve("ImageSets/Main"));
    Files.write(voc.resolve("ImageSets/Main/train.txt"), train);
    Files.write(voc.resolve("ImageSets/Main/val.txt"), val);
    Path oe = dir.resolve("oe");
    for (int i = 0; i < 12; i++) {
      image(oe.resolve("o" + i + ".jpg"), random, false);
    }

    SparkSession spark = SparkSessions.local("local[2]", "clever-hans-test");
    try {
      String ingested = dir.resolve("voc2007").toString();
      new IngestJob(spark)
          .run(
              ConfigLoader.load(
                      Path.of("../conf/ingest/voc2007.yaml"),
                      List.of(
                          "output=" + ingested,
                          "sources[0].path=" + voc,
                          "sources[1].path=" + voc,
                          "sources[0].decode.size=32",
                          "sources[1].decode.size=32"),
                      IngestConfig.class)
                  .plan(HadoopInputFiles.of(spark)));
      List<Row> labels =
          new TrainingData(spark)
              .images(ingested)
              .groupBy("split", "class_index", "class_name")
              .count()
              .orderBy("split", "class_index")
              .collectAsList();
      assertThat(labels.toString())
          .isEqualTo("[[train,0,horse,8], [train,1,other,8], [val,0,horse,4], [val,1,other,4]]");
      String oeIngested = dir.resolve("oe-ingest").toString();
      Path oeConfig = dir.resolve("oe.yaml");
      Files.writeString(
          oeConfig,
          "output: "
              + oeIngested
              + "\nsources:\n  - type: files\n    dataset: imagenet1k\n    split: train\n"
              + "    path: "
              + oe
              + "\n    decode: {channels: 3, size: 32}\n");
      new IngestJob(spark)
          .run(
              ConfigLoader.load(oeConfig, List.of(), IngestConfig.class)
                  .plan(HadoopInputFiles.of(spark)));

      TrainConfig config =
          ConfigLoader.load(
              Path.of("../conf/train/voc.yaml"),
              List.of(
                  "output=" + dir.resolve("model"),
                  "data.input=" + ingested,
                  "outlierExposure.input=" + oeIngested,
                  "net=CNN32",
                  "epochs=2",
                  "batchSize=4"),
              TrainConfig.class);
      new TrainJob(spark).run(config);
      EvaluateResult result =
          new EvaluateJob(spark)
              .run(
                  ConfigLoader.load(
                      Path.of("../conf/evaluate/voc.yaml"),
                      List.of("model=" + config.output(), "heatmaps.count=2"),
                      EvaluateConfig.class));

      EvaluateResult.Metric auc =
          result.metrics().stream()
              .filter(m -> m.metric().equals("sample_auc"))
              .findFirst()
              .orElseThrow();
      assertThat(auc.positives()).isEqualTo(horsesInVal);
      assertThat(auc.negatives()).isEqualTo(val.size() - horsesInVal);
      assertThat(dir.resolve("model/evaluation/model/heatmaps.png")).exists();
      List<Row> scored =
          new SampleScorer(spark).score(config, config.output(), "model").collectAsList();
      for (Row r : scored) {
        assertThat(r.<Long>getAs("anomalous"))
            .isEqualTo(r.<Integer>getAs("class_index") == 0 ? 1L : 0L);
      }
    } finally {
      spark.stop();
    }
  }

  private static void image(Path file, Random random, boolean watermark) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 60; x++) {
        boolean mark = watermark && y >= 32 && x < 20;
        img.setRGB(x, y, mark ? 0xf0f0f0 : random.nextInt(1 << 23));
      }
    }
    ImageIO.write(img, "jpg", file.toFile());
  }

  /** A VOC annotation; with {@code personLargest} the person's box is the largest. */
  private static void annotation(Path file, List<String> objects, boolean personLargest)
      throws Exception {
    Files.createDirectories(file.getParent());
    StringBuilder xml = new StringBuilder("<annotation>");
    for (String o : objects) {
      int side = o.equals("person") && personLargest ? 30 : 10;
      xml.append("<object><name>")
          .append(o)
          .append("</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>")
          .append(1 + side)
          .append("</xmax><ymax>")
          .append(1 + side)
          .append("</ymax></bndbox></object>");
    }
    Files.writeString(file, xml.append("</annotation>").toString());
  }
}
