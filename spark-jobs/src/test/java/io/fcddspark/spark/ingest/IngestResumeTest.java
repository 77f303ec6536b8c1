package io.fcddspark.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.ingest.IngestSource;
import io.fcddspark.spark.SparkSessions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill: the job runs in its own JVM, is killed with SIGKILL once some units are staged, and
 * a rerun finishes without redoing them, with the output of an uninterrupted run.
 */
class IngestResumeTest {
  private static final int CLASSES = 7;
  private static final int PER_CLASS = 4;

  @Test
  void aKilledJobResumesWithoutRedoingStagedUnits(@TempDir Path dir) throws Exception {
    Path corpus = corpus(dir.resolve("corpus"));
    Path out = dir.resolve("out");
    Path staging = out.resolve("_staging");

    Process job = start(corpus, out, dir.resolve("killed-job.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (staged(staging) < IngestToBeKilled.FAST && job.isAlive()) {
      if (System.nanoTime() > deadline) {
        job.destroyForcibly();
        throw new AssertionError("the job staged no units in 180 s; see killed-job.log");
      }
      Thread.sleep(20);
    }
    assertThat(job.isAlive()).as("the job is still running when it is killed").isTrue();
    job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    int stagedBeforeRerun = staged(staging);
    assertThat(stagedBeforeRerun).isBetween(IngestToBeKilled.FAST, CLASSES - 1);
    assertThat(out.resolve("manifest.json")).doesNotExist();

    SparkSession spark = SparkSessions.local("local[2]", "ingest-resume-test");
    try {
      List<IngestSource> sources = new ArrayList<>(IngestToBeKilled.sources(corpus.toString()));
      IngestResult resumed =
          new IngestJob(spark)
              .execute(new IngestConfig(out.toString(), sources, IngestConfig.DEFAULT_SHARD_BYTES));
      IngestResult clean =
          new IngestJob(spark)
              .execute(
                  new IngestConfig(
                      dir.resolve("clean").toString(), sources, IngestConfig.DEFAULT_SHARD_BYTES));

      assertThat(resumed.unitsReused()).isEqualTo(stagedBeforeRerun);
      assertThat(resumed.rows()).isEqualTo(CLASSES * PER_CLASS);
      assertThat(resumed.contentHash()).isEqualTo(clean.contentHash());
      assertThat(resumed.perClass()).isEqualTo(clean.perClass());
      long distinct =
          spark.read().parquet(out.resolve("images").toString()).select("id").distinct().count();
      assertThat(distinct).isEqualTo(CLASSES * PER_CLASS);
      try (Stream<Path> files = Files.walk(out)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith("_tmp-") || n.equals("_temporary"))
            .noneMatch(n -> n.equals("_staging"));
      }
    } finally {
      spark.stop();
    }
  }

  private static Process start(Path corpus, Path out, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-Xmx")
          && !arg.startsWith("-agentlib")
          && !arg.startsWith("-javaagent")) {
        command.add(arg);
      }
    }
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(IngestToBeKilled.class.getName());
    command.add(corpus.toString());
    command.add(out.toString());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static int staged(Path staging) throws IOException {
    if (!Files.isDirectory(staging)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(staging)) {
      return (int)
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("unit-") && n.endsWith(".parquet"))
              .count();
    }
  }

  private static Path corpus(Path root) throws IOException {
    Random random = new Random(7);
    for (int c = 0; c < CLASSES; c++) {
      Path folder = Files.createDirectories(root.resolve("class" + c));
      for (int i = 0; i < PER_CLASS; i++) {
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
          for (int x = 0; x < 12; x++) {
            img.setRGB(x, y, random.nextInt(1 << 24));
          }
        }
        ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
      }
    }
    return root;
  }
}
