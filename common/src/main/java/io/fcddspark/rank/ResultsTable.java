package io.fcddspark.rank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Scores of methods on datasets (classes), one per cell, the input of the rank statistics. Several
 * values for one cell (seeds) are averaged: the arithmetic mean, as the paper's tables report. A
 * method without a value on a dataset is an error naming both (a silent drop changes every rank).
 *
 * @param methods the methods, in first-seen order
 * @param datasets the datasets, in first-seen order
 * @param scores {@code scores[d][m]}: method m's mean score on dataset d
 * @param seeds {@code seeds[d][m]}: how many values were averaged
 */
public record ResultsTable(
    List<String> methods, List<String> datasets, double[][] scores, int[][] seeds) {
  /** One value: a method's score on a dataset (one seed). */
  public record Cell(String method, String dataset, double score) {}

  /** The table of {@code cells}; every method needs a finite value on every dataset. */
  public static ResultsTable of(List<Cell> cells) {
    LinkedHashSet<String> methods = new LinkedHashSet<>();
    LinkedHashSet<String> datasets = new LinkedHashSet<>();
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Cell c : cells) {
      if (!Double.isFinite(c.score())) {
        throw new IllegalArgumentException(
            String.format(
                "Method '%s' has score %s on dataset '%s': scores must be finite",
                c.method(), c.score(), c.dataset()));
      }
      methods.add(c.method());
      datasets.add(c.dataset());
      double[] s = sums.computeIfAbsent(c.method() + "\u0000" + c.dataset(), k -> new double[2]);
      s[0] += c.score();
      s[1]++;
    }
    List<String> m = new ArrayList<>(methods);
    List<String> d = new ArrayList<>(datasets);
    if (m.size() < 2 || d.size() < 2) {
      throw new IllegalArgumentException(
          String.format(
              "Ranking needs at least 2 methods and 2 datasets, got %d methods %s and %d datasets",
              m.size(), m, d.size()));
    }
    double[][] scores = new double[d.size()][m.size()];
    int[][] seeds = new int[d.size()][m.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < m.size(); j++) {
        double[] s = sums.get(m.get(j) + "\u0000" + d.get(i));
        if (s == null) {
          missing.add("'" + m.get(j) + "' on '" + d.get(i) + "'");
          continue;
        }
        scores[i][j] = s[0] / s[1];
        seeds[i][j] = (int) s[1];
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Every method needs a score on every dataset; missing: "
              + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
              + (missing.size() > 10 ? " and " + (missing.size() - 10) + " more" : ""));
    }
    return new ResultsTable(List.copyOf(m), List.copyOf(d), scores, seeds);
  }

  /** Method m's scores over the datasets. */
  public double[] column(int m) {
    double[] out = new double[datasets.size()];
    for (int d = 0; d < out.length; d++) {
      out[d] = scores[d][m];
    }
    return out;
  }

  /** Method m's mean score over the datasets. */
  public double mean(int m) {
    double mean = 0;
    for (double[] row : scores) {
      mean += row[m] / scores.length;
    }
    return mean;
  }
}
