package io.fcddspark.pipeline;

import java.io.Serializable;

/**
 * One cell of a sweep's grid: a dataset, a variation, a nominal class and a seed.
 *
 * @param dataset the dataset's name in the sweep
 * @param variation the variation's name
 * @param nominalClass the nominal class
 * @param seed the training seed
 */
public record SweepCell(String dataset, String variation, int nominalClass, long seed)
    implements Serializable {
  @Override
  public String toString() {
    return String.format("%s/%s class %d seed %d", dataset, variation, nominalClass, seed);
  }
}
