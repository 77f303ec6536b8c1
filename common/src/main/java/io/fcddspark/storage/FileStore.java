package io.fcddspark.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where a job's files live (local disk, HDFS, an object store), as the core sees it: read, write
 * atomically, test and list, by path. Writers replace a file whole: a reader sees the old file or
 * the new one, never a part.
 */
public interface FileStore {
  /** The name prefix of a file being written, before it is moved into place. */
  String TEMPORARY_PREFIX = "_tmp-";

  /** Writes the content of one file to the stream it is given. */
  @FunctionalInterface
  interface Writer {
    /** Writes to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** The bytes of the file at {@code path}, or empty when there is no such file. */
  Optional<byte[]> read(String path);

  /**
   * The bytes of the file at {@code path}, checked against the store's own checksums where it keeps
   * them (HDFS's, Hadoop's local .crc files), which fail with a {@link CorruptFileException}; empty
   * when there is no such file. {@link #read} skips side checksums that other tools leave stale (a
   * git checkout of a kept record); use this for files only this code writes, such as models.
   */
  default Optional<byte[]> readChecked(String path) {
    return read(path);
  }

  /**
   * The bytes of the file at {@code path}; a missing file is an error naming it and {@code why}.
   */
  default byte[] require(String path, String why) {
    return read(path)
        .orElseThrow(
            () -> new IllegalStateException(why + " needs " + path + ", which is missing"));
  }

  /** Replaces the file at {@code path} with what {@code writer} writes, atomically. */
  void write(String path, Writer writer);

  /** Replaces the file at {@code path} with {@code bytes}, atomically. */
  default void write(String path, byte[] bytes) {
    write(path, out -> out.write(bytes));
  }

  /** Deletes the file at {@code path}, if there is one. */
  void delete(String path);

  /** Whether a file or folder is at {@code path}. */
  boolean exists(String path);

  /**
   * The names of the files in the folder {@code dir} ending in {@code suffix}, sorted; none when it
   * is missing.
   */
  List<String> list(String dir, String suffix);
}
