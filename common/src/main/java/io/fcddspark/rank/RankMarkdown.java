package io.fcddspark.rank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link RankAnalysis} as a Markdown section: the methods by average rank with their mean score,
 * the Friedman and Iman–Davenport tests, the Nemenyi critical difference, the cliques of both
 * post-hoc procedures, and a link to the Wilcoxon–Holm critical-difference diagram.
 */
public final class RankMarkdown {
  private RankMarkdown() {}

  /**
   * The section's body (no heading).
   *
   * @param a the analysis
   * @param table the table it was made from (for the mean scores)
   * @param datasetsNamed what the datasets are, e.g. "classes"
   * @param diagram the CD diagram's link relative to the page, or null for none
   */
  public static String of(
      RankAnalysis a, ResultsTable table, String datasetsNamed, String diagram) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%d methods on %d %s (%s), higher is better. Friedman χ² = %.2f (%d degrees of"
                + " freedom, p = %s); %s; Nemenyi critical difference at α = %.2f: %.2f"
                + " ranks.%n%n",
            a.methods().size(),
            a.datasets().size(),
            datasetsNamed,
            String.join(", ", a.datasets()),
            a.friedman().chiSquared(),
            a.friedman().degreesOfFreedom(),
            p(a.friedman().pValue()),
            imanDavenport(a.friedman(), a.datasets().size(), datasetsNamed),
            a.alpha(),
            a.criticalDifference()));
    s.append("| rank | method | average rank | mean |\n| --- | --- | --- | --- |\n");
    for (int pos = 0; pos < a.order().length; pos++) {
      int m = a.order()[pos];
      s.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.2f | %.3f |%n",
              pos + 1,
              a.methods().get(m),
              a.ranks().average()[m],
              table.mean(m)));
    }
    s.append('\n');
    s.append("Not significantly different (Wilcoxon–Holm, α = ")
        .append(String.format(Locale.ROOT, "%.2f", a.alpha()))
        .append("): ")
        .append(cliques(a, a.wilcoxonCliques()))
        .append(". Within the Nemenyi critical difference: ")
        .append(cliques(a, a.nemenyiCliques()))
        .append(".\n");
    if (diagram != null) {
      s.append("\n![Critical-difference diagram (Wilcoxon–Holm)](").append(diagram).append(")\n");
    }
    return s.toString();
  }

  /**
   * The Iman–Davenport statistic; infinite where every dataset ranks the methods alike (χ² at its
   * largest), said so in words.
   */
  private static String imanDavenport(FriedmanTest f, int datasets, String datasetsNamed) {
    if (Double.isInfinite(f.imanDavenport())) {
      return "Iman–Davenport F = ∞ (all "
          + datasets
          + " "
          + datasetsNamed
          + " rank the methods alike; p = 0)";
    }
    return String.format(
        Locale.ROOT,
        "Iman–Davenport F = %.2f (p = %s)",
        f.imanDavenport(),
        p(f.pValueImanDavenport()));
  }

  /** The {from, to} runs of {@link Cliques} by name. */
  private static String cliques(RankAnalysis a, List<int[]> cliques) {
    if (cliques.isEmpty()) {
      return "no two methods";
    }
    List<String> groups = new ArrayList<>();
    for (int[] run : cliques) {
      List<String> names = new ArrayList<>();
      for (int pos = run[0]; pos <= run[1]; pos++) {
        names.add(a.methods().get(a.order()[pos]));
      }
      groups.add("{" + String.join(", ", names) + "}");
    }
    return String.join(", ", groups);
  }

  private static String p(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }
}
