package io.fcddspark.pipeline;

import io.fcddspark.storage.FileStore;
import java.util.List;

/**
 * A sweep's cell records and the rules for reusing them: a cell is finished when its own folder's
 * {@code cell.json}, or else its copy in the sweep's {@code records} folder, is done under the same
 * {@link CellKey}; a finished record is copied to the records folder when that lacks it.
 */
public final class SweepRecords {
  /** A cell's record in its own folder. */
  public static final String CELL_FILE = "cell.json";

  private final FileStore files;
  private final SweepConfig config;

  /** The records of {@code config}'s cells in {@code files}. */
  public SweepRecords(FileStore files, SweepConfig config) {
    this.files = files;
    this.config = config;
  }

  /**
   * The cell's last record: its folder's, unless that is not finished under {@code key} and the
   * records folder has one; null when neither exists.
   */
  public CellRecord previous(SweepCell cell, String folder, CellKey key) {
    CellRecord own = read(folder + "/" + CELL_FILE);
    if (finished(own, key) || config.records() == null) {
      return own;
    }
    CellRecord kept = read(config.recordOf(cell));
    return kept != null ? kept : own;
  }

  /** Whether {@code record} (or null) is a finished cell's under {@code key}. */
  public static boolean finished(CellRecord record, CellKey key) {
    return record != null && record.doneUnder(key);
  }

  /**
   * Whether {@code record} (or null) is a finished cell's that trained what {@code key} trains,
   * perhaps for fewer epochs: its key differs at most in the schedule and the evaluation.
   */
  public static boolean sameTraining(CellRecord record, CellKey key) {
    if (record == null || !record.done()) {
      return false;
    }
    List<String> differ = record.differencesFrom(key);
    return differ != null && List.of("schedule", "evaluate").containsAll(differ);
  }

  /** Why a finished cell's record does not count for this run: which parts of its key differ. */
  public static String notReused(CellRecord record, CellKey key) {
    List<String> differ = record.differencesFrom(key);
    return "its finished record is not reused and the cell runs again: "
        + (differ == null
            ? "it was made under another key (it names no key parts)"
            : "it differs from this run in its " + String.join(", ", differ));
  }

  /** Writes a cell's record to its folder, and keeps a finished one in the records folder. */
  public void write(String folder, CellRecord record) {
    files.write(folder + "/" + CELL_FILE, record.toJson());
    if (record.done()) {
      keep(record);
    }
  }

  /** Copies a finished cell's record to the records folder, when there is one and it lacks it. */
  public void keep(CellRecord record) {
    if (config.records() == null) {
      return;
    }
    String path = config.recordOf(record.cell());
    if (!record.equals(read(path))) {
      files.write(path, record.toJson());
    }
  }

  /** The record at {@code path}, or null when there is none. */
  public CellRecord read(String path) {
    return files.read(path).map(json -> CellRecord.read(json, path)).orElse(null);
  }
}
