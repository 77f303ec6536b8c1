package io.fcddspark.heatmap;

import io.fcddspark.ingest.ImageResize;

/**
 * Resizing of a full-resolution heatmap: bilinear with half-pixel centres (torch's {@code
 * F.interpolate(mode="bilinear", align_corners=False)}, the grid {@link
 * io.fcddspark.ingest.ImageResize#bilinear} uses for images), or nearest as torch's default {@code
 * F.interpolate}, with which the reference brings a heatmap to its ground-truth mask's size.
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
    ImageResize.Taps xs = ImageResize.Taps.of(w, outW);
    ImageResize.Taps ys = ImageResize.Taps.of(h, outH);
    for (int y = 0; y < outH; y++) {
      int r0 = ys.lo()[y] * w;
      int r1 = ys.hi()[y] * w;
      double dy = ys.weight()[y];
      for (int x = 0; x < outW; x++) {
        double dx = xs.weight()[x];
        double top = (1 - dx) * src[r0 + xs.lo()[x]] + dx * src[r0 + xs.hi()[x]];
        double bottom = (1 - dx) * src[r1 + xs.lo()[x]] + dx * src[r1 + xs.hi()[x]];
        out[y * outW + x] = (float) ((1 - dy) * top + dy * bottom);
      }
    }
    return out;
  }

  /**
   * Resizes a row-major h&times;w map to outH&times;outW as torch's {@code F.interpolate(x, size)}
   * (mode "nearest"): output index i reads {@code min(floor(i · (float) in / out), in − 1)}, the
   * product in float as torch computes it.
   */
  public static float[] nearest(float[] src, int h, int w, int outH, int outW) {
    if (src.length != h * w) {
      throw new IllegalArgumentException(
          String.format("A %d×%d heatmap needs %d values, got %d", h, w, h * w, src.length));
    }
    int[] xs = nearestIndices(w, outW);
    int[] ys = nearestIndices(h, outH);
    float[] out = new float[outH * outW];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        out[y * outW + x] = src[ys[y] * w + xs[x]];
      }
    }
    return out;
  }

  private static int[] nearestIndices(int in, int out) {
    int[] index = new int[out];
    float scale = (float) in / out;
    for (int i = 0; i < out; i++) {
      // Torch's shortcuts for equal and doubled sizes give what this float product gives.
      float source = i * scale;
      index[i] = Math.min((int) Math.floor(source), in - 1);
    }
    return index;
  }
}
