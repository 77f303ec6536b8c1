package io.fcddspark.preprocess;

import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter(b, c, s, h)} on a float CHW image in [0, 1]: brightness,
 * contrast and saturation factors uniform in [max(0, 1 − j), 1 + j], a hue shift uniform in [−h,
 * h], applied in a random order, each result clamped to [0, 1]. Grey images get brightness and
 * contrast only. The reference jitters 8-bit PIL images; here the floats are not rounded in
 * between.
 */
public final class ColorJitter {
  private ColorJitter() {}

  /** Jitters {@code x} (c&times;h&times;w, c = 1 or 3) in place with the strengths {@code j}. */
  public static float[] apply(
      float[] x, int c, int h, int w, JitterStrength j, SplittableRandom random) {
    int[] order = {0, 1, 2, 3};
    for (int i = 3; i > 0; i--) {
      int k = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    double brightness = factor(j.brightness(), random);
    double contrast = factor(j.contrast(), random);
    double saturation = factor(j.saturation(), random);
    double hue = -j.hue() + random.nextDouble() * 2 * j.hue();
    for (int op : order) {
      switch (op) {
        case 0 -> brightness(x, brightness);
        case 1 -> contrast(x, c, h * w, contrast);
        case 2 -> {
          if (c == 3) {
            saturation(x, h * w, saturation);
          }
        }
        default -> {
          if (c == 3) {
            hue(x, h * w, hue);
          }
        }
      }
    }
    return x;
  }

  /** A factor uniform in [max(0, 1 − j), 1 + j]. */
  private static double factor(double j, SplittableRandom random) {
    double lo = Math.max(0, 1 - j);
    return lo + random.nextDouble() * (1 + j - lo);
  }

  static void brightness(float[] x, double f) {
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(x[i] * f);
    }
  }

  static void contrast(float[] x, int c, int n, double f) {
    double mean = 0;
    for (int p = 0; p < n; p++) {
      mean += grey(x, c, n, p);
    }
    mean /= n;
    for (int i = 0; i < x.length; i++) {
      x[i] = clamp(f * x[i] + (1 - f) * mean);
    }
  }

  static void saturation(float[] x, int n, double f) {
    for (int p = 0; p < n; p++) {
      double g = grey(x, 3, n, p);
      for (int k = 0; k < 3; k++) {
        x[k * n + p] = clamp(f * x[k * n + p] + (1 - f) * g);
      }
    }
  }

  /** Shifts the hue by {@code shift} turns (HSV, as torchvision's adjust_hue). */
  static void hue(float[] x, int n, double shift) {
    for (int p = 0; p < n; p++) {
      double r = x[p];
      double g = x[n + p];
      double b = x[2 * n + p];
      double max = Math.max(r, Math.max(g, b));
      double min = Math.min(r, Math.min(g, b));
      double delta = max - min;
      double hh = 0;
      if (delta > 0) {
        if (max == r) {
          hh = ((g - b) / delta) / 6;
        } else if (max == g) {
          hh = ((b - r) / delta + 2) / 6;
        } else {
          hh = ((r - g) / delta + 4) / 6;
        }
      }
      hh = ((hh + shift) % 1 + 1) % 1;
      double s = max == 0 ? 0 : delta / max;
      double v = max;
      int sector = (int) Math.floor(hh * 6) % 6;
      double f = hh * 6 - Math.floor(hh * 6);
      double pp = v * (1 - s);
      double q = v * (1 - s * f);
      double t = v * (1 - s * (1 - f));
      double[] rgb =
          switch (sector) {
            case 0 -> new double[] {v, t, pp};
            case 1 -> new double[] {q, v, pp};
            case 2 -> new double[] {pp, v, t};
            case 3 -> new double[] {pp, q, v};
            case 4 -> new double[] {t, pp, v};
            default -> new double[] {v, pp, q};
          };
      for (int k = 0; k < 3; k++) {
        x[k * n + p] = clamp(rgb[k]);
      }
    }
  }

  private static double grey(float[] x, int c, int n, int p) {
    return c == 1 ? x[p] : 0.2989 * x[p] + 0.587 * x[n + p] + 0.114 * x[2 * n + p];
  }

  private static float clamp(double v) {
    return (float) Math.max(0, Math.min(1, v));
  }
}
