package io.fcddspark.nets;

import io.fcddspark.geometry.ReceptiveField;
import java.util.List;

/**
 * One layer of an FCDD network, as listed in the paper's App. D. The list of these is the single
 * source for the DL4J network, the parameter count and the receptive field.
 */
public sealed interface LayerSpec {

  /** Trainable parameters of this layer (weights, biases, BatchNorm gamma/beta). */
  long trainableParams();

  /** The number of channels this layer outputs, given the channels it receives. */
  int outChannels(int inChannels);

  /** The receptive field of {@code layers} applied to an input of side {@code inputSide}. */
  static ReceptiveField receptiveField(List<? extends LayerSpec> layers, int inputSide) {
    ReceptiveField rf = ReceptiveField.initial(inputSide);
    for (LayerSpec layer : layers) {
      if (layer instanceof Conv c) {
        rf = rf.through(c.kernel(), c.stride(), c.padding());
      } else if (layer instanceof MaxPool p) {
        rf = rf.through(p.kernel(), p.stride(), p.padding());
      }
    }
    return rf;
  }

  /** A 2-D convolution with bias, square kernel, zero padding. */
  record Conv(int inChannels, int outChannels, int kernel, int stride, int padding)
      implements LayerSpec {
    public Conv {
      require(inChannels > 0 && outChannels > 0, "channels must be positive: %s", inChannels);
      require(kernel > 0 && stride > 0 && padding >= 0, "bad conv geometry k=%s", kernel);
    }

    /** A stride-1 convolution. */
    public static Conv of(int in, int out, int kernel, int padding) {
      return new Conv(in, out, kernel, 1, padding);
    }

    @Override
    public long trainableParams() {
      return (long) inChannels * outChannels * kernel * kernel + outChannels;
    }

    @Override
    public int outChannels(int in) {
      require(in == inChannels, "conv expects %s input channels, got %s", inChannels, in);
      return outChannels;
    }
  }

  /** Max pooling with a square window. */
  record MaxPool(int kernel, int stride, int padding) implements LayerSpec {
    public MaxPool {
      require(kernel > 0 && stride > 0 && padding >= 0, "bad pool geometry k=%s", kernel);
    }

    @Override
    public long trainableParams() {
      return 0;
    }

    @Override
    public int outChannels(int in) {
      return in;
    }
  }

  /** Affine BatchNorm over channels; {@code eps} as in the reference (1e-4 small nets). */
  record BatchNorm(int channels, double eps) implements LayerSpec {
    public BatchNorm {
      require(channels > 0, "BatchNorm channels must be positive: %s", channels);
      require(eps > 0, "BatchNorm eps must be positive: %s", eps);
    }

    @Override
    public long trainableParams() {
      return 2L * channels;
    }

    @Override
    public int outChannels(int in) {
      require(in == channels, "BatchNorm expects %s channels, got %s", channels, in);
      return in;
    }
  }

  /** An element-wise activation. */
  record Activation(Kind kind) implements LayerSpec {
    /** The activations FCDD uses. */
    public enum Kind {
      /** LeakyReLU with slope 0.01 (PyTorch's default), used by the small nets. */
      LEAKY_RELU,
      /** ReLU, used by VGG11-BN. */
      RELU
    }

    @Override
    public long trainableParams() {
      return 0;
    }

    @Override
    public int outChannels(int in) {
      return in;
    }
  }

  private static void require(boolean ok, String format, Object arg) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, arg));
    }
  }

  private static void require(boolean ok, String format, Object a, Object b) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, a, b));
    }
  }
}
