package io.fcddspark.rank;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A critical-difference diagram in the usual layout (Demšar 2006, Fig. 1): an axis of average ranks
 * from 1 (left) to k, each method joined to its rank by a line, the better half named on the left
 * and the rest on the right, and thick bars joining each clique of methods that are not
 * significantly different; the Nemenyi variant also shows the critical difference above the axis.
 * The layout is computed once as lines and texts and drawn as SVG or PNG.
 */
public final class CdDiagram {
  private static final int FONT = 13;
  private static final double CHAR = 7.2;
  private static final double ROW = 22;
  private static final double TOP = 70;

  /** A straight line. */
  record Line(double x1, double y1, double x2, double y2, double width, String color) {}

  /** A text; anchor "start", "middle" or "end". */
  record Text(double x, double y, String text, String anchor, int size) {}

  private final List<Line> lines = new ArrayList<>();
  private final List<Text> texts = new ArrayList<>();
  private final double width;
  private final double height;

  private CdDiagram(double width, double height) {
    this.width = width;
    this.height = height;
  }

  /** The Nemenyi diagram: cliques by the critical difference, which is drawn too. */
  public static CdDiagram nemenyi(RankAnalysis a, String title) {
    return layout(
        a,
        a.nemenyiCliques(),
        title,
        String.format(Locale.ROOT, "CD = %.3f (α = %.2f)", a.criticalDifference(), a.alpha()),
        a.criticalDifference());
  }

  /** The Wilcoxon–Holm diagram: cliques by Holm-adjusted pairwise Wilcoxon tests. */
  public static CdDiagram wilcoxonHolm(RankAnalysis a, String title) {
    return layout(a, a.wilcoxonCliques(), title, null, 0);
  }

  private static CdDiagram layout(
      RankAnalysis a, List<int[]> cliques, String title, String cdLabel, double cd) {
    int k = a.methods().size();
    int left = (k + 1) / 2;
    double labelWidth = 0;
    for (String m : a.methods()) {
      labelWidth = Math.max(labelWidth, (m.length() + 7) * CHAR);
    }
    double axisWidth = Math.max(360, 60.0 * (k - 1));
    // As wide as the labels need, or the title (a long one is not clipped), the axis centred.
    double width =
        Math.max(
            2 * (labelWidth + 30) + axisWidth, (title.length() + 4) * CHAR * (FONT + 1) / FONT);
    double margin = (width - axisWidth) / 2;
    double barsBottom = TOP + 16 + 8 * Math.max(1, cliques.size());
    double height = barsBottom + ROW * (Math.max(left, k - left) + 1);
    CdDiagram d = new CdDiagram(width, height);
    double x0 = margin;
    java.util.function.DoubleUnaryOperator x = r -> x0 + (r - 1) / (k - 1) * axisWidth;
    d.texts.add(new Text(width / 2, 20, title, "middle", FONT + 1));
    // The axis and its ticks.
    d.lines.add(new Line(x.applyAsDouble(1), TOP, x.applyAsDouble(k), TOP, 1.2, "#000000"));
    for (int r = 1; r <= k; r++) {
      d.lines.add(new Line(x.applyAsDouble(r), TOP - 6, x.applyAsDouble(r), TOP, 1, "#000000"));
      d.texts.add(new Text(x.applyAsDouble(r), TOP - 10, Integer.toString(r), "middle", FONT - 2));
    }
    if (cdLabel != null) {
      double y = 40;
      d.lines.add(new Line(x.applyAsDouble(1), y, x.applyAsDouble(1 + cd), y, 1.5, "#000000"));
      d.lines.add(new Line(x.applyAsDouble(1), y - 4, x.applyAsDouble(1), y + 4, 1, "#000000"));
      d.lines.add(
          new Line(x.applyAsDouble(1 + cd), y - 4, x.applyAsDouble(1 + cd), y + 4, 1, "#000000"));
      d.texts.add(new Text(x.applyAsDouble(1 + cd) + 6, y + 4, cdLabel, "start", FONT - 2));
    }
    // Methods: the better half to the left, the rest to the right.
    for (int pos = 0; pos < k; pos++) {
      int m = a.order()[pos];
      double rank = a.ranks().average()[m];
      double rx = x.applyAsDouble(rank);
      String label = String.format(Locale.ROOT, "%s (%.2f)", a.methods().get(m), rank);
      if (pos < left) {
        double y = barsBottom + ROW * (pos + 1);
        d.lines.add(new Line(rx, TOP, rx, y, 1, "#000000"));
        d.lines.add(new Line(margin - 20, y, rx, y, 1, "#000000"));
        d.texts.add(new Text(margin - 24, y + 4, label, "end", FONT));
      } else {
        double y = barsBottom + ROW * (k - pos);
        d.lines.add(new Line(rx, TOP, rx, y, 1, "#000000"));
        d.lines.add(new Line(rx, y, width - margin + 20, y, 1, "#000000"));
        d.texts.add(new Text(width - margin + 24, y + 4, label, "start", FONT));
      }
    }
    // Cliques: thick bars just below the axis, one level each.
    for (int c = 0; c < cliques.size(); c++) {
      double from = a.ranks().average()[a.order()[cliques.get(c)[0]]];
      double to = a.ranks().average()[a.order()[cliques.get(c)[1]]];
      double y = TOP + 12 + 8 * c;
      d.lines.add(new Line(x.applyAsDouble(from) - 3, y, x.applyAsDouble(to) + 3, y, 4, "#c0392b"));
    }
    return d;
  }

  /** The diagram as an SVG document. */
  public String svg() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0"
                + " %.0f %.0f\" font-family=\"DejaVu Sans, Arial, sans-serif\">%n",
            width,
            height,
            width,
            height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (Line l : lines) {
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"%.1f\"/>%n",
              l.x1(),
              l.y1(),
              l.x2(),
              l.y2(),
              l.color(),
              l.width()));
    }
    for (Text t : texts) {
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
              t.x(),
              t.y(),
              t.size(),
              t.anchor(),
              escape(t.text())));
    }
    return s.append("</svg>\n").toString();
  }

  /** The diagram as a PNG at {@code scale} pixels per SVG unit. */
  public byte[] png(int scale) {
    BufferedImage img =
        new BufferedImage(
            (int) Math.ceil(width * scale),
            (int) Math.ceil(height * scale),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.scale(scale, scale);
      for (Line l : lines) {
        g.setColor(Color.decode(l.color()));
        g.setStroke(new BasicStroke((float) l.width()));
        g.draw(new java.awt.geom.Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
      }
      g.setColor(Color.BLACK);
      for (Text t : texts) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, t.size()));
        float w = (float) g.getFontMetrics().getStringBounds(t.text(), g).getWidth();
        float tx =
            switch (t.anchor()) {
              case "end" -> (float) t.x() - w;
              case "middle" -> (float) t.x() - w / 2;
              default -> (float) t.x();
            };
        g.drawString(t.text(), tx, (float) t.y());
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the CD diagram as PNG", e);
    }
    return out.toByteArray();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
