package io.fcddspark.spark.cli;

import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.job.Job;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code fcdd ingest}: reads a config file, plans the sources, runs the ingest job. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads image corpora into Parquet shards with a manifest and a rejects table.",
      "Keys of the config file: docs/ingest.md. Precedence: --set > file > default."
    })
public final class IngestCommand extends JobCommand<IngestConfig, IngestResult> {
  public IngestCommand() {
    super(ConfigFileLoader.of(IngestConfig.class), IngestConfig::output);
  }

  @Override
  Job<IngestConfig, IngestResult> job(SparkSession spark, PrintWriter out) {
    return config -> new IngestJob(spark).run(config.plan(HadoopInputFiles.of(spark)));
  }

  @Override
  int print(IngestConfig config, IngestResult result, PrintWriter out) {
    out.printf(
        "ingest: %d inputs = %d rows + %d rejects, %d units (%d reused); content hash %s;"
            + " output %s%n",
        result.inputs(),
        result.rows(),
        result.rejects(),
        result.units(),
        result.unitsReused(),
        result.contentHash(),
        config.output());
    return 0;
  }
}
