package io.fcddspark.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.spark.SparkSessions;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest job reading from and writing to a real (in-process) HDFS. */
class IngestOnHdfsTest {
  @TempDir static Path base;
  private static MiniDFSCluster hdfs;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    spark = SparkSessions.local("local[2]", "ingest-hdfs-test");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void ingestsFromHdfsToHdfs() throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    String root = fs.getUri() + "/corpora/toy";
    write(
        fs,
        root + "/images",
        0x00000803,
        new int[] {3, 2, 2},
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    write(fs, root + "/labels", 0x00000801, new int[] {3}, new byte[] {0, 1, 1});
    String out = fs.getUri() + "/ingested/toy";

    IngestResult r =
        new IngestJob(spark)
            .execute(
                new IngestConfig(
                    out,
                    List.of(
                        new IdxSource(
                            "toy", "train", root + "/images", root + "/labels", List.of("a", "b"))),
                    IngestConfig.DEFAULT_SHARD_BYTES));

    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.rejects()).isZero();
    assertThat(spark.read().parquet(out + "/images").count()).isEqualTo(3);
    assertThat(
            fs.exists(
                new org.apache.hadoop.fs.Path(
                    out + "/images/dataset=toy/split=train/class_name=b")))
        .isTrue();
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(out + "/manifest.json"))) {
      JsonNode manifest = new ObjectMapper().readTree(in);
      assertThat(manifest.at("/result/rows").asLong()).isEqualTo(3);
      assertThat(manifest.at("/inputs/0/uri").asText()).startsWith("hdfs://");
      assertThat(manifest.at("/inputs/0/bytes").asLong()).isEqualTo(16 + 12);
    }
  }

  private static void write(FileSystem fs, String uri, int magic, int[] dims, byte[] body)
      throws Exception {
    try (DataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri))) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
  }
}
