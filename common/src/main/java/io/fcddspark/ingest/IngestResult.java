package io.fcddspark.ingest;

import java.util.Map;

/**
 * What one ingest run wrote.
 *
 * @param inputs inputs accounted for (records the sources declare; 1 per unreadable source)
 * @param rows images written
 * @param rejects rejects written
 * @param perClass rows per "dataset/split/class"
 * @param contentHash order-independent hash of the written (id, content hash) pairs
 * @param units units of work (sources after planning) the run covers
 * @param unitsReused units this run did not redo: staged by an earlier, killed run, or all of them
 *     when the output was already complete
 */
public record IngestResult(
    long inputs,
    long rows,
    long rejects,
    Map<String, Long> perClass,
    String contentHash,
    int units,
    int unitsReused,
    double stageSeconds,
    double finishSeconds) {
  /** This result with the run's units and phase times. */
  public IngestResult withRun(
      int units, int unitsReused, double stageSeconds, double finishSeconds) {
    return new IngestResult(
        inputs,
        rows,
        rejects,
        perClass,
        contentHash,
        units,
        unitsReused,
        stageSeconds,
        finishSeconds);
  }
}
