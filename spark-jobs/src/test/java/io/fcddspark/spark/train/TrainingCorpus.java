package io.fcddspark.spark.train;

import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.RenderedLettersSource;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.spark.ingest.IngestJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The train tests' real data: the first test images of Fashion-MNIST as split "train" of dataset
 * "fashion-mnist", and rendered letters as dataset "letters", ingested into one output.
 */
public final class TrainingCorpus {
  private TrainingCorpus() {}

  /** Ingests {@code images} Fashion-MNIST images and {@code letters} letters under {@code dir}. */
  public static String ingest(SparkSession spark, Path dir, int images, int letters)
      throws IOException {
    return ingest(spark, dir, images, 0, letters);
  }

  /**
   * DejaVu only (Debian's fonts-dejavu-core and -extra, which the JDK package pulls in and .ci/run
   * installs): the letters, and so the trained weights and AUCs the tests check, must not depend on
   * whatever other fonts a machine has.
   */
  public static final Path FONTS = Path.of("/usr/share/fonts/truetype/dejavu");

  /**
   * As {@link #ingest(SparkSession, Path, int, int)}, plus the next {@code testImages} test images
   * as split "test" (held out from training).
   */
  public static String ingest(SparkSession spark, Path dir, int images, int testImages, int letters)
      throws IOException {
    String data = dir.resolve("ingested").toString();
    new IngestJob(spark)
        .run(
            new IngestPlan(
                data, sources(dir, images, testImages, letters), IngestPlan.DEFAULT_SHARD_BYTES));
    return data;
  }

  /** The sources of {@link #ingest(SparkSession, Path, int, int, int)}, their files under dir. */
  public static List<IngestSource> sources(Path dir, int images, int testImages, int letters)
      throws IOException {
    List<IngestSource> sources = new ArrayList<>();
    sources.add(FashionMnistFiles.slice("t10k", 0, images, "train", dir));
    if (testImages > 0) {
      sources.add(FashionMnistFiles.slice("t10k", images, testImages, "test", dir));
    }
    sources.add(
        new RenderedLettersSource(
            "letters", "train", RenderedLettersSource.fontFiles(FONTS), 0, letters, 0, 28));
    return sources;
  }
}
