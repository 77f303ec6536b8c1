package io.fcddspark.report;

import static io.fcddspark.report.Html.escape;

import io.fcddspark.evaluate.EvaluationSummary;
import io.fcddspark.evaluate.ModelEvaluation;
import io.fcddspark.evaluate.RocCurves;
import io.fcddspark.ingest.IngestManifest;
import io.fcddspark.metrics.RocSweep;
import io.fcddspark.pipeline.CellRecord;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.pipeline.StageTime;
import io.fcddspark.pipeline.SweepTable;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.provenance.Resources;
import io.fcddspark.rank.BaselineTable;
import io.fcddspark.rank.ResultsTable;
import io.fcddspark.storage.FileStore;
import io.fcddspark.train.TrainConfig;
import io.fcddspark.train.TrainProvenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline's report: one self-contained HTML page (styles inline, figures as inline SVG or PNG
 * data URLs, no network) with the paper-style results table (mean ± std over seeds, the paper's
 * value and the difference), the CD diagrams, ROC curves and heatmap figures per class, training
 * numbers, the resource table and the provenance of every number.
 */
public final class PipelineReport {
  private static final String STYLE =
      "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222}"
          + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;"
          + "text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}"
          + ".grid{display:flex;flex-wrap:wrap;gap:10px}figure{margin:0;max-width:100%}"
          + "figcaption{font-size:12px}"
          + "pre{background:#f7f7f7;padding:8px;font-size:11px;white-space:pre-wrap;"
          + "overflow-wrap:anywhere}td code{overflow-wrap:anywhere;font-size:11px}"
          + ".note{font-size:13px;color:#444}"
          + "img{image-rendering:pixelated;max-width:100%}";

  private final FileStore files;

  /** A report reading and writing its files in {@code files}. */
  public PipelineReport(FileStore files) {
    this.files = files;
  }

  /** One run as its files record it. */
  record RunFiles(
      int nominalClass,
      long seed,
      String folder,
      int epochs,
      double loss,
      double imagesPerSecond,
      double trainSeconds,
      Map<String, Double> metrics,
      Map<Integer, Double> history,
      TrainProvenance provenance) {
    double value(String metric) {
      Double v = metrics.get(metric);
      if (v == null) {
        throw new IllegalStateException(
            "Run " + folder + " has no " + metric + " in its metrics.json");
      }
      return v;
    }
  }

  /** Reads each run of {@code config} from its provenance.json and evaluation metrics. */
  List<RunFiles> runs(PipelineConfig config) {
    List<RunFiles> out = new ArrayList<>();
    for (int c : config.classes()) {
      for (long seed : config.seeds()) {
        String folder = config.runOf(c, seed);
        TrainProvenance p =
            TrainProvenance.read(
                bytes(folder + "/" + TrainProvenance.FILE), folder + "/" + TrainProvenance.FILE);
        String modelFile = folder + "/evaluation/model/" + ModelEvaluation.FILE;
        ModelEvaluation m = ModelEvaluation.read(bytes(modelFile), modelFile);
        String summaryFile = folder + "/evaluation/" + EvaluationSummary.FILE;
        EvaluationSummary all = EvaluationSummary.read(bytes(summaryFile), summaryFile);
        // Test metric by epoch over every evaluated model (snapshots and the final one).
        Map<Integer, Double> history =
            new TreeMap<>(CellRecord.history(config.rank().metric(), all.metrics()));
        Map<String, Double> metrics = new TreeMap<>();
        m.metrics().forEach(n -> metrics.put(n.metric(), n.value()));
        double seconds =
            java.time.Duration.between(Instant.parse(p.startedAt()), Instant.parse(p.finishedAt()))
                    .toMillis()
                / 1e3;
        out.add(
            new RunFiles(
                c,
                seed,
                folder,
                p.model().epochsDone(),
                p.model().loss(),
                p.imagesPerSecond(),
                seconds,
                metrics,
                history,
                p));
      }
    }
    return out;
  }

