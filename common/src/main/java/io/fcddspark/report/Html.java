package io.fcddspark.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Small pieces of a self-contained HTML page: escaping, tables, embedded images, ROC and line
 * charts.
 */
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
    int left = 40;
    int top = 20;
    int bottom = 36;
    double plot = 150;
    int size = (int) (top + plot + bottom);
    int width = 250; // room for a title such as "class 0 (T-shirt/top) seed 0: AUC 0.9123"
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < fpr.length; i++) {
      points.append(
          String.format(
              Locale.ROOT, "%.1f,%.1f ", left + fpr[i] * plot, size - bottom - tpr[i] * plot));
    }
    StringBuilder ticks = new StringBuilder();
    for (double t : new double[] {0, 0.5, 1}) {
      ticks.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>"
                  + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">%s</text>",
              left + t * plot,
              size - bottom + 11,
              number(t),
              left - 3,
              size - bottom - t * plot + 3,
              number(t)));
    }
    return String.format(
        Locale.ROOT,
        "<svg class=\"roc\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
            + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
            + "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>"
            + "<line x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
            + "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"%s\"/>"
            + "%s"
            + "<text x=\"%.1f\" y=\"13\" font-size=\"11\" text-anchor=\"middle\">%s</text>"
            + "<text class=\"axis-label\" x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
            + "false-positive rate</text>"
            + "<text class=\"axis-label\" x=\"10\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\""
            + " transform=\"rotate(-90 10 %.1f)\">true-positive rate</text></svg>",
        width,
        size,
        width,
        size,
        escape(title),
        left,
        top,
        plot,
        plot,
        left,
        size - bottom,
        left + plot,
        (double) top,
        points.toString().strip(),
        ticks,
        width / 2.0,
        escape(title),
        left + plot / 2,
        size - 6,
        top + plot / 2,
        top + plot / 2);
  }

  /**
   * One series of a line chart.
   *
   * @param name the legend's label
   * @param x ascending x values
   * @param y the values
   */
  public record Series(String name, double[] x, double[] y) {}

  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
  };

  /**
   * A line chart as inline SVG (e.g. test AUC by epoch): one coloured polyline with dots per
   * series, the y axis spanning the values with a margin, x and y extremes labelled, and a legend.
   */
  public static String lineChart(List<Series> series, String title, String xLabel, String yLabel) {
    return lineChart(
        series, title, xLabel, yLabel, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #lineChart(List, String, String, String)}, the y axis kept within [{@code yFloor},
   * {@code yCeiling}] (e.g. [0, 1] for an AUC).
   */
  public static String lineChart(
      List<Series> series,
      String title,
      String xLabel,
      String yLabel,
      double yFloor,
      double yCeiling) {
    int w = 420;
    int h = 240;
    int left = 44;
    int right = 110;
    int top = 22;
    int bottom = 30;
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        xMin = Math.min(xMin, s.x()[i]);
        xMax = Math.max(xMax, s.x()[i]);
        yMin = Math.min(yMin, s.y()[i]);
        yMax = Math.max(yMax, s.y()[i]);
      }
    }
    if (xMax == xMin) {
      xMin -= 1;
      xMax += 1;
    }
    double margin = Math.max(0.005, (yMax - yMin) * 0.08);
    yMin = Math.max(yFloor, yMin - margin);
    yMax = Math.min(yCeiling, yMax + margin);
    if (yMax <= yMin) {
      yMax = yMin + 0.01;
    }
    double pw = w - left - right;
    double ph = h - top - bottom;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"history\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
                + "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\""
                + " stroke=\"#999\"/>"
                + "<text x=\"%.0f\" y=\"14\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
            w,
            h,
            w,
            h,
            escape(title),
            left,
            top,
            pw,
            ph,
            left + pw / 2,
            escape(title)));
    s.append(
        String.format(
            Locale.ROOT,
            "<text class=\"tick\" x=\"%d\" y=\"%d\" font-size=\"9\">%s</text>"
                + "<text class=\"tick\" x=\"%.0f\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">%s</text>"
                + "<text class=\"axis-label\" x=\"%.0f\" y=\"%d\" font-size=\"10\""
                + " text-anchor=\"middle\">%s</text>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">%.3f</text>"
                + "<text class=\"tick\" x=\"%d\" y=\"%.0f\" font-size=\"9\" text-anchor=\"end\">%.3f</text>"
                + "<text class=\"axis-label\" x=\"10\" y=\"%.0f\" font-size=\"10\""
                + " text-anchor=\"middle\" transform=\"rotate(-90 10 %.0f)\">%s</text>",
            left,
            h - bottom + 11,
            number(xMin),
            left + pw,
            h - bottom + 11,
            number(xMax),
            left + pw / 2,
            h - 6,
            escape(xLabel),
            left - 3,
            top + 8,
            yMax,
            left - 3,
            top + ph,
            yMin,
            top + ph / 2,
            top + ph / 2,
            escape(yLabel)));
    for (int k = 0; k < series.size(); k++) {
      Series ser = series.get(k);
      String colour = COLOURS[k % COLOURS.length];
      StringBuilder points = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < ser.x().length; i++) {
        double px = left + (ser.x()[i] - xMin) / (xMax - xMin) * pw;
        double py = top + (yMax - ser.y()[i]) / (yMax - yMin) * ph;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        dots.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>",
                px,
                py,
                colour));
      }
      s.append(
              String.format(
                  Locale.ROOT,
                  "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
                  colour,
                  points.toString().strip()))
          .append(dots);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
              w - right + 8,
              top + 6 + 14 * k,
              w - right + 22,
              top + 6 + 14 * k,
              colour,
              w - right + 26,
              top + 10 + 14 * k,
              escape(ser.name())));
    }
    return s.append("</svg>").toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
