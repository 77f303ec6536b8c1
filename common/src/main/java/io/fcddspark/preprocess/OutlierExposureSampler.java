package io.fcddspark.preprocess;

import io.fcddspark.random.SampleRandom;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Outlier Exposure as the reference mixes it (App. E): each nominal sample of an epoch is replaced,
 * with probability {@code p} (0.5), by an OE image drawn uniformly from the corpus, so an epoch
 * keeps the nominal set's size. Only the corpus size is needed here: the choice is an index, which
 * the data pipeline looks up (the corpus is never held in memory). Draws come from {@link
 * SampleRandom}, so they depend only on (seed, epoch, nominal sample).
 *
 * @param seed the run's seed
 * @param corpusSize how many OE images there are (0: no OE)
 * @param p the replacement probability
 */
public record OutlierExposureSampler(long seed, long corpusSize, double p) implements Serializable {
  /** The reference's replacement probability. */
  public static final double REFERENCE_P = 0.5;

  public OutlierExposureSampler {
    if (corpusSize < 0) {
      throw new IllegalArgumentException("Cannot have " + corpusSize + " OE images");
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Cannot set the OE probability to " + p);
    }
  }

  /**
   * The OE image that replaces nominal sample {@code sample} in {@code epoch}, or -1 when the
   * nominal sample stays.
   */
  public long replacement(int epoch, long sample) {
    if (corpusSize == 0) {
      return -1;
    }
    SplittableRandom r =
        SampleRandom.of(seed, epoch, sample, SampleRandom.Purpose.OUTLIER_EXPOSURE);
    return r.nextDouble() < p ? r.nextLong(corpusSize) : -1;
  }

  /**
   * Whether nominal sample {@code sample} is replaced in {@code epoch} (by an OE image, or by its
   * own synthetic anomaly when there is no corpus): the same draw as {@link #replacement}.
   */
  public boolean replaces(int epoch, long sample) {
    return SampleRandom.of(seed, epoch, sample, SampleRandom.Purpose.OUTLIER_EXPOSURE).nextDouble()
        < p;
  }
}
