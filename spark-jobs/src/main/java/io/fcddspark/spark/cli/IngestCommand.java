package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.spark.ingest.IngestConfig;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.ingest.IngestResult;
import io.fcddspark.spark.ingest.IngestSpec;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fcdd ingest}: reads a config file, plans the sources, runs the ingest job. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads image corpora into Parquet shards with a manifest and a rejects table.",
      "Keys of the config file: docs/ingest.md. Precedence: --set > file > default."
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    IngestSpec ingest = ConfigLoader.load(job.config, job.overrides, IngestSpec.class);
    try (CommandRun run =
        CommandRun.start(job, "ingest", "local[*]", ingest.output(), spec.commandLine())) {
      SparkSession spark = run.spark();
      IngestConfig planned = ingest.plan(spark.sparkContext().hadoopConfiguration());
      IngestResult r = new IngestJob(spark).execute(planned);
      spec.commandLine()
          .getOut()
          .printf(
              "ingest: %d inputs = %d rows + %d rejects, %d units (%d reused); content hash %s;"
                  + " output %s%n",
              r.inputs(),
              r.rows(),
              r.rejects(),
              r.units(),
              r.unitsReused(),
              r.contentHash(),
              planned.output());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
