package io.fcddspark.nets;

import io.fcddspark.dl4j.FusedBatchNormActivation;
import io.fcddspark.dl4j.GemmConvolution;
import io.fcddspark.dl4j.OneDnnHelpers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Moves networks between the portable layout and the one that runs fastest on this JVM's backend,
 * keeping their parameters and updater state as they are.
 *
 * <p>The portable layout holds DL4J's standard layers only, and is what model files hold: any
 * backend can restore it. The CPU fast path ({@link LayerImplementation#FUSED}) replaces each
 * BatchNormalization and the (leaky) ReLU after it by one {@link FusedBatchNormActivation}, and
 * convolutions with few input channels by {@link GemmConvolution}; both keep DL4J's parameter
 * layout, so the flat parameter and updater-state vectors are the same in both layouts. Their
 * kernels read host memory, so they exist only where the backend is the CPU.
 */
public final class NetworkLayout {
  /** Convolutions with at most this many input channels run as {@link GemmConvolution}. */
  public static final int GEMM_MAX_IN_CHANNELS = 4;

  /** Slope of a fused BatchNorm with no activation after it (the identity). */
  private static final double NO_ACTIVATION = 1.0;

  private static final String TYPE = "@class";
  private static final String SLOPE = "negativeSlope";

  private NetworkLayout() {}

  /** {@code conf} with DL4J's standard layers only: what model files and other backends read. */
  public static MultiLayerConfiguration portable(MultiLayerConfiguration conf) {
    return hasFastPathLayers(conf) ? rebuild(conf, false) : conf.clone();
  }

  /**
   * {@code conf} in {@code implementation}'s layout: portable, or for {@link
   * LayerImplementation#FUSED} with the fast-path layers where they apply (FLOAT networks only).
   *
   * <p>A copy, always: DL4J's networks update their configuration's counters as they train.
   *
   * @throws IllegalStateException for {@code FUSED} when this JVM's backend is not the CPU
   */
  public static MultiLayerConfiguration as(
      MultiLayerConfiguration conf, LayerImplementation implementation) {
    if (implementation == LayerImplementation.FUSED) {
      requireCpu();
      // Every configuration built here is fused throughout, so one with fast-path layers is done.
      return hasFastPathLayers(conf)
          ? conf.clone()
          : rebuild(conf, conf.getDataType() == DataType.FLOAT);
    }
    return portable(conf);
  }

  /** {@code conf} in the layout of {@link LayerImplementation#forThisBackend()}. */
  public static MultiLayerConfiguration forThisBackend(MultiLayerConfiguration conf) {
    return as(conf, LayerImplementation.forThisBackend());
  }

  /**
   * {@code net} in {@code implementation}'s layout with copies of its parameters and updater state
   * (its iteration and epoch counts kept); {@code net} itself when it is in that layout already.
   */
  public static MultiLayerNetwork as(MultiLayerNetwork net, LayerImplementation implementation) {
    MultiLayerConfiguration current = net.getLayerWiseConfigurations();
    MultiLayerConfiguration target = as(current, implementation);
    if (sameLayers(current, target)) {
      return net;
    }
    OneDnnHelpers.enable();
    MultiLayerNetwork converted = new MultiLayerNetwork(target);
    converted.init(net.params().dup(), false);
    INDArray state = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
    if (state != null) {
      converted.getUpdater().setStateViewArray(converted, state.dup(), false);
    }
    converted.setListeners(net.getListeners());
    return converted;
  }

  /**
   * {@code net} in the portable layout (see {@link #as(MultiLayerNetwork, LayerImplementation)}).
   */
  public static MultiLayerNetwork portable(MultiLayerNetwork net) {
    return as(net, LayerImplementation.DL4J);
  }

  /**
   * {@code net} in this backend's layout (see {@link #as(MultiLayerNetwork, LayerImplementation)}).
   */
  public static MultiLayerNetwork forThisBackend(MultiLayerNetwork net) {
    return as(net, LayerImplementation.forThisBackend());
  }

  /** Whether {@code conf} holds any fast-path layer. */
  public static boolean hasFastPathLayers(MultiLayerConfiguration conf) {
    for (NeuralNetConfiguration c : conf.getConfs()) {
      if (c.getLayer() instanceof FusedBatchNormActivation
          || c.getLayer() instanceof GemmConvolution) {
        return true;
      }
    }
    return false;
  }

  private static void requireCpu() {
    if (!OneDnnHelpers.cpuBackend()) {
      throw new IllegalStateException(
          "The fused fast-path layers compute on host memory and run only on ND4J's CPU backend;"
              + " this JVM runs "
              + OneDnnHelpers.backendName()
              + ": use LayerImplementation.DL4J (NetworkLayout.forThisBackend does)");
    }
  }

  private static boolean sameLayers(MultiLayerConfiguration a, MultiLayerConfiguration b) {
    if (a.getConfs().size() != b.getConfs().size()) {
      return false;
    }
    for (int i = 0; i < a.getConfs().size(); i++) {
      if (a.getConf(i).getLayer().getClass() != b.getConf(i).getLayer().getClass()) {
        return false;
      }
    }
    return true;
  }

  /**
   * A copy of {@code conf} with every fast-path layer replaced by DL4J's, then, when {@code fuse},
   * every layer the fast path serves replaced by its fast-path form; input preprocessors follow
   * their layers.
   */
  private static MultiLayerConfiguration rebuild(MultiLayerConfiguration conf, boolean fuse) {
    List<NeuralNetConfiguration> confs = new ArrayList<>();
    Map<Integer, InputPreProcessor> pre = new HashMap<>();
    Map<Integer, InputPreProcessor> oldPre = conf.getInputPreProcessors();
    for (int i = 0; i < conf.getConfs().size(); i++) {
      int at = confs.size();
      if (oldPre.containsKey(i)) {
        pre.put(at, oldPre.get(i).clone());
      }
      NeuralNetConfiguration c = conf.getConf(i);
      Layer layer = c.getLayer();
      if (layer instanceof FusedBatchNormActivation f) {
        confs.add(withLayer(c, retyped(f, BatchNormalization.class)));
        if (f.getNegativeSlope() != NO_ACTIVATION) {
          confs.add(withLayer(c, activationLayer(f.getNegativeSlope())));
        }
      } else if (layer instanceof GemmConvolution g) {
        confs.add(withLayer(c, retyped(g, ConvolutionLayer.class)));
      } else {
        confs.add(withLayer(c, layer.clone()));
      }
    }
    if (fuse) {
      fuse(confs, pre);
    }
    renumberDefaultNames(confs);
    MultiLayerConfiguration out = conf.clone();
    out.setConfs(confs);
    out.setInputPreProcessors(pre);
    return out;
  }

  /** DL4J names unnamed layers "layer" + index: such names follow the layers' new indices. */
  private static void renumberDefaultNames(List<NeuralNetConfiguration> confs) {
    for (int i = 0; i < confs.size(); i++) {
      Layer layer = confs.get(i).getLayer();
      String name = layer.getLayerName();
      if (name == null || DEFAULT_NAME.matcher(name).matches()) {
        layer.setLayerName("layer" + i);
      }
    }
  }

  private static final java.util.regex.Pattern DEFAULT_NAME =
      java.util.regex.Pattern.compile("layer\\d+");

  /** Replaces, in place, the layers the fast path serves by their fast-path form. */
  private static void fuse(
      List<NeuralNetConfiguration> confs, Map<Integer, InputPreProcessor> pre) {
    List<NeuralNetConfiguration> fused = new ArrayList<>();
    Map<Integer, InputPreProcessor> fusedPre = new HashMap<>();
    for (int i = 0; i < confs.size(); i++) {
      if (pre.containsKey(i)) {
        fusedPre.put(fused.size(), pre.get(i));
      }
      NeuralNetConfiguration c = confs.get(i);
      Layer layer = c.getLayer();
      if (layer.getClass() == BatchNormalization.class && fusable((BatchNormalization) layer)) {
        double slope = NO_ACTIVATION;
        if (i + 1 < confs.size() && !pre.containsKey(i + 1)) {
          Double next = slopeOf(confs.get(i + 1).getLayer());
          if (next != null) {
            slope = next;
            i++;
          }
        }
        ObjectNode json = MAPPER.valueToTree(layer);
        json.put(SLOPE, slope);
        fused.add(withLayer(c, retyped(json, FusedBatchNormActivation.class)));
      } else if (layer.getClass() == ConvolutionLayer.class
          && gemmServes((ConvolutionLayer) layer)) {
        fused.add(withLayer(c, retyped(layer, GemmConvolution.class)));
      } else {
        fused.add(c);
      }
    }
    confs.clear();
    confs.addAll(fused);
    pre.clear();
    pre.putAll(fusedPre);
  }

  /** BatchNorm as {@link FusedBatchNormActivation} computes it: NCHW, log-std, trainable. */
  private static boolean fusable(BatchNormalization bn) {
    return bn.isUseLogStd()
        && bn.isMinibatch()
        && !bn.isLockGammaBeta()
        && bn.getCnn2DFormat() == CNN2DFormat.NCHW;
  }

  /** What {@link GemmConvolution} computes: square, undilated, Truncate, identity, with bias. */
  private static boolean gemmServes(ConvolutionLayer c) {
    int[] k = c.getKernelSize();
    int[] s = c.getStride();
    int[] p = c.getPadding();
    int[] d = c.getDilation();
    return c.getNIn() <= GEMM_MAX_IN_CHANNELS
        && k[0] == k[1]
        && s[0] == s[1]
        && p[0] == p[1]
        && d[0] == 1
        && d[1] == 1
        && c.getConvolutionMode() == ConvolutionMode.Truncate
        && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && c.hasBias()
        && c.getActivationFn() instanceof ActivationIdentity;
  }

  /** The negative slope of a ReLU or leaky-ReLU activation layer; null for anything else. */
  private static Double slopeOf(Layer layer) {
    if (!(layer instanceof ActivationLayer a)) {
      return null;
    }
    IActivation fn = a.getActivationFn();
    if (fn instanceof ActivationReLU && fn.equals(new ActivationReLU())) {
      return 0.0;
    }
    if (fn instanceof ActivationLReLU l && l.getAlpha() >= 0 && l.getAlpha() < 1) {
      return l.getAlpha();
    }
    return null;
  }

  private static Layer activationLayer(double slope) {
    IActivation fn = slope == 0 ? new ActivationReLU() : new ActivationLReLU(slope);
    return new ActivationLayer.Builder().activation(fn).build();
  }

  private static final ObjectMapper MAPPER = NeuralNetConfiguration.mapper();

  /** {@code layer}'s configuration as DL4J's JSON reads it into {@code type}. */
  private static Layer retyped(Layer layer, Class<? extends Layer> type) {
    ObjectNode json = MAPPER.valueToTree(layer);
    json.remove(SLOPE);
    return retyped(json, type);
  }

  private static Layer retyped(ObjectNode json, Class<? extends Layer> type) {
    json.put(TYPE, type.getName());
    try {
      return MAPPER.treeToValue((JsonNode) json, Layer.class);
    } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot read layer configuration as " + type.getName(), e);
    }
  }

  private static NeuralNetConfiguration withLayer(NeuralNetConfiguration c, Layer layer) {
    NeuralNetConfiguration copy = c.clone();
    copy.setLayer(layer);
    copy.clearVariables();
    return copy;
  }
}
