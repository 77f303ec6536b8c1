package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.score.ScoreConfig;
import io.fcddspark.spark.score.ScoreJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fcdd score}: a trained model applied to new images, with anomaly decisions. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Scores new images (a folder, searched recursively, or an ingest output) with a trained"
          + " model, decides which are anomalous at a threshold chosen on validation images (at a"
          + " target false-positive rate on nominal images, or balanced-F1-optimal when labelled"
          + " anomalies exist; fallbacks and thresholds above the target FPR are printed as"
          + " warnings), and writes scores.csv, scores/ Parquet,"
          + " heatmap PNGs and threshold.json.",
      "Keys of the config file: docs/score.md."
    })
public final class ScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    ScoreConfig config = ConfigLoader.load(job.config, job.overrides, ScoreConfig.class);
    PrintWriter out = spec.commandLine().getOut();
    try (CommandRun run =
        CommandRun.start(job, "score", "local[*]", config.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      new ScoreJob(spark, FcddCommand.progressTo(out)).run(config);
      return 0;
    }
  }
}
