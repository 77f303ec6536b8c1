package io.fcddspark.heatmap;

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
 * A figure of the paper's kind as one PNG: one column per sample, rows from top to bottom the
 * input, its heatmap coloured with {@link JetColormap}, and the ground-truth mask where there is
 * one; cells are separated by a white gap and scaled up by an integer factor (nearest neighbour),
 * so small images stay sharp. Columns that carry their label and score get a header band: a green
 * (nominal) or red (anomalous) bar with the score, and a wider gap where nominal columns end.
 */
public final class HeatmapGrid {
  private static final int GAP = 2;

  /**
   * One column.
   *
   * @param input the input image, channel-interleaved 8-bit, c&times;h&times;w
   * @param channels 1 or 3
   * @param heatmap the normalised heatmap in [0, 1], h&times;w
   * @param mask the ground-truth mask (h&times;w, true = anomalous), or null
   * @param anomalous the sample's label, or null for an unlabelled column
   * @param score the sample's anomaly score, or NaN
   */
  public record Column(
      byte[] input,
      int channels,
      float[] heatmap,
      boolean[] mask,
      Boolean anomalous,
      double score) {
    /** A column without label or score. */
    public Column(byte[] input, int channels, float[] heatmap, boolean[] mask) {
      this(input, channels, heatmap, mask, null, Double.NaN);
    }
  }

  /** The header band's height in pixels, where columns carry labels. */
  public static final int BAND = 16;

  /** The gap between the last nominal and the first anomalous column. */
  public static final int GROUP_GAP = 10;

  /** The header colour of a nominal column. */
  public static final int NOMINAL_COLOUR = 0x2ca02c;

  /** The header colour of an anomalous column. */
  public static final int ANOMALOUS_COLOUR = 0xd62728;

  private final int height;
  private final int width;
  private final int scale;
  private final List<Column> columns = new ArrayList<>();

  /**
   * @param height cell height in image pixels
   * @param width cell width in image pixels
   * @param scale integer magnification, at least 1
   */
  public HeatmapGrid(int height, int width, int scale) {
    if (height < 1 || width < 1 || scale < 1) {
      throw new IllegalArgumentException(
          String.format(
              "A grid needs cells of at least 1×1 at scale >= 1, got %d×%d at %d",
              height, width, scale));
    }
    this.height = height;
    this.width = width;
    this.scale = scale;
  }

  /** A grid of height&times;width cells magnified so that the longer side is at least 96 px. */
  public static HeatmapGrid magnified(int height, int width) {
    return new HeatmapGrid(
        height, width, Math.max(1, (int) Math.ceil(96.0 / Math.max(height, width))));
  }

  /** How many pixels of the figure one image pixel takes on each side. */
  public int scale() {
    return scale;
  }

  /** Adds a column; its images must be height&times;width. */
  public HeatmapGrid add(Column c) {
    int n = height * width;
    if (c.input().length != c.channels() * n
        || c.heatmap().length != n
        || (c.mask() != null && c.mask().length != n)) {
      throw new IllegalArgumentException(
          String.format(
              "Column %d does not fit %d×%d cells: input %d bytes (%d channels), heatmap %d, mask %s",
              columns.size(),
              height,
              width,
              c.input().length,
              c.channels(),
              c.heatmap().length,
              c.mask() == null ? "none" : String.valueOf(c.mask().length)));
    }
    columns.add(c);
    return this;
  }

  /** The figure as a PNG file's bytes. */
  public byte[] png() {
    if (columns.isEmpty()) {
      throw new IllegalStateException("A heatmap grid needs at least one column");
    }
    boolean masks = columns.stream().anyMatch(c -> c.mask() != null);
    boolean labelled = columns.stream().anyMatch(c -> c.anomalous() != null);
    int rows = masks ? 3 : 2;
    int cellW = width * scale;
    int cellH = height * scale;
    int[] x0 = new int[columns.size()];
    for (int col = 1; col < columns.size(); col++) {
      boolean groupEnds =
          labelled
              && Boolean.FALSE.equals(columns.get(col - 1).anomalous())
              && Boolean.TRUE.equals(columns.get(col).anomalous());
      x0[col] = x0[col - 1] + cellW + (groupEnds ? GROUP_GAP : GAP);
    }
    int band = labelled ? BAND : 0;
    BufferedImage img =
        new BufferedImage(
            x0[columns.size() - 1] + cellW,
            band + rows * (cellH + GAP) - GAP,
            BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        img.setRGB(x, y, 0xffffff);
      }
    }
    for (int col = 0; col < columns.size(); col++) {
      Column c = columns.get(col);
      int[] input = new int[height * width];
      for (int p = 0; p < input.length; p++) {
        input[p] =
            c.channels() == 1
                ? grey(c.input()[p])
                : (Byte.toUnsignedInt(c.input()[3 * p]) << 16)
                    | (Byte.toUnsignedInt(c.input()[3 * p + 1]) << 8)
                    | Byte.toUnsignedInt(c.input()[3 * p + 2]);
      }
      if (c.anomalous() != null) {
        header(img, x0[col], cellW, c);
      }
      draw(img, x0[col], band, 0, input);
      draw(img, x0[col], band, 1, JetColormap.rgb(c.heatmap()));
      if (masks) {
        int[] m = new int[height * width];
        for (int p = 0; p < m.length; p++) {
          m[p] = c.mask() != null && c.mask()[p] ? 0xffffff : 0;
        }
        draw(img, x0[col], band, 2, m);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the heatmap grid as PNG", e);
    }
    return out.toByteArray();
  }

  private static int grey(byte b) {
    int v = Byte.toUnsignedInt(b);
    return (v << 16) | (v << 8) | v;
  }

  /** A column's header: a bar in its label's colour and its score, if any, in white on it. */
  private static void header(BufferedImage img, int x0, int cellW, Column c) {
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(new Color(c.anomalous() ? ANOMALOUS_COLOUR : NOMINAL_COLOUR));
      g.fillRect(x0, 0, cellW, BAND - 2);
      if (!Double.isNaN(c.score())) {
        g.setRenderingHint(
            RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format(Locale.ROOT, "%.4g", c.score()), x0 + 3, BAND - 4);
      }
    } finally {
      g.dispose();
    }
  }

  private void draw(BufferedImage img, int x0, int band, int row, int[] rgb) {
    int y0 = band + row * (height * scale + GAP);
    for (int y = 0; y < height * scale; y++) {
      for (int x = 0; x < width * scale; x++) {
        img.setRGB(x0 + x, y0 + y, rgb[(y / scale) * width + x / scale]);
      }
    }
  }
}
