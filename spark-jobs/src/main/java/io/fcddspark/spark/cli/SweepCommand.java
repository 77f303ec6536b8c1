package io.fcddspark.spark.cli;

import io.fcddspark.job.Job;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepPlan;
import io.fcddspark.spark.pipeline.SweepJob;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fcdd sweep}: a resumable grid of datasets × seeds × variations × classes. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Trains and evaluates every cell of a sweep config's grid (datasets × seeds × variations ×"
          + " classes), skipping cells that finished under the same config and data, and writes"
          + " one results table (results.md, results.csv) with ranks against published tables.",
      "The last line is a summary; the exit code is 0 when every cell finished, 1 when some"
          + " failed (their errors are in results.md and results.csv), 2 for a usage or config"
          + " error. Keys of the config file: docs/sweep.md."
    })
public final class SweepCommand extends JobCommand<SweepConfig, SweepJob.Result> {
  /** Some cells failed. */
  public static final int CELLS_FAILED = 1;

  @Option(
      names = "--plan",
      description =
          "Prints every cell's resolved train and evaluate configs, one JSON object a line, and"
              + " exits without running anything (no Spark, no data read).")
  boolean plan;

  public SweepCommand() {
    super(ConfigFileLoader.of(SweepConfig.class), SweepConfig::output);
  }

  @Override
  Job<SweepConfig, SweepJob.Result> job(SparkSession spark, PrintWriter out) {
    return new SweepJob(spark, CommandRun.progressTo(out), job.commandLine("sweep"));
  }

  @Override
  Integer withoutRunning(SweepConfig config, PrintWriter out) {
    if (!plan) {
      return null;
    }
    SweepPlan.of(config).lines().forEach(out::println);
    return 0;
  }

  @Override
  int print(SweepConfig config, SweepJob.Result result, PrintWriter out) {
    return result.failed() == 0 ? 0 : CELLS_FAILED;
  }
}
