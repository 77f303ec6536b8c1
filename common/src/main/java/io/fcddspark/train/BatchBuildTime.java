package io.fcddspark.train;

/**
 * The time a thread spent building training batches since it last asked: a distributed pass's first
 * round builds and caches them inside its tasks, before the worker's setup, and the worker reports
 * that time apart from setup and fit.
 */
public final class BatchBuildTime {
  private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

  private BatchBuildTime() {}

  /** Adds {@code nanos} of building on this thread. */
  public static void add(long nanos) {
    NANOS.get()[0] += nanos;
  }

  /** The building time on this thread since the last call, in milliseconds; resets it. */
  public static double takeMs() {
    long[] n = NANOS.get();
    double ms = n[0] / 1e6;
    n[0] = 0;
    return ms;
  }
}
