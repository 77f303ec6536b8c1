package io.fcddspark.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A file whose bytes fail the store's own checksums (HDFS's, Hadoop's local .crc files). */
public final class CorruptFileException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /** The file at {@code path} failed its checksum, as {@code cause} says. */
  public CorruptFileException(String path, IOException cause) {
    super(path + ": " + cause.getMessage(), cause);
  }
}
