package io.fcddspark.studies;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.pipeline.CellKey;
import io.fcddspark.pipeline.CellRecord;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.storage.FileStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads what a targets study cites from files alone: a sweep's cell records, its schedule and OE
 * studies' records of the same cells, and the reference implementation's runs. A study's record is
 * used only when its key equals the sweep's record's but for what the study varies; every record
 * left out is named with its reason.
 */
final class StudyRecords {
  private final FileStore files;
  private final Consumer<String> progress;

  StudyRecords(FileStore files, Consumer<String> progress) {
    this.files = files;
    this.progress = progress;
  }

  /** The records of {@code sweep}'s cells that its records folder holds, in the sweep's order. */
  List<CellRecord> cells(SweepConfig sweep) {
    if (sweep.records() == null) {
      throw new ConfigException(
          "Cannot study the sweep " + sweep.title() + ": it keeps no records (set records there)");
    }
    List<CellRecord> out = new ArrayList<>();
    for (var cell : sweep.cells()) {
      CellRecord r = read(sweep.recordOf(cell));
      if (r != null) {
        out.add(r);
      }
    }
    progress.accept("study: " + out.size() + " of " + sweep.cells().size() + " cells recorded");
    return out;
  }

  /**
   * The schedule study's records of the first variation's cells whose key equals the cell's but for
   * the schedule, with at least two evaluated epochs.
   */
  List<LongerRun> longerRuns(SweepConfig sweep, List<CellRecord> cells, String studyConfig) {
    List<LongerRun> out = new ArrayList<>();
    if (studyConfig == null) {
      return out;
    }
    SweepConfig study = load("scheduleStudy", studyConfig);
    for (Pair p : pairs(sweep, cells, study)) {
      String why = notUsedBecause(p.study().differencesFrom(p.key()), "schedule", "schedule");
      if (why != null) {
        progress.accept("study: the schedule study's record " + p.path() + " is not used: " + why);
        continue;
      }
      if (p.study().history() != null && p.study().history().size() >= 2) {
        out.add(
            new LongerRun(
                p.cell().cell(),
                p.study().keyParts().get("schedule"),
                p.path(),
                p.study().history()));
      }
    }
    progress.accept("study: " + out.size() + " longer runs from the schedule study " + studyConfig);
    return out;
  }

  /**
   * The OE-corpus study's records of the first variation's cells whose key equals the cell's but
   * for the OE corpus: its content hash, and the training part only where the two training configs
   * differ in nothing but the corpus's dataset name ({@link
   * CellKey#sameTrainingButOutlierExposure}).
   */
  List<OtherCorpusRun> otherCorpusRuns(
      SweepConfig sweep, List<CellRecord> cells, String studyConfig) {
    List<OtherCorpusRun> out = new ArrayList<>();
    if (studyConfig == null) {
      return out;
    }
    SweepConfig study = load("oeStudy", studyConfig);
    for (Pair p : pairs(sweep, cells, study)) {
      List<String> differ = p.study().differencesFrom(p.key());
      if (differ != null
          && differ.contains("training")
          && CellKey.sameTrainingButOutlierExposure(
              p.cell().trainConfig(), p.study().trainConfig())) {
        differ = new ArrayList<>(differ);
        differ.remove("training");
      }
      String why = notUsedBecause(differ, "outlierExposure", "OE corpus");
      if (why != null) {
        progress.accept("study: the OE study's record " + p.path() + " is not used: " + why);
        continue;
      }
      SweepConfig.Dataset d = study.dataset(p.cell().dataset());
      out.add(
          new OtherCorpusRun(
              p.cell().cell(),
              d.outlierExposure() != null
                  ? d.outlierExposure().config()
                  : Objects.requireNonNullElse(d.outlierExposureInput(), "none"),
              p.path(),
              p.study().value() == null ? Double.NaN : p.study().value(),
              p.study().outcome().anomalyClasses()));
    }
    progress.accept(
        "study: " + out.size() + " runs with another OE corpus from the OE study " + studyConfig);
    return out;
  }

  /**
   * The reference implementation's runs in {@code folder} ({@code bench/reference-fcdd.sh} writes
   * one JSON per class and seed) of the sweep's classes, on the very OE images the sweep's records
   * trained on (the same content hash).
   */
  List<ReferenceRun> referenceRuns(SweepConfig sweep, List<CellRecord> cells, String folder) {
    List<ReferenceRun> out = new ArrayList<>();
    if (folder == null) {
      return out;
    }
    List<String> names = files.list(folder, ".json");
    if (names.isEmpty()) {
      progress.accept("study: no reference runs in " + folder + " yet");
    }
    for (String file : names) {
      String name = folder + "/" + file;
      ReferenceRunRecord r = ReferenceRunRecord.read(files.require(name, "The study"), name);
      String why = r.notUsedBecause(sweep, cells);
      if (why != null) {
        progress.accept("study: the reference run " + name + " is not used: " + why);
        continue;
      }
      out.add(r.run(name));
    }
    progress.accept(
        "study: " + out.size() + " of " + names.size() + " reference runs used from " + folder);
    return out;
  }

  /** A first-variation cell's record, its key, and a study's finished record of the same cell. */
  private record Pair(CellRecord cell, CellKey key, String path, CellRecord study) {}

  private List<Pair> pairs(SweepConfig sweep, List<CellRecord> cells, SweepConfig study) {
    String primary = sweep.variations().get(0).name();
    List<Pair> out = new ArrayList<>();
    for (CellRecord c : cells) {
      if (!c.done() || !c.variation().equals(primary) || c.keyParts() == null) {
        continue;
      }
      String path = study.recordOf(c.cell());
      CellRecord r = read(path);
      if (r != null && r.done()) {
        out.add(new Pair(c, new CellKey(c.key(), c.keyParts()), path, r));
      }
    }
    return out;
  }

  /**
   * Why a study's record that differs from its cell in {@code differ} (null: it names no parts) is
   * not used, or null when it differs in {@code studied} alone, the key part its study varies
   * (called {@code studiedName} in messages).
   */
  private static String notUsedBecause(List<String> differ, String studied, String studiedName) {
    if (differ == null) {
      return "it names no key parts";
    }
    if (differ.isEmpty()) {
      return "it has this sweep's " + studiedName;
    }
    return List.of(studied).equals(differ)
        ? null
        : "it differs from this sweep's cell in its " + String.join(", ", differ);
  }

  private static SweepConfig load(String key, String studyConfig) {
    SweepConfig study =
        ConfigLoader.load(java.nio.file.Path.of(studyConfig), List.of(), SweepConfig.class);
    if (study.records() == null) {
      throw new ConfigException(
          "Cannot read the "
              + key
              + " "
              + studyConfig
              + ": it keeps no records (set records there)");
    }
    return study;
  }

  private CellRecord read(String path) {
    return files.read(path).map(json -> CellRecord.read(json, path)).orElse(null);
  }
}
