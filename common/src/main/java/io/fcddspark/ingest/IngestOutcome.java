package io.fcddspark.ingest;

/** What became of one input: an image, or a reject. */
public sealed interface IngestOutcome {
  /** An ingested image. */
  record Accepted(IngestedImage image) implements IngestOutcome {}

  /** A rejected input. */
  record Rejected(IngestReject reject) implements IngestOutcome {}
}
