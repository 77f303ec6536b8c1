package io.fcddspark.spark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.job.Job;
import io.fcddspark.pipeline.CellKey;
import io.fcddspark.pipeline.LongerRun;
import io.fcddspark.pipeline.OtherCorpusRun;
import io.fcddspark.pipeline.SweepCell;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepTable;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.Hardware;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.evaluate.EvaluateResult;
import io.fcddspark.spark.ingest.IngestConfig;
import io.fcddspark.spark.train.DistributedTrainer;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainResult;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.TrainConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a {@link SweepConfig}'s grid: ingests each dataset (and its OE corpus) once, then trains and
 * evaluates every cell, aggregates the results over seeds, ranks each dataset's variations against
 * its published tables, and writes the results table.
 *
 * <p>A cell is finished when its {@code cell.json} (or its record) says so under the same {@link
 * CellKey}: its settings without locations, its schedule and workers, and the content hashes of its
 * data and OE corpus. A finished record under another key is not reused, and the sweep says which
 * parts differ. Such cells are skipped without any Spark work, so a killed sweep run again
 * continues with the first unfinished cell (whose training resumes from its last checkpoint). A
 * cell that fails is recorded with its error and the sweep goes on; a config error in any cell
 * stops the sweep before any work.
 */
public final class SweepJob implements Job<SweepConfig, SweepJob.Result> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Consumer<String> progress;
  private final String command;
  private final Map<String, String> contentHashes = new java.util.HashMap<>();

  /**
   * A sweep on {@code spark} printing its progress to {@code progress}; {@code command} is the
   * command line that started it, for the results page.
   */
  public SweepJob(SparkSession spark, Consumer<String> progress, String command) {
    this.spark = spark;
    this.progress = progress;
    this.command = command;
  }

  /**
   * What a sweep did.
   *
   * @param outcomes every cell's outcome, in run order
   * @param reused cells found finished
   * @param failed cells that failed
   * @param seconds this run's wall time
   * @param table the per-cell results CSV
   * @param markdown the results page
   */
  public record Result(
      List<SweepTable.Outcome> outcomes,
      int reused,
      int failed,
      double seconds,
      String table,
      String markdown) {
    /** One line for a scheduler's log: counts, time and where the results are. */
    public String summary() {
      return String.format(
          Locale.ROOT,
          "sweep: %d cells: %d done (%d reused), %d failed in %.1f min; results %s",
          outcomes.size(),
          outcomes.size() - failed,
          reused,
          failed,
          seconds / 60,
          markdown);
    }
  }

  /** A cell with its resolved configs and its key. */
  record Plan(SweepCell cell, String folder, TrainConfig train, EvaluateConfig evaluate) {}

  /** Runs the sweep. */
  @Override
  public Result run(SweepConfig config) {
    Instant start = Instant.now();
    contentHashes.clear();
    List<Plan> plans = plan(config);
    Map<String, IngestConfig> ingests = new LinkedHashMap<>();
    Map<String, IngestConfig> oeIngests = new LinkedHashMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      if (d.ingest() != null) {
        ingests.put(
            d.name(), inDataset(d, () -> Stages.ingestConfig(d.ingest(), config.dataOf(d))));
      }
      if (d.outlierExposure() != null) {
        oeIngests.put(
            d.name(),
            inDataset(
                d, () -> Stages.ingestConfig(d.outlierExposure(), config.outlierExposureOf(d))));
      }
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, String> ingestFailures = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      try {
        if (d.ingest() != null) {
          progress.accept("sweep: ingest " + d.name() + " (" + d.ingest().config() + ")");
          Stages.ingest(spark, ingests.get(d.name()));
        }
        if (d.outlierExposure() != null) {
          progress.accept(
              "sweep: ingest " + d.name() + " OE (" + d.outlierExposure().config() + ")");
          Stages.ingest(spark, oeIngests.get(d.name()));
        }
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        ingestFailures.put(d.name(), "ingest failed: " + message(e));
        progress.accept("sweep: " + d.name() + ": ingest failed, its cells are skipped: " + e);
      }
    }

    SweepResults written =
        new SweepResults(
            spark,
            progress,
            new SweepTable.Studies(
                longerRuns(config, plans, ingestFailures),
                otherCorpusRuns(config, plans, ingestFailures),
                new ReferenceRunRecords(hadoop, progress, this::contentHash)
                    .read(config, ingestFailures)));
    List<SweepTable.Outcome> outcomes = new ArrayList<>();
    int reused = 0;
    int ran = 0;
    Instant cellsStart = Instant.now();
    for (Plan p : plans) {
      String ingestFailure = ingestFailures.get(p.cell().dataset());
      if (ingestFailure != null) {
        outcomes.add(new SweepTable.Outcome(p.cell(), false, Double.NaN, 0, 0, ingestFailure));
        continue;
      }
      CellKey key = key(p);
      JsonNode previous = HadoopFiles.readIfExists(hadoop, new Path(p.folder(), "cell.json"));
      if (!finished(previous, key) && config.records() != null) {
        JsonNode record = HadoopFiles.readIfExists(hadoop, new Path(config.recordOf(p.cell())));
        previous = record != null ? record : previous;
      }
      if (finished(previous, key)) {
        keepRecord(config, p.cell(), previous);
        outcomes.add(
            finishedOutcome(
                p.cell(),
                config.metric(),
                previous.path("value").asDouble(),
                previous.path("epochs").asInt(),
                previous.path("seconds").asDouble(),
                previous.path("metrics")));
        reused++;
        continue;
      }
      if (previous != null && previous.path("status").asText().equals("done")) {
        progress.accept("sweep: " + p.cell() + ": " + notReused(previous, key));
      }
      progress.accept(
          String.format(
              "sweep: [%d/%d] %s%s",
              outcomes.size() + 1,
              plans.size(),
              p.cell(),
              Stages.eta(cellsStart, ran, ran + plans.size() - outcomes.size())));
      if (ran == 0 && reused > 0) {
        // A resumed sweep's table shows the reused cells at once, not after the next cell.
        written.write(config, plans, outcomes, command, false);
      }
      outcomes.add(runCell(config, p, key, previous));
      ran++;
      // The table so far, so that a sweep stopped midway leaves its finished cells tabulated.
      written.write(config, plans, outcomes, command, false);
    }

    double seconds = Stages.seconds(start);
    int failed = (int) outcomes.stream().filter(o -> !o.done()).count();
    String csv = config.output() + "/results.csv";
    String results = written.write(config, plans, outcomes, command, true);
    Result result = new Result(outcomes, reused, failed, seconds, csv, results);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("config", config);
    summary.put("command", command);
    summary.put("summary", result.summary());
    summary.put("cells", outcomes.size());
    summary.put("reused", reused);
    summary.put("failed", failed);
    summary.put("seconds", seconds);
    summary.put("codeVersion", CodeVersion.current().toString());
    summary.put("hardware", Hardware.current());
    summary.put("resources", Resources.current());
    HadoopFiles.write(hadoop, new Path(config.output(), "sweep.json"), summary);
    progress.accept(result.summary());
    return result;
  }

  /** Every cell's configs, resolved up front so that a config error stops the sweep at once. */
  private static List<Plan> plan(SweepConfig config) {
    List<Plan> plans = new ArrayList<>();
    for (SweepCell cell : config.cells()) {
      SweepConfig.Dataset d = config.dataset(cell.dataset());
      SweepConfig.Variation v = config.variation(cell.variation());
      String folder = config.folderOf(cell);
      List<String> set =
          Stages.runOverrides(
              d.train().set(), folder, config.dataOf(d), cell.nominalClass(), cell.seed());
      if (!v.outlierExposure()) {
        set = Stages.with(set, "outlierExposure=null");
      } else if (config.outlierExposureOf(d) != null) {
        set = Stages.with(set, "outlierExposure.input=" + config.outlierExposureOf(d));
      }
      List<String> trainSet = Stages.with(set, v.train());
      TrainConfig train =
          within(
              cell,
              () ->
                  ConfigLoader.load(
                      java.nio.file.Path.of(d.train().config()), trainSet, TrainConfig.class));
      EvaluateConfig evaluate =
          within(
              cell,
              () ->
                  ConfigLoader.load(
                      java.nio.file.Path.of(d.evaluate().config()),
                      Stages.with(Stages.with(d.evaluate().set(), "model=" + folder), v.evaluate()),
                      EvaluateConfig.class));
      plans.add(new Plan(cell, folder, train, evaluate));
    }
    return plans;
  }

  /**
   * Trains and evaluates a cell; {@code previous} is its last finished record under another key (or
   * null), whose time the cell keeps when only its evaluation runs again.
   */
  private SweepTable.Outcome runCell(SweepConfig config, Plan p, CellKey key, JsonNode previous) {
    Instant t = Instant.now();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dataset", p.cell().dataset());
    doc.put("variation", p.cell().variation());
    doc.put("nominalClass", p.cell().nominalClass());
    doc.put("seed", p.cell().seed());
    doc.put("key", key.key());
    doc.put("keyParts", key.parts());
    doc.put("metric", config.metric());
    SweepTable.Outcome outcome;
    try {
      TrainResult trained = new TrainJob(spark).run(p.train());
      Instant evaluationStart = Instant.now();
      EvaluateResult evaluated = new EvaluateJob(spark).run(p.evaluate());
      double value = evaluated.value("model", config.metric());
      double evaluation = Stages.seconds(evaluationStart);
      // The cell's time: its training over every run that trained it, and its evaluation.
      double seconds = Stages.seconds(t);
      if (trained.trainingSeconds() != null) {
        seconds = trained.trainingSeconds() + evaluation;
      } else if (sameTraining(previous, key)
          && trained.resumedFrom() == previous.path("epochs").asInt()) {
        // Models trained before their training time was kept: the record that trained them (to
        // where this run found them) has it.
        seconds =
            previous.path("seconds").asDouble() + (trained.alreadyDone() ? 0 : Stages.seconds(t));
      }
      if (trained.alreadyDone()) {
        doc.put("evaluatedAgainSeconds", evaluation);
      }
      doc.put("status", "done");
      doc.put("value", value);
      doc.put("epochs", trained.epochs());
      doc.put("seconds", seconds);
      doc.put("metrics", evaluated.metrics());
      outcome =
          finishedOutcome(
              p.cell(),
              config.metric(),
              value,
              trained.epochs(),
              seconds,
              JSON.valueToTree(evaluated.metrics()));
      doc.put("history", outcome.history());
      progress.accept(
          String.format(
              Locale.ROOT, "sweep: %s: %s %.4f", p.cell(), config.metric(), outcome.value()));
    } catch (RuntimeException e) {
      String error = message(e);
      doc.put("status", "failed");
      doc.put("error", error);
      doc.put("seconds", Stages.seconds(t));
      outcome = new SweepTable.Outcome(p.cell(), false, Double.NaN, 0, Stages.seconds(t), error);
      progress.accept("sweep: " + p.cell() + " failed: " + error);
    }
    doc.put("train", p.train());
    doc.put("evaluate", p.evaluate());
    doc.put("codeVersion", CodeVersion.current().toString());
    doc.put("finishedAt", Instant.now().toString());
    HadoopFiles.write(
        spark.sparkContext().hadoopConfiguration(), new Path(p.folder(), "cell.json"), doc);
    if (outcome.done()) {
      keepRecord(config, p.cell(), JSON.valueToTree(doc));
    }
    return outcome;
  }

  /**
   * A finished cell's outcome from its evaluation's {@code metrics} rows: {@code metric} by epoch
   * of every evaluated model (snapshots and the final one), and the final model's {@code metric}
   * against each anomalous class ({@link EvaluateJob#ANOMALY_CLASS_AUC}).
   */
  static SweepTable.Outcome finishedOutcome(
      SweepCell cell, String metric, double value, int epochs, double seconds, JsonNode metrics) {
    java.util.SortedMap<Integer, Double> history = new TreeMap<>();
    java.util.SortedMap<Integer, Double> byClass = new TreeMap<>();
    String perClass = metric + "_vs_class_";
    for (JsonNode m : metrics) {
      String name = m.path("metric").asText();
      if (name.equals(metric)) {
        history.put(m.path("epoch").asInt(), m.path("value").asDouble());
      } else if (name.startsWith(perClass) && m.path("model").asText().equals("model")) {
        byClass.put(
            Integer.parseInt(name.substring(perClass.length())), m.path("value").asDouble());
      }
    }
    return new SweepTable.Outcome(cell, true, value, epochs, seconds, null, history, byClass);
  }

  /**
   * The schedule study's records of the first variation's cells ({@link SweepConfig#scheduleStudy})
   * whose key equals the cell's but for the schedule; each record that differs in more is named
   * with its parts and left out.
   */
  private List<LongerRun> longerRuns(
      SweepConfig config, List<Plan> plans, Map<String, String> ingestFailures) {
    List<LongerRun> out = new ArrayList<>();
    if (config.scheduleStudy() == null) {
      return out;
    }
    SweepConfig study = loadStudy("scheduleStudy", config.scheduleStudy());
    for (StudyRecord r : studyRecords(study, config, plans, ingestFailures)) {
      String why = notUsedBecause(r.differ(), "schedule", "schedule");
      if (why != null) {
        progress.accept("sweep: the schedule study's record " + r.path() + " is not used: " + why);
        continue;
      }
      java.util.SortedMap<Integer, Double> history = new TreeMap<>();
      r.record()
          .path("history")
          .fields()
          .forEachRemaining(
              e -> history.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
      if (history.size() >= 2) {
        out.add(
            new LongerRun(
                r.plan().cell(),
                r.record().path("keyParts").path("schedule").asText(),
                r.path(),
                history));
      }
    }
    progress.accept(
        "sweep: " + out.size() + " longer runs from the schedule study " + config.scheduleStudy());
    return out;
  }

  /**
   * The OE-corpus study's records of the first variation's cells ({@link SweepConfig#oeStudy})
   * whose key equals the cell's but for the OE corpus: its content hash, and the training part only
   * where the study's training config differs in nothing but the corpus's dataset name ({@link
   * CellKey#sameTrainingButOutlierExposure}). Each record that differs in more is named and left
   * out.
   */
  private List<OtherCorpusRun> otherCorpusRuns(
      SweepConfig config, List<Plan> plans, Map<String, String> ingestFailures) {
    List<OtherCorpusRun> out = new ArrayList<>();
    if (config.oeStudy() == null) {
      return out;
    }
    SweepConfig study = loadStudy("oeStudy", config.oeStudy());
    for (StudyRecord r : studyRecords(study, config, plans, ingestFailures)) {
      List<String> differ = r.differ() == null ? null : new ArrayList<>(r.differ());
      if (differ != null
          && differ.contains("training")
          && CellKey.sameTrainingButOutlierExposure(r.plan().train(), recordedTrain(r))) {
        differ.remove("training");
      }
      String why = notUsedBecause(differ, "outlierExposure", "OE corpus");
      if (why != null) {
        progress.accept("sweep: the OE study's record " + r.path() + " is not used: " + why);
        continue;
      }
      SweepConfig.Dataset d = study.dataset(r.plan().cell().dataset());
      double value = r.record().path("value").asDouble(Double.NaN);
      out.add(
          new OtherCorpusRun(
              r.plan().cell(),
              d.outlierExposure() != null
                  ? d.outlierExposure().config()
                  : java.util.Objects.requireNonNullElse(d.outlierExposureInput(), "none"),
              r.path(),
              value,
              finishedOutcome(
                      r.plan().cell(),
                      config.metric(),
                      value,
                      r.record().path("epochs").asInt(),
                      r.record().path("seconds").asDouble(),
                      r.record().path("metrics"))
                  .anomalyClasses()));
    }
    progress.accept(
        "sweep: "
            + out.size()
            + " runs with another OE corpus from the OE study "
            + config.oeStudy());
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

  /** The training config a study's record ran with, or null when it cannot be read back. */
  private static TrainConfig recordedTrain(StudyRecord r) {
    try {
      return JSON.treeToValue(r.record().get("train"), TrainConfig.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A finished record of a study (another sweep config) for one of this sweep's first-variation
   * cells, with the key parts it differs in (null when it names none).
   */
  private record StudyRecord(Plan plan, String path, JsonNode record, List<String> differ) {}

  /** {@code study}'s finished records of this sweep's first-variation cells. */
  private List<StudyRecord> studyRecords(
      SweepConfig study, SweepConfig config, List<Plan> plans, Map<String, String> ingestFailures) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String primary = config.variations().get(0).name();
    List<StudyRecord> out = new ArrayList<>();
    for (Plan p : plans) {
      if (!p.cell().variation().equals(primary) || ingestFailures.containsKey(p.cell().dataset())) {
        continue;
      }
      String path = study.recordOf(p.cell());
      JsonNode record = HadoopFiles.readIfExists(hadoop, new Path(path));
      if (record != null && record.path("status").asText().equals("done")) {
        out.add(new StudyRecord(p, path, record, key(p).differences(record.get("keyParts"))));
      }
    }
    return out;
  }

  private static SweepConfig loadStudy(String key, String studyConfig) {
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

  /**
   * Whether {@code record} (or null) is a finished cell's that trained what {@code key} trains,
   * perhaps for fewer epochs: its key differs at most in the schedule and the evaluation.
   */
  private static boolean sameTraining(JsonNode record, CellKey key) {
    if (record == null || !record.path("status").asText().equals("done")) {
      return false;
    }
    List<String> differ = key.differences(record.get("keyParts"));
    return differ != null && List.of("schedule", "evaluate").containsAll(differ);
  }

  /** Whether {@code record} (or null) is a finished cell's under {@code key}. */
  private static boolean finished(JsonNode record, CellKey key) {
    return record != null
        && record.path("status").asText().equals("done")
        && record.path("key").asText().equals(key.key());
  }

  /** Why a finished cell's record does not count for this run: which parts of its key differ. */
  private static String notReused(JsonNode record, CellKey key) {
    List<String> differ = key.differences(record.get("keyParts"));
    return "its finished record is not reused and the cell runs again: "
        + (differ == null
            ? "it was made under another key (it names no key parts)"
            : "it differs from this run in its " + String.join(", ", differ));
  }

  /**
   * Copies a finished cell's record to the sweep's records folder, when it has one and lacks it.
   */
  private void keepRecord(SweepConfig config, SweepCell cell, JsonNode record) {
    if (config.records() == null) {
      return;
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path path = new Path(config.recordOf(cell));
    if (!record.equals(HadoopFiles.readIfExists(hadoop, path))) {
      HadoopFiles.write(hadoop, path, record);
    }
  }

  /** The cell's identity: what it trains, on which data, for how long, and how it is evaluated. */
  private CellKey key(Plan p) {
    TrainConfig train = p.train();
    return CellKey.of(
        train,
        DistributedTrainer.workers(train, JavaSparkContext.fromSparkContext(spark.sparkContext())),
        p.evaluate(),
        contentHash(train.data().input()),
        train.outlierExposure() == null ? null : contentHash(train.outlierExposure().input()),
        p.evaluate().data() == null ? null : contentHash(p.evaluate().data()));
  }

  /** An ingest's content hash, its manifest read once per sweep (every cell shares a few). */
  private String contentHash(String input) {
    return contentHashes.computeIfAbsent(
        input, i -> new TrainingData(spark).manifestIdentity(i).get("contentHash"));
  }

  private static <T> T within(SweepCell cell, java.util.function.Supplier<T> load) {
    try {
      return load.get();
    } catch (ConfigException e) {
      throw new ConfigException("Cell " + cell + ": " + e.getMessage(), e);
    }
  }

  private static <T> T inDataset(SweepConfig.Dataset d, java.util.function.Supplier<T> load) {
    try {
      return load.get();
    } catch (ConfigException e) {
      throw new ConfigException("Dataset " + d.name() + ": " + e.getMessage(), e);
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
