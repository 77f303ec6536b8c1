package io.fcddspark.rank;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's (1979) step-down adjustment of m p-values: with p sorted ascending, {@code adj(i) = max_{j
 * <= i} min(1, (m - j + 1) p(j))}; a hypothesis is rejected at α when its adjusted p-value is below
 * α, which is Holm's sequential procedure.
 */
public final class HolmCorrection {
  private HolmCorrection() {}

  /** The adjusted p-values, in the input's order. */
  public static double[] adjust(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[p.length];
    double running = 0;
    for (int j = 0; j < order.length; j++) {
      running = Math.max(running, Math.min(1, (p.length - j) * p[order[j]]));
      adjusted[order[j]] = running;
    }
    return adjusted;
  }
}
