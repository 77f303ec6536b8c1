package io.fcddspark.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a convolution computed as im2col + one sgemm per image by {@link
 * GemmConvolutionLayer}, for layers with few input channels (the first conv of each FCDD net),
 * where oneDNN's direct kernels are slow: on CNN28's 1-channel 5&times;5 conv they took 370 ms of a
 * 630 ms training step for 0.6 GFLOP. Everything else (parameters, their layout and initialisation,
 * updater, JSON, Spark averaging) is DL4J's {@link ConvolutionLayer}. Square kernels, no dilation,
 * {@link ConvolutionMode#Truncate}, identity activation.
 */
public class GemmConvolution extends ConvolutionLayer {
  private static final long serialVersionUID = 1L;

  /** For deserialisation. */
  public GemmConvolution() {
    super();
  }

  private GemmConvolution(Builder builder) {
    super(builder);
  }

  /** A {@code kernel}&times;{@code kernel} convolution {@code nIn -> nOut} with bias. */
  public static GemmConvolution of(int nIn, int nOut, int kernel, int stride, int padding) {
    Builder b = new Builder(kernel);
    b.stride(stride, stride)
        .padding(padding, padding)
        .nIn(nIn)
        .nOut(nOut)
        .hasBias(true)
        .convolutionMode(ConvolutionMode.Truncate)
        .activation(Activation.IDENTITY);
    return b.build();
  }

  /**
   * Builds {@link GemmConvolution}s. DL4J declares {@code Layer.Builder#build()} as the generic
   * {@code <E extends Layer> E build()}; a concrete override is what DL4J's own builders do, with
   * the same unchecked-conversion suppression.
   */
  @SuppressWarnings("unchecked")
  public static final class Builder extends ConvolutionLayer.Builder {
    Builder(int kernel) {
      super(kernel, kernel);
    }

    @Override
    public GemmConvolution build() {
      ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
      ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
      return new GemmConvolution(this);
    }
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    return Dl4jLayerWiring.wire(
        new GemmConvolutionLayer(conf, networkDataType),
        this,
        conf,
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GemmConvolution && super.equals(o);
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof GemmConvolution;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 7;
  }
}
