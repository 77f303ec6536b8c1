package io.fcddspark.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Small pieces of a self-contained HTML page: escaping, tables, embedded images, ROC charts. */
public final class Html {
  private Html() {}

  /** Text safe inside elements and attributes. */
  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A table; cells are HTML already (escape text first). */
  public static String table(List<String> header, List<List<String>> rows) {
    StringBuilder s = new StringBuilder("<table>\n<thead><tr>");
    for (String h : header) {
      s.append("<th>").append(escape(h)).append("</th>");
    }
    s.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      s.append("<tr>");
      for (String c : row) {
        s.append("<td>").append(c).append("</td>");
      }
      s.append("</tr>\n");
    }
    return s.append("</tbody>\n</table>\n").toString();
  }

  /** A PNG embedded as a data URL. */
  public static String png(byte[] png, String alt) {
    return "<img alt=\""
        + escape(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">";
  }

  /**
   * A ROC chart as inline SVG: the chance diagonal and the curve through (fpr, tpr) points.
   *
   * @param fpr false-positive rates, ascending
   * @param tpr true-positive rates
   * @param title the chart's caption, e.g. "class 3: AUC 0.912"
   */
  public static String rocChart(double[] fpr, double[] tpr, String title) {
    int size = 180;
    int pad = 28;
    double plot = size - 2.0 * pad;
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < fpr.length; i++) {
      points.append(
          String.format(
              Locale.ROOT, "%.1f,%.1f ", pad + fpr[i] * plot, size - pad - tpr[i] * plot));
    }
    return String.format(
        Locale.ROOT,
        "<svg class=\"roc\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
            + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
            + "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>"
            + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
            + "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"%s\"/>"
            + "<text x=\"%d\" y=\"14\" font-size=\"11\" text-anchor=\"middle\">%s</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">FPR</text>"
            + "<text x=\"10\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\""
            + " transform=\"rotate(-90 10 %d)\">TPR</text></svg>",
        size,
        size,
        size,
        size,
        escape(title),
        pad,
        pad,
        plot,
        plot,
        pad,
        size - pad,
        size - pad,
        pad,
        points.toString().strip(),
        size / 2,
        escape(title),
        size / 2,
        size - 8,
        size / 2,
        size / 2);
  }
}
