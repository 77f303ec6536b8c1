package io.fcddspark.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fcddspark.storage.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small JSON and binary files (metadata, figures, reports) on any Hadoop file system (local, HDFS),
 * written atomically.
 */
public final class HadoopFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HadoopFiles() {}

  /** Writes {@code value} as indented JSON to {@code path}: a temporary file, then a rename. */
  public static void write(Configuration hadoop, Path path, Object value) {
    try {
      writeBytes(hadoop, path, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }

  /** Writes {@code bytes} to {@code path}: a temporary file, then a rename. */
  public static void writeBytes(Configuration hadoop, Path path, byte[] bytes) {
    writeStream(hadoop, path, o -> o.write(bytes));
  }

  /** Writes what {@code writer} writes to {@code path}: a temporary file, then a rename. */
  static void writeStream(Configuration hadoop, Path path, FileStore.Writer writer) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      Path tmp = new Path(path.getParent(), FileStore.TEMPORARY_PREFIX + path.getName());
      try (OutputStream o = fs.create(tmp, true)) {
        writer.writeTo(o);
      }
      fs.delete(path, false);
      if (!fs.rename(tmp, path)) {
        throw new IOException("Cannot rename " + tmp + " to " + path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }

  /**
   * The bytes of the file at {@code path}, or null when there is no such file. A local file is read
   * without Hadoop's {@code .crc} side file: that goes stale when anything but Hadoop rewrites the
   * file (a git checkout of a sweep's kept records), and the read would then fail.
   */
  public static byte[] readBytesIfExists(Configuration hadoop, Path path) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (fs instanceof LocalFileSystem local) {
        fs = local.getRawFileSystem();
      }
      if (!fs.exists(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The JSON document at {@code path}, or null when there is no such file. */
  public static JsonNode readIfExists(Configuration hadoop, Path path) {
    byte[] bytes = readBytesIfExists(hadoop, path);
    if (bytes == null) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + path + ": " + e.getMessage(), e);
    }
  }
}
