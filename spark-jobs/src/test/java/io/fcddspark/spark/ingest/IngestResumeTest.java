package io.fcddspark.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.ingest.IngestResult;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.spark.JvmProcess;
import io.fcddspark.spark.SparkSessions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill on a real HDFS: the job runs in its own JVM against an in-process MiniDFSCluster, is
 * killed with SIGKILL once some units are staged, and a rerun finishes without redoing them, with
 * the output of an uninterrupted run.
 */
class IngestResumeTest {
  private static final int CLASSES = 7;
  private static final int PER_CLASS = 4;

  @Test
  void aKilledJobResumesWithoutRedoingStagedUnits(@TempDir Path dir) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      hdfs.waitActive();
      killAndResume(hdfs.getFileSystem(), dir);
    } finally {
      hdfs.shutdown();
    }
  }

  private static void killAndResume(FileSystem fs, Path dir) throws Exception {
    String root = fs.getUri().toString();
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(corpus(dir.resolve("corpus")).toString()),
        new org.apache.hadoop.fs.Path(root + "/corpus"));
    String corpus = root + "/corpus";
    String out = root + "/out";
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(out + "/_staging");

    Process job =
        JvmProcess.start(
            "-Xmx2g", IngestToBeKilled.class, List.of(corpus, out), dir.resolve("killed-job.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (staged(fs, staging) < IngestToBeKilled.FAST && job.isAlive()) {
      if (System.nanoTime() > deadline) {
        job.destroyForcibly();
        throw new AssertionError("the job staged no units in 180 s; see killed-job.log");
      }
      Thread.sleep(20);
    }
    assertThat(job.isAlive()).as("the job is still running when it is killed").isTrue();
    job.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    int stagedBeforeRerun = staged(fs, staging);
    assertThat(stagedBeforeRerun).isBetween(IngestToBeKilled.FAST, CLASSES - 1);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(out + "/manifest.json"))).isFalse();

    SparkSession spark = SparkSessions.local("local[2]", "ingest-resume-test");
    try {
      List<IngestSource> sources = new ArrayList<>(IngestToBeKilled.sources(corpus.toString()));
      IngestResult resumed =
          new IngestJob(spark)
              .run(new IngestPlan(out.toString(), sources, IngestPlan.DEFAULT_SHARD_BYTES));
      IngestResult clean =
          new IngestJob(spark)
              .run(new IngestPlan(root + "/clean", sources, IngestPlan.DEFAULT_SHARD_BYTES));

      assertThat(resumed.unitsReused()).isEqualTo(stagedBeforeRerun);
      assertThat(resumed.rows()).isEqualTo(CLASSES * PER_CLASS);
      assertThat(resumed.contentHash()).isEqualTo(clean.contentHash());
      assertThat(resumed.perClass()).isEqualTo(clean.perClass());
      long distinct = spark.read().parquet(out + "/images").select("id").distinct().count();
      assertThat(distinct).isEqualTo(CLASSES * PER_CLASS);
      List<String> names = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> files =
          fs.listFiles(new org.apache.hadoop.fs.Path(out), true);
      while (files.hasNext()) {
        names.add(files.next().getPath().toString());
      }
      assertThat(names)
          .isNotEmpty()
          .noneMatch(n -> n.contains("/_tmp-") || n.contains("/_temporary"))
          .noneMatch(n -> n.contains("/_staging"));
    } finally {
      spark.stop();
    }
  }

  private static int staged(FileSystem fs, org.apache.hadoop.fs.Path staging) throws IOException {
    if (!fs.exists(staging)) {
      return 0;
    }
    int n = 0;
    for (FileStatus f : fs.listStatus(staging)) {
      String name = f.getPath().getName();
      n += name.startsWith("unit-") && name.endsWith(".parquet") ? 1 : 0;
    }
    return n;
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
