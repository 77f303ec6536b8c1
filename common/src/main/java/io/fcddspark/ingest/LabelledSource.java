package io.fcddspark.ingest;

/** A source whose every image carries the same labels. */
public interface LabelledSource extends IngestSource {
  /** The labels of every image of this source. */
  ImageLabels labels();
}
