package io.fcddspark.nets;

import io.fcddspark.dl4j.FusedBatchNormActivationLayer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretrained weights for an architecture whose trunk lists its layers in torchvision's order
 * (VGG11- BN: trunk layer {@code i} is torchvision's {@code features[i]}), from tensors named as in
 * torchvision's {@code state_dict} ({@code features.<i>.weight}, {@code .bias}, {@code
 * .running_mean}, {@code .running_var}); read them with {@link Safetensors}.
 *
 * <p>Convolution weights keep PyTorch's [out, in, kh, kw] layout, which is DL4J's. BatchNorm's
 * running variance becomes DL4J's {@code log10stdev} ({@code log10(sqrt(var))}) where the layer
 * stores that. A missing tensor or a shape that differs is an error naming the tensor.
 */
public final class TorchvisionFeatureWeights {
  private TorchvisionFeatureWeights() {}

  /**
   * Copies the tensors of every convolution and BatchNorm of {@code arch}'s trunk into {@code net}.
   */
  public static void load(
      MultiLayerNetwork net,
      FcddArchitecture arch,
      Map<String, Safetensors.Tensor> tensors,
      String source) {
    List<LayerSpec> trunk = arch.trunk();
    int[] layerOf = layerOfSpec(net, trunk);
    for (int i = 0; i < trunk.size(); i++) {
      Layer layer = net.getLayer(layerOf[i]);
      String p = "features." + i + ".";
      if (trunk.get(i) instanceof LayerSpec.Conv) {
        copy(layer, "W", tensor(tensors, p + "weight", source), p + "weight", source);
        copy(layer, "b", tensor(tensors, p + "bias", source), p + "bias", source);
      } else if (trunk.get(i) instanceof LayerSpec.BatchNorm) {
        copy(
            layer,
            BatchNormalizationParamInitializer.GAMMA,
            tensor(tensors, p + "weight", source),
            p + "weight",
            source);
        copy(
            layer,
            BatchNormalizationParamInitializer.BETA,
            tensor(tensors, p + "bias", source),
            p + "bias",
            source);
        copy(
            layer,
            BatchNormalizationParamInitializer.GLOBAL_MEAN,
            tensor(tensors, p + "running_mean", source),
            p + "running_mean",
            source);
        Safetensors.Tensor var = tensor(tensors, p + "running_var", source);
        if (layer.paramTable().containsKey(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
          float[] log10Std = new float[var.values().length];
          for (int c = 0; c < log10Std.length; c++) {
            log10Std[c] = (float) (0.5 * Math.log10(var.values()[c]));
          }
          copy(
              layer,
              BatchNormalizationParamInitializer.GLOBAL_LOG_STD,
              new Safetensors.Tensor(var.shape(), log10Std),
              p + "running_var",
              source);
        } else {
          copy(
              layer, BatchNormalizationParamInitializer.GLOBAL_VAR, var, p + "running_var", source);
        }
      }
    }
  }

  /**
   * Copies {@code prefix.weight} and {@code prefix.bias} (the reference's {@code conv_final}) into
   * the FCDD head: the 1&times;1 convolution before the loss layer.
   */
  public static void loadHead(
      MultiLayerNetwork net,
      Map<String, Safetensors.Tensor> tensors,
      String prefix,
      String source) {
    Layer head = net.getLayer(net.getnLayers() - 2);
    copy(head, "W", tensor(tensors, prefix + ".weight", source), prefix + ".weight", source);
    copy(head, "b", tensor(tensors, prefix + ".bias", source), prefix + ".bias", source);
  }

  /**
   * {@code net} with the layers holding the first {@code count} trunk layers (torchvision's {@code
   * features[0..count-1]}) frozen: their parameters and their BatchNorm statistics stay as loaded
   * (DL4J's frozen layers run in inference mode), unlike the reference, where frozen BatchNorm
   * layers still update their running statistics.
   */
  public static MultiLayerNetwork freeze(MultiLayerNetwork net, FcddArchitecture arch, int count) {
    if (count <= 0) {
      return net;
    }
    if (count > arch.trunk().size()) {
      throw new IllegalArgumentException(
          "Cannot freeze " + count + " layers of a trunk of " + arch.trunk().size());
    }
    int last = layerOfSpec(net, arch.trunk())[count - 1];
    return new TransferLearning.Builder(net).setFeatureExtractor(last).build();
  }

  /**
   * The DL4J layer that holds each trunk layer: convolutions and BatchNorms map to the layers with
   * their parameters, in order; an activation fused into the BatchNorm before it maps to that
   * layer; everything else to the next parameterless layer.
   */
  static int[] layerOfSpec(MultiLayerNetwork net, List<LayerSpec> trunk) {
    int[] out = new int[trunk.size()];
    int next = 0;
    for (int i = 0; i < trunk.size(); i++) {
      LayerSpec spec = trunk.get(i);
      if (spec instanceof LayerSpec.Activation
          && i > 0
          && trunk.get(i - 1) instanceof LayerSpec.BatchNorm
          && isFusedBatchNorm(net.getLayer(out[i - 1]))) {
        out[i] = out[i - 1];
        continue;
      }
      out[i] = next++;
    }
    return out;
  }

  private static boolean isFusedBatchNorm(Layer layer) {
    Layer inner = layer instanceof FrozenLayer f ? f.getInsideLayer() : layer;
    return inner instanceof FusedBatchNormActivationLayer;
  }

  private static Safetensors.Tensor tensor(
      Map<String, Safetensors.Tensor> tensors, String name, String source) {
    Safetensors.Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(source + " has no tensor '" + name + "'");
    }
    return t;
  }

  private static void copy(
      Layer layer, String key, Safetensors.Tensor t, String name, String source) {
    INDArray param = layer.getParam(key);
    if (param == null || param.length() != t.size()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: tensor '%s' has shape %s but layer %d's %s has shape %s",
              source,
              name,
              Arrays.toString(t.shape()),
              layer.getIndex(),
              key,
              param == null ? "none" : Arrays.toString(param.shape())));
    }
    long[] s = param.shape();
    if (s.length == 4 && !Arrays.equals(s, t.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "%s: tensor '%s' has shape %s but layer %d's %s has shape %s",
              source, name, Arrays.toString(t.shape()), layer.getIndex(), key, Arrays.toString(s)));
    }
    param.assign(Nd4j.create(t.values(), s, 'c').castTo(param.dataType()));
  }
}
