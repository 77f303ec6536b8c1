package io.fcddspark.nets;

/** How BatchNorm and the activation after it are computed. */
public enum LayerImplementation {
  /**
   * One fused layer ({@code FusedBatchNormActivation}): the fast path, the default for FLOAT
   * networks; other data types (DOUBLE for gradient checks) get {@link #DL4J}.
   */
  FUSED,
  /**
   * DL4J's own BatchNormalization (with its oneDNN helper when enabled) and a separate
   * ActivationLayer: the reference the fused path is tested against.
   */
  DL4J
}
