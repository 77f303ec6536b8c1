package io.fcddspark.spark.train;

/**
 * The time a training task's thread spent building batches ({@link EpochBatches}) since its worker
 * last asked: a pass's first round builds and caches them inside its tasks, before the worker's
 * setup, and {@link TimedTrainingWorker} reports that time apart from setup and fit.
 */
final class BatchBuildTime {
  private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

  private BatchBuildTime() {}

  /** Adds {@code nanos} of building on this thread. */
  static void add(long nanos) {
    NANOS.get()[0] += nanos;
  }

  /** The building time on this thread since the last call, in milliseconds; resets it. */
  static double takeMs() {
    long[] n = NANOS.get();
    double ms = n[0] / 1e6;
    n[0] = 0;
    return ms;
  }
}
