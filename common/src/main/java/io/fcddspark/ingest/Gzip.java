package io.fcddspark.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Gzip by content, not by file name: the readers accept compressed and plain inputs alike. */
final class Gzip {
  private Gzip() {}

  /** {@code raw}, decompressed when it starts with the gzip magic bytes 1f 8b. */
  static InputStream maybeGunzip(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b
        ? new BufferedInputStream(new GzipCompressorInputStream(in, true), 1 << 16)
        : in;
  }
}
