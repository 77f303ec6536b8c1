package io.fcddspark.pipeline;

/** A stage's wall time, in seconds. */
public record StageTime(String stage, double seconds) {}
