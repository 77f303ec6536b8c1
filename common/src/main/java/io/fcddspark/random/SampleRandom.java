package io.fcddspark.random;

import java.util.SplittableRandom;

/**
 * The random stream of one sample in one epoch for one purpose, derived from the run's seed only:
 * the same (seed, epoch, sample, purpose) gives the same draws on any executor, in any partition,
 * in any order, so a seeded run is reproducible however Spark splits it. Mixing is SplitMix64's
 * finaliser (Steele, Lea and Flood 2014) applied in turn to each coordinate.
 */
public final class SampleRandom {
  /** What the draws are for: each gets an independent stream. */
  public enum Purpose {
    AUGMENTATION,
    OUTLIER_EXPOSURE,
    CONFETTI,
    SHUFFLE,
    /** How DL4J splits an epoch pass into averaging rounds (the sample is unused: 0). */
    AVERAGING_ROUNDS,
    /** The initial weights (epoch and sample unused: 0); see {@code NetworkOptions.nd4jSeed}. */
    WEIGHTS
  }

  private SampleRandom() {}

  /** The stream for {@code sample} (a stable index or id hash) in {@code epoch}. */
  public static SplittableRandom of(long seed, int epoch, long sample, Purpose purpose) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ epoch);
    h = mix(h ^ sample);
    h = mix(h ^ (purpose.ordinal() + 1L));
    return new SplittableRandom(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
