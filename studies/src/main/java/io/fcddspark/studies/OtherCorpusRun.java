package io.fcddspark.studies;

import io.fcddspark.pipeline.SweepCell;

/**
 * A cell of a sweep's OE-corpus study: the same cell trained with another OE corpus, from a record
 * whose key equals the sweep's but for the corpus (the same training settings, schedule, data,
 * workers and evaluation; the corpus's content hash and the dataset name it is read under differ).
 * What it gives against what the sweep's cell gives is what the corpus does to the class.
 *
 * @param cell the cell (the sweep's dataset, variation, class and seed)
 * @param corpus the other corpus, as its ingest config names it (e.g. conf/ingest/clipart-oe.yaml)
 * @param record where its record was read
 * @param value its metric
 * @param anomalyClasses its final model's metric against each anomalous class alone (may be empty)
 */
public record OtherCorpusRun(
    SweepCell cell,
    String corpus,
    String record,
    double value,
    java.util.SortedMap<Integer, Double> anomalyClasses) {
  /** A run without a breakdown by anomalous class. */
  public OtherCorpusRun(SweepCell cell, String corpus, String record, double value) {
    this(cell, corpus, record, value, new java.util.TreeMap<>());
  }

  public OtherCorpusRun {
    anomalyClasses =
        java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(anomalyClasses));
    java.util.Objects.requireNonNull(cell, "cell");
    java.util.Objects.requireNonNull(corpus, "corpus");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("The OE study's record " + record + " has no value");
    }
  }
}
