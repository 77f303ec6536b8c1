package io.fcddspark.nets;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the network is trained on.
 *
 * <ul>
 *   <li>{@link SampleLabels}: one label per image (nominal/anomalous), FCDD's Eq. 2 (or HSC's);
 *   <li>{@link PixelMasks}: a ground-truth mask per image, the semi-supervised per-pixel loss on
 *       the Gaussian-upsampled heatmap (paper Sec. 4.2), FCDD head only.
 * </ul>
 */
public sealed interface Objective {
  /** The objective a config names: sample or pixel. */
  enum Kind {
    @JsonProperty("sample")
    SAMPLE,
    @JsonProperty("pixel")
    PIXEL
  }

  /** One label per image. */
  record SampleLabels() implements Objective {}

  /**
   * Per-pixel masks; {@code sigma} is the upsampling Gaussian's standard deviation.
   *
   * @param sigma 1.2 (Fashion-MNIST, CIFAR-10), 8 (ImageNet, VOC), 12 (MVTec-AD) in the paper
   */
  record PixelMasks(double sigma) implements Objective {
    public PixelMasks {
      if (!(sigma > 0) || Double.isInfinite(sigma)) {
        throw new IllegalArgumentException("Upsampling sigma must be positive, got " + sigma);
      }
    }
  }

  /** One label per image. */
  static Objective sampleLabels() {
    return new SampleLabels();
  }
}
