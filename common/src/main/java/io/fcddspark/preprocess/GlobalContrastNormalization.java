package io.fcddspark.preprocess;

/**
 * Global contrast normalisation with the L1 scale, per image, as the FCDD reference (after Deep
 * SVDD, Ruff et al. 2018) applies it before min–max scaling: {@code x ← x − mean(x)}, then {@code x
 * ← x / mean(|x|)}, over all channels and pixels of one image. The result does not depend on the
 * pixel scale ([0, 255] or [0, 1]). A constant image (scale 0) becomes all zeros.
 */
public final class GlobalContrastNormalization {
  private GlobalContrastNormalization() {}

  /** Normalises {@code x} in place; returns it. */
  public static float[] l1(float[] x) {
    if (x.length == 0) {
      return x;
    }
    double sum = 0;
    for (float v : x) {
      sum += v;
    }
    double mean = sum / x.length;
    double abs = 0;
    for (float v : x) {
      abs += Math.abs(v - mean);
    }
    double scale = abs / x.length;
    for (int i = 0; i < x.length; i++) {
      x[i] = scale == 0 ? 0f : (float) ((x[i] - mean) / scale);
    }
    return x;
  }
}