  /**
   * Writes the report of {@code config}'s runs, its ranks in {@code rankDir}, to {@code output}.
   */
  public void write(PipelineConfig config, String rankDir, List<StageTime> times, String output) {
    List<RunFiles> runs = runs(config);
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(config.title()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    h.append("<h1>").append(escape(config.title())).append("</h1>\n");
    h.append(
        String.format(
            Locale.ROOT,
            "<p>Generated by fcdd-spark on %s: %d classes × %d seeds, metric <code>%s</code>."
                + " Every number below comes from the files named in the provenance section.</p>%n",
            Instant.now(),
            config.classes().size(),
            config.seeds().size(),
            escape(config.rank().metric())));
    results(h, config, runs);
    h.append("<h2 id=\"cd\">Critical-difference diagrams</h2>\n<div class=\"grid\">");
    for (String f : List.of("cd-wilcoxon-holm.svg", "cd-nemenyi.svg")) {
      h.append("<figure>").append(text(rankDir + "/" + f)).append("</figure>");
    }
    h.append("</div>\n");
    curves(h, config, runs);
    heatmaps(h, runs);
    training(h, config, runs);
    resources(h, times);
    provenance(h, config, runs, rankDir);
    h.append("</body></html>\n");
    files.write(output, h.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The class names of the pipeline's ingest (its manifest's sources list them in index order), or
   * an empty map where the sources do not name them.
   */
  private Map<Integer, String> classNames(PipelineConfig config) {
    Map<Integer, String> names = new TreeMap<>();
    String file = config.output() + "/ingest/data/" + IngestManifest.FILE;
    byte[] json = bytesIfExists(file);
    if (json != null) {
      List<String> classes = IngestManifest.read(json, file).classNames();
      for (int i = 0; i < classes.size(); i++) {
        names.put(i, classes.get(i));
      }
    }
    return names;
  }

  private static String className(Map<Integer, String> names, int index) {
    String name = names.get(index);
    return name == null ? String.valueOf(index) : index + " (" + name + ")";
  }

  /** The runs' schedule and OE corpus, from the first run's provenance. */
  private String setting(List<RunFiles> runs) {
    RunFiles first = runs.get(0);
    TrainConfig c = first.provenance().trainConfig(first.folder() + "/" + TrainProvenance.FILE);
    return String.format(
        Locale.ROOT,
        "%d epochs, batch %d, %s",
        c.epochs(),
        c.batchSize(),
        c.outlierExposure() == null
            ? "no outlier exposure"
            : "outlier exposure: "
                + escape(
                    java.util.Objects.requireNonNullElse(
                        c.outlierExposure().dataset(), "the OE ingest")));
  }

  /** The comment lines of each baseline table: its source and what its marks mean. */
  private String baselineNotes(PipelineConfig config) {
    StringBuilder b = new StringBuilder();
    for (String file : config.rank().baselines()) {
      List<String> comments = new ArrayList<>();
      for (String line : text(file).split("\n")) {
        if (line.startsWith("#") && !line.startsWith("# metric:")) {
          comments.add(line.substring(1).strip());
        }
      }
      if (!comments.isEmpty()) {
        b.append("<p class=\"note\">From <code>")
            .append(escape(file))
            .append("</code>: ")
            .append(escape(String.join(" ", comments)))
            .append("</p>\n");
      }
    }
    return b.toString();
  }

  private void results(StringBuilder h, PipelineConfig config, List<RunFiles> runs) {
    Map<String, Double> paper = paperValues(config);
    Map<Integer, String> names = classNames(config);
    Map<Integer, List<Double>> byClass = new TreeMap<>();
    for (RunFiles r : runs) {
      byClass
          .computeIfAbsent(r.nominalClass(), k -> new ArrayList<>())
          .add(r.value(config.rank().metric()));
    }
    List<List<String>> rows = new ArrayList<>();
    double sumOurs = 0;
    double sumPaper = 0;
    int withPaper = 0;
    for (Map.Entry<Integer, List<Double>> e : byClass.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      double mean = java.util.Arrays.stream(v).average().orElseThrow();
      sumOurs += mean;
      Double p = paper.get(String.valueOf(e.getKey()));
      if (p != null) {
        sumPaper += p;
        withPaper++;
      }
      rows.add(
          List.of(
              escape(className(names, e.getKey())),
              String.format(Locale.ROOT, "%.4f", mean),
              std(v),
              String.valueOf(v.length),
              p == null ? "—" : String.format(Locale.ROOT, "%.2f", p),
              p == null ? "—" : String.format(Locale.ROOT, "%+.4f", mean - p)));
    }
    double meanOurs = sumOurs / byClass.size();
    rows.add(
        List.of(
            "<b>mean</b>",
            String.format(Locale.ROOT, "<b>%.4f</b>", meanOurs),
            "",
            "",
            withPaper == byClass.size()
                ? String.format(Locale.ROOT, "%.2f", sumPaper / withPaper)
                : "—",
            withPaper == byClass.size()
                ? String.format(Locale.ROOT, "%+.4f", meanOurs - sumPaper / withPaper)
                : "—"));
    h.append("<h2 id=\"results\">Results</h2>\n")
        .append("<p class=\"note\">These runs: ")
        .append(setting(runs))
        .append(". The paper's values come from a schedule and an OE corpus of their own:")
        .append(" compare the settings before the numbers.</p>\n")
        .append(baselineNotes(config));
    h.append(
        Html.table(
            List.of(
                "class",
                config.rank().metric() + " (ours, mean)",
                "std over seeds",
                "seeds",
                "paper (" + config.rank().paperMethod() + ")",
                "difference"),
            rows));
  }

  private Map<String, Double> paperValues(PipelineConfig config) {
    Map<String, Double> out = new TreeMap<>();
    for (String b : config.rank().baselines()) {
      for (ResultsTable.Cell c : BaselineTable.read(java.nio.file.Path.of(b)).cells()) {
        if (c.method().equals(config.rank().paperMethod())) {
          out.putIfAbsent(c.dataset(), c.score());
        }
      }
    }
    return out;
  }

  private static String std(double[] v) {
    return v.length < 2 ? "—" : String.format(Locale.ROOT, "%.4f", SweepTable.std(v));
  }

  private void curves(StringBuilder h, PipelineConfig config, List<RunFiles> runs) {
    Map<Integer, String> names = classNames(config);
    h.append("<h2 id=\"roc\">ROC curves</h2>\n<div class=\"grid\">");
    for (RunFiles r : runs) {
      String file = r.folder() + "/evaluation/model/" + RocCurves.FILE;
      List<RocSweep.Point> curve = RocCurves.read(bytes(file), file).sample();
      double[] fpr = curve.stream().mapToDouble(RocSweep.Point::fpr).toArray();
      double[] tpr = curve.stream().mapToDouble(RocSweep.Point::tpr).toArray();
      h.append(
          Html.rocChart(
              fpr,
              tpr,
              String.format(
                  Locale.ROOT,
                  "class %s seed %d: AUC %.4f",
                  className(names, r.nominalClass()),
                  r.seed(),
                  r.value("sample_auc"))));
    }
    h.append("</div>\n");
  }

  private void heatmaps(StringBuilder h, List<RunFiles> runs) {
    h.append(
        "<h2 id=\"heatmaps\">Heatmaps</h2>\n<p>Per class: nominal test images (green bar) then"
            + " anomalous ones (red bar), each group by increasing score, the score on the bar;"
            + " rows input, FCDD heatmap (App. C normalisation), mask where there is one.</p>\n"
            + "<div class=\"grid\">");
    for (RunFiles r : runs) {
      String png = r.folder() + "/evaluation/model/heatmaps.png";
      byte[] bytes = bytesIfExists(png);
      if (bytes != null) {
        h.append("<figure>")
            .append(Html.png(bytes, "heatmaps of class " + r.nominalClass()))
            .append("<figcaption>class ")
            .append(r.nominalClass())
            .append(" seed ")
            .append(r.seed())
            .append("</figcaption></figure>");
      }
    }
    h.append("</div>\n");
  }

  private void training(StringBuilder h, PipelineConfig config, List<RunFiles> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (RunFiles r : runs) {
      rows.add(
          List.of(
              r.nominalClass() + " / " + r.seed(),
              String.valueOf(r.epochs()),
              String.format(Locale.ROOT, "%.5f", r.loss()),
              String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()),
              String.format(Locale.ROOT, "%.1f", r.trainSeconds())));
    }
    h.append("<h2 id=\"training\">Training</h2>\n")
        .append(
            Html.table(
                List.of("class / seed", "epochs", "final loss", "img/s", "training seconds"),
                rows));
    List<Html.Series> series = new ArrayList<>();
    for (RunFiles r : runs) {
      if (r.history().size() >= 2) {
        series.add(
            new Html.Series(
                "class "
                    + r.nominalClass()
                    + (config.seeds().size() > 1 ? " seed " + r.seed() : ""),
                r.history().keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                r.history().values().stream().mapToDouble(Double::doubleValue).toArray()));
      }
    }
    String metric = config.rank().metric();
    if (series.isEmpty()) {
      h.append("<p>No training history: train with <code>snapshots: [...]</code> and evaluate")
          .append(" <code>models: [model, snapshots]</code> for the test ")
          .append(escape(metric))
          .append(" by epoch.</p>\n");
    } else {
      h.append("<figure>")
          .append(Html.lineChart(series, "test " + metric + " by epoch", "epoch", metric, 0, 1))
          .append("<figcaption>Each run's snapshots and final model on the test split.")
          .append("</figcaption></figure>\n");
    }
  }

  private void resources(StringBuilder h, List<StageTime> times) {
    List<List<String>> rows = new ArrayList<>();
    for (StageTime t : times) {
      rows.add(List.of(escape(t.stage()), String.format(Locale.ROOT, "%.1f", t.seconds())));
    }
    Resources r = Resources.current();
    h.append("<h2 id=\"resources\">Resources</h2>\n")
        .append(Html.table(List.of("stage", "wall seconds"), rows))
        .append(
            Html.table(
                List.of("peak heap MiB", "peak resident MiB", "max heap MiB", "cores"),
                List.of(
                    List.of(
                        String.valueOf(r.peakHeapMiB()),
                        String.valueOf(r.peakResidentMiB()),
                        String.valueOf(r.maxHeapMiB()),
                        String.valueOf(r.cores())))));
  }

  private void provenance(
      StringBuilder h, PipelineConfig config, List<RunFiles> runs, String rankDir) {
    List<List<String>> rows = new ArrayList<>();
    for (RunFiles r : runs) {
      TrainProvenance p = r.provenance();
      rows.add(
          List.of(
              r.nominalClass() + " / " + r.seed(),
              "<code>" + escape(p.model().sha256()) + "</code>",
              "<code>" + escape(p.fingerprint()) + "</code>",
              "<code>" + escape(p.inputs().nominal().get("contentHash")) + "</code>",
              escape(codeVersion(p.codeVersion())),
              escape(r.folder())));
    }
    h.append("<h2 id=\"provenance\">Provenance</h2>\n")
        .append(
            Html.table(
                List.of(
                    "class / seed",
                    "model SHA-256",
                    "training fingerprint",
                    "data content hash",
                    "code",
                    "run folder"),
                rows))
        .append(
            "<p>Metrics: <code>&lt;run&gt;/evaluation/model/metrics.json</code>; ranking: <code>")
        .append(escape(rankDir))
        .append("/rank.json</code>.</p>\n<pre>");
    h.append(escape(new String(RecordJson.write(config), StandardCharsets.UTF_8)));
    h.append("</pre>\n");
  }

  private static String codeVersion(CodeVersion v) {
    if (v == null) {
      return "?";
    }
    String commit = v.commit() == null ? "" : v.commit();
    return (v.version() == null ? "?" : v.version())
        + (commit.isEmpty() ? "" : " at " + commit.substring(0, Math.min(10, commit.length())))
        + (v.dirty() ? " (uncommitted changes)" : "");
  }

  private String text(String p) {
    return new String(bytes(p), StandardCharsets.UTF_8);
  }

  private byte[] bytes(String p) {
    byte[] b = bytesIfExists(p);
    if (b == null) {
      throw new IllegalStateException("The report needs " + p + ", which is missing");
    }
    return b;
  }

  private byte[] bytesIfExists(String p) {
    return files.read(p).orElse(null);
  }
}
