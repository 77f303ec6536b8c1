package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.ingest.FashionMnistFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fcdd pipeline} on a slice of real Fashion-MNIST (two classes, one epoch) with the letters
 * OE corpus: ingest → train → evaluate → rank against the paper's Table 6 → report, then a rerun
 * that reuses every stage; bad configs fail in one line.
 */
class PipelineCommandTest {
  @Test
  void runsEveryStageWritesTheReportAndResumes(@TempDir Path dir) throws Exception {
    FashionMnistFiles.require();
    Path ingest = FashionMnistSlice.ingestConfig(dir);
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "output: " + dir.resolve("run"),
            "title: pipeline test",
            "classes: [0, 1]",
            "ingest: {config: " + ingest + "}",
            "outlierExposure:",
            "  config: ../conf/ingest/letters-oe.yaml",
            "  set: ['sources[0].fonts=/usr/share/fonts/truetype/dejavu', 'sources[0].count=200']",
            "train:",
            "  config: ../conf/train/fashion-mnist.yaml",
            "  set: [outlierExposure.dataset=letters, epochs=2, batchSize=16, 'snapshots=[1]']",
            "evaluate:",
            "  config: ../conf/evaluate/fashion-mnist.yaml",
            "  set: [heatmaps.count=2, 'models=[model, snapshots]']",
            "rank: {baselines: [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]}",
            ""));
    String[] args = {"pipeline", "-c", pipeline.toString(), "--master", "local[2]"};

    CliRun first = CliRun.fcdd(args);
    assertThat(first.problems()).isEmpty();
    assertThat(first.code()).isZero();
    assertThat(first.out())
        .contains("pipeline: [1/5] ingest " + ingest)
        .contains("pipeline: [2/5] train class 0 seed 0 (run 1 of 2)")
        .contains("pipeline: [2/5] train class 1 seed 0 (run 2 of 2), ETA ")
        .contains("pipeline: class 1 seed 0: sample_auc 0.")
        .contains(
            "pipeline: [4/5] rank against [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]")
        .contains("pipeline: done in ");
    Path report = dir.resolve("run/report.html");
    String html = Files.readString(report);
    assertThat(html)
        .startsWith("<!doctype html>")
        .contains("<h2 id=\"results\">Results</h2>")
        .contains("<td>0 (T-shirt/top)</td>")
        .contains("These runs: 2 epochs, batch 16, outlier exposure: letters.")
        .contains("* = from the literature")
        .contains("<td>0.82</td>") // the paper's class-0 value beside ours
        .contains(">fcdd-spark (")
        .contains("<svg class=\"roc\"")
        .contains("data:image/png;base64,")
        .contains("<h2 id=\"resources\">Resources</h2>")
        .contains("<svg class=\"history\"") // test AUC by epoch from the snapshots
        .doesNotContain("src=\"http", "href=\"http");
    assertThat(dir.resolve("run/pipeline.json")).isNotEmptyFile();
    assertThat(dir.resolve("run/rank/rank.json")).isNotEmptyFile();

    CliRun again = CliRun.fcdd(args);
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("pipeline: done in ");
    Files.delete(report);
    CliRun rewritten = CliRun.fcdd("report", "-c", pipeline.toString());
    assertThat(rewritten.output()).isEqualTo("report: " + report + "\n");
    assertThat(Files.readString(report)).isNotEmpty().contains("<h2 id=\"provenance\">");
    // Last, as it needs Chromium: the page as a browser shows it: no console errors, every figure
    // rendered; a screenshot to look at.
    HeadlessChromium.require();
    Path screenshot = Path.of("target/report-screenshot.png");
    HeadlessChromium.Rendered page =
        HeadlessChromium.render(report, screenshot, dir.resolve("chromium"));
    assertThat(page.errors()).isEmpty();
    assertThat(page.dom())
        .contains("<h2 id=\"results\">Results</h2>")
        .contains("class=\"roc\"")
        .contains("data:image/png;base64,");
    assertThat(countOf(page.dom(), "<svg")).isGreaterThanOrEqualTo(2 + 2 + 1);
    assertThat(page.dom()).contains("class=\"history\"");
    // Every chart of ours has both axis labels; the page fits a 1280-px window.
    int charts =
        countOf(page.dom(), "<svg class=\"roc\"") + countOf(page.dom(), "<svg class=\"history\"");
    assertThat(countOf(page.dom(), "class=\"axis-label\"")).isEqualTo(2 * charts);
    assertThat(HeadlessChromium.scrollWidth(report, dir.resolve("chromium-width")))
        .isLessThanOrEqualTo(1280);
    assertThat(screenshot).isNotEmptyFile();
  }

  private static int countOf(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aBadPipelineConfigFailsInOneLine(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("p.yaml");
    Files.writeString(
        yaml,
        "output: x\nclasses: [1]\ningest: {config: a}\ntrain: {config: b}\nevaluate: {config: c}\n");
    CliRun bad = CliRun.fcdd("pipeline", "-c", yaml.toString());
    assertThat(bad.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(bad.problems())
        .startsWith("pipeline: ")
        .contains("Cannot set classes to [1], it needs at least 2 distinct classes");
    assertThat(CliRun.fcdd("pipeline", "--help").out()).contains("Runs the whole pipeline");
  }
}
