package io.fcddspark.ingest;

import java.io.IOException;
import java.io.InputStream;

/** Opens an input by URI (HDFS, local, ...): the only I/O the readers need. */
@FunctionalInterface
public interface FileOpener {
  InputStream open(String uri) throws IOException;
}
