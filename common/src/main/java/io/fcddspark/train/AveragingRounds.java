package io.fcddspark.train;

import java.util.Locale;
import java.util.Optional;

/**
 * How parameter averaging divides a pass's minibatch steps among workers: each worker takes its
 * share of the batches, and the averaged model advances about one worker's steps, not their sum.
 *
 * @param images the images of a pass over the data (an epoch has passesPerEpoch)
 * @param batchSize images per minibatch (per worker)
 * @param workers training workers
 * @param averagingFrequency minibatches per worker between averagings
 */
public record AveragingRounds(long images, int batchSize, int workers, int averagingFrequency) {
  /** The minibatch steps one worker takes in a pass (at least 1). */
  public long stepsPerWorker() {
    return Math.max(1, ceilDiv(images, (long) batchSize * workers));
  }

  /** The steps one worker alone would take in a pass. */
  public long stepsOnOneWorker() {
    return Math.max(1, ceilDiv(images, batchSize));
  }

  /**
   * A warning when several workers leave each fewer steps than {@code averagingFrequency}: a pass
   * is then a single, partial averaging round, and the model advances much less per pass than on
   * one worker (the data are too few for this many workers); empty otherwise.
   */
  public Optional<String> warning() {
    if (workers <= 1 || stepsPerWorker() >= averagingFrequency) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%d images a pass over %d workers at batch %d give each worker %d minibatch"
                + " step(s), fewer than distribution.averagingFrequency %d: a pass is one"
                + " averaging round, and the averaged model advances about %d step(s) a pass"
                + " where one worker would take %d; with so few images set distribution.workers=1"
                + " (or a smaller batchSize)",
            images,
            workers,
            batchSize,
            stepsPerWorker(),
            averagingFrequency,
            stepsPerWorker(),
            stepsOnOneWorker()));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
