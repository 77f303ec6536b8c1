package io.fcddspark.spark.pipeline;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.spark.ingest.IngestConfig;
import io.fcddspark.spark.ingest.IngestJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** What the pipeline and the sweep share: running an ingest stage, overrides, times and ETAs. */
final class Stages {
  private Stages() {}

  /** {@code stage}'s ingest config writing to {@code output}, loaded and checked. */
  static IngestConfig ingestConfig(PipelineConfig.Stage stage, String output) {
    return ConfigLoader.load(
        Path.of(stage.config()), with(stage.set(), "output=" + output), IngestConfig.class);
  }

  /** Ingests {@code config} (reusing what an earlier run staged). */
  static void ingest(SparkSession spark, IngestConfig config) {
    new IngestJob(spark).run(config.plan(spark.sparkContext().hadoopConfiguration()));
  }

  /**
   * The overrides that make a train config one run of a pipeline or sweep: {@code base}, then its
   * output folder, ingested data, nominal class and seed.
   */
  static List<String> runOverrides(
      List<String> base, String folder, String data, int nominalClass, long seed) {
    return with(
        base,
        "output=" + folder,
        "data.input=" + data,
        "data.nominalClass=" + nominalClass,
        "seed=" + seed);
  }

  /** {@code base} followed by {@code more}. */
  static List<String> with(List<String> base, String... more) {
    return with(base, List.of(more));
  }

  /** {@code base} followed by {@code more}. */
  static List<String> with(List<String> base, List<String> more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(more);
    return out;
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
