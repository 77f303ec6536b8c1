package io.fcddspark.nets;

import io.fcddspark.geometry.ReceptiveField;
import io.fcddspark.nets.LayerSpec.Activation;
import io.fcddspark.nets.LayerSpec.BatchNorm;
import io.fcddspark.nets.LayerSpec.Conv;
import io.fcddspark.nets.LayerSpec.MaxPool;
import java.util.ArrayList;
import java.util.List;

/**
 * The FCDD networks of the paper's App. D: a convolutional trunk followed, for FCDD, by a 1&times;1
 * convolution to one channel whose bias plays the role of the hypersphere centre c.
 *
 * <p>Only the layer lists are written here; parameter counts, heatmap size, receptive field and
 * cumulative stride are computed from them ({@link #receptiveField()}, {@link
 * #trainableParams(Head)}).
 */
public enum FcddArchitecture {
  /** Fashion-MNIST, 1x28x28: only the first conv is followed by BatchNorm. */
  CNN28(
      new ImageShape(1, 28, 28),
      List.of(
          Conv.of(1, 128, 5, 2),
          new BatchNorm(128, 1e-4),
          new Activation(Activation.Kind.LEAKY_RELU),
          new MaxPool(2, 2, 0),
          Conv.of(128, 128, 5, 2),
          new MaxPool(2, 2, 0))),

  /** CIFAR-10, 3x32x32. */
  CNN32(
      new ImageShape(3, 32, 32),
      List.of(
          Conv.of(3, 128, 3, 1),
          new BatchNorm(128, 1e-4),
          new Activation(Activation.Kind.LEAKY_RELU),
          new MaxPool(2, 2, 0),
          Conv.of(128, 256, 3, 1),
          new BatchNorm(256, 1e-4),
          new Activation(Activation.Kind.LEAKY_RELU),
          Conv.of(256, 256, 3, 1),
          new BatchNorm(256, 1e-4),
          new Activation(Activation.Kind.LEAKY_RELU),
          new MaxPool(2, 2, 0),
          Conv.of(256, 128, 3, 1))),

  /**
   * ImageNet, MVTec-AD, VOC, 3x224x224: torchvision's {@code vgg11_bn.features[0:21]} (BatchNorm
   * eps 1e-5, ReLU).
   */
  VGG11_BN(new ImageShape(3, 224, 224), vgg11BnFeatures());

  private final ImageShape input;
  private final List<LayerSpec> trunk;

  FcddArchitecture(ImageShape input, List<LayerSpec> trunk) {
    this.input = input;
    this.trunk = List.copyOf(trunk);
  }

  /** The input image shape this network is built for. */
  public ImageShape input() {
    return input;
  }

  /** The convolutional trunk, without any head. */
  public List<LayerSpec> trunk() {
    return trunk;
  }

  /** Channels the trunk outputs. */
  public int trunkChannels() {
    int c = input.channels();
    for (LayerSpec l : trunk) {
      c = l.outChannels(c);
    }
    return c;
  }

  /** The FCDD layers: the trunk and the final 1x1 convolution to one channel. */
  public List<LayerSpec> fcddLayers() {
    List<LayerSpec> all = new ArrayList<>(trunk);
    all.add(Conv.of(trunkChannels(), 1, 1, 0));
    return List.copyOf(all);
  }

  /** The receptive field of one heatmap pixel, computed from the layer list. */
  public ReceptiveField receptiveField() {
    if (input.height() != input.width()) {
      throw new IllegalStateException("FCDD nets take square inputs, got " + input);
    }
    return LayerSpec.receptiveField(fcddLayers(), input.width());
  }

  /** Trainable parameters (conv weights and biases, BatchNorm gamma/beta) with {@code head}. */
  public long trainableParams(Head head) {
    long n = 0;
    for (LayerSpec l : trunk) {
      n += l.trainableParams();
    }
    return n + head.trainableParams(this);
  }

  private static List<LayerSpec> vgg11BnFeatures() {
    List<LayerSpec> l = new ArrayList<>();
    int[][] blocks = {{64}, {128}, {256, 256}, {512, 512}};
    int in = 3;
    for (int b = 0; b < blocks.length; b++) {
      for (int out : blocks[b]) {
        l.add(Conv.of(in, out, 3, 1));
        l.add(new BatchNorm(out, 1e-5));
        l.add(new Activation(Activation.Kind.RELU));
        in = out;
      }
      if (b < blocks.length - 1) {
        l.add(new MaxPool(2, 2, 0));
      }
    }
    return List.copyOf(l);
  }
}
