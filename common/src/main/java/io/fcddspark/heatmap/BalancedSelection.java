package io.fcddspark.heatmap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Chooses a balanced set of samples (as many nominal as anomalous) for {@link QuantileNormalizer},
 * as App. C does to keep the contrast consistent across a figure. Seeded: the same seed and labels
 * give the same selection.
 */
public final class BalancedSelection {
  private BalancedSelection() {}

  /**
   * Indices of {@code min(#nominal, #anomalous)} nominal and as many anomalous samples, chosen
   * uniformly with {@code seed}, in ascending index order.
   */
  public static List<Integer> indices(boolean[] anomalous, long seed) {
    List<Integer> nominal = new ArrayList<>();
    List<Integer> anomal = new ArrayList<>();
    for (int i = 0; i < anomalous.length; i++) {
      (anomalous[i] ? anomal : nominal).add(i);
    }
    int k = Math.min(nominal.size(), anomal.size());
    if (k == 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot balance %d samples: %d nominal and %d anomalous, both classes are needed",
              anomalous.length, nominal.size(), anomal.size()));
    }
    Random random = new Random(seed);
    Collections.shuffle(nominal, random);
    Collections.shuffle(anomal, random);
    List<Integer> chosen = new ArrayList<>(nominal.subList(0, k));
    chosen.addAll(anomal.subList(0, k));
    Collections.sort(chosen);
    return chosen;
  }
}
