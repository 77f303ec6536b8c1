package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.spark.MiniHdfs;
import io.fcddspark.spark.cluster.MultiProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fcdd pipeline} and {@code fcdd sweep} on {@link MultiProcessRun#MASTER} with their outputs
 * on HDFS, against the same commands in {@code local[2]}: the same metrics for every model, the
 * same ranks and results table; every stage clean in the multi-process sense.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class MultiProcessPipelineTest {
  private static final String LOCAL = "local[2]";

  /** Where the evaluation of a run's final model is, below the run's folder. */
  private static final String MODEL_METRICS = "/evaluation/model/metrics.json";

  @TempDir static Path dir;
  private static MiniHdfs hdfs;
  private static FileSystem fs;
  private static String root;
  private static Path ingest;

  @BeforeAll
  static void start() throws IOException {
    FashionMnistFiles.require();
    hdfs = MiniHdfs.start(dir.resolve("hdfs"));
    fs = hdfs.fs();
    root = hdfs.root();
    ingest = FashionMnistSlice.ingestConfig(dir);
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static Path pipeline(String out) throws IOException {
    Path yaml = dir.resolve(out.substring(out.lastIndexOf('/') + 1) + "-pipeline.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "output: " + out,
            "title: multi-process pipeline",
            "classes: [0, 1]",
            FashionMnistSlice.stages(ingest, 2, "").stripTrailing(),
            "rank: {baselines: [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]}",
            ""));
    return yaml;
  }

  private static Path sweep(String out) throws IOException {
    Path yaml = dir.resolve(out.substring(out.lastIndexOf('/') + 1) + "-sweep.yaml");
    Files.writeString(yaml, FashionMnistSlice.sweep(out, "multi-process sweep", "[0, 1]", ingest));
    return yaml;
  }

  @Test
  void pipelineAndSweepOnSeparateExecutorJvmsAsInLocal2() throws IOException {
    for (String master : List.of(LOCAL, MultiProcessRun.MASTER)) {
      String name = master.equals(LOCAL) ? "local" : "cluster";
      CliRun p =
          CliRun.fcdd(
              "pipeline",
              "-c",
              pipeline(root + "/pipeline-" + name).toString(),
              "--master",
              master);
      assertThat(p.code()).as(p.out() + p.err()).isZero();
      CliRun s =
          CliRun.fcdd("sweep", "-c", sweep(root + "/sweep-" + name).toString(), "--master", master);
      assertThat(s.code()).as(s.out() + s.err()).isZero();
      assertThat(s.out()).contains("sweep: 2 cells: 2 done (0 reused), 0 failed in ");
    }

    Map<String, JsonNode> localMetrics = metrics(root + "/pipeline-local");
    Map<String, JsonNode> clusterMetrics = metrics(root + "/pipeline-cluster");
    assertThat(clusterMetrics).hasSize(2).isEqualTo(localMetrics);
    assertThat(metrics(root + "/sweep-cluster"))
        .hasSize(2)
        .isEqualTo(metrics(root + "/sweep-local"));
    assertThat(json(root + "/pipeline-cluster/rank/rank.json").path("ranks"))
        .isEqualTo(json(root + "/pipeline-local/rank/rank.json").path("ranks"));
    assertThat(withoutSeconds(text(root + "/sweep-cluster/results.csv")))
        .isEqualTo(withoutSeconds(text(root + "/sweep-local/results.csv")));
    assertThat(text(root + "/pipeline-cluster/report.html")).contains("<h2 id=\"results\">");

    for (String out : List.of(root + "/pipeline-cluster", root + "/sweep-cluster")) {
      for (JsonNode doc : documents(out, MODEL_METRICS)) {
        MultiProcessRun.assertClean(
            out, MultiProcessRun.read(doc.path("provenance").path("spark")));
      }
      for (JsonNode doc : documents(out, "/provenance.json")) {
        MultiProcessRun.assertClean(out, MultiProcessRun.read(doc.path("run").path("spark")));
      }
    }
  }

  /** The metrics of every model evaluated under {@code out}, by their path below it. */
  private static Map<String, JsonNode> metrics(String out) throws IOException {
    Map<String, JsonNode> byPath = new TreeMap<>();
    for (String file : files(out, MODEL_METRICS)) {
      byPath.put(file.substring(out.length()), json(file).path("metrics"));
    }
    return byPath;
  }

  /** The JSON documents under {@code out} whose path ends with {@code suffix}; at least one. */
  private static List<JsonNode> documents(String out, String suffix) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (String file : files(out, suffix)) {
      docs.add(json(file));
    }
    assertThat(docs).as(suffix + " under " + out).isNotEmpty();
    return docs;
  }

  private static List<String> files(String out, String suffix) throws IOException {
    List<String> found = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(out), true);
    while (it.hasNext()) {
      String path = it.next().getPath().toString();
      if (path.endsWith(suffix)) {
        found.add(path);
      }
    }
    return found;
  }

  /** The results table without its timing column. */
  private static String withoutSeconds(String csv) {
    StringBuilder b = new StringBuilder();
    for (String line : csv.split("\n")) {
      String[] f = line.split(",", -1);
      f[7] = "";
      b.append(String.join(",", f)).append('\n');
    }
    return b.toString();
  }

  private static String text(String path) throws IOException {
    return hdfs.text(path);
  }

  private static JsonNode json(String path) throws IOException {
    return hdfs.json(path);
  }
}
