package io.fcddspark.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS in this JVM (one name node, one data node) for tests, and reads of its files. */
public final class MiniHdfs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MiniDFSCluster cluster;

  private MiniHdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts one with its storage under {@code base}. */
  public static MiniHdfs start(Path base) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    return new MiniHdfs(cluster);
  }

  public FileSystem fs() throws IOException {
    return cluster.getFileSystem();
  }

  /** Its URI, {@code hdfs://localhost:PORT}: the root of absolute paths on it. */
  public String root() throws IOException {
    return fs().getUri().toString();
  }

  /** The text of {@code path}. */
  public String text(String path) throws IOException {
    try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The JSON document at {@code path}. */
  public JsonNode json(String path) throws IOException {
    return JSON.readTree(text(path));
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}
