package io.fcddspark.heatmap;

/**
 * Matplotlib's {@code jet} colour map (blue = nominal, red = anomalous), which the FCDD figures
 * use: the piecewise-linear segment data of {@code matplotlib._cm._jet_data} sampled into a
 * 256-entry table, and values looked up as matplotlib does ({@code floor(v * 256)}, clipped).
 */
public final class JetColormap {
  private static final double[][] RED = {{0, 0}, {0.35, 0}, {0.66, 1}, {0.89, 1}, {1, 0.5}};
  private static final double[][] GREEN = {
    {0, 0}, {0.125, 0}, {0.375, 1}, {0.64, 1}, {0.91, 0}, {1, 0}
  };
  private static final double[][] BLUE = {{0, 0.5}, {0.11, 1}, {0.34, 1}, {0.65, 0}, {1, 0}};
  private static final int[] TABLE = buildTable();

  private JetColormap() {}

  /** The packed {@code 0xRRGGBB} colour of {@code value} in [0, 1] (clipped outside). */
  public static int rgb(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("Cannot colour a NaN heatmap value");
    }
    int i = (int) Math.floor(value * 256);
    return TABLE[Math.max(0, Math.min(255, i))];
  }

  /** Colours a normalised heatmap into packed RGB pixels. */
  public static int[] rgb(float[] normalised) {
    int[] out = new int[normalised.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = rgb(normalised[i]);
    }
    return out;
  }

  private static int[] buildTable() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      double x = i / 255.0;
      int r = channel(RED, x);
      int g = channel(GREEN, x);
      int b = channel(BLUE, x);
      t[i] = (r << 16) | (g << 8) | b;
    }
    return t;
  }

  private static int channel(double[][] segments, double x) {
    for (int s = 1; s < segments.length; s++) {
      if (x <= segments[s][0]) {
        double x0 = segments[s - 1][0];
        double x1 = segments[s][0];
        double t = x1 == x0 ? 0 : (x - x0) / (x1 - x0);
        double v = segments[s - 1][1] + t * (segments[s][1] - segments[s - 1][1]);
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
      }
    }
    return (int) Math.round(segments[segments.length - 1][1] * 255);
  }
}
