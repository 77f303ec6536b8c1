package io.fcddspark.heatmap;

/**
 * Bilinear resizing of a full-resolution heatmap to the ground-truth mask's resolution, with
 * half-pixel centres (torch's {@code F.interpolate(mode="bilinear", align_corners=False)}, the same
 * grid as {@link io.fcddspark.ingest.ImageResize#bilinear} uses for images).
 */
public final class HeatmapResize {
  private HeatmapResize() {}

  /** Resizes a row-major h&times;w map to outH&times;outW; the same size returns a copy. */
  public static float[] bilinear(double[] src, int h, int w, int outH, int outW) {
    if (src.length != h * w) {
      throw new IllegalArgumentException(
          String.format("A %d×%d heatmap needs %d values, got %d", h, w, h * w, src.length));
    }
    float[] out = new float[outH * outW];
    if (h == outH && w == outW) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) src[i];
      }
      return out;
    }
    double sy = (double) h / outH;
    double sx = (double) w / outW;
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    double[] dxs = new double[outW];
    for (int x = 0; x < outW; x++) {
      double fx = Math.max(0, (x + 0.5) * sx - 0.5);
      x0[x] = Math.min(w - 1, (int) fx);
      x1[x] = Math.min(w - 1, x0[x] + 1);
      dxs[x] = fx - x0[x];
    }
    for (int y = 0; y < outH; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min(h - 1, (int) fy);
      int y1 = Math.min(h - 1, y0 + 1);
      double dy = fy - y0;
      for (int x = 0; x < outW; x++) {
        double dx = dxs[x];
        double top = (1 - dx) * src[y0 * w + x0[x]] + dx * src[y0 * w + x1[x]];
        double bottom = (1 - dx) * src[y1 * w + x0[x]] + dx * src[y1 * w + x1[x]];
        out[y * outW + x] = (float) ((1 - dy) * top + dy * bottom);
      }
    }
    return out;
  }
}
