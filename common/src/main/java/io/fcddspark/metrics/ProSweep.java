package io.fcddspark.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The area under the per-region-overlap (PRO) curve up to a false-positive-rate limit (AUPRO, as
 * the MVTec-AD evaluation defines it), swept over (distinct score, background pixels, region
 * weight) counts sorted by score <em>descending</em> and cut into consecutive parts, as {@link
 * RocSweep} does for the ROC.
 *
 * <p>At threshold t, FPR(t) is the share of all background pixels (of all images) scoring &ge; t
 * and PRO(t) = (1/R) &Sigma;<sub>regions r</sub> |{p &isin; r : s<sub>p</sub> &ge; t}| / |r| over
 * the R connected regions of all ground-truth masks ({@link ConnectedRegions}). So a pixel of
 * region r adds 1/|r| to the "region weight" of its score, and PRO(t) is the weight above t divided
 * by R. The curve runs from (0, 0) through one point per distinct score (ties move both coordinates
 * at once) to (1, 1); its trapezoidal area is cut at the limit with linear interpolation and
 * divided by the limit, so a perfect detector scores 1 (anomalib up to 2.2 divided by the last FPR
 * below the limit instead, and could exceed 1).
 *
 * <p>Pass 1: {@link Part}s (background pixels and region weight per part). Pass 2: each part starts
 * from the totals of the parts before it ({@link #starts}) and adds its trapezoids ({@link
 * AreaSweep}); {@link #aupro} sums them.
 */
public final class ProSweep {
  private ProSweep() {}

  /**
   * One part's totals.
   *
   * @param background background pixels in the part
   * @param weight the part's region weight, &Sigma; 1/|r| over its anomalous pixels
   */
  public record Part(long background, double weight) implements Serializable {}

  /**
   * Where a part's sweep starts.
   *
   * @param background background pixels scored above the part
   * @param weight region weight above the part
   */
  public record Start(long background, double weight) implements Serializable {}

  /** The starts of parts given in descending score order. */
  public static List<Start> starts(List<Part> parts) {
    List<Start> out = new ArrayList<>();
    long b = 0;
    double w = 0;
    for (Part p : parts) {
      out.add(new Start(b, w));
      b += p.background();
      w += p.weight();
    }
    return out;
  }

  /** A part's share of the area under the PRO curve up to the limit. */
  public static final class AreaSweep {
    private final long allBackground;
    private final long regions;
    private final double limit;
    private long background;
    private double weight;
    private double area;

    /**
     * @param start the part's start
     * @param allBackground background pixels of all images
     * @param regions regions of all masks
     * @param limit the FPR limit in (0, 1]
     */
    public AreaSweep(Start start, long allBackground, long regions, double limit) {
      requireCurve(allBackground, regions, limit);
      this.allBackground = allBackground;
      this.regions = regions;
      this.limit = limit;
      this.background = start.background();
      this.weight = start.weight();
    }

    /** The next (lower) distinct score's background pixels and region weight. */
    public AreaSweep add(long bg, double w) {
      double f0 = (double) background / allBackground;
      double p0 = weight / regions;
      background += bg;
      weight += w;
      if (f0 >= limit) {
        return this;
      }
      double f1 = (double) background / allBackground;
      double p1 = weight / regions;
      if (f1 <= limit) {
        area += (f1 - f0) * (p0 + p1) / 2;
      } else {
        double pLimit = p0 + (p1 - p0) * (limit - f0) / (f1 - f0);
        area += (limit - f0) * (p0 + pLimit) / 2;
      }
      return this;
    }

    public double area() {
      return area;
    }
  }

  /** AUPRO from the parts' areas and the limit: their sum divided by the limit. */
  public static double aupro(List<Double> areas, double limit) {
    double total = 0;
    for (double a : areas) {
      total += a;
    }
    return total / limit;
  }

  private static void requireCurve(long background, long regions, double limit) {
    if (background == 0 || regions == 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot compute AUPRO: %d background pixels and %d anomalous regions, it needs both",
              background, regions));
    }
    if (!(limit > 0 && limit <= 1)) {
      throw new IllegalArgumentException("The AUPRO FPR limit must be in (0, 1], got " + limit);
    }
  }
}
