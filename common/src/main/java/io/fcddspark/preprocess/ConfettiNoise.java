package io.fcddspark.preprocess;

import java.util.SplittableRandom;

/**
 * Confetti noise, the synthetic anomalies FCDD trains MVTec-AD with (the reference's {@code
 * confetti} noise mode with its {@code malformed_normal} supervision): two noise layers of rotated
 * square blobs on a black canvas — one of random colours in [-256, 0) per channel (blob centres
 * with probability 1.8e-5 per pixel), one of -255 (1.2e-5 per pixel), each with at least one blob,
 * sides 8–54 px, rotated uniformly in ±45° — summed, blurred with a 25-tap Gaussian of std 5
 * (reflected borders), and added to the image with clamping to [0, 255]. When that changes the
 * image by less than 2.5 % of the range on average and the negated noise would change it more (a
 * dark image), the noise is negated. The anomaly's ground truth is the whole image. Blobs are
 * rasterised rotated (a pixel belongs to a blob when its centre, rotated back, lies in the square),
 * where the reference rotates each blob's window with nearest-neighbour resampling.
 */
public final class ConfettiNoise {
  private static final double COLOURED_P = 0.000018;
  private static final double GREY_P = 0.000012;
  private static final int MIN_SIDE = 8;
  private static final int MAX_SIDE = 54;
  private static final double MAX_ROTATION_DEGREES = 45;
  private static final int BLUR_TAPS = 25;
  private static final double BLUR_STD = 5;
  private static final double INVERT_THRESHOLD = 0.025;

  private ConfettiNoise() {}

  /**
   * The anomalous version of {@code pixels} (h&times;w&times;c, channel-interleaved, 8-bit, as
   * ingested).
   */
  public static byte[] apply(byte[] pixels, int c, int h, int w, SplittableRandom r) {
    float[] noise = new float[c * h * w];
    addBlobs(noise, c, h, w, COLOURED_P, true, r);
    addBlobs(noise, c, h, w, GREY_P, false, r);
    blur(noise, c, h, w);
    double up = 0;
    double down = 0;
    for (int i = 0; i < noise.length; i++) {
      int v = pixels[i] & 0xFF;
      up += clamp(v + Math.round(noise[i])) - v;
      down += clamp(v - Math.round(noise[i])) - v;
    }
    // The reference compares mean differences in units of 8-bit values against 0.025.
    up = Math.abs(up / noise.length);
    down = Math.abs(down / noise.length);
    int sign = up < INVERT_THRESHOLD && down > up ? -1 : 1;
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < noise.length; i++) {
      out[i] = (byte) clamp((pixels[i] & 0xFF) + sign * Math.round(noise[i]));
    }
    return out;
  }

  private static int clamp(long v) {
    return (int) Math.max(0, Math.min(255, v));
  }

  /** Blobs centred at pixels drawn with probability {@code p} each, at least one. */
  static void addBlobs(
      float[] noise, int c, int h, int w, double p, boolean coloured, SplittableRandom r) {
    float[] layer = new float[c * h * w];
    int blobs = 0;
    do {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (r.nextDouble() < p) {
            drawBlob(layer, c, h, w, y, x, coloured, r);
            blobs++;
          }
        }
      }
    } while (blobs == 0);
    for (int i = 0; i < noise.length; i++) {
      noise[i] += layer[i];
    }
  }

  private static void drawBlob(
      float[] layer, int c, int h, int w, int cy, int cx, boolean coloured, SplittableRandom r) {
    int side = MIN_SIDE + r.nextInt(MAX_SIDE - MIN_SIDE + 1);
    float[] colour = new float[c];
    for (int ch = 0; ch < c; ch++) {
      colour[ch] = coloured ? -256 + r.nextInt(256) : -255;
    }
    double angle = Math.toRadians((r.nextDouble() * 2 - 1) * MAX_ROTATION_DEGREES);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    // The square's extent around its centre pixel: an even side reaches one further down/right.
    double lo = side % 2 == 1 ? -(side / 2) - 0.5 : -(side / 2) + 0.5;
    double hi = side / 2 + 0.5;
    int reach = (int) Math.ceil(side * 0.75);
    for (int y = Math.max(0, cy - reach); y <= Math.min(h - 1, cy + reach); y++) {
      for (int x = Math.max(0, cx - reach); x <= Math.min(w - 1, cx + reach); x++) {
        double dy = y - cy;
        double dx = x - cx;
        double u = cos * dy + sin * dx; // the pixel in the blob's unrotated frame
        double v = -sin * dy + cos * dx;
        if (u >= lo && u < hi && v >= lo && v < hi) {
          for (int ch = 0; ch < c; ch++) {
            layer[(y * w + x) * c + ch] = colour[ch];
          }
        }
      }
    }
  }

  /** Separable Gaussian blur of every channel, kernel normalised to 1, reflected borders. */
  static void blur(float[] img, int c, int h, int w) {
    double[] k = new double[BLUR_TAPS];
    double sum = 0;
    for (int i = 0; i < BLUR_TAPS; i++) {
      double d = i - (BLUR_TAPS - 1) / 2.0;
      k[i] = Math.exp(-d * d / (2 * BLUR_STD * BLUR_STD));
      sum += k[i];
    }
    for (int i = 0; i < BLUR_TAPS; i++) {
      k[i] /= sum;
    }
    int half = BLUR_TAPS / 2;
    float[] tmp = new float[h * w];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int t = 0; t < BLUR_TAPS; t++) {
            acc += k[t] * img[(y * w + reflect(x + t - half, w)) * c + ch];
          }
          tmp[y * w + x] = (float) acc;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int t = 0; t < BLUR_TAPS; t++) {
            acc += k[t] * tmp[reflect(y + t - half, h) * w + x];
          }
          img[(y * w + x) * c + ch] = (float) acc;
        }
      }
    }
  }

  /** Reflection without repeating the edge (…2 1 | 0 1 2 … n-1 | n-2 …). */
  static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }
}
