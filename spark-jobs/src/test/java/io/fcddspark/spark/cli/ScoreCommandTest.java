package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.heatmap.HeatmapGrid;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.SampleScorer;
import io.fcddspark.spark.train.TrainingCorpus;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fcdd score} on a folder of new images with a model trained on real Fashion-MNIST: the
 * threshold is chosen on the model's labelled test split (1 nominal to 9 anomalous): this model of
 * one epoch barely separates the classes, so auto's balanced-F1 threshold would flag most nominal
 * images and it falls back to the target FPR, saying so on the console and in threshold.json; the
 * folder's images get the same scores as the same pixels in the test split; a file that is not an
 * image is a counted reject; an RGB image of another size is conformed; F1 on nominal-only
 * validation images falls back to the target FPR with a warning.
 */
class ScoreCommandTest {
  @Test
  void scoresAFolderDecidesAtAValidatedThresholdAndWritesHeatmaps(@TempDir Path dir)
      throws IOException {
    FashionMnistFiles.require();
    Path folder = dir.resolve("new images");
    Files.createDirectories(folder.resolve("sub"));
    Map<String, Double> expected = new HashMap<>();
    SparkSession spark = SparkSessions.local("local[2]", "score-command-test");
    String data;
    try {
      data = TrainingCorpus.ingest(spark, dir, 500, 300, 200);
    } finally {
      spark.stop();
    }
    CliRun trained = CliRun.fcdd(CliRun.trainOneEpoch(dir.resolve("model"), data));
    assertThat(trained.code()).as(trained.err()).isZero();
    spark = SparkSessions.local("local[2]", "score-command-test");
    try {
      // 40 test images as PNG files named by id, and the scores the evaluation gives them.
      TrainConfig config =
          new ModelStore(new HadoopFileStore(spark.sparkContext().hadoopConfiguration()))
              .trainConfig(dir.resolve("model").toString());
      List<Row> tests =
          spark
              .read()
              .parquet(data + "/images")
              .filter(functions.col("split").equalTo("test"))
              .orderBy("id")
              .limit(40)
              .select("id", "png")
              .collectAsList();
      for (Row r : tests) {
        Files.write(folder.resolve("sub").resolve(r.getString(0) + ".png"), (byte[]) r.get(1));
      }
      new SampleScorer(spark)
          .score(config, dir.resolve("model").toString(), "model")
          .select("id", "score")
          .collectAsList()
          .forEach(r -> expected.put(r.getString(0), r.getDouble(1)));
    } finally {
      spark.stop();
    }
    Files.writeString(folder.resolve("notes.txt"), "not an image");
    BufferedImage rgb = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(10, 10, 0xff8000);
    ImageIO.write(rgb, "png", folder.resolve("colour.png").toFile());

    Path out = dir.resolve("scored");
    CliRun run = score(dir.resolve("model"), folder, out);
    assertThat(run.problems()).isEmpty();
    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("score: ingesting " + folder + " (1 channel(s), 28×28) into " + out + "/ingest")
        .contains("score: warning: 1 of 42 files are not images this model can score")
        .doesNotContain("score: warning: The validation");
    String summary = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(summary)
        .startsWith("score: 41 images scored (1 files rejected), ")
        .contains(" (target FPR 0.05 on ")
        .endsWith("; " + out + "/scores.csv");

    JsonNode threshold = new ObjectMapper().readTree(out.resolve("threshold.json").toFile());
    double t = threshold.path("choice").path("threshold").asDouble();
    assertThat(threshold.path("requested").asText()).isEqualTo("auto");
    assertThat(threshold.path("choice").path("method").asText()).isEqualTo("fpr");
    assertThat(threshold.path("choice").path("falsePositiveRate").asDouble())
        .isLessThanOrEqualTo(0.05);
    assertThat(threshold.path("choice").path("warnings").get(0).asText())
        .startsWith("The balanced-F1 threshold would flag ");
    threshold
        .path("choice")
        .path("warnings")
        .forEach(w -> assertThat(run.out()).contains("score: warning: " + w.asText()));
    List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
    assertThat(csv).hasSize(1 + 41).first().isEqualTo("source_uri,entry,score,anomalous");
    int anomalous = 0;
    double previous = Double.POSITIVE_INFINITY;
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      double score = Double.parseDouble(f[f.length - 2]);
      boolean decided = Boolean.parseBoolean(f[f.length - 1]);
      assertThat(score).isLessThanOrEqualTo(previous); // highest first
      previous = score;
      assertThat(decided).isEqualTo(score > t);
      anomalous += decided ? 1 : 0;
      String file = f[0].substring(f[0].lastIndexOf('/') + 1);
      if (!file.equals("colour.png")) {
        // The same pixels score the same as in the evaluation.
        assertThat(score).isCloseTo(expected.get(file.replace(".png", "")), within(1e-9));
      }
    }
    assertThat(summary).contains(", " + anomalous + " anomalous at threshold ");
    List<Path> heatmaps;
    try (var files = Files.list(out.resolve("heatmaps"))) {
      heatmaps = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    assertThat(heatmaps).hasSize(Math.min(anomalous, 100));
    // Each carries its decision in the header band: red, as every one written here is anomalous.
    BufferedImage first = ImageIO.read(heatmaps.get(0).toFile());
    assertThat(first.getRGB(1, 1) & 0xffffff).isEqualTo(HeatmapGrid.ANOMALOUS_COLOUR);
    assertThat(first.getRGB(1, HeatmapGrid.BAND + 1) & 0xffffff)
        .isNotEqualTo(HeatmapGrid.ANOMALOUS_COLOUR);
    assertThat(out.resolve("score.json")).isNotEmptyFile();

    // Nominal-only validation images (the folder's own ingest, all "class 0") cannot give F1.
    CliRun fallback =
        score(
            dir.resolve("model"),
            out.resolve("ingest"),
            dir.resolve("scored-again"),
            "threshold.method=f1",
            "threshold.validation={input: "
                + out.resolve("ingest")
                + ", dataset: score-input,"
                + " split: score}",
            "heatmaps.which=none");
    assertThat(fallback.code()).as(fallback.out() + fallback.err()).isZero();
    assertThat(fallback.out())
        .contains(
            "score: warning: The validation images have no labelled anomalies: F1 needs both, so"
                + " the threshold falls back to a false-positive rate of 5% on the nominal ones")
        .contains("anomalous at threshold ")
        // At most floor(0.05 · 41) = 2 of the 41 above the threshold.
        .contains("(target FPR 0.05 on 41 nominal validation images: FPR 0.049)");
  }

  /** {@code fcdd score} with the shipped config, a model, an input, an output and overrides. */
  private static CliRun score(Path model, Path input, Path output, String... overrides) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "score",
                "-c",
                "../conf/score/fashion-mnist.yaml",
                "--master",
                "local[2]",
                "--set",
                "model=" + model,
                "--set",
                "input=" + input,
                "--set",
                "output=" + output));
    for (String o : overrides) {
      args.add("--set");
      args.add(o);
    }
    return CliRun.fcdd(args.toArray(String[]::new));
  }

  @Test
  void aMissingInputOrModelIsOneLine(@TempDir Path dir) {
    CliRun noModel =
        CliRun.fcdd(
            "score",
            "-c",
            "../conf/score/fashion-mnist.yaml",
            "--set",
            "model=" + dir.resolve("nothing"),
            "--set",
            "output=" + dir.resolve("out"));
    assertThat(noModel.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(noModel.problems())
        .isEqualTo(
            "score: No training provenance at "
                + dir.resolve("nothing")
                + "/provenance.json: is "
                + dir.resolve("nothing")
                + " a train job's output?\n");
  }
}
