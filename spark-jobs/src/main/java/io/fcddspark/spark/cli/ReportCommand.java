package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.pipeline.PipelineConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fcdd report}: rewrites a pipeline run's HTML report from its files. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the self-contained HTML report of a pipeline run (its config's output folder) from"
          + " the files the run left: metrics, curves, heatmaps, ranks, provenance.",
      "Keys of the config file: docs/pipeline.md."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    PipelineConfig config = ConfigLoader.load(job.config, job.overrides, PipelineConfig.class);
    try (CommandRun run =
        CommandRun.start(job, "report", "local[1]", config.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      PipelineCommand.printingTo(spark, spec.commandLine().getOut()).report(config);
      return 0;
    }
  }
}
