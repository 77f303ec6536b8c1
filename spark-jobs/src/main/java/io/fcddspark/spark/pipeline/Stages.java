package io.fcddspark.spark.pipeline;

import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.spark.ingest.HadoopInputFiles;
import io.fcddspark.spark.ingest.IngestJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** What the pipeline and the sweep share: running an ingest stage, times and ETAs. */
final class Stages {
  private Stages() {}

  /** Ingests {@code config} (reusing what an earlier run staged). */
  static void ingest(SparkSession spark, IngestConfig config) {
    new IngestJob(spark).run(config.plan(HadoopInputFiles.of(spark)));
  }

  /** Seconds since {@code since}. */
  static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1e3;
  }

  /** ", ETA x min" from the pace of the {@code done} items since {@code start}; "" before one. */
  static String eta(Instant start, int done, int total) {
    if (done == 0) {
      return "";
    }
    double perItem = seconds(start) / done;
    return String.format(Locale.ROOT, ", ETA %.1f min", perItem * (total - done) / 60);
  }
}
