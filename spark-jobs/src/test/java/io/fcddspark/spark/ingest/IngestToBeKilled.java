package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageFilesSource;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.plan.FolderCorpus;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.spark.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The job {@link IngestResumeTest} kills: a folder corpus whose first {@link #FAST} classes ingest
 * at full speed and whose others take a second per image. Arguments: corpus folder, output folder.
 */
final class IngestToBeKilled {
  static final int FAST = 3;

  private IngestToBeKilled() {}

  static List<ImageFilesSource> sources(String corpus) {
    return FolderCorpus.sources(
        new HadoopInputFiles(new Configuration()),
        corpus,
        "resume",
        "train",
        new ImageDecoder.Options(100_000_000, 3, 0),
        1 << 20);
  }

  public static void main(String[] args) {
    List<IngestSource> sources = new ArrayList<>();
    for (ImageFilesSource s : sources(args[0])) {
      sources.add(s.labels().classIndex() < FAST ? s : new SlowSource(s, 1000));
    }
    SparkSession spark = SparkSessions.local("local[2]", "ingest-to-be-killed");
    new IngestJob(spark).run(new IngestPlan(args[1], sources, IngestPlan.DEFAULT_SHARD_BYTES));
    spark.stop();
  }
}
