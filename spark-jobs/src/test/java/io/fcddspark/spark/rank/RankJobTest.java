package io.fcddspark.spark.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.rank.BaselineTable;
import io.fcddspark.rank.RankAnalysis;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.rank.ResultsTable;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.EvaluateJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rank job in local Spark on an evaluate metrics table (the evaluate job's Parquet schema: 15
 * MVTec-AD classes × 2 seeds of "ours") merged with the paper's Table 2: seeds averaged, the merged
 * table ranked, statistics, cliques and diagrams written; a class missing from ours and an unknown
 * method are errors naming them.
 */
class RankJobTest {
  private static final List<String> CLASSES =
      List.of(
          "bottle",
          "cable",
          "capsule",
          "carpet",
          "grid",
          "hazelnut",
          "leather",
          "metal_nut",
          "pill",
          "screw",
          "tile",
          "toothbrush",
          "transistor",
          "wood",
          "zipper");
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2]", "rank-job-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** An evaluate output of "ours": seed 1 and 2 per class, with their mean = 0.9 + class/200. */
  private static String evaluation(Path dir, int classes) {
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      for (long seed = 1; seed <= 2; seed++) {
        double v = 0.9 + c / 200.0 + (seed == 1 ? -0.01 : 0.01);
        rows.add(
            RowFactory.create("mvtec-ad", c, seed, "model", 200, "pixel_auc", v, null, 1L, 1L));
        rows.add(
            RowFactory.create("mvtec-ad", c, seed, "model", 200, "sample_auc", 0.5, null, 1L, 1L));
      }
    }
    String out = dir.resolve("evaluation").toString();
    spark.createDataFrame(rows, EvaluateJob.METRICS).write().parquet(out + "/metrics");
    return out;
  }

  private static RankConfig config(Path dir, String evaluation, String... overrides) {
    List<String> o = new ArrayList<>(List.of(overrides));
    o.add("output=" + dir.resolve("rank"));
    o.add("evaluations=[{path: " + evaluation + ", method: ours, classNames: " + CLASSES + "}]");
    o.add("baselines=[../conf/baselines/fcdd-table2-mvtec-pixel-auc.csv]");
    return ConfigLoader.parse("metric: pixel_auc\n", "test.yaml", o, RankConfig.class);
  }

  @Test
  void ranksOursAgainstTableTwoAndWritesEverything(@TempDir Path dir) throws Exception {
    RankAnalysis a = new RankJob(spark).run(config(dir, evaluation(dir, 15)));

    // The same analysis from the merged cells, computed without Spark.
    List<ResultsTable.Cell> cells = new ArrayList<>();
    for (int c = 0; c < 15; c++) {
      cells.add(new ResultsTable.Cell("ours", CLASSES.get(c), 0.9 + c / 200.0));
    }
    cells.addAll(
        BaselineTable.read(Path.of("../conf/baselines/fcdd-table2-mvtec-pixel-auc.csv")).cells());
    RankAnalysis direct = RankAnalysis.of(ResultsTable.of(cells), true, 0.05, a.zeroMethod());
    assertThat(a.methods()).hasSize(11).startsWith("ours");
    assertThat(a.ranks().average()).containsExactly(direct.ranks().average());
    assertThat(a.friedman()).isEqualTo(direct.friedman());

    Path out = dir.resolve("rank");
    JsonNode doc = new ObjectMapper().readTree(out.resolve("rank.json").toFile());
    assertThat(doc.path("order").get(0).asText()).isEqualTo("FCDD semi-supervised");
    assertThat(doc.path("seeds").get(0).get(0).asInt()).isEqualTo(2);
    assertThat(doc.path("wilcoxonHolm").path("zeroMethod").asText()).isEqualTo("pratt");
    assertThat(doc.path("wilcoxonHolm").path("cliques").size())
        .isEqualTo(a.wilcoxonCliques().size());
    for (String f :
        List.of(
            "cd-nemenyi.svg",
            "cd-nemenyi.png",
            "cd-wilcoxon-holm.svg",
            "cd-wilcoxon-holm.png",
            "results.csv")) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    assertThat(BaselineTable.read(out.resolve("results.csv")).cells()).hasSize(11 * 15);
    List<Row> ranks =
        spark.read().parquet(out.resolve("ranks").toString()).orderBy("position").collectAsList();
    assertThat(ranks).hasSize(11);
    assertThat(ranks.get(0).getString(0)).isEqualTo("FCDD semi-supervised");
    assertThat(Files.readString(out.resolve("cd-wilcoxon-holm.svg"))).contains(">ours (");
  }

  @Test
  void aMissingClassOrAnUnknownMethodIsNamed(@TempDir Path dir) {
    String partial = evaluation(dir, 14);
    assertThatThrownBy(() -> new RankJob(spark).run(config(dir, partial)))
        .hasMessageContaining("missing: 'ours' on 'zipper'");
    assertThatThrownBy(() -> new RankJob(spark).run(config(dir, partial, "methods=[ours, DREAM]")))
        .hasMessage("Method 'DREAM' of methods is in no evaluation or baseline");
  }
}
