package io.fcddspark.spark.pipeline;

import io.fcddspark.config.ConfigException;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.job.Job;
import io.fcddspark.pipeline.CellKey;
import io.fcddspark.pipeline.CellRecord;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepPlan;
import io.fcddspark.pipeline.SweepRecords;
import io.fcddspark.pipeline.SweepSummary;
import io.fcddspark.pipeline.SweepTable;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.Hardware;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.provenance.Resources;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.train.DistributedTrainer;
import io.fcddspark.spark.train.TrainResult;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
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

  /** Runs the sweep. */
  @Override
  public Result run(SweepConfig config) {
    Instant start = Instant.now();
    contentHashes.clear();
    SweepPlan plan = SweepPlan.of(config);
    List<SweepPlan.Cell> plans = plan.cells();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, String> ingestFailures = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      try {
        if (d.ingest() != null) {
          progress.accept("sweep: ingest " + d.name() + " (" + d.ingest().config() + ")");
          Stages.ingest(spark, plan.ingests().get(d.name()));
        }
        if (d.outlierExposure() != null) {
          progress.accept(
              "sweep: ingest " + d.name() + " OE (" + d.outlierExposure().config() + ")");
          Stages.ingest(spark, plan.outlierExposure().get(d.name()));
        }
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        ingestFailures.put(d.name(), "ingest failed: " + message(e));
        progress.accept("sweep: " + d.name() + ": ingest failed, its cells are skipped: " + e);
      }
    }

    SweepResults written = new SweepResults(spark, progress);
    SweepRecords records = new SweepRecords(new HadoopFileStore(hadoop), config);
    List<SweepTable.Outcome> outcomes = new ArrayList<>();
    int reused = 0;
    int ran = 0;
    Instant cellsStart = Instant.now();
    for (SweepPlan.Cell p : plans) {
      String ingestFailure = ingestFailures.get(p.cell().dataset());
      if (ingestFailure != null) {
        outcomes.add(new SweepTable.Outcome(p.cell(), false, Double.NaN, 0, 0, ingestFailure));
        continue;
      }
      CellKey key = key(p);
      CellRecord previous = records.previous(p.cell(), p.folder(), key);
      if (SweepRecords.finished(previous, key)) {
        records.keep(previous);
        outcomes.add(previous.outcome());
        reused++;
        continue;
      }
      if (previous != null && previous.done()) {
        progress.accept("sweep: " + p.cell() + ": " + SweepRecords.notReused(previous, key));
        if (!SweepRecords.sameTraining(previous, key)) {
          supersede(hadoop, p);
        }
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
      outcomes.add(runCell(config, records, p, key, previous));
      ran++;
      // The table so far, so that a sweep stopped midway leaves its finished cells tabulated.
      written.write(config, plans, outcomes, command, false);
    }

    double seconds = Stages.seconds(start);
    int failed = (int) outcomes.stream().filter(o -> !o.done()).count();
    String csv = config.output() + "/results.csv";
    String results = written.write(config, plans, outcomes, command, true);
    Result result = new Result(outcomes, reused, failed, seconds, csv, results);
    SweepSummary summary =
        new SweepSummary(
            RecordJson.tree(config),
            command,
            result.summary(),
            outcomes.size(),
            reused,
            failed,
            seconds,
            CodeVersion.current().toString(),
            Hardware.current(),
            Resources.current());
    HadoopFiles.writeBytes(hadoop, new Path(config.output(), SweepSummary.FILE), summary.toJson());
    progress.accept(result.summary());
    return result;
  }

  /**
   * Moves a cell's training output aside when the cell trains something else now (its models and
   * checkpoints are another config's, which training refuses to resume): to {@code
   * <output>.superseded-<time>}, kept for whoever wants them.
   */
  private void supersede(Configuration hadoop, SweepPlan.Cell p) {
    Path output = new Path(p.train().output());
    try {
      FileSystem fs = output.getFileSystem(hadoop);
      if (!fs.exists(output)) {
        return;
      }
      String stamp =
          java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
              .withZone(java.time.ZoneOffset.UTC)
              .format(Instant.now());
      Path aside = new Path(output.getParent(), output.getName() + ".superseded-" + stamp);
      if (!fs.rename(output, aside)) {
        throw new IOException("rename returned false");
      }
      progress.accept(
          "sweep: " + p.cell() + ": its earlier models (another training) moved to " + aside);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot move the earlier training of " + p.cell() + " aside from " + output, e);
    }
  }

  /**
   * Trains and evaluates a cell; {@code previous} is its last finished record under another key (or
   * null), whose time the cell keeps when only its evaluation runs again.
   */
  private SweepTable.Outcome runCell(
      SweepConfig config,
      SweepRecords records,
      SweepPlan.Cell p,
      CellKey key,
      CellRecord previous) {
    Instant t = Instant.now();
    CellRecord record;
    try {
      CellRunner.Done done = new CellRunner(spark).run(p.train(), p.evaluate(), ignored -> {});
      TrainResult trained = done.trained();
      EvaluateResult evaluated = done.evaluated();
      double value = evaluated.value(EvaluateResult.FINAL_MODEL, config.metric());
      double evaluation = done.evaluateSeconds();
      // The cell's time: its training over every run that trained it, and its evaluation.
      double seconds = Stages.seconds(t);
      if (trained.trainingSeconds() != null) {
        seconds = trained.trainingSeconds() + evaluation;
      } else if (SweepRecords.sameTraining(previous, key)
          && previous.epochs() != null
          && trained.resumedFrom() == previous.epochs()) {
        // Models trained before their training time was kept: the record that trained them (to
        // where this run found them) has it.
        seconds =
            java.util.Objects.requireNonNullElse(previous.seconds(), 0.0)
                + (trained.alreadyDone() ? 0 : Stages.seconds(t));
      }
      record =
          record(
              config,
              p,
              key,
              trained.alreadyDone() ? evaluation : null,
              CellRecord.Status.DONE,
              value,
              trained.epochs(),
              seconds,
              evaluated.metrics(),
              CellRecord.history(config.metric(), evaluated.metrics()),
              null);
      progress.accept(
          String.format(Locale.ROOT, "sweep: %s: %s %.4f", p.cell(), config.metric(), value));
    } catch (RuntimeException e) {
      String error = message(e);
      record =
          record(
              config,
              p,
              key,
              null,
              CellRecord.Status.FAILED,
              null,
              null,
              Stages.seconds(t),
              null,
              null,
              error);
      progress.accept("sweep: " + p.cell() + " failed: " + error);
    }
    records.write(p.folder(), record);
    return record.outcome();
  }

  private static CellRecord record(
      SweepConfig config,
      SweepPlan.Cell p,
      CellKey key,
      Double evaluatedAgainSeconds,
      CellRecord.Status status,
      Double value,
      Integer epochs,
      double seconds,
      List<EvaluateResult.Metric> metrics,
      java.util.SortedMap<Integer, Double> history,
      String error) {
    return new CellRecord(
        p.cell().dataset(),
        p.cell().variation(),
        p.cell().nominalClass(),
        p.cell().seed(),
        key.key(),
        key.parts(),
        config.metric(),
        evaluatedAgainSeconds,
        status,
        value,
        epochs,
        seconds,
        metrics,
        history,
        error,
        RecordJson.tree(p.train()),
        RecordJson.tree(p.evaluate()),
        CodeVersion.current().toString(),
        Instant.now().toString());
  }

  /** The cell's identity: what it trains, on which data, for how long, and how it is evaluated. */
  private CellKey key(SweepPlan.Cell p) {
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

  private static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
