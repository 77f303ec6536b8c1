package io.fcddspark.preprocess;

import io.fcddspark.random.SampleRandom;
import java.util.SplittableRandom;

/**
 * The geometric augmentations of App. E on float CHW images: a random crop after zero padding and a
 * random horizontal flip, each drawing from the sample's {@link SampleRandom} stream.
 */
public final class Augmentation {
  private Augmentation() {}

  /**
   * A random {@code size}&times;{@code size} crop of {@code x} (c&times;h&times;w) after padding it
   * with {@code pad} zeros on every side (torchvision's {@code RandomCrop(size, padding=pad)}): the
   * crop's top-left corner is uniform over every position that fits.
   */
  public static float[] randomCrop(
      float[] x, int c, int h, int w, int size, int pad, SplittableRandom random) {
    int ph = h + 2 * pad;
    int pw = w + 2 * pad;
    if (size > ph || size > pw) {
      throw new IllegalArgumentException(
          String.format("Cannot crop %d from %dx%d padded by %d", size, h, w, pad));
    }
    int top = random.nextInt(ph - size + 1) - pad;
    int left = random.nextInt(pw - size + 1) - pad;
    float[] out = new float[c * size * size];
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < size; y++) {
        int sy = top + y;
        if (sy < 0 || sy >= h) {
          continue;
        }
        for (int xx = 0; xx < size; xx++) {
          int sx = left + xx;
          if (sx >= 0 && sx < w) {
            out[(k * size + y) * size + xx] = x[(k * h + sy) * w + sx];
          }
        }
      }
    }
    return out;
  }

  /** {@code x} mirrored left–right with probability {@code p} (in place); returns it. */
  public static float[] randomHorizontalFlip(
      float[] x, int c, int h, int w, double p, SplittableRandom random) {
    if (random.nextDouble() >= p) {
      return x;
    }
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        int row = (k * h + y) * w;
        for (int a = 0, b = w - 1; a < b; a++, b--) {
          float t = x[row + a];
          x[row + a] = x[row + b];
          x[row + b] = t;
        }
      }
    }
    return x;
  }
}
