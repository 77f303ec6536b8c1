package io.fcddspark.metrics;

import java.util.Arrays;

/**
 * One test image's pixels reduced for the pooled pixel metrics: per distinct pixel score, the
 * anomalous and background pixels that have it and their region weight (&Sigma; 1/|r| over the
 * anomalous pixels, for {@link ProSweep}), plus the image's region count. Summing these over the
 * images of a class gives exactly the counts of all its pixels pooled, so the pixels themselves
 * never leave the executor that scored them.
 *
 * @param scores distinct scores, ascending ({@code -0.0} folded into {@code 0.0})
 * @param anomalous anomalous pixels per score
 * @param background background pixels per score
 * @param weight region weight per score
 * @param regions connected regions of the image's mask
 */
public record PixelCounts(
    float[] scores, long[] anomalous, long[] background, double[] weight, int regions) {
  /**
   * The counts of one image's pixel scores against its mask (row-major h&times;w each; null mask =
   * all background).
   *
   * @throws IllegalArgumentException naming {@code image} if a score is NaN or the sizes differ
   */
  public static PixelCounts of(String image, float[] scores, boolean[] mask, int h, int w) {
    if (scores.length != h * w || (mask != null && mask.length != h * w)) {
      throw new IllegalArgumentException(
          String.format(
              "Image %s: %d pixel scores and %s mask pixels for a %d×%d mask",
              image, scores.length, mask == null ? "no" : String.valueOf(mask.length), h, w));
    }
    ConnectedRegions regions =
        mask == null
            ? new ConnectedRegions(new int[h * w], new int[0])
            : ConnectedRegions.of(mask, h, w);
    // Sort (score, pixel) pairs packed in longs: order-preserving float bits high, index low.
    long[] keys = new long[scores.length];
    for (int p = 0; p < scores.length; p++) {
      float s = scores[p] + 0.0f;
      if (Float.isNaN(s)) {
        throw new IllegalArgumentException(
            String.format("Image %s: the model scores pixel (%d, %d) NaN", image, p / w, p % w));
      }
      int bits = Float.floatToIntBits(s);
      bits ^= (bits >> 31) & 0x7fffffff;
      keys[p] = ((long) bits << 32) | p;
    }
    Arrays.sort(keys);
    float[] distinct = new float[scores.length];
    long[] pos = new long[scores.length];
    long[] neg = new long[scores.length];
    double[] w8 = new double[scores.length];
    int k = -1;
    int previous = 0;
    for (int i = 0; i < keys.length; i++) {
      int bits = (int) (keys[i] >> 32);
      int p = (int) keys[i];
      if (k < 0 || bits != previous) {
        k++;
        distinct[k] = scores[p] + 0.0f;
        previous = bits;
      }
      int label = regions.labels()[p];
      if (label == 0) {
        neg[k]++;
      } else {
        pos[k]++;
        w8[k] += 1.0 / regions.sizes()[label - 1];
      }
    }
    int n = k + 1;
    return new PixelCounts(
        Arrays.copyOf(distinct, n),
        Arrays.copyOf(pos, n),
        Arrays.copyOf(neg, n),
        Arrays.copyOf(w8, n),
        regions.count());
  }
}
