package io.fcddspark.spark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.pipeline.CellKey;
import io.fcddspark.pipeline.SweepCell;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.pipeline.SweepTable;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.Hardware;
import io.fcddspark.rank.BaselineTable;
import io.fcddspark.rank.CdDiagram;
import io.fcddspark.rank.RankConfig;
import io.fcddspark.rank.RankMarkdown;
import io.fcddspark.rank.ResultsTable;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.evaluate.EvaluateResult;
import io.fcddspark.spark.rank.RankJob;
import io.fcddspark.spark.train.DistributedTrainer;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainResult;
import io.fcddspark.spark.train.TrainingData;
import io.fcddspark.train.TrainConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
public final class SweepJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Consumer<String> progress;

  public SweepJob(SparkSession spark, Consumer<String> progress) {
    this.spark = spark;
    this.progress = progress;
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
  private record Plan(SweepCell cell, String folder, TrainConfig train, EvaluateConfig evaluate) {}

  /**
   * Runs the sweep.
   *
   * @param config the sweep
   * @param command the command line that started it, for the results page
   */
  public Result run(SweepConfig config, String command) {
    Instant start = Instant.now();
    List<Plan> plans = plan(config);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, String> ingestFailures = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      try {
        if (d.ingest() != null) {
          progress.accept("sweep: ingest " + d.name() + " (" + d.ingest().config() + ")");
          Stages.ingest(spark, d.ingest(), config.dataOf(d));
        }
        if (d.outlierExposure() != null) {
          progress.accept(
              "sweep: ingest " + d.name() + " OE (" + d.outlierExposure().config() + ")");
          Stages.ingest(spark, d.outlierExposure(), config.outlierExposureOf(d));
        }
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        ingestFailures.put(d.name(), "ingest failed: " + message(e));
        progress.accept("sweep: " + d.name() + ": ingest failed, its cells are skipped: " + e);
      }
    }

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
        java.util.SortedMap<Integer, Double> history = new TreeMap<>();
        for (JsonNode m : previous.path("metrics")) {
          if (m.path("metric").asText().equals(config.metric())) {
            history.put(m.path("epoch").asInt(), m.path("value").asDouble());
          }
        }
        outcomes.add(
            new SweepTable.Outcome(
                p.cell(),
                true,
                previous.path("value").asDouble(),
                previous.path("epochs").asInt(),
                previous.path("seconds").asDouble(),
                null,
                history));
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
        writeResults(config, plans, outcomes, command, false);
      }
      outcomes.add(runCell(config, p, key));
      ran++;
      // The table so far, so that a sweep stopped midway leaves its finished cells tabulated.
      writeResults(config, plans, outcomes, command, false);
    }

    double seconds = Stages.seconds(start);
    int failed = (int) outcomes.stream().filter(o -> !o.done()).count();
    String csv = config.output() + "/results.csv";
    String results = writeResults(config, plans, outcomes, command, true);
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

  /**
   * Ranks the datasets and writes results.csv and results.md (and the config's markdown copy, with
   * its CD diagrams beside it); returns results.md.
   *
   * @param last whether the sweep is over (then a dataset that cannot be ranked is reported)
   */
  private String writeResults(
      SweepConfig config,
      List<Plan> plans,
      List<SweepTable.Outcome> outcomes,
      String command,
      boolean last) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    HadoopFiles.writeBytes(
        hadoop,
        new Path(config.output(), "results.csv"),
        csv(outcomes).getBytes(StandardCharsets.UTF_8));
    Map<String, Ranked> ranked = rank(config, outcomes, last);
    SweepTable table = SweepTable.of(config, outcomes, published(config));
    List<String> context = context(config, plans, outcomes, command);
    String results = config.output() + "/results.md";
    HadoopFiles.writeBytes(
        hadoop,
        new Path(results),
        table
            .markdown(
                config,
                context,
                sections(config, ranked, d -> "rank/" + d + "/cd-wilcoxon-holm.svg"))
            .getBytes(StandardCharsets.UTF_8));
    if (config.markdown() != null) {
      Path page = new Path(config.markdown());
      String stem = page.getName().replaceFirst("\\.md$", "");
      for (Map.Entry<String, Ranked> e : ranked.entrySet()) {
        HadoopFiles.writeBytes(
            hadoop,
            new Path(page.getParent(), stem + "-" + e.getKey() + "-cd.svg"),
            CdDiagram.wilcoxonHolm(e.getValue().ranking().analysis(), e.getValue().title())
                .svg()
                .getBytes(StandardCharsets.UTF_8));
      }
      HadoopFiles.writeBytes(
          hadoop,
          page,
          table
              .markdown(config, context, sections(config, ranked, d -> stem + "-" + d + "-cd.svg"))
              .getBytes(StandardCharsets.UTF_8));
    }
    return results;
  }

  /**
   * A dataset's ranking.
   *
   * @param ranking the table and its statistics
   * @param waiting variations left out because they have not finished every ranked class
   * @param title the CD diagram's title
   */
  private record Ranked(RankJob.Ranking ranking, List<String> waiting, String title) {}

  /** Each ranked dataset's results-page section, its CD diagram at {@code diagram(dataset)}. */
  private static Map<String, String> sections(
      SweepConfig config, Map<String, Ranked> ranked, UnaryOperator<String> diagram) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Ranked> e : ranked.entrySet()) {
      SweepConfig.Dataset d = config.dataset(e.getKey());
      StringBuilder s = new StringBuilder();
      s.append("### ")
          .append(d.name())
          .append(": ranks against the published methods\n\n")
          .append("Each variation's ")
          .append(config.metric())
          .append(" per class (the mean over its finished seeds) beside the published methods of ")
          .append(String.join(", ", d.baselines()))
          .append(", ranked class by class (`")
          .append(config.output())
          .append("/rank/")
          .append(d.name())
          .append("/rank.json` has every p-value).");
      if (!e.getValue().waiting().isEmpty()) {
        s.append(" Not ranked yet (not finished at every ranked class): ")
            .append(String.join(", ", e.getValue().waiting()))
            .append('.');
      }
      s.append("\n\n")
          .append(
              RankMarkdown.of(
                  e.getValue().ranking().analysis(),
                  e.getValue().ranking().table(),
                  "classes",
                  diagram.apply(d.name())));
      out.put(d.name(), s.toString());
    }
    return out;
  }

  /** Every cell's configs, resolved up front so that a config error stops the sweep at once. */
  private static List<Plan> plan(SweepConfig config) {
    List<Plan> plans = new ArrayList<>();
    for (SweepCell cell : config.cells()) {
      SweepConfig.Dataset d = config.dataset(cell.dataset());
      SweepConfig.Variation v = config.variation(cell.variation());
      String folder = config.folderOf(cell);
      List<String> set =
          Stages.with(
              d.train().set(),
              "output=" + folder,
              "data.input=" + config.dataOf(d),
              "data.nominalClass=" + cell.nominalClass(),
              "seed=" + cell.seed());
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

  private SweepTable.Outcome runCell(SweepConfig config, Plan p, CellKey key) {
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
      EvaluateResult evaluated = new EvaluateJob(spark).run(p.evaluate());
      double value = evaluated.value("model", config.metric());
      double seconds = Stages.seconds(t);
      doc.put("status", "done");
      doc.put("value", value);
      doc.put("epochs", trained.epochs());
      doc.put("seconds", seconds);
      doc.put("metrics", evaluated.metrics());
      // The metric by epoch of every evaluated model (snapshots and the final one).
      java.util.SortedMap<Integer, Double> history = new TreeMap<>();
      for (EvaluateResult.Metric m : evaluated.metrics()) {
        if (m.metric().equals(config.metric())) {
          history.put(m.epoch(), m.value());
        }
      }
      doc.put("history", history);
      outcome =
          new SweepTable.Outcome(p.cell(), true, value, trained.epochs(), seconds, null, history);
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
    TrainingData data = new TrainingData(spark);
    TrainConfig train = p.train();
    return CellKey.of(
        train,
        DistributedTrainer.workers(train, JavaSparkContext.fromSparkContext(spark.sparkContext())),
        p.evaluate(),
        data.manifestIdentity(train.data().input()).get("contentHash"),
        train.outlierExposure() == null
            ? null
            : data.manifestIdentity(train.outlierExposure().input()).get("contentHash"),
        p.evaluate().data() == null
            ? null
            : data.manifestIdentity(p.evaluate().data()).get("contentHash"));
  }

  /**
   * Ranks each dataset's variations against its baselines over the classes where the first
   * variation has a finished seed, with the other variations that have one at each of those classes
   * (while a sweep runs, the others wait; a rank needs every cell).
   */
  private Map<String, Ranked> rank(
      SweepConfig config, List<SweepTable.Outcome> outcomes, boolean last) {
    Map<String, Ranked> out = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      java.util.function.BiPredicate<String, Integer> finished =
          (variation, c) ->
              outcomes.stream()
                  .anyMatch(
                      o ->
                          o.done()
                              && o.cell().dataset().equals(d.name())
                              && o.cell().variation().equals(variation)
                              && o.cell().nominalClass() == c);
      String first = config.variations().get(0).name();
      List<Integer> complete = d.classes().stream().filter(c -> finished.test(first, c)).toList();
      List<String> ranked = new ArrayList<>();
      List<String> waiting = new ArrayList<>();
      for (SweepConfig.Variation v : config.variations()) {
        if (complete.stream().allMatch(c -> finished.test(v.name(), c))) {
          ranked.add(v.name());
        } else {
          waiting.add(v.name());
        }
      }
      int methods = ranked.size() + (d.baselines().isEmpty() ? 0 : 1);
      if (complete.size() < 2 || methods < 2) {
        if (last) {
          progress.accept(
              "sweep: " + d.name() + ": not ranked (needs 2 finished classes and 2 methods)");
        }
        continue;
      }
      // From the outcomes (the cells' records), not the cells' evaluation folders: a sweep resumed
      // from its records alone has none.
      List<ResultsTable.Cell> ours = new ArrayList<>();
      for (SweepTable.Outcome o : outcomes) {
        if (o.done()
            && o.cell().dataset().equals(d.name())
            && ranked.contains(o.cell().variation())) {
          ours.add(
              new ResultsTable.Cell(
                  o.cell().variation(), Integer.toString(o.cell().nominalClass()), o.value()));
        }
      }
      String title = config.title() + ": " + d.name() + " " + config.metric();
      RankJob.Ranking ranking =
          new RankJob(spark)
              .run(
                  new RankConfig(
                      config.output() + "/rank/" + d.name(),
                      config.metric(),
                      List.of(),
                      d.baselines(),
                      null,
                      complete.stream().map(String::valueOf).toList(),
                      true,
                      0.05,
                      "pratt",
                      title),
                  ours,
                  Map.of("sweep", config.output(), "cells", ours.size()));
      out.put(d.name(), new Ranked(ranking, waiting, title));
    }
    return out;
  }

  /** Each dataset's paper column: class → value. */
  private static Map<String, Map<Integer, Double>> published(SweepConfig config) {
    Map<String, Map<Integer, Double>> out = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      Map<Integer, Double> values = new TreeMap<>();
      for (String b : d.baselines()) {
        for (ResultsTable.Cell c : BaselineTable.read(java.nio.file.Path.of(b)).cells()) {
          if (c.method().equals(d.paperMethod()) && c.dataset().matches("\\d+")) {
            values.putIfAbsent(Integer.parseInt(c.dataset()), c.score());
          }
        }
      }
      out.put(d.name(), values);
    }
    return out;
  }

  /** The lines under the results page's title: how the numbers were made. */
  private static List<String> context(
      SweepConfig config, List<Plan> plans, List<SweepTable.Outcome> outcomes, String command) {
    List<String> lines = new ArrayList<>();
    lines.add("Generated by `" + command + "` (fcdd-spark " + CodeVersion.current() + ").");
    lines.add("Do not edit by hand: rerun the command; finished cells are reused.");
    if (outcomes.size() < plans.size()) {
      lines.add("");
      lines.add(
          String.format(
              Locale.ROOT,
              "**Partial: %d of %d cells so far** (the sweep is running, or was stopped; the"
                  + " same command continues it).",
              outcomes.size(),
              plans.size()));
    }
    lines.add("");
    Hardware hw = Hardware.current();
    double cellSeconds = outcomes.stream().mapToDouble(SweepTable.Outcome::seconds).sum();
    lines.add(
        String.format(
            Locale.ROOT,
            "- Seeds: %s. Cells: %d, %d finished. Training and evaluation time, summed over"
                + " cells: %.1f h.",
            config.seeds(),
            outcomes.size(),
            outcomes.stream().filter(SweepTable.Outcome::done).count(),
            cellSeconds / 3600));
    lines.add(
        String.format(
            Locale.ROOT,
            "- Hardware of this run: %s, %d cores, %d GiB heap, %s, Java %s; no GPU.",
            hw.cpu(),
            hw.cores(),
            hw.maxHeapBytes() >> 30,
            hw.os(),
            hw.javaVersion()));
    for (SweepConfig.Dataset d : config.datasets()) {
      String data =
          d.ingest() == null
              ? "data `" + d.input() + "`"
              : "ingest `" + d.ingest().config() + "` " + d.ingest().set();
      String oe =
          d.outlierExposure() != null
              ? "OE corpus `" + d.outlierExposure().config() + "` " + d.outlierExposure().set()
              : d.outlierExposureInput() != null
                  ? "OE corpus `" + d.outlierExposureInput() + "`"
                  : "no OE corpus";
      lines.add(
          "- "
              + d.name()
              + ": "
              + data
              + ", "
              + oe
              + ", train `"
              + d.train().config()
              + "` "
              + d.train().set()
              + ".");
    }
    for (SweepConfig.Variation v : config.variations()) {
      List<Integer> epochs =
          plans.stream()
              .filter(p -> p.cell().variation().equals(v.name()))
              .map(p -> p.train().epochs())
              .distinct()
              .toList();
      lines.add(
          "- Variation "
              + v.name()
              + ": epochs "
              + (epochs.size() == 1 ? epochs.get(0) : epochs)
              + (v.outlierExposure() ? ", with the OE corpus" : ", no OE corpus")
              + (v.train().isEmpty() ? "" : ", train overrides " + v.train())
              + (v.evaluate().isEmpty() ? "" : ", evaluate overrides " + v.evaluate())
              + ".");
    }
    List<String> failures = new ArrayList<>();
    for (SweepTable.Outcome o : outcomes) {
      if (!o.done()) {
        failures.add("- " + o.cell() + " failed: " + o.error());
      }
    }
    if (!failures.isEmpty()) {
      lines.add("");
      lines.add("Failed cells:");
      lines.addAll(failures);
    }
    return lines;
  }

  private static String csv(List<SweepTable.Outcome> outcomes) {
    StringBuilder s =
        new StringBuilder("dataset,variation,class,seed,status,value,epochs,seconds,error\n");
    for (SweepTable.Outcome o : outcomes) {
      s.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%s,%s,%d,%.1f,%s%n",
              o.cell().dataset(),
              o.cell().variation(),
              o.cell().nominalClass(),
              o.cell().seed(),
              o.done() ? "done" : "failed",
              o.done() ? String.valueOf(o.value()) : "",
              o.epochs(),
              o.seconds(),
              o.error() == null ? "" : "\"" + o.error().replace("\"", "\"\"") + "\""));
    }
    return s.toString();
  }

  private static <T> T within(SweepCell cell, java.util.function.Supplier<T> load) {
    try {
      return load.get();
    } catch (ConfigException e) {
      throw new ConfigException("Cell " + cell + ": " + e.getMessage(), e);
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
