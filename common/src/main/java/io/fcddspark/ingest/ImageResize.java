package io.fcddspark.ingest;

/** Resizing 8-bit channel-interleaved images, as PIL/torchvision do. */
public final class ImageResize {
  private ImageResize() {}

  /** Bilinear resize with half-pixel centres (align_corners = false). */
  public static byte[] bilinear(byte[] src, int c, int h, int w, int outH, int outW) {
    byte[] out = new byte[c * outH * outW];
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
      int row0 = c * y0 * w;
      int row1 = c * y1 * w;
      for (int x = 0; x < outW; x++) {
        double dx = dxs[x];
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
}
