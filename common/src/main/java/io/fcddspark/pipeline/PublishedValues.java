package io.fcddspark.pipeline;

import io.fcddspark.rank.BaselineTable;
import io.fcddspark.rank.ResultsTable;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Each dataset's published column of a sweep: its paper method's value per class. */
public final class PublishedValues {
  private PublishedValues() {}

  /**
   * Dataset name → class → the value of the dataset's {@code paperMethod} in its baseline tables
   * (the first table that has the class wins).
   */
  public static Map<String, Map<Integer, Double>> of(SweepConfig config) {
    Map<String, Map<Integer, Double>> out = new TreeMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      Map<Integer, Double> values = new TreeMap<>();
      for (String b : d.baselines()) {
        for (ResultsTable.Cell c : BaselineTable.read(Path.of(b)).cells()) {
          if (c.method().equals(d.paperMethod()) && c.dataset().matches("\\d+")) {
            values.putIfAbsent(Integer.parseInt(c.dataset()), c.score());
          }
        }
      }
      out.put(d.name(), values);
    }
    return out;
  }
}
