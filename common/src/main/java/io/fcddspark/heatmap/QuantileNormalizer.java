package io.fcddspark.heatmap;

import java.util.Arrays;
import java.util.List;

/**
 * The contrast normalisation of FCDD's App. C: for a collection of full-resolution heatmaps {@code
 * A}, {@code I(X)_j = min((A'(X)_j - min(A)) / q_eta({A - min(A)}), 1)}, where the minimum and the
 * eta-quantile run over all pixels of all heatmaps in the collection.
 *
 * <p>The collection is one image (per-image contrast, "relative anomalies") or a balanced set of
 * nominal and anomalous images (see {@link BalancedSelection}). The quantile is numpy's default
 * (linear interpolation between order statistics). When the quantile is 0 (all pixels equal) every
 * normalised pixel is 0: nothing stands out.
 */
public final class QuantileNormalizer {
  private final double minimum;
  private final double quantile;

  private QuantileNormalizer(double minimum, double quantile) {
    this.minimum = minimum;
    this.quantile = quantile;
  }

  /**
   * Fits the normaliser on {@code heatmaps} with quantile parameter {@code eta} in (0, 1].
   *
   * @throws IllegalArgumentException for an empty collection, a bad eta, or a non-finite pixel
   */
  public static QuantileNormalizer fit(List<float[]> heatmaps, double eta) {
    if (!(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("Quantile eta must be in (0, 1], got " + eta);
    }
    int total = 0;
    for (float[] h : heatmaps) {
      total += h.length;
    }
    if (total == 0) {
      throw new IllegalArgumentException("Cannot normalise heatmaps: the collection has no pixels");
    }
    double[] all = new double[total];
    int p = 0;
    for (int m = 0; m < heatmaps.size(); m++) {
      float[] h = heatmaps.get(m);
      for (int i = 0; i < h.length; i++) {
        if (!Float.isFinite(h[i])) {
          throw new IllegalArgumentException(
              String.format("Heatmap %d has a non-finite pixel %s at index %d", m, h[i], i));
        }
        all[p++] = h[i];
      }
    }
    Arrays.sort(all);
    double min = all[0];
    double pos = eta * (total - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, total - 1);
    double frac = pos - lo;
    double q = (all[lo] - min) + frac * ((all[hi] - min) - (all[lo] - min));
    return new QuantileNormalizer(min, q);
  }

  /** Fits on one heatmap only: per-image contrast. */
  public static QuantileNormalizer fitOne(float[] heatmap, double eta) {
    return fit(List.of(heatmap), eta);
  }

  /** The minimum over the fitted collection. */
  public double minimum() {
    return minimum;
  }

  /** The eta-quantile of the shifted pixels {@code A - min(A)}. */
  public double quantile() {
    return quantile;
  }

  /** Normalises one heatmap into [0, 1]. */
  public float[] apply(float[] heatmap) {
    float[] out = new float[heatmap.length];
    if (quantile <= 0) {
      return out;
    }
    for (int i = 0; i < heatmap.length; i++) {
      double v = (heatmap[i] - minimum) / quantile;
      out[i] = (float) Math.max(0, Math.min(1, v));
    }
    return out;
  }
}
