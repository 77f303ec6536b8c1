package io.fcddspark.ingest;

/** Resizing 8-bit channel-interleaved images, as PIL/torchvision do. */
public final class ImageResize {
  private ImageResize() {}

  /**
   * The two source taps and the weight of the second for each output position of a bilinear resize
   * from {@code in} to {@code out} samples with half-pixel centres (align_corners = false).
   *
   * @param lo first tap
   * @param hi second tap
   * @param weight the second tap's weight
   */
  public record Taps(int[] lo, int[] hi, double[] weight) {
    public static Taps of(int in, int out) {
      int[] lo = new int[out];
      int[] hi = new int[out];
      double[] weight = new double[out];
      double scale = (double) in / out;
      for (int i = 0; i < out; i++) {
        double f = Math.max(0, (i + 0.5) * scale - 0.5);
        lo[i] = Math.min(in - 1, (int) f);
        hi[i] = Math.min(in - 1, lo[i] + 1);
        weight[i] = f - lo[i];
      }
      return new Taps(lo, hi, weight);
    }
  }

  /** Bilinear resize with half-pixel centres (align_corners = false). */
  public static byte[] bilinear(byte[] src, int c, int h, int w, int outH, int outW) {
    byte[] out = new byte[c * outH * outW];
    Taps xs = Taps.of(w, outW);
    Taps ys = Taps.of(h, outH);
    int[] x0 = xs.lo();
    int[] x1 = xs.hi();
    for (int y = 0; y < outH; y++) {
      int y0 = ys.lo()[y];
      double dy = ys.weight()[y];
      int row0 = c * y0 * w;
      int row1 = c * ys.hi()[y] * w;
      for (int x = 0; x < outW; x++) {
        double dx = xs.weight()[x];
        int a = c * x0[x];
        int b = c * x1[x];
        for (int k = 0; k < c; k++) {
          double v =
              (1 - dy)
                      * ((1 - dx) * Byte.toUnsignedInt(src[row0 + a + k])
                          + dx * Byte.toUnsignedInt(src[row0 + b + k]))
                  + dy
                      * ((1 - dx) * Byte.toUnsignedInt(src[row1 + a + k])
                          + dx * Byte.toUnsignedInt(src[row1 + b + k]));
          out[c * (y * outW + x) + k] = (byte) Math.round(v);
        }
      }
    }
    return out;
  }

  /** Nearest-neighbour resize: source pixel floor((y + 0.5) * h / outH), as PIL's NEAREST. */
  public static byte[] nearest(byte[] src, int c, int h, int w, int outH, int outW) {
    byte[] out = new byte[c * outH * outW];
    for (int y = 0; y < outH; y++) {
      int sy = Math.min(h - 1, (int) ((y + 0.5) * h / outH));
      for (int x = 0; x < outW; x++) {
        int sx = Math.min(w - 1, (int) ((x + 0.5) * w / outW));
        System.arraycopy(src, c * (sy * w + sx), out, c * (y * outW + x), c);
      }
    }
    return out;
  }

  /**
   * Area (box) resize: each output pixel is the mean of the source area it covers, each source
   * pixel weighted by the fraction of it inside that area (OpenCV's INTER_AREA when shrinking).
   * Unlike {@link #bilinear}, which reads only the 2&times;2 pixels nearest each output centre, it
   * does not alias when shrinking by a large factor: a thin line of a 1000-pixel drawing stays a
   * faint line at 28 pixels instead of vanishing or breaking up. Separable: rows first, then
   * columns.
   */
  public static byte[] area(byte[] src, int c, int h, int w, int outH, int outW) {
    Span xs = Span.of(w, outW);
    Span ys = Span.of(h, outH);
    double[] rows = new double[c * h * outW];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < outW; x++) {
        for (int t = xs.start[x]; t < xs.start[x + 1]; t++) {
          int s = c * (y * w + xs.index[t]);
          for (int k = 0; k < c; k++) {
            rows[c * (y * outW + x) + k] += xs.weight[t] * Byte.toUnsignedInt(src[s + k]);
          }
        }
      }
    }
    byte[] out = new byte[c * outH * outW];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        for (int k = 0; k < c; k++) {
          double v = 0;
          for (int t = ys.start[y]; t < ys.start[y + 1]; t++) {
            v += ys.weight[t] * rows[c * (ys.index[t] * outW + x) + k];
          }
          out[c * (y * outW + x) + k] = (byte) Math.min(255, Math.round(v));
        }
      }
    }
    return out;
  }

  /**
   * For each output position of an area resize from {@code in} to {@code out} samples, the source
   * samples it covers ({@code index[start[i]]} to {@code index[start[i + 1] - 1]}) and their
   * weights, which sum to 1 per output position.
   */
  record Span(int[] start, int[] index, double[] weight) {
    static Span of(int in, int out) {
      double scale = (double) in / out;
      int[] start = new int[out + 1];
      int[] index = new int[in + 2 * out];
      double[] weight = new double[in + 2 * out];
      int n = 0;
      for (int i = 0; i < out; i++) {
        start[i] = n;
        double from = i * scale;
        double to = Math.min(in, (i + 1) * scale);
        for (int s = (int) Math.floor(from); s < to && s < in; s++) {
          double covered = Math.min(to, s + 1) - Math.max(from, s);
          if (covered > 1e-12) {
            index[n] = s;
            weight[n] = covered / (to - from);
            n++;
          }
        }
      }
      start[out] = n;
      return new Span(start, index, weight);
    }
  }
}
