package io.fcddspark.rank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published results table shipped in {@code conf/baselines/} (format in its README): {@code #}
 * comment lines citing the source, an optional {@code # metric: name} line, a header {@code
 * dataset,method,...}, one row per dataset with one score per method (empty = not reported), and
 * rows named {@code stated:<summary>} holding the table's own summary rows (mean, std), which a
 * test checks the transcription against.
 *
 * @param origin the file it came from
 * @param metric the metric its scores are, or null
 * @param methods the methods, in column order
 * @param cells the reported scores
 * @param stated summary rows by name, one value per method (NaN where empty)
 */
public record BaselineTable(
    String origin,
    String metric,
    List<String> methods,
    List<ResultsTable.Cell> cells,
    Map<String, double[]> stated) {

  public static BaselineTable read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read baseline table " + file, e);
    }
  }

  /** Parses the text of a table; errors name {@code origin}, the line and the column. */
  public static BaselineTable parse(String text, String origin) {
    String metric = null;
    List<String> methods = null;
    List<ResultsTable.Cell> cells = new ArrayList<>();
    Map<String, double[]> stated = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String where = origin + ":" + (i + 1);
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String c = line.substring(1).strip();
        if (c.startsWith("metric:")) {
          metric = c.substring("metric:".length()).strip();
        }
        continue;
      }
      String[] fields = line.split(",", -1);
      if (methods == null) {
        if (!fields[0].strip().equals("dataset") || fields.length < 2) {
          throw new IllegalArgumentException(
              where + ": the header must be dataset,<method>,..., got '" + line + "'");
        }
        methods = new ArrayList<>();
        for (int f = 1; f < fields.length; f++) {
          methods.add(fields[f].strip());
        }
        continue;
      }
      if (fields.length != methods.size() + 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: %d fields, the header has %d", where, fields.length, methods.size() + 1));
      }
      String dataset = fields[0].strip();
      double[] values = new double[methods.size()];
      for (int f = 1; f < fields.length; f++) {
        String v = fields[f].strip();
        if (v.isEmpty()) {
          values[f - 1] = Double.NaN;
          continue;
        }
        try {
          values[f - 1] = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: column '%s' of '%s' is '%s', not a number",
                  where, methods.get(f - 1), dataset, v),
              e);
        }
      }
      if (dataset.startsWith("stated:")) {
        stated.put(dataset.substring("stated:".length()), values);
        continue;
      }
      for (int m = 0; m < values.length; m++) {
        if (!Double.isNaN(values[m])) {
          cells.add(new ResultsTable.Cell(methods.get(m), dataset, values[m]));
        }
      }
    }
    if (methods == null) {
      throw new IllegalArgumentException(origin + ": no header line dataset,<method>,...");
    }
    return new BaselineTable(origin, metric, List.copyOf(methods), List.copyOf(cells), stated);
  }
}
