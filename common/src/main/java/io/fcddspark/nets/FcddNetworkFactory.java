package io.fcddspark.nets;

import io.fcddspark.dl4j.OneDnnHelpers;
import io.fcddspark.dl4j.TorchDefaultWeightInit;
import io.fcddspark.geometry.ReceptiveField;
import io.fcddspark.loss.FcddLossFunction;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.loss.FcddPixelLossFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Builds FCDD and HSC networks as DL4J {@link MultiLayerNetwork}s from an {@link
 * FcddArchitecture}'s layer list.
 *
 * <p>{@code MultiLayerNetwork} is the representation chosen by measurement (docs/stack.md): with
 * the oneDNN helpers it trains fastest of DL4J's three, and dl4j-spark can parameter-average it.
 * Every network is built with the helpers enabled and {@link CacheMode#DEVICE} (otherwise backprop
 * recomputes the forward convolutions). Configurations are built from DL4J's layers (the portable
 * layout) and, on the CPU backend ({@link LayerImplementation#FUSED}), moved to the fast path by
 * {@link NetworkLayout}: each BatchNorm and the activation after it fused into one {@code
 * FusedBatchNormActivation} layer, convolutions with few input channels as {@code GemmConvolution}.
 * The network's output is the flattened heatmap [N, u*v] (FCDD) or feature vector [N, d] (HSC),
 * before the pseudo-Huber transform.
 */
public final class FcddNetworkFactory {
  private static final double BATCH_NORM_DECAY = 0.9; // PyTorch momentum 0.1
  private static final double LEAKY_SLOPE = 0.01; // PyTorch's default

  private FcddNetworkFactory() {}

  /** The DL4J configuration of {@code arch} with {@code head}, trained on {@code objective}. */
  public static MultiLayerConfiguration configuration(
      FcddArchitecture arch, Head head, Objective objective, NetworkOptions options) {
    return configuration(arch.input(), arch.trunk(), head, objective, options);
  }

  /**
   * As {@link #configuration(ImageShape, List, Head, Objective, NetworkOptions,
   * LayerImplementation)} in this backend's layout ({@link LayerImplementation#forThisBackend()}).
   */
  public static MultiLayerConfiguration configuration(
      ImageShape in,
      List<LayerSpec> trunk,
      Head head,
      Objective objective,
      NetworkOptions options) {
    return configuration(in, trunk, head, objective, options, LayerImplementation.forThisBackend());
  }

  /**
   * The DL4J configuration of any trunk on square inputs of shape {@code in} (used for the paper's
   * nets and for small nets in gradient checks).
   */
  public static MultiLayerConfiguration configuration(
      ImageShape in,
      List<LayerSpec> trunk,
      Head head,
      Objective objective,
      NetworkOptions options,
      LayerImplementation implementation) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(options.nd4jSeed())
            .dataType(options.dataType())
            .updater(options.updater())
            .weightInit(new TorchDefaultWeightInit())
            .biasInit(0.0)
            .l2(options.weightDecay())
            .l2Bias(options.weightDecay())
            .cacheMode(CacheMode.DEVICE)
            .trainingWorkspaceMode(WorkspaceMode.ENABLED)
            .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
            .convolutionMode(ConvolutionMode.Truncate)
            .list();
    int i = 0;
    int channels = in.channels();
    for (LayerSpec spec : trunk) {
      channels = spec.outChannels(channels);
      list.layer(i++, toDl4j(spec));
    }
    if (head instanceof Head.Hsc hsc) {
      if (objective instanceof Objective.PixelMasks) {
        throw new IllegalArgumentException(
            "The HSC head has no heatmap: per-pixel masks need the FCDD head");
      }
      list.layer(
          i++,
          new DenseLayer.Builder().nOut(hsc.dimension()).activation(Activation.IDENTITY).build());
      list.layer(i, lossLayer(new FcddLossFunction(FcddObjective.Reduction.VECTOR_NORM)));
    } else {
      LayerSpec.Conv last = LayerSpec.Conv.of(channels, 1, 1, 0);
      list.layer(i++, toDl4j(last));
      List<LayerSpec> all = new ArrayList<>(trunk);
      all.add(last);
      list.layer(i, lossLayer(fcddLoss(in, all, objective)));
    }
    list.setInputType(InputType.convolutional(in.height(), in.width(), in.channels()));
    MultiLayerConfiguration portable = list.build();
    return implementation == LayerImplementation.DL4J
        ? portable
        : NetworkLayout.as(portable, implementation);
  }

  /** Builds and initialises the network, with the oneDNN helpers enabled. */
  public static MultiLayerNetwork build(
      FcddArchitecture arch, Head head, Objective objective, NetworkOptions options) {
    return build(configuration(arch, head, objective, options));
  }

  /** Initialises a network from a configuration, with the oneDNN helpers enabled. */
  public static MultiLayerNetwork build(MultiLayerConfiguration configuration) {
    OneDnnHelpers.enable();
    MultiLayerNetwork net = new MultiLayerNetwork(configuration);
    net.init();
    return net;
  }

  /** A fresh FCDD network for sample labels. */
  public static MultiLayerNetwork fcdd(FcddArchitecture arch, NetworkOptions options) {
    return build(arch, Head.fcdd(), Objective.sampleLabels(), options);
  }

  /**
   * Trainable parameters of a built network: DL4J's {@code numParams()} also counts BatchNorm's
   * running mean and variance, which are state, not parameters.
   */
  public static long trainableParams(MultiLayerNetwork net) {
    long n = 0;
    for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
      String key = e.getKey().substring(e.getKey().indexOf('_') + 1);
      boolean state =
          key.equals(BatchNormalizationParamInitializer.GLOBAL_MEAN)
              || key.equals(BatchNormalizationParamInitializer.GLOBAL_VAR)
              || key.equals(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
      if (!state) {
        n += e.getValue().length();
      }
    }
    return n;
  }

  private static ILossFunction fcddLoss(
      ImageShape in, List<LayerSpec> layers, Objective objective) {
    if (objective instanceof Objective.PixelMasks masks) {
      if (in.height() != in.width()) {
        throw new IllegalArgumentException("Per-pixel FCDD needs square inputs, got " + in);
      }
      ReceptiveField rf = LayerSpec.receptiveField(layers, in.width());
      return new FcddPixelLossFunction(
          rf.size(),
          rf.size(),
          in.height(),
          in.width(),
          rf.fieldSize(),
          rf.jump(),
          rf.start(),
          masks.sigma());
    }
    return new FcddLossFunction();
  }

  private static Layer lossLayer(ILossFunction loss) {
    return new LossLayer.Builder(loss).activation(Activation.IDENTITY).build();
  }

  private static Layer toDl4j(LayerSpec spec) {
    if (spec instanceof LayerSpec.Conv c) {
      return new ConvolutionLayer.Builder(c.kernel(), c.kernel())
          .stride(c.stride(), c.stride())
          .padding(c.padding(), c.padding())
          .nIn(c.inChannels())
          .nOut(c.outChannels())
          .activation(Activation.IDENTITY)
          .hasBias(true)
          .build();
    }
    if (spec instanceof LayerSpec.BatchNorm b) {
      return new BatchNormalization.Builder()
          .nOut(b.channels())
          .eps(b.eps())
          .decay(BATCH_NORM_DECAY)
          .build();
    }
    if (spec instanceof LayerSpec.Activation a) {
      return new ActivationLayer.Builder()
          .activation(
              a.kind() == LayerSpec.Activation.Kind.RELU
                  ? Activation.RELU.getActivationFunction()
                  : new ActivationLReLU(LEAKY_SLOPE))
          .build();
    }
    LayerSpec.MaxPool p = (LayerSpec.MaxPool) spec;
    return new SubsamplingLayer.Builder(PoolingType.MAX)
        .kernelSize(p.kernel(), p.kernel())
        .stride(p.stride(), p.stride())
        .padding(p.padding(), p.padding())
        .build();
  }
}
