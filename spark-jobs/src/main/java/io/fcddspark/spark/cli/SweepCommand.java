package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.spark.pipeline.SweepJob;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
public final class SweepCommand implements Callable<Integer> {
  /** Some cells failed. */
  public static final int CELLS_FAILED = 1;

  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    SweepConfig config = ConfigLoader.load(job.config, job.overrides, SweepConfig.class);
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder command = new StringBuilder("bin/fcdd sweep -c ").append(job.config);
    for (String o : job.overrides) {
      command.append(" --set ").append(o);
    }
    try (CommandRun run =
        CommandRun.start(job, "sweep", "local[*]", config.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      SweepJob.Result result =
          new SweepJob(spark, FcddCommand.progressTo(out)).run(config, command.toString());
      return result.failed() == 0 ? 0 : CELLS_FAILED;
    }
  }
}
