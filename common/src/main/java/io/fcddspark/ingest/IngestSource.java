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

  /**
   * What identifies this unit of work across runs: equal keys mean equal outcomes, so a resumed job
   * skips a unit whose key it has already staged. The default is the record's text (every
   * component, decoding options included); override it where that text is not a value.
   */
  default String unitKey() {
    return getClass().getName() + ":" + this;
  }
}
