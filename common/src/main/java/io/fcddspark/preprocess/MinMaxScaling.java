package io.fcddspark.preprocess;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Min–max scaling with constants computed from the nominal training images after {@link
 * GlobalContrastNormalization} (the reference's per-class constants): {@code (x − min) / (max −
 * min)}, with one pair for every channel (the reference's Fashion-MNIST and CIFAR-10) or one pair
 * per channel (its MVTec-AD). The constants are stored with the model and applied to every input,
 * OE samples and test images included.
 *
 * @param min the smallest value over all pixels of all nominal training images: one value, or one
 *     per channel
 * @param max the largest, as many values as {@code min}
 */
public record MinMaxScaling(List<Double> min, List<Double> max) implements Serializable {
  public MinMaxScaling {
    min = List.copyOf(min);
    max = List.copyOf(max);
    if (min.isEmpty() || min.size() != max.size()) {
      throw new IllegalArgumentException(
          "Cannot scale with min " + min + " and max " + max + ": they need as many values");
    }
    for (int k = 0; k < min.size(); k++) {
      double lo = min.get(k);
      double hi = max.get(k);
      if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
        throw new IllegalArgumentException(
            "Cannot scale with min "
                + lo
                + " and max "
                + hi
                + (min.size() > 1 ? " (channel " + k + ")" : "")
                + ": they must be finite, max > min");
      }
    }
  }

  /** One pair of constants for every channel. */
  public MinMaxScaling(double min, double max) {
    this(List.of(min), List.of(max));
  }

  /** Whether each channel has its own constants. */
  public boolean perChannel() {
    return min.size() > 1;
  }

  /** Scales {@code x} (channels&times;pixels, channel-major) in place; returns it. */
  public float[] apply(float[] x) {
    double[] lo = new double[min.size()];
    double[] range = new double[min.size()];
    for (int k = 0; k < lo.length; k++) {
      lo[k] = min.get(k);
      range[k] = max.get(k) - lo[k];
    }
    return shiftAndDivide(x, lo, range);
  }

  /**
   * {@code (x − shift[k]) / divisor[k]} for every value of channel {@code k} of {@code x}
   * (channel-major), in place, computed in double; one shift and divisor apply to every channel.
   */
  static float[] shiftAndDivide(float[] x, double[] shift, double[] divisor) {
    int channels = shift.length;
    if (x.length % channels != 0) {
      throw new IllegalArgumentException(
          "An input of " + x.length + " values has no " + channels + " equal channels");
    }
    int n = x.length / channels;
    for (int k = 0; k < channels; k++) {
      for (int i = k * n; i < (k + 1) * n; i++) {
        x[i] = (float) ((x[i] - shift[k]) / divisor[k]);
      }
    }
    return x;
  }

  /**
   * Collects the constants over images, in any order and split over any number of partitions (merge
   * the partial fits): the result is the same.
   */
  public static final class Fit implements Serializable {
    private static final long serialVersionUID = 2L;
    private final boolean perChannel;
    private double[] min;
    private double[] max;
    private long images;

    /** A fit of one pair for every channel, or ({@code perChannel}) of a pair per channel. */
    public Fit(boolean perChannel) {
      this.perChannel = perChannel;
    }

    /** Adds one (normalised) image of {@code channels} channels, channel-major. */
    public Fit add(float[] x, int channels) {
      int groups = perChannel ? channels : 1;
      if (min == null) {
        min = new double[groups];
        max = new double[groups];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
      } else if (min.length != groups) {
        throw new IllegalArgumentException(
            "Cannot fit per-channel constants over images of "
                + min.length
                + " and "
                + groups
                + " channels");
      }
      int n = x.length / groups;
      for (int k = 0; k < groups; k++) {
        for (int i = k * n; i < (k + 1) * n; i++) {
          min[k] = Math.min(min[k], x[i]);
          max[k] = Math.max(max[k], x[i]);
        }
      }
      images++;
      return this;
    }

    /** Adds another partial fit. */
    public Fit merge(Fit other) {
      if (other.min == null) {
        return this;
      }
      if (min == null) {
        min = other.min.clone();
        max = other.max.clone();
      } else {
        if (min.length != other.min.length) {
          throw new IllegalArgumentException(
              "Cannot merge fits of " + min.length + " and " + other.min.length + " channels");
        }
        for (int k = 0; k < min.length; k++) {
          min[k] = Math.min(min[k], other.min[k]);
          max[k] = Math.max(max[k], other.max[k]);
        }
      }
      images += other.images;
      return this;
    }

    /** The constants; fails when no image, or only constant images, were added. */
    public MinMaxScaling result() {
      if (images == 0) {
        throw new IllegalStateException("Cannot fit min-max constants on no images");
      }
      return new MinMaxScaling(
          Arrays.stream(min).boxed().toList(), Arrays.stream(max).boxed().toList());
    }
  }
}
