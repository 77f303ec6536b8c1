package io.fcddspark.spark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.heatmap.HeatmapGrid;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.testing.SystemPackages;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MVTec-AD path at its real geometry (stored 240, net input 224) on a tiny slice of the
 * stand-in that {@code bin/make-mvtec-like.py} builds: the shipped ingest, train (VGG11-BN from
 * scratch, one pass, unsupervised with confetti and semi-supervised with one labelled anomaly per
 * defect type) and evaluate configs, run as users run them. The pixel metrics count every test
 * pixel of the stored 240 &times; 240 masks, the heatmaps brought there from the 224 input as the
 * reference brings them; the figures show the 224 input, as the reference's.
 */
class MvtecLikeTest {
  private static final int STORED = 240;
  private static final int INPUT = 224;

  @Test
  void unsupervisedAndSemiSupervisedVgg11BnAtTheReferenceGeometry(@TempDir Path dir)
      throws Exception {
    Path corpus = dir.resolve("mvtec-like");
    make(corpus);
    SparkSession spark = SparkSessions.local("local[2]", "mvtec-like-test");
    try {
      String ingested = dir.resolve("ingest").toString();
      new IngestJob(spark)
          .run(
              ConfigLoader.load(
                      Path.of("../conf/ingest/mvtec-ad.yaml"),
                      List.of("output=" + ingested, "sources[0].path=" + corpus),
                      IngestConfig.class)
                  .plan(HadoopInputFiles.of(spark)));

      // Unsupervised (confetti): every test image of class brick is evaluated.
      EvaluateResult unsupervised = trainAndEvaluate(spark, dir, "mvtec-ad", ingested);
      EvaluateResult.Metric pixel = metric(unsupervised, "pixel_auc");
      long positives = maskPixels(corpus.resolve("brick/ground_truth"));
      assertThat(pixel.positives()).isEqualTo(positives);
      assertThat(pixel.positives() + pixel.negatives()).isEqualTo((3 + 3 * 2) * STORED * STORED);
      assertThat(unsupervised.value("model", "aupro")).isBetween(0.0, 1.0);
      BufferedImage figure =
          ImageIO.read(dir.resolve("mvtec-ad/evaluation/model/heatmaps.png").toFile());
      int cell = INPUT * HeatmapGrid.magnified(INPUT, INPUT).scale();
      assertThat(figure.getHeight()).isEqualTo(HeatmapGrid.BAND + 3 * cell + 2 * 2);

      // Semi-supervised: one labelled anomaly per defect type trained on, and left out.
      EvaluateResult semi = trainAndEvaluate(spark, dir, "mvtec-ad-semi-supervised", ingested);
      EvaluateResult.Metric semiPixel = metric(semi, "pixel_auc");
      assertThat(semiPixel.positives() + semiPixel.negatives())
          .isEqualTo((3 + 3 * 1) * STORED * STORED);
      assertThat(semiPixel.positives()).isLessThan(positives).isPositive();
    } finally {
      spark.stop();
    }
  }

  private static EvaluateResult trainAndEvaluate(
      SparkSession spark, Path dir, String config, String ingested) throws Exception {
    TrainConfig train =
        ConfigLoader.load(
            Path.of("../conf/train/" + config + ".yaml"),
            List.of(
                "output=" + dir.resolve(config),
                "data.input=" + ingested,
                "pretrained=null",
                "epochs=1",
                "passesPerEpoch=1",
                "batchSize=4"),
            TrainConfig.class);
    assertThat(train.preprocess().crop()).isEqualTo(INPUT);
    new TrainJob(spark).run(train);
    // lcnaug1's min-max constants: one pair per colour channel, as the reference's MVTec-AD.
    MinMaxScaling scaling =
        new ModelStore(new HadoopFileStore(new Configuration()))
            .metadata(train.output(), "model")
            .scaling();
    assertThat(scaling.perChannel()).isTrue();
    assertThat(scaling.min()).hasSize(3);
    EvaluateConfig evaluate =
        ConfigLoader.load(
            Path.of("../conf/evaluate/mvtec-ad.yaml"),
            List.of("model=" + train.output(), "heatmaps.count=2"),
            EvaluateConfig.class);
    return new EvaluateJob(spark).run(evaluate);
  }

  private static EvaluateResult.Metric metric(EvaluateResult result, String name) {
    return result.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The anomalous pixels of every mask under {@code truth} at its stored 240 × 240, where the
   * reference counts pixel metrics (the heatmap brought from 224 to the mask's size).
   */
  private static long maskPixels(Path truth) throws Exception {
    long count = 0;
    List<Path> masks;
    try (Stream<Path> files = Files.walk(truth)) {
      masks = files.filter(p -> p.toString().endsWith("_mask.png")).sorted().toList();
    }
    assertThat(masks).hasSize(3 * 2);
    for (Path m : masks) {
      BufferedImage mask = ImageIO.read(m.toFile());
      assertThat(mask.getWidth()).isEqualTo(STORED);
      for (int y = 0; y < STORED; y++) {
        for (int x = 0; x < STORED; x++) {
          count += (mask.getRaster().getSample(x, y, 0) >= 128) ? 1 : 0;
        }
      }
    }
    return count;
  }

  /** Two classes (a texture and an object), 4 training, 3 good and 2 per defect test images. */
  private static void make(Path out) throws Exception {
    SystemPackages.require(
        python("import numpy, PIL, skimage"),
        "python3-skimage",
        "scikit-image for bin/make-mvtec-like.py");
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                "../bin/make-mvtec-like.py",
                out.toString(),
                "--classes",
                "brick,disc",
                "--train",
                "4",
                "--test-good",
                "3",
                "--per-defect",
                "2",
                "--seed",
                "0"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static boolean python(String code) throws Exception {
    if (!new File("/usr/bin/python3").canExecute()) {
      return false;
    }
    Process p =
        new ProcessBuilder("/usr/bin/python3", "-c", code).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
