package io.fcddspark.nets;

import io.fcddspark.dl4j.HostKernels;

/** Which layer implementations a network is built from. */
public enum LayerImplementation {
  /**
   * The CPU fast path, for FLOAT networks: BatchNorm and its activation as one {@code
   * FusedBatchNormActivation} layer, convolutions with few input channels as {@code
   * GemmConvolution}, the rest DL4J's layers with oneDNN helpers. Its kernels work on host memory,
   * so only the CPU backend runs it; other data types (DOUBLE for gradient checks) keep DL4J's
   * layers. Never in a model file ({@link NetworkLayout}).
   */
  FUSED,
  /**
   * DL4J's own layers only (BatchNormalization, ActivationLayer, ConvolutionLayer, with their
   * oneDNN helpers on the CPU and cuDNN on CUDA): the portable layout, what model files hold, and
   * the reference the fast path is tested against.
   */
  DL4J;

  /**
   * The system property that overrides {@link #forThisBackend()} ({@code FUSED} or {@code DL4J}),
   * e.g. to run the non-CPU branch on a CPU.
   */
  public static final String PROPERTY = HostKernels.PROPERTY;

  /**
   * The layout for networks in this JVM: {@link #FUSED} where host kernels run ({@link
   * HostKernels}: ND4J's CPU backend), {@link #DL4J} on any other, unless {@value #PROPERTY} says
   * otherwise.
   *
   * @throws IllegalArgumentException when the property names no implementation
   */
  public static LayerImplementation forThisBackend() {
    return HostKernels.enabled() ? FUSED : DL4J;
  }
}
