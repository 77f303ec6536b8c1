package io.fcddspark.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
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
   * @param history the metric by epoch of the cell's evaluated snapshots and final model (empty
   *     when only the final model was evaluated)
   * @param anomalyClasses the final model's metric against each anomalous class alone (empty when
   *     the evaluation has no such breakdown)
   */
  public record Outcome(
      SweepCell cell,
      boolean done,
      double value,
      int epochs,
      double seconds,
      String error,
      SortedMap<Integer, Double> history,
      SortedMap<Integer, Double> anomalyClasses) {
    public Outcome {
      history = Collections.unmodifiableSortedMap(new TreeMap<>(history));
      anomalyClasses = Collections.unmodifiableSortedMap(new TreeMap<>(anomalyClasses));
    }

    /** An outcome without a breakdown by anomalous class. */
    public Outcome(
        SweepCell cell,
        boolean done,
        double value,
        int epochs,
        double seconds,
        String error,
        SortedMap<Integer, Double> history) {
      this(cell, done, value, epochs, seconds, error, history, new TreeMap<>());
    }

    /** An outcome without a history. */
    public Outcome(
        SweepCell cell, boolean done, double value, int epochs, double seconds, String error) {
      this(cell, done, value, epochs, seconds, error, new TreeMap<>());
    }
  }

  /** How much worse than the longest schedule's mean a shorter schedule may be. */
  public static final double SCHEDULE_TOLERANCE = 0.01;

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
    SweepTable table = new SweepTable(rows);
    for (Outcome o : outcomes) {
      table
          .outcomesByVariation
          .computeIfAbsent(
              o.cell().dataset() + "\u0000" + o.cell().variation(), k -> new ArrayList<>())
          .add(o);
    }
    return table;
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
    return markdown(config, context, Map.of());
  }

  /**
   * As {@link #markdown(SweepConfig, List)}, with a section per dataset (e.g. its ranking against
   * the published methods) after its table.
   *
   * @param sections dataset name → a Markdown section (with its own heading)
   */
  public String markdown(SweepConfig config, List<String> context, Map<String, String> sections) {
    StringBuilder s = new StringBuilder();
    s.append("# ").append(config.title()).append("\n\n");
    for (String line : context) {
      s.append(line).append('\n');
    }
    for (String note : config.notes()) {
      s.append('\n').append(note.strip()).append('\n');
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
      if (sections.containsKey(d.name())) {
        s.append('\n').append(sections.get(d.name()));
      }
      for (SweepConfig.Variation v : config.variations()) {
        History history = history(d, v.name());
        if (!history.epochs().isEmpty()) {
          historyMarkdown(s, d, v.name(), config.metric(), history);
        }
      }
      for (SweepConfig.Variation v : config.variations()) {
        s.append(new AnomalyClassTable(this).markdown(d, v.name(), config.metric()));
      }
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

  /**
   * The metric by epoch of one dataset and variation: per class the mean over seeds, and the mean
   * over classes, at the epochs every finished cell evaluated; empty when the cells have fewer than
   * two evaluated epochs.
   *
   * @param epochs the epochs, ascending
   * @param classes the classes
   * @param byClass [class][epoch index] the mean over seeds
   * @param mean [epoch index] the mean over classes
   */
  public record History(
      List<Integer> epochs, List<Integer> classes, double[][] byClass, double[] mean) {
    /**
     * The fewest epochs whose mean is at most {@link #SCHEDULE_TOLERANCE} below the longest
     * schedule's.
     */
    public int shortestWithinTolerance() {
      double longest = mean[mean.length - 1];
      for (int e = 0; e < mean.length; e++) {
        if (mean[e] >= longest - SCHEDULE_TOLERANCE) {
          return epochs.get(e);
        }
      }
      return epochs.get(epochs.size() - 1);
    }

    /**
     * The fewest epochs from which on every evaluated epoch's mean stays at most {@link
     * #SCHEDULE_TOLERANCE} below the longest schedule's: the conservative reading when the history
     * is noisy.
     */
    public int stableWithinTolerance() {
      double longest = mean[mean.length - 1];
      int from = mean.length - 1;
      while (from > 0 && mean[from - 1] >= longest - SCHEDULE_TOLERANCE) {
        from--;
      }
      return epochs.get(from);
    }
  }

  private final Map<String, List<Outcome>> outcomesByVariation = new LinkedHashMap<>();

  /** The finished cells of {@code dataset} under {@code variation}. */
  public List<Outcome> finished(String dataset, String variation) {
    return outcomesByVariation.getOrDefault(dataset + "\u0000" + variation, List.of()).stream()
        .filter(Outcome::done)
        .toList();
  }

  /** The finished outcome of {@code cell}, if the sweep has one. */
  public java.util.Optional<Outcome> finished(SweepCell cell) {
    return finished(cell.dataset(), cell.variation()).stream()
        .filter(o -> o.cell().equals(cell))
        .findFirst();
  }

  /** The history of {@code dataset} under {@code variation}. */
  public History history(SweepConfig.Dataset dataset, String variation) {
    List<Outcome> cells = finished(dataset.name(), variation);
    java.util.TreeSet<Integer> common = null;
    for (Outcome o : cells) {
      if (common == null) {
        common = new java.util.TreeSet<>(o.history().keySet());
      } else {
        common.retainAll(o.history().keySet());
      }
    }
    if (common == null || common.size() < 2) {
      return new History(List.of(), List.of(), new double[0][], new double[0]);
    }
    List<Integer> epochs = List.copyOf(common);
    List<Integer> classes =
        dataset.classes().stream()
            .filter(c -> cells.stream().anyMatch(o -> o.cell().nominalClass() == c))
            .toList();
    double[][] byClass = new double[classes.size()][epochs.size()];
    double[] mean = new double[epochs.size()];
    for (int k = 0; k < classes.size(); k++) {
      int c = classes.get(k);
      List<Outcome> seeds = cells.stream().filter(o -> o.cell().nominalClass() == c).toList();
      for (int e = 0; e < epochs.size(); e++) {
        int epoch = epochs.get(e);
        byClass[k][e] =
            seeds.stream().mapToDouble(o -> o.history().get(epoch)).average().orElseThrow();
        mean[e] += byClass[k][e] / classes.size();
      }
    }
    return new History(epochs, classes, byClass, mean);
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

  private static void historyMarkdown(
      StringBuilder s, SweepConfig.Dataset d, String variation, String metric, History h) {
    s.append("\n### ").append(d.name()).append(" / ").append(variation).append(": ");
    s.append(metric).append(" by epoch\n\n| epoch |");
    for (int c : h.classes()) {
      s.append(" class ").append(c).append(" |");
    }
    s.append(" mean |\n|").append(" --- |".repeat(h.classes().size() + 2)).append('\n');
    for (int e = 0; e < h.epochs().size(); e++) {
      s.append("| ").append(h.epochs().get(e)).append(" |");
      for (int k = 0; k < h.classes().size(); k++) {
        s.append(' ').append(number(h.byClass()[k][e])).append(" |");
      }
      s.append(' ').append(number(h.mean()[e])).append(" |\n");
    }
    int last = h.epochs().get(h.epochs().size() - 1);
    int shortest = h.shortestWithinTolerance();
    s.append(
        String.format(
            Locale.ROOT,
            "%nThe shortest schedule whose mean is at most %.2f below the longest's (%s after %d"
                + " epochs): **%d epochs** (%s). From %d epochs on, every evaluated epoch stays"
                + " within it (the conservative reading of a noisy history).%n",
            SCHEDULE_TOLERANCE,
            number(h.mean()[h.mean().length - 1]),
            last,
            shortest,
            number(h.mean()[h.epochs().indexOf(shortest)]),
            h.stableWithinTolerance()));
  }

  /** The sample standard deviation (n − 1), NaN for fewer than 2 values. */
  public static double std(double[] v) {
    return Math.sqrt(variance(v));
  }

  /** The sample variance (n - 1) of {@code v}; NaN for fewer than two values. */
  public static double variance(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return ss / (v.length - 1);
  }

  private static String meanStd(Row r) {
    String failed = r.failed() == 0 ? "" : ", " + r.failed() + " failed";
    if (r.values().length == 0) {
      return "— (0" + failed + ")";
    }
    String std = r.values().length < 2 ? "" : " ± " + number(r.std());
    return number(r.mean()) + std + " (" + r.values().length + failed + ")";
  }

  /** The mean of {@code values}, NaN for none. */
  public static double average(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** {@code v} to three decimals, or a dash for NaN. */
  public static String number(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** {@code v} to three decimals with its sign, or a dash for NaN. */
  public static String signed(double v) {
    // Rounded first, so that a difference of -1e-17 reads +0.000, not -0.000.
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%+.3f", Math.round(v * 1e3) / 1e3);
  }

  private static String key(String dataset, String variation, int c) {
    return dataset + "\u0000" + variation + "\u0000" + c;
  }
}
