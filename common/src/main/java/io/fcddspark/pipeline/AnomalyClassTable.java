package io.fcddspark.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep's metric against each anomalous class alone: per dataset, variation and nominal class the
 * mean over the finished seeds of the final model's value against the images of one anomalous class
 * ({@link SweepTable.Outcome#anomalyClasses}). It says which anomalies a class's models confuse
 * with it, which is where a gap to a published value comes from.
 */
public final class AnomalyClassTable {
  private final SweepTable table;

  public AnomalyClassTable(SweepTable table) {
    this.table = table;
  }

  /**
   * Per anomalous class the mean over the finished seeds of {@code nominalClass} that have a
   * breakdown; empty when none has.
   */
  public SortedMap<Integer, Double> means(String dataset, String variation, int nominalClass) {
    Map<Integer, List<Double>> values = new TreeMap<>();
    for (SweepTable.Outcome o : table.finished(dataset, variation)) {
      if (o.cell().nominalClass() == nominalClass) {
        o.anomalyClasses()
            .forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
    }
    SortedMap<Integer, Double> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, SweepTable.average(v)));
    return out;
  }

  /** The {@code count} anomalous classes with the lowest means, lowest first. */
  public List<Integer> hardest(String dataset, String variation, int nominalClass, int count) {
    SortedMap<Integer, Double> m = means(dataset, variation, nominalClass);
    return m.keySet().stream().sorted(Comparator.comparingDouble(m::get)).limit(count).toList();
  }

  /**
   * The Markdown matrix of {@code variation} on {@code d}: a row per nominal class with a
   * breakdown, a column per anomalous class, and the row's hardest class; empty when no cell has a
   * breakdown.
   */
  public String markdown(SweepConfig.Dataset d, String variation, String metric) {
    Map<Integer, SortedMap<Integer, Double>> rows = new TreeMap<>();
    TreeSet<Integer> columns = new TreeSet<>();
    int seeds = 0;
    for (int c : d.classes()) {
      SortedMap<Integer, Double> m = means(d.name(), variation, c);
      if (!m.isEmpty()) {
        rows.put(c, m);
        columns.addAll(m.keySet());
      }
    }
    if (rows.isEmpty()) {
      return "";
    }
    for (SweepTable.Outcome o : table.finished(d.name(), variation)) {
      seeds += o.anomalyClasses().isEmpty() ? 0 : 1;
    }
    StringBuilder s = new StringBuilder();
    s.append("\n### ").append(d.name()).append(" / ").append(variation).append(": ");
    s.append(metric).append(" against each anomalous class\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Each row is a nominal class's final models (the mean over their seeds; %d cells in"
                + " all), each column the test images of one anomalous class alone against the"
                + " nominal ones. The row's %s is the mean of its columns weighted by the classes'"
                + " sizes.%n%n",
            seeds,
            metric));
    s.append("| nominal \\ anomalous |");
    for (int k : columns) {
      s.append(' ').append(k).append(" |");
    }
    s.append(" hardest |\n|").append(" --- |".repeat(columns.size() + 2)).append('\n');
    for (Map.Entry<Integer, SortedMap<Integer, Double>> r : rows.entrySet()) {
      s.append("| ").append(r.getKey()).append(" |");
      for (int k : columns) {
        Double v = r.getValue().get(k);
        s.append(' ').append(v == null ? "—" : SweepTable.number(v)).append(" |");
      }
      int hardest = hardest(d.name(), variation, r.getKey(), 1).get(0);
      s.append(" ")
          .append(hardest)
          .append(" (")
          .append(SweepTable.number(r.getValue().get(hardest)))
          .append(") |\n");
    }
    return s.toString();
  }
}
