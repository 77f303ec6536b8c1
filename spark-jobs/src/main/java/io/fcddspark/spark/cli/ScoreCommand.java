package io.fcddspark.spark.cli;

import io.fcddspark.job.Job;
import io.fcddspark.score.ScoreConfig;
import io.fcddspark.spark.score.ScoreJob;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

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
public final class ScoreCommand extends JobCommand<ScoreConfig, ScoreJob.Result> {
  public ScoreCommand() {
    super(ConfigFileLoader.of(ScoreConfig.class), ScoreConfig::output);
  }

  @Override
  Job<ScoreConfig, ScoreJob.Result> job(SparkSession spark, PrintWriter out) {
    return new ScoreJob(spark, CommandRun.progressTo(out));
  }
}
