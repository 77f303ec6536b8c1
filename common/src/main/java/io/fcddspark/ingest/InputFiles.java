package io.fcddspark.ingest;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Where an ingest's inputs lie (HDFS, local disk), as its planner sees them: list, look up, open. A
 * missing file or folder is a {@link java.io.FileNotFoundException}.
 */
public interface InputFiles extends FileOpener {
  /** An entry of a folder: its URI, and whether it is a folder. */
  record Entry(String uri, boolean folder) {}

  /** The entries of the folder {@code dir}, in any order. */
  List<Entry> entries(String dir) throws IOException;

  /** The URIs of the files under {@code dir}, recursively, in any order. */
  List<String> filesUnder(String dir) throws IOException;

  /**
   * {@code dir} as the listings name it (scheme and authority added where the store has them, no
   * trailing "/"), so that a listed file's path relative to {@code dir} is what follows it and "/".
   */
  String qualified(String dir) throws IOException;

  /** Whether {@code uri} is a folder (else a file). */
  boolean isFolder(String uri) throws IOException;

  /** Whether a file or folder is at {@code uri}. */
  boolean exists(String uri) throws IOException;

  /** The file {@code uri} as a read-only seekable channel (a tar's headers). */
  SeekableByteChannel channel(String uri) throws IOException;
}
