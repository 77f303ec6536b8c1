package io.fcddspark.spark;

import io.fcddspark.storage.CorruptFileException;
import io.fcddspark.storage.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on any Hadoop file system (local disk, HDFS, object stores with a Hadoop connector): a
 * write goes to a temporary file beside its target, then is renamed into place ({@link
 * HadoopFiles}).
 */
public final class HadoopFileStore implements FileStore {
  private final Configuration hadoop;

  public HadoopFileStore(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  @Override
  public Optional<byte[]> read(String path) {
    return Optional.ofNullable(HadoopFiles.readBytesIfExists(hadoop, new Path(path)));
  }

  @Override
  public Optional<byte[]> readChecked(String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(in.readAllBytes());
      } catch (ChecksumException e) {
        throw new CorruptFileException(path, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String path) {
    Path p = new Path(path);
    try {
      p.getFileSystem(hadoop).delete(p, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(String path, Writer writer) {
    HadoopFiles.writeStream(hadoop, new Path(path), writer);
  }

  @Override
  public boolean exists(String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(hadoop).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look for " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> list(String dir, String suffix) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(p, f -> f.getName().endsWith(suffix)))
          .map(FileStatus::getPath)
          .map(Path::getName)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
