package io.fcddspark.spark.cli;

import io.fcddspark.job.Job;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.spark.pipeline.PipelineJob;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code fcdd report}: rewrites a pipeline run's HTML report from its files. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the self-contained HTML report of a pipeline run (its config's output folder) from"
          + " the files the run left: metrics, curves, heatmaps, ranks, provenance.",
      "Keys of the config file: docs/pipeline.md."
    })
public final class ReportCommand extends JobCommand<PipelineConfig, String> {
  public ReportCommand() {
    super(ConfigFileLoader.of(PipelineConfig.class), PipelineConfig::output);
  }

  @Override
  String defaultMaster(PipelineConfig config) {
    return "local[1]";
  }

  @Override
  Job<PipelineConfig, String> job(SparkSession spark, PrintWriter out) {
    return config -> new PipelineJob(spark, CommandRun.progressTo(out)).report(config);
  }
}
