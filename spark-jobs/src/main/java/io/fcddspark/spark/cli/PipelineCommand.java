package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.job.Job;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.pipeline.PipelinePlan;
import io.fcddspark.spark.pipeline.PipelineJob;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code fcdd pipeline}: ingest → train → evaluate → rank → report in one Spark application. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline of a pipeline config: ingest the data and an OE corpus, train and"
          + " evaluate one model per class and seed, rank against published results, and write an"
          + " HTML report. A killed run resumes where it stopped.",
      "Keys of the config file: docs/pipeline.md. Precedence: --set > file > default."
    })
public final class PipelineCommand extends JobCommand<PipelinePlan, PipelineJob.Result> {
  /** Every stage's config is loaded and checked before Spark starts. */
  public PipelineCommand() {
    super(
        (file, overrides) ->
            PipelinePlan.of(ConfigLoader.load(file, overrides, PipelineConfig.class)),
        plan -> plan.config().output());
  }

  @Override
  Job<PipelinePlan, PipelineJob.Result> job(SparkSession spark, PrintWriter out) {
    return new PipelineJob(spark, CommandRun.progressTo(out));
  }
}
