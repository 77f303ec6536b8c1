package io.fcddspark.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One measurement over a benchmark's repeated runs: its median and range, as the pages print it.
 */
final class Spread {
  private final double[] sorted;

  private Spread(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no runs to summarize");
    }
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  static Spread of(Collection<Double> values) {
    return new Spread(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static <T> Spread of(List<T> runs, ToDoubleFunction<T> measure) {
    return new Spread(runs.stream().mapToDouble(measure).toArray());
  }

  double median() {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[sorted.length - 1];
  }

  int runs() {
    return sorted.length;
  }

  /** "median (min–max)", each formatted with {@code format}, e.g. {@code "%.1f"}. */
  String cell(String format) {
    return String.format(Locale.ROOT, format, median())
        + " ("
        + String.format(Locale.ROOT, format, min())
        + "–"
        + String.format(Locale.ROOT, format, max())
        + ")";
  }
}
