package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.MiniHdfs;
import io.fcddspark.spark.cluster.MultiProcessRun;
import io.fcddspark.spark.train.TrainingCorpus;
import io.fcddspark.train.ModelStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multi-process tier: {@code fcdd ingest → train → evaluate → score} on {@link
 * MultiProcessRun#MASTER} (every executor a JVM of its own) with inputs and outputs on HDFS,
 * against the same commands in {@code local[2]}: the same rows and content hash, bit-identical
 * weights and losses, the same metrics to the last digit, the same scores and threshold; and no
 * failed, retried or recomputed task, no ERROR in the executors' logs, two executor processes apart
 * from the driver.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class MultiProcessJobsTest {
  private static final String LOCAL = "local[2]";

  @TempDir static Path dir;
  private static MiniHdfs hdfs;
  private static FileSystem fs;
  private static String root;
  private static Path ingestConfig;

  @BeforeAll
  static void start() throws IOException {
    FashionMnistFiles.require();
    hdfs = MiniHdfs.start(dir.resolve("hdfs"));
    fs = hdfs.fs();
    root = hdfs.root();
    IdxSource train = FashionMnistFiles.slice("t10k", 0, 600, "train", dir);
    IdxSource test = FashionMnistFiles.slice("t10k", 600, 300, "test", dir);
    ingestConfig = dir.resolve("ingest.yaml");
    Files.writeString(
        ingestConfig,
        String.join(
            "\n", "output: unused", "sources:", idx(train, "train"), idx(test, "test"), ""));
  }

  /** An IDX source whose files are copied to HDFS. */
  private static String idx(IdxSource source, String split) throws IOException {
    return "  - {type: idx, dataset: fashion-mnist, split: "
        + split
        + ", images: "
        + toHdfs(source.imagesUri())
        + ", labels: "
        + toHdfs(source.labelsUri())
        + ", classes: "
        + FashionMnistFiles.CLASSES
        + "}";
  }

  private static String toHdfs(String localUri) throws IOException {
    Path local = localUri.startsWith("file:") ? Path.of(URI.create(localUri)) : Path.of(localUri);
    org.apache.hadoop.fs.Path remote =
        new org.apache.hadoop.fs.Path("/inputs/" + local.getFileName());
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toString()), remote);
    return root + remote;
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  /** One master's run of the four commands, and what it wrote. */
  private record Run(
      String out,
      JsonNode manifest,
      JsonNode letters,
      JsonNode train,
      JsonNode metrics,
      JsonNode score,
      String scores,
      INDArray params) {}

  private static Run run(String master, String name) throws IOException {
    String out = root + "/" + name;
    command("ingest", ingestConfig.toString(), master, "output=" + out + "/fashion-mnist");
    command(
        "ingest",
        "../conf/ingest/letters-oe.yaml",
        master,
        "output=" + out + "/letters",
        "sources[0].fonts=" + TrainingCorpus.FONTS,
        "sources[0].count=200");
    command(
        "train",
        "../conf/train/fashion-mnist.yaml",
        master,
        "output=" + out + "/model",
        "data.input=" + out + "/fashion-mnist",
        "outlierExposure.input=" + out + "/letters",
        "outlierExposure.dataset=letters",
        "epochs=2",
        "batchSize=16");
    command(
        "evaluate",
        "../conf/evaluate/fashion-mnist.yaml",
        master,
        "model=" + out + "/model",
        "heatmaps.count=2");
    command(
        "score",
        "../conf/score/fashion-mnist.yaml",
        master,
        "model=" + out + "/model",
        "input=" + out + "/fashion-mnist",
        "output=" + out + "/scored",
        "heatmaps.limit=2");
    // Each command's framework log ends up in its output folder, here on HDFS.
    assertThat(fs.globStatus(new org.apache.hadoop.fs.Path(out + "/model/logs/train-*.log")))
        .hasSize(1);
    assertThat(fs.globStatus(new org.apache.hadoop.fs.Path(out + "/scored/logs/score-*.log")))
        .hasSize(1);
    INDArray params =
        new ModelStore(new HadoopFileStore(fs.getConf()))
            .read(out + "/model", "model")
            .net()
            .params();
    return new Run(
        out,
        json(out + "/fashion-mnist/manifest.json"),
        json(out + "/letters/manifest.json"),
        json(out + "/model/provenance.json"),
        json(out + "/model/evaluation/model/metrics.json"),
        json(out + "/scored/score.json"),
        text(out + "/scored/scores.csv"),
        params);
  }

  @Test
  void ingestTrainEvaluateAndScoreOnSeparateExecutorJvmsAsInLocal2() throws IOException {
    Run local = run(LOCAL, "local");
    Run cluster = run(MultiProcessRun.MASTER, "cluster");

    assertThat(cluster.manifest().path("result").path("rows").asLong()).isEqualTo(900);
    for (String key : List.of("inputs", "rows", "rejects", "perClass", "contentHash")) {
      assertThat(cluster.manifest().path("result").path(key))
          .as("fashion-mnist manifest " + key)
          .isEqualTo(local.manifest().path("result").path(key));
      assertThat(cluster.letters().path("result").path(key))
          .as("letters manifest " + key)
          .isEqualTo(local.letters().path("result").path(key));
    }
    assertThat(cluster.params()).as("weights").isEqualTo(local.params());
    assertThat(cluster.params().sub(local.params()).amax().getDouble(0)).isZero();
    assertThat(cluster.train().path("model").path("loss").asDouble())
        .isEqualTo(local.train().path("model").path("loss").asDouble());
    assertThat(cluster.metrics().path("metrics")).isEqualTo(local.metrics().path("metrics"));
    assertThat(cluster.metrics().path("metrics").toString()).contains("\"sample_auc\"");
    assertThat(cluster.scores().lines().count()).isEqualTo(1 + 900);
    assertThat(cluster.scores().replace("/cluster/", "/local/")).isEqualTo(local.scores());
    assertThat(cluster.score().path("threshold")).isEqualTo(local.score().path("threshold"));

    Map<String, JsonNode> runs = new LinkedHashMap<>();
    runs.put("ingest fashion-mnist", cluster.manifest().path("spark"));
    runs.put("ingest letters", cluster.letters().path("spark"));
    runs.put("train", cluster.train().path("run").path("spark"));
    runs.put("evaluate", cluster.metrics().path("provenance").path("spark"));
    runs.put("score", cluster.score().path("spark"));
    runs.forEach((what, node) -> MultiProcessRun.assertClean(what, MultiProcessRun.read(node)));
  }

  /**
   * Runs {@code fcdd <name> -c <config> --master <master> --set <each of sets>}; it must succeed.
   */
  private static void command(String name, String config, String master, String... sets) {
    List<String> args = new ArrayList<>(List.of(name, "-c", config, "--master", master));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    CliRun run = CliRun.fcdd(args.toArray(String[]::new));
    assertThat(run.code()).as(run.out() + run.err()).isZero();
  }

  private static String text(String path) throws IOException {
    return hdfs.text(path);
  }

  private static JsonNode json(String path) throws IOException {
    return hdfs.json(path);
  }
}
