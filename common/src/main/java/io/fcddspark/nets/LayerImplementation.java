package io.fcddspark.nets;

/** Which layer implementations a network is built from. */
public enum LayerImplementation {
  /**
   * The fast path, the default for FLOAT networks: BatchNorm and its activation as one {@code
   * FusedBatchNormActivation} layer, convolutions with few input channels as {@code
   * GemmConvolution}, the rest DL4J's layers with oneDNN helpers. Other data types (DOUBLE for
   * gradient checks) get {@link #DL4J}.
   */
  FUSED,
  /**
   * DL4J's own layers only (BatchNormalization, ActivationLayer, ConvolutionLayer, with their
   * oneDNN helpers when enabled): the reference the fast path is tested against.
   */
  DL4J
}
