package io.fcddspark.nets;

/** Which layer implementations a network is built from. */
public enum LayerImplementation {
  /**
   * The fast path, the default for FLOAT networks: BatchNorm and its activation as one {@code
   * FusedBatchNormActivation} layer, convolutions with few input channels as {@code
   * GemmConvolution}, the rest DL4J's layers with oneDNN helpers. Its kernels work on host memory:
   * other data types (DOUBLE for gradient checks) and the CUDA backend (where cuDNN serves DL4J's
   * layers) get {@link #DL4J}.
   */
  FUSED,
  /**
   * DL4J's own layers only (BatchNormalization, ActivationLayer, ConvolutionLayer, with their
   * oneDNN helpers when enabled): the reference the fast path is tested against.
   */
  DL4J
}
