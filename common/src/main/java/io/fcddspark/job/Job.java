package io.fcddspark.job;

/**
 * A batch job: one run over a loaded and checked config {@code C}, giving its result {@code R}.
 * Runs are idempotent: a rerun over the same config reuses what a finished run wrote.
 */
@FunctionalInterface
public interface Job<C, R> {
  /** Runs the job on {@code config}. */
  R run(C config);
}
