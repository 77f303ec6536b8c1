package io.fcddspark.preprocess;

import java.io.Serializable;

/**
 * Min–max scaling with constants computed from the nominal training images after {@link
 * GlobalContrastNormalization} (the reference's per-class constants): {@code (x − min) / (max −
 * min)}. The constants are stored with the model and applied to every input, OE samples and test
 * images included.
 *
 * @param min the smallest value over all pixels of all nominal training images
 * @param max the largest
 */
public record MinMaxScaling(double min, double max) implements Serializable {
  public MinMaxScaling {
    if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
      throw new IllegalArgumentException(
          "Cannot scale with min " + min + " and max " + max + ": they must be finite, max > min");
    }
  }

  /** Scales {@code x} in place; returns it. */
  public float[] apply(float[] x) {
    double range = max - min;
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((x[i] - min) / range);
    }
    return x;
  }

  /**
   * Collects the constants over images, in any order and split over any number of partitions (merge
   * the partial fits): the result is the same.
   */
  public static final class Fit implements Serializable {
    private static final long serialVersionUID = 1L;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long images;

    /** Adds one (normalised) image. */
    public Fit add(float[] x) {
      for (float v : x) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      images++;
      return this;
    }

    /** Adds another partial fit. */
    public Fit merge(Fit other) {
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
      images += other.images;
      return this;
    }

    /** The constants; fails when no image, or only constant images, were added. */
    public MinMaxScaling result() {
      if (images == 0) {
        throw new IllegalStateException("Cannot fit min-max constants on no images");
      }
      return new MinMaxScaling(min, max);
    }
  }
}
