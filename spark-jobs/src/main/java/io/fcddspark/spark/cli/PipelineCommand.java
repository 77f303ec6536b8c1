package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.spark.pipeline.PipelineJob;
import io.fcddspark.spark.pipeline.PipelinePlan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
public final class PipelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    PipelineConfig config = ConfigLoader.load(job.config, job.overrides, PipelineConfig.class);
    // Every stage's config is checked before Spark starts.
    PipelinePlan plan = PipelinePlan.of(config);
    try (CommandRun run =
        CommandRun.start(job, "pipeline", "local[*]", config.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      printingTo(spark, spec.commandLine().getOut()).run(plan);
      return 0;
    }
  }

  /** A pipeline job whose progress lines go to {@code out} as they come. */
  static PipelineJob printingTo(SparkSession spark, PrintWriter out) {
    return new PipelineJob(spark, FcddCommand.progressTo(out));
  }
}
