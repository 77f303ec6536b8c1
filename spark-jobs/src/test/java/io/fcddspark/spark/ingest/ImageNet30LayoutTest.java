package io.fcddspark.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageNet-30 in its published layout ({@code one_class_train/<class>/}, {@code
 * one_class_test/<class>/}) through the shipped {@code conf/ingest/imagenet30.yaml}: splits from
 * the folders, one class index per class name in both, images stored at 256&times;256 RGB, and the
 * train config's nominal class read back.
 */
class ImageNet30LayoutTest {
  private static final List<String> CLASSES = List.of("acorn", "airliner", "volcano");

  @Test
  void bothSplitsIngestWithTheSameClassIndices(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("imagenet30");
    Random random = new Random(3);
    for (String split : List.of("one_class_train", "one_class_test")) {
      for (String c : CLASSES) {
        int n = split.equals("one_class_train") ? 4 : 2;
        for (int i = 0; i < n; i++) {
          write(root.resolve(split).resolve(c).resolve(c + "-" + i + ".png"), random);
        }
      }
    }
    String out = dir.resolve("ingest").toString();
    SparkSession spark = SparkSessions.local("local[2]", "imagenet30-layout-test");
    try {
      IngestResult result =
          new IngestJob(spark)
              .run(
                  ConfigLoader.load(
                          Path.of("../conf/ingest/imagenet30.yaml"),
                          List.of(
                              "output=" + out,
                              "sources[0].path=" + root.resolve("one_class_train"),
                              "sources[1].path=" + root.resolve("one_class_test")),
                          IngestConfig.class)
                      .plan(HadoopInputFiles.of(spark)));

      assertThat(result.rows()).isEqualTo(3 * 4 + 3 * 2);
      assertThat(result.rejects()).isZero();
      List<Row> classes =
          new TrainingData(spark)
              .images(out)
              .groupBy("split", "class_index", "class_name")
              .agg(
                  functions.count("*").as("n"),
                  functions.max("height").as("h"),
                  functions.max("width").as("w"),
                  functions.max("channels").as("c"))
              .orderBy("split", "class_index")
              .collectAsList();
      assertThat(classes).hasSize(6);
      for (Row r : classes) {
        int index = r.getAs("class_index");
        assertThat(r.<String>getAs("class_name")).isEqualTo(CLASSES.get(index));
        assertThat(r.<Long>getAs("n")).isEqualTo(r.getAs("split").equals("train") ? 4L : 2L);
        assertThat(List.of(r.<Integer>getAs("h"), r.<Integer>getAs("w"), r.<Integer>getAs("c")))
            .containsExactly(256, 256, 3);
      }
      TrainConfig train =
          ConfigLoader.load(
              Path.of("../conf/train/imagenet30.yaml"),
              List.of("data.input=" + out, "data.nominalClass=2"),
              TrainConfig.class);
      assertThat(new TrainingData(spark).nominalTraining(train.data()).count()).isEqualTo(4);
      assertThat(result.perClass()).containsEntry("imagenet30/test/volcano", 2L);
    } finally {
      spark.stop();
    }
  }

  private static void write(Path file, Random random) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }
}
