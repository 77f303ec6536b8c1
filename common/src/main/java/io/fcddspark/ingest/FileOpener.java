package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;

/** Opens an input by URI (HDFS, local, ...): the only I/O the readers need. */
@FunctionalInterface
public interface FileOpener {
  InputStream open(String uri) throws IOException;

  /**
   * The {@code length} bytes of {@code uri} from {@code offset} (a member of a tar of tars). The
   * default skips; a file system that can seek overrides it.
   */
  default InputStream open(String uri, long offset, long length) throws IOException {
    InputStream in = open(uri);
    try {
      in.skipNBytes(offset);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new RangeInputStream(in, length);
  }
}
