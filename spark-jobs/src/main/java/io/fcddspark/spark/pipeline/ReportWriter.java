package io.fcddspark.spark.pipeline;

import static io.fcddspark.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fcddspark.pipeline.PipelineConfig;
import io.fcddspark.rank.BaselineTable;
import io.fcddspark.rank.ResultsTable;
import io.fcddspark.report.Html;
import io.fcddspark.spark.HadoopFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The pipeline's report: one self-contained HTML page (styles inline, figures as inline SVG or PNG
 * data URLs, no network) with the paper-style results table (mean ± std over seeds, the paper's
 * value and the difference), the CD diagrams, ROC curves and heatmap figures per class, training
 * numbers, the resource table and the provenance of every number.
 */
final class ReportWriter {
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

  private final Configuration hadoop;
  private final ObjectMapper json = new ObjectMapper();

  ReportWriter(Configuration hadoop) {
    this.hadoop = hadoop;
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
      JsonNode provenance) {
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
        JsonNode p = read(new Path(folder, "provenance.json"));
        JsonNode m = read(new Path(folder, "evaluation/model/metrics.json"));
        // Test metric by epoch over every evaluated model (snapshots and the final one).
        Map<Integer, Double> history = new TreeMap<>();
        read(new Path(folder, "evaluation/metrics.json"))
            .path("metrics")
            .forEach(
                n -> {
                  if (n.path("metric").asText().equals(config.rank().metric())) {
                    history.put(n.path("epoch").asInt(), n.path("value").asDouble());
                  }
                });
        Map<String, Double> metrics = new TreeMap<>();
        m.path("metrics")
            .forEach(n -> metrics.put(n.path("metric").asText(), n.path("value").asDouble()));
        double seconds =
            java.time.Duration.between(
                        Instant.parse(p.path("startedAt").asText()),
                        Instant.parse(p.path("finishedAt").asText()))
                    .toMillis()
                / 1e3;
        out.add(
            new RunFiles(
                c,
                seed,
                folder,
                p.path("model").path("epochsDone").asInt(),
                p.path("model").path("loss").asDouble(),
                p.path("imagesPerSecond").asDouble(),
                seconds,
                metrics,
                history,
                p));
      }
    }
    return out;
  }

  void write(
      PipelineConfig config, String rankDir, List<PipelineJob.StageTime> times, String output) {
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
      h.append("<figure>").append(text(new Path(rankDir, f))).append("</figure>");
    }
    h.append("</div>\n");
    curves(h, config, runs);
    heatmaps(h, runs);
    training(h, config, runs);
    resources(h, times);
    provenance(h, config, runs, rankDir);
    h.append("</body></html>\n");
    HadoopFiles.writeBytes(hadoop, new Path(output), h.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The class names of the pipeline's ingest (its manifest's sources list them in index order), or
   * an empty map where the sources do not name them.
   */
  private Map<Integer, String> classNames(PipelineConfig config) {
    Map<Integer, String> names = new TreeMap<>();
    JsonNode manifest =
        HadoopFiles.readIfExists(hadoop, new Path(config.output(), "ingest/data/manifest.json"));
    if (manifest != null) {
      for (JsonNode source : manifest.path("config").path("file").path("sources")) {
        JsonNode classes = source.path("classes");
        if (classes.isArray() && names.isEmpty()) {
          for (int i = 0; i < classes.size(); i++) {
            names.put(i, classes.get(i).asText());
          }
        }
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
    JsonNode c = runs.get(0).provenance().path("config");
    JsonNode oe = c.path("outlierExposure");
    return String.format(
        Locale.ROOT,
        "%d epochs, batch %d, %s",
        c.path("epochs").asInt(),
        c.path("batchSize").asInt(),
        oe.isMissingNode() || oe.isNull()
            ? "no outlier exposure"
            : "outlier exposure: " + escape(oe.path("dataset").asText("the OE ingest")));
  }

  /** The comment lines of each baseline table: its source and what its marks mean. */
  private String baselineNotes(PipelineConfig config) {
    StringBuilder b = new StringBuilder();
    for (String file : config.rank().baselines()) {
      List<String> comments = new ArrayList<>();
      for (String line : text(new Path(file)).split("\n")) {
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
    if (v.length < 2) {
      return "—";
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return String.format(Locale.ROOT, "%.4f", Math.sqrt(ss / (v.length - 1)));
  }

  private void curves(StringBuilder h, PipelineConfig config, List<RunFiles> runs) {
    Map<Integer, String> names = classNames(config);
    h.append("<h2 id=\"roc\">ROC curves</h2>\n<div class=\"grid\">");
    for (RunFiles r : runs) {
      JsonNode curve = read(new Path(r.folder(), "evaluation/model/curves.json")).path("sample");
      double[] fpr = new double[curve.size()];
      double[] tpr = new double[curve.size()];
      for (int i = 0; i < fpr.length; i++) {
        fpr[i] = curve.get(i).path("fpr").asDouble();
        tpr[i] = curve.get(i).path("tpr").asDouble();
      }
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
      Path png = new Path(r.folder(), "evaluation/model/heatmaps.png");
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

  private void resources(StringBuilder h, List<PipelineJob.StageTime> times) {
    List<List<String>> rows = new ArrayList<>();
    for (PipelineJob.StageTime t : times) {
      rows.add(List.of(escape(t.stage()), String.format(Locale.ROOT, "%.1f", t.seconds())));
    }
    Map<String, Object> r = Resources.current();
    h.append("<h2 id=\"resources\">Resources</h2>\n")
        .append(Html.table(List.of("stage", "wall seconds"), rows))
        .append(
            Html.table(
                List.of("peak heap MiB", "peak resident MiB", "max heap MiB", "cores"),
                List.of(
                    List.of(
                        String.valueOf(r.get("peakHeapMiB")),
                        String.valueOf(r.get("peakResidentMiB")),
                        String.valueOf(r.get("maxHeapMiB")),
                        String.valueOf(r.get("cores"))))));
  }

  private void provenance(
      StringBuilder h, PipelineConfig config, List<RunFiles> runs, String rankDir) {
    List<List<String>> rows = new ArrayList<>();
    for (RunFiles r : runs) {
      JsonNode p = r.provenance();
      rows.add(
          List.of(
              r.nominalClass() + " / " + r.seed(),
              "<code>" + escape(p.path("model").path("sha256").asText()) + "</code>",
              "<code>" + escape(p.path("fingerprint").asText()) + "</code>",
              "<code>"
                  + escape(p.path("inputs").path("nominal").path("contentHash").asText())
                  + "</code>",
              escape(codeVersion(p.path("codeVersion"))),
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
    try {
      h.append(
          escape(
              json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(config)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    h.append("</pre>\n");
  }

  private static String codeVersion(JsonNode v) {
    String commit = v.path("commit").asText("");
    return v.path("version").asText("?")
        + (commit.isEmpty() ? "" : " at " + commit.substring(0, Math.min(10, commit.length())))
        + (v.path("dirty").asBoolean(false) ? " (uncommitted changes)" : "");
  }

  private JsonNode read(Path p) {
    JsonNode n = HadoopFiles.readIfExists(hadoop, p);
    if (n == null) {
      throw new IllegalStateException("The report needs " + p + ", which is missing");
    }
    return n;
  }

  private String text(Path p) {
    byte[] b = bytesIfExists(p);
    if (b == null) {
      throw new IllegalStateException("The report needs " + p + ", which is missing");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private byte[] bytesIfExists(Path p) {
    return HadoopFiles.readBytesIfExists(hadoop, p);
  }
}
