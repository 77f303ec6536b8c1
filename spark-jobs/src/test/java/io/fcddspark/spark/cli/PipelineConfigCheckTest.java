package io.fcddspark.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fcdd pipeline} checks every stage's config (file and overrides) before any work starts: a
 * bad value in the train stage of the last class stops it before Spark starts and before the
 * ingest, naming the stage, the file, the key and the rule.
 */
class PipelineConfigCheckTest {
  @Test
  void aBadNestedValueStopsThePipelineBeforeAnyWorkNamingTheStage(@TempDir Path dir)
      throws Exception {
    Path output = dir.resolve("run");
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "output: " + output,
            "classes: [0, 3]",
            "ingest: {config: ../conf/ingest/fashion-mnist.yaml}",
            "train:",
            "  config: ../conf/train/fashion-mnist.yaml",
            "  set: [epochs=-1]",
            "evaluate: {config: ../conf/evaluate/fashion-mnist.yaml}",
            "rank: {baselines: [../conf/baselines/fcdd-table6-fashion-mnist-auc.csv]}",
            ""));

    CliRun run = CliRun.fcdd("pipeline", "-c", pipeline.toString(), "--master", "local[1]");

    assertThat(run.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(run.problems())
        .startsWith(
            "pipeline: pipeline stage train (class 0, seed 0): ../conf/train/fashion-mnist.yaml"
                + " with epochs=-1 ")
        .contains("epochs");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).doesNotContain("[1/5] ingest");
    assertThat(output).doesNotExist();

    Files.writeString(
        pipeline,
        Files.readString(pipeline)
            .replace("set: [epochs=-1]", "set: []")
            .replace(
                "evaluate: {config: ../conf/evaluate/fashion-mnist.yaml}",
                "evaluate: {config: ../conf/evaluate/fashion-mnist.yaml, set: [heatmaps.cuont=2]}"));
    CliRun evaluate = CliRun.fcdd("pipeline", "-c", pipeline.toString(), "--master", "local[1]");
    assertThat(evaluate.code()).isEqualTo(FcddCommand.USAGE);
    assertThat(evaluate.problems())
        .startsWith("pipeline: pipeline stage evaluate (class 0, seed 0): ")
        .contains("unknown key 'heatmaps.cuont' (did you mean 'count'?)");
    assertThat(output).doesNotExist();
  }
}
