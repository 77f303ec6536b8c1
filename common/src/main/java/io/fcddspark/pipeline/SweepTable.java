package io.fcddspark.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep's results aggregated over seeds: per dataset, variation and class the mean, the sample
 * standard deviation and the number of seeds that finished, beside the published value and the
 * difference; and the same as a Markdown page (docs/results.md).
 */
public final class SweepTable {
  /**
   * What one cell gave.
   *
   * @param cell the cell
   * @param done whether it finished (else it failed, see {@code error})
   * @param value the metric's value when done
   * @param epochs epochs trained
   * @param seconds wall time of training and evaluation (0 when reused)
   * @param error why it failed, else null
   */
  public record Outcome(
      SweepCell cell, boolean done, double value, int epochs, double seconds, String error) {}

  /**
   * One aggregated row.
   *
   * @param dataset the dataset
   * @param variation the variation
   * @param nominalClass the class
   * @param values the metric over the seeds that finished, in seed order
   * @param failed how many seeds failed
   * @param published the published value, or NaN when the table has none
   */
  public record Row(
      String dataset,
      String variation,
      int nominalClass,
      double[] values,
      int failed,
      double published) {
    /** The mean over seeds, NaN when none finished. */
    public double mean() {
      return values.length == 0
          ? Double.NaN
          : java.util.Arrays.stream(values).average().orElseThrow();
    }

    /** The sample standard deviation over seeds, NaN for fewer than 2. */
    public double std() {
      return SweepTable.std(values);
    }

    /** mean − published. */
    public double difference() {
      return mean() - published;
    }
  }

  private final List<Row> rows;

  private SweepTable(List<Row> rows) {
    this.rows = rows;
  }

  /**
   * Aggregates {@code outcomes}; {@code published} maps dataset → class → value (the dataset's
   * paper column).
   */
  public static SweepTable of(
      SweepConfig config, List<Outcome> outcomes, Map<String, Map<Integer, Double>> published) {
    Map<String, List<Outcome>> byKey = new LinkedHashMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      for (SweepConfig.Variation v : config.variations()) {
        for (int c : d.classes()) {
          byKey.put(key(d.name(), v.name(), c), new ArrayList<>());
        }
      }
    }
    for (Outcome o : outcomes) {
      List<Outcome> list =
          byKey.get(key(o.cell().dataset(), o.cell().variation(), o.cell().nominalClass()));
      if (list == null) {
        throw new IllegalArgumentException("Cell " + o.cell() + " is not in the sweep");
      }
      list.add(o);
    }
    List<Row> rows = new ArrayList<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      for (SweepConfig.Variation v : config.variations()) {
        for (int c : d.classes()) {
          List<Outcome> list = byKey.get(key(d.name(), v.name(), c));
          double[] values =
              list.stream().filter(Outcome::done).mapToDouble(Outcome::value).toArray();
          int failed = (int) list.stream().filter(o -> !o.done()).count();
          double paper = published.getOrDefault(d.name(), Map.of()).getOrDefault(c, Double.NaN);
          rows.add(new Row(d.name(), v.name(), c, values, failed, paper));
        }
      }
    }
    return new SweepTable(rows);
  }

  public List<Row> rows() {
    return rows;
  }

  /**
   * The results as Markdown: per dataset a table of classes × variations (mean ± std over seeds),
   * the published value and each variation's difference to it, and a mean row.
   *
   * @param config the sweep
   * @param context lines printed under the title (command, epochs, OE corpus, time, hardware)
   */
  public String markdown(SweepConfig config, List<String> context) {
    StringBuilder s = new StringBuilder();
    s.append("# ").append(config.title()).append("\n\n");
    for (String line : context) {
      s.append(line).append('\n');
    }
    for (SweepConfig.Dataset d : config.datasets()) {
      s.append("\n## ").append(d.name()).append(": ").append(config.metric()).append("\n\n");
      List<String> header = new ArrayList<>(List.of("class"));
      for (SweepConfig.Variation v : config.variations()) {
        header.add(v.name() + " (mean ± std, n)");
      }
      header.add("paper (" + d.paperMethod() + ")");
      for (SweepConfig.Variation v : config.variations()) {
        header.add("Δ " + v.name());
      }
      s.append("| ").append(String.join(" | ", header)).append(" |\n|");
      s.append(" --- |".repeat(header.size())).append('\n');
      Map<String, List<Double>> means = new TreeMap<>();
      List<Double> paperMeans = new ArrayList<>();
      for (int c : d.classes()) {
        List<String> cells = new ArrayList<>(List.of(String.valueOf(c)));
        double paper = Double.NaN;
        List<String> diffs = new ArrayList<>();
        for (SweepConfig.Variation v : config.variations()) {
          Row r = row(d.name(), v.name(), c);
          paper = r.published();
          cells.add(meanStd(r));
          diffs.add(signed(r.difference()));
          means.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(r.mean());
        }
        paperMeans.add(paper);
        cells.add(number(paper));
        cells.addAll(diffs);
        s.append("| ").append(String.join(" | ", cells)).append(" |\n");
      }
      List<String> mean = new ArrayList<>(List.of("**mean**"));
      List<String> diffs = new ArrayList<>();
      double paperMean = average(paperMeans);
      for (SweepConfig.Variation v : config.variations()) {
        double m = average(means.get(v.name()));
        mean.add("**" + number(m) + "**");
        diffs.add("**" + signed(m - paperMean) + "**");
      }
      mean.add("**" + number(paperMean) + "**");
      mean.addAll(diffs);
      s.append("| ").append(String.join(" | ", mean)).append(" |\n");
      boolean described = false;
      for (SweepConfig.Variation v : config.variations()) {
        if (!v.description().isEmpty()) {
          s.append(described ? "" : "\n").append("- **").append(v.name()).append("**: ");
          s.append(v.description()).append('\n');
          described = true;
        }
      }
    }
    return s.toString();
  }

  /** The row of a dataset, variation and class. */
  public Row row(String dataset, String variation, int nominalClass) {
    return rows.stream()
        .filter(
            r ->
                r.dataset().equals(dataset)
                    && r.variation().equals(variation)
                    && r.nominalClass() == nominalClass)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No row " + dataset + "/" + variation + " class " + nominalClass));
  }

  /** The sample standard deviation (n − 1), NaN for fewer than 2 values. */
  public static double std(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  private static String meanStd(Row r) {
    String failed = r.failed() == 0 ? "" : ", " + r.failed() + " failed";
    if (r.values().length == 0) {
      return "— (0" + failed + ")";
    }
    String std = r.values().length < 2 ? "" : " ± " + number(r.std());
    return number(r.mean()) + std + " (" + r.values().length + failed + ")";
  }

  private static double average(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String signed(double v) {
    // Rounded first, so that a difference of -1e-17 reads +0.000, not -0.000.
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%+.3f", Math.round(v * 1e3) / 1e3);
  }

  private static String key(String dataset, String variation, int c) {
    return dataset + "\u0000" + variation + "\u0000" + c;
  }
}
