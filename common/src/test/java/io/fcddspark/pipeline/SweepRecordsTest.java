package io.fcddspark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.storage.LocalFileStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRecordsTest {
  private static final SweepCell CELL = new SweepCell("fmnist", "oe", 0, 0);

  private static SweepConfig config(Path dir, boolean records) {
    return ConfigLoader.parse(
        String.join(
            "\n",
            "output: " + dir.resolve("out"),
            records ? "records: " + dir.resolve("records") : "",
            "datasets:",
            "  - name: fmnist",
            "    classes: [0]",
            "    ingest: {config: i.yaml}",
            "    train: {config: t.yaml}",
            "    evaluate: {config: e.yaml}",
            "variations: [{name: oe}]",
            ""),
        "sweep.yaml",
        List.of(),
        SweepConfig.class);
  }

  private static CellKey key(String schedule, String evaluate) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("training", "t");
    parts.put("schedule", schedule);
    parts.put("evaluate", evaluate);
    return new CellKey(schedule + "/" + evaluate, parts);
  }

  private static CellRecord record(CellKey key, CellRecord.Status status, double value) {
    return new CellRecord(
        CELL.dataset(),
        CELL.variation(),
        CELL.nominalClass(),
        CELL.seed(),
        key.key(),
        key.parts(),
        "sample_auc",
        null,
        status,
        status == CellRecord.Status.DONE ? value : null,
        3,
        10.0,
        List.of(),
        null,
        status == CellRecord.Status.FAILED ? "boom" : null,
        null,
        null,
        "test",
        "now");
  }

  @Test
  void aCellIsFinishedFromItsFolderOrElseFromTheRecordsFolder(@TempDir Path dir) {
    SweepConfig config = config(dir, true);
    SweepRecords records = new SweepRecords(new LocalFileStore(), config);
    String folder = config.folderOf(CELL);
    CellKey key = key("3 epochs", "e1");
    assertThat(records.previous(CELL, folder, key)).isNull();

    // A clone with only the records folder: the kept record is found.
    CellRecord kept = record(key, CellRecord.Status.DONE, 0.9);
    records.keep(kept);
    assertThat(records.previous(CELL, folder, key)).isEqualTo(kept);
    assertThat(SweepRecords.finished(records.previous(CELL, folder, key), key)).isTrue();

    // The cell's own finished record wins; a failed one is written but not kept.
    CellRecord own = record(key, CellRecord.Status.DONE, 0.8);
    records.write(folder, own);
    assertThat(records.previous(CELL, folder, key)).isEqualTo(own);
    assertThat(records.read(config.recordOf(CELL))).isEqualTo(own);
    records.write(folder, record(key, CellRecord.Status.FAILED, 0));
    assertThat(records.previous(CELL, folder, key)).isEqualTo(own);
    assertThat(records.read(folder + "/" + SweepRecords.CELL_FILE).done()).isFalse();
  }

  @Test
  void aRecordUnderAnotherKeySaysWhatDiffersAndWhetherItTrainedTheSame() {
    CellRecord shorter = record(key("2 epochs", "e1"), CellRecord.Status.DONE, 0.9);
    CellKey now = key("3 epochs", "e2");

    assertThat(SweepRecords.finished(shorter, now)).isFalse();
    assertThat(SweepRecords.sameTraining(shorter, now)).isTrue();
    assertThat(SweepRecords.notReused(shorter, now))
        .isEqualTo(
            "its finished record is not reused and the cell runs again: it differs from this run"
                + " in its schedule, evaluate");
    Map<String, String> otherTraining = new LinkedHashMap<>(now.parts());
    otherTraining.put("training", "t2");
    assertThat(SweepRecords.sameTraining(shorter, new CellKey("x", otherTraining))).isFalse();
  }

  @Test
  void withoutARecordsFolderOnlyTheCellsOwnRecordCounts(@TempDir Path dir) {
    SweepConfig config = config(dir, false);
    SweepRecords records = new SweepRecords(new LocalFileStore(), config);
    CellKey key = key("3 epochs", "e1");
    CellRecord own = record(key, CellRecord.Status.DONE, 0.7);

    records.write(config.folderOf(CELL), own);

    assertThat(records.previous(CELL, config.folderOf(CELL), key)).isEqualTo(own);
  }
}
