package io.fcddspark.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/** One unit of ingest work (a file pair, an archive, ...), read by one Spark task. */
public interface IngestSource extends Serializable {
  /** The files this source reads, for the manifest. */
  List<String> inputUris();

  /**
   * Reads the source and hands every input to {@code sink} as an image or a reject; returns how
   * many inputs it accounted for, which must equal the outcomes it produced.
   */
  long ingest(FileOpener opener, Consumer<IngestOutcome> sink);
}
