package io.fcddspark.nets;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fcddspark.geometry.ReceptiveField;

/**
 * What sits on top of an architecture's trunk.
 *
 * <ul>
 *   <li>{@link Fcdd}: a 1x1 convolution to one channel; the output is the u&times;v heatmap and the
 *       anomaly score is the mean pseudo-Huber value over it.
 *   <li>{@link Hsc}: the paper's non-explainable baseline, the Hypersphere Classifier on the same
 *       trunk with a global output: a dense layer from the flattened trunk output to a {@code
 *       dimension}-vector whose bias is the centre c; the score is {@code sqrt(||phi||^2 + 1) - 1}.
 * </ul>
 */
public sealed interface Head {
  /** The head a config names: fcdd or hsc. */
  enum Kind {
    @JsonProperty("fcdd")
    FCDD,
    @JsonProperty("hsc")
    HSC
  }

  /** Trainable parameters of the head on {@code arch}'s trunk. */
  long trainableParams(FcddArchitecture arch);

  /** The fully convolutional FCDD head. */
  record Fcdd() implements Head {
    @Override
    public long trainableParams(FcddArchitecture arch) {
      return arch.trunkChannels() + 1L;
    }
  }

  /**
   * The HSC head with a global output of {@code dimension} features.
   *
   * @param dimension size of the feature vector (the reference's HSC nets use 48 for 28 px)
   */
  record Hsc(int dimension) implements Head {
    public Hsc {
      if (dimension < 1) {
        throw new IllegalArgumentException("HSC dimension must be positive, got " + dimension);
      }
    }

    @Override
    public long trainableParams(FcddArchitecture arch) {
      ReceptiveField rf = LayerSpec.receptiveField(arch.trunk(), arch.input().width());
      long features = (long) arch.trunkChannels() * rf.size() * rf.size();
      return features * dimension + dimension;
    }
  }

  /** The FCDD head. */
  static Head fcdd() {
    return new Fcdd();
  }

  /** An HSC head. */
  static Head hsc(int dimension) {
    return new Hsc(dimension);
  }
}
