package io.fcddspark.spark.train;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;

/**
 * An MVTec-AD-shaped corpus for tests: one object class "widget" of noisy grey 28-pixel images;
 * test defects "scratch" and "hole" are bright 8&times;8 squares with their ground-truth masks.
 */
public final class WidgetCorpus {
  public static final int SIDE = 28;

  private WidgetCorpus() {}

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

  /**
   * Writes the MVTec-AD folder layout under {@code dir/mvtec}: {@code train} nominal training
   * images, {@code testGood} nominal test images and {@code perDefect} images of each defect.
   */
  public static Path write(Path dir, int train, int testGood, int perDefect) throws IOException {
    Path root = dir.resolve("mvtec");
    Random r = new Random(1);
    for (int i = 0; i < train; i++) {
      widget(root.resolve("widget/train/good/" + i + ".png"), null, r, -1, 0);
    }
    for (int i = 0; i < testGood; i++) {
      widget(root.resolve("widget/test/good/" + i + ".png"), null, r, -1, 0);
    }
    for (String defect : List.of("scratch", "hole")) {
      for (int i = 0; i < perDefect; i++) {
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

  /** Writes the corpus and ingests it (grey, 28 px) into {@code dir/ingested}; its path. */
  public static String ingest(SparkSession spark, Path dir, int train, int testGood, int perDefect)
      throws IOException {
    Path root = write(dir, train, testGood, perDefect);
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
    new IngestJob(spark)
        .run(
            ConfigLoader.load(yaml, List.of(), IngestConfig.class)
                .plan(HadoopInputFiles.of(spark)));
    return dir.resolve("ingested").toString();
  }

  /**
   * Semi-supervised training on the ingested corpus {@code data}: class 0 nominal, two labelled
   * anomalies per defect type, the pixel objective (CNN28 from the Fashion-MNIST config), batch 8,
   * into {@code output}; {@code more} overrides follow.
   */
  public static io.fcddspark.train.TrainConfig semiSupervised(
      Path output, String data, long seed, int epochs, String... more) {
    List<String> overrides =
        new java.util.ArrayList<>(
            List.of(
                "output=" + output,
                "seed=" + seed,
                "data.input=" + data,
                "data.dataset=mvtec-ad",
                "data.nominalClass=0",
                "data.labelledAnomalies=2",
                "outlierExposure=null",
                "objective=pixel",
                "upsamplingSigma=1.2",
                "epochs=" + epochs,
                "batchSize=8"));
    overrides.addAll(List.of(more));
    return ConfigLoader.load(
        Path.of("../conf/train/fashion-mnist.yaml"),
        overrides,
        io.fcddspark.train.TrainConfig.class);
  }
}
