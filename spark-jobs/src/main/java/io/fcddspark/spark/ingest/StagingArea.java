package io.fcddspark.spark.ingest;

import io.fcddspark.storage.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The ingest job's {@code _staging/} folder on the driver: which units are staged, how large they
 * are, and its removal. Each question is answered from one listing, not one call per unit (21,841
 * units for ImageNet-22k).
 */
final class StagingArea {
  private final Path dir;
  private final FileSystem fs;

  StagingArea(Configuration hadoop, String dir) {
    this.dir = new Path(dir);
    try {
      this.fs = this.dir.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach the staging area " + dir, e);
    }
  }

  /**
   * The staged units' files by name with their sizes, after deleting the temporary files a killed
   * run left.
   */
  Map<String, Long> scan() {
    Map<String, Long> staged = new HashMap<>();
    try {
      if (!fs.exists(dir)) {
        return staged;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (name.startsWith(FileStore.TEMPORARY_PREFIX)) {
          fs.delete(f.getPath(), false);
        } else {
          staged.put(name, f.getLen());
        }
      }
      return staged;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the staging area " + dir, e);
    }
  }

  /** The total size of {@code files}, all of which must be staged. */
  long bytes(List<String> files) {
    Map<String, Long> staged = scan();
    long total = 0;
    for (String f : files) {
      Long len = staged.get(new Path(f).getName());
      if (len == null) {
        throw new IllegalStateException("Staged file " + f + " is missing after staging");
      }
      total += len;
    }
    return total;
  }

  /** Whether {@code file} is among {@code staged}. */
  static boolean contains(Map<String, Long> staged, String file) {
    return staged.containsKey(new Path(file).getName());
  }

  void delete() {
    try {
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the staging area " + dir, e);
    }
  }
}
