package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.ingest.IngestConfig;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.ingest.IngestResult;
import io.fcddspark.spark.ingest.IngestSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The job's YAML config, e.g. conf/ingest/fashion-mnist.yaml.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides a key of the config (repeatable), e.g. --set output=/tmp/out.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "local[*]",
      description = "Spark master when not under spark-submit (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() {
    IngestSpec ingest = ConfigLoader.load(config, overrides, IngestSpec.class);
    SparkSession spark = SparkSessions.forCommand(master, "fcdd-ingest");
    try {
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
    } finally {
      spark.stop();
    }
  }
}
