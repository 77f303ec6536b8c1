package io.fcddspark.studies;

import io.fcddspark.pipeline.SweepCell;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A cell of a sweep's schedule study: the same cell trained longer, with a record whose key equals
 * the sweep's but for the schedule (the same training settings, data, OE corpus, workers and
 * evaluation), and its metric by epoch. Since the learning-rate schedule does not depend on the
 * number of epochs, its snapshot after e epochs is the model an e-epoch run gives.
 *
 * @param cell the cell (the sweep's dataset, variation, class and seed)
 * @param schedule the study's schedule ("40 epochs, snapshots [...]")
 * @param record where its record was read
 * @param history its metric by epoch, at least two epochs
 */
public record LongerRun(
    SweepCell cell, String schedule, String record, SortedMap<Integer, Double> history) {
  /** A run with {@code history} in any map (copied in epoch order). */
  public LongerRun(SweepCell cell, String schedule, String record, Map<Integer, Double> history) {
    this(cell, schedule, record, new TreeMap<>(history));
  }

  public LongerRun {
    history = Collections.unmodifiableSortedMap(new TreeMap<>(history));
    if (history.size() < 2) {
      throw new IllegalArgumentException(
          "The longer run "
              + record
              + " has "
              + history.size()
              + " evaluated epochs, not 2 or more");
    }
  }

  /** The last evaluated epoch. */
  public int lastEpoch() {
    return history.lastKey();
  }
}
