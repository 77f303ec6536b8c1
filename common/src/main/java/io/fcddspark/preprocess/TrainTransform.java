package io.fcddspark.preprocess;

import io.fcddspark.random.SampleRandom;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The per-sample pipeline of App. E from an ingested image (8-bit, channel-interleaved) to the
 * net's float CHW input, in the reference's order: resize, random crop after zero padding,
 * horizontal flip, colour jitter (one strength drawn from the configured ones), additive Gaussian
 * noise (with its probability), then the normalisation: L1 global contrast normalisation and
 * min–max scaling with the nominal class's constants, or fixed per-channel mean and std. Test
 * images are resized, centre-cropped and normalised, without randomness. Every draw comes from
 * {@link SampleRandom} of (seed, epoch, sample).
 *
 * @param preprocess the config's pre-processing
 * @param scaling the min–max constants (null when normalisation is "none", or while fitting them)
 * @param seed the run's seed
 */
public record TrainTransform(PreprocessConfig preprocess, MinMaxScaling scaling, long seed)
    implements Serializable {
  public TrainTransform {
    Objects.requireNonNull(preprocess, "preprocess");
  }

  /** The side of the output for an input side {@code side}: the crop, else the resize, else it. */
  public int outputSide(int side) {
    return geometry().outputSide(side);
  }

  /** Whether GCN + min–max applies, with constants to fit on the nominal training images. */
  public boolean fitsScaling() {
    return preprocess.normalization().fitsMinMax();
  }

  /** An empty fit of the min–max constants this config normalises with. */
  public MinMaxScaling.Fit scalingFit() {
    return new MinMaxScaling.Fit(
        preprocess.normalization() == PreprocessConfig.Normalization.GCN_L1_MINMAX_PER_CHANNEL);
  }

  /** The training input of {@code sample} in {@code epoch}. */
  public float[] train(byte[] pixels, int c, int h, int w, int epoch, long sample) {
    SplittableRandom r = SampleRandom.of(seed, epoch, sample, SampleRandom.Purpose.AUGMENTATION);
    Placed placed = placed(pixels, c, h, w, preprocess.interpolation(), r);
    float[] x = placed.x;
    int side = placed.h;
    int width = placed.w;
    Augmentation.randomHorizontalFlip(x, c, side, width, preprocess.flip(), r);
    if (!preprocess.colorJitter().isEmpty()) {
      JitterStrength j = preprocess.colorJitter().get(r.nextInt(preprocess.colorJitter().size()));
      ColorJitter.apply(x, c, side, width, j, r);
    }
    if (preprocess.noiseStd() > 0 && r.nextDouble() < preprocess.noiseProbability()) {
      addNoise(x, r);
    }
    return normalise(x);
  }

  /** Gaussian noise of {@code noiseStd}, absolute or times the image's std (then clamped). */
  private void addNoise(float[] x, SplittableRandom r) {
    boolean relative = preprocess.noiseScale() == PreprocessConfig.NoiseScale.IMAGE_STD;
    double std = preprocess.noiseStd() * (relative ? standardDeviation(x) : 1);
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (std * r.nextGaussian());
      if (relative) {
        x[i] = Math.max(0f, Math.min(1f, x[i]));
      }
    }
  }

  /** The unbiased standard deviation of all values, as torch's {@code Tensor.std()}. */
  static double standardDeviation(float[] x) {
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double sum = 0;
    for (float v : x) {
      sum += (v - mean) * (v - mean);
    }
    return x.length > 1 ? Math.sqrt(sum / (x.length - 1)) : 0;
  }

  /**
   * The ground-truth mask (h&times;w, 8-bit, anomalous where &ge; 128) of a labelled anomaly moved
   * exactly as {@link #train} moves its image in {@code epoch} — the same resize (nearest), crop or
   * resize and flip, from the same draws — as 0/1 floats of the output size.
   */
  public float[] trainMask(byte[] mask, int h, int w, int epoch, long sample) {
    SplittableRandom r = SampleRandom.of(seed, epoch, sample, SampleRandom.Purpose.AUGMENTATION);
    Placed placed = placed(mask, 1, h, w, PreprocessConfig.Interpolation.NEAREST, r);
    float[] x = placed.x;
    for (int p = 0; p < x.length; p++) {
      x[p] = x[p] >= 128 / 255f ? 1f : 0f;
    }
    return Augmentation.randomHorizontalFlip(x, 1, placed.h, placed.w, preprocess.flip(), r);
  }

  /** Resized, then cropped at random or resized to the crop side, as {@link #geometry} draws. */
  private Placed placed(
      byte[] pixels, int c, int h, int w, PreprocessConfig.Interpolation how, SplittableRandom r) {
    InputGeometry geometry = geometry();
    InputGeometry.Sized img = geometry.resized(pixels, c, h, w, how);
    if (geometry.trainResizes(r)) {
      img = geometry.resizedToCrop(img, c, how);
      return new Placed(floats(img, c), img.height(), img.width());
    }
    float[] x = floats(img, c);
    if (preprocess.crop() > 0) {
      x =
          Augmentation.randomCrop(
              x, c, img.height(), img.width(), preprocess.crop(), preprocess.padding(), r);
      return new Placed(x, preprocess.crop(), preprocess.crop());
    }
    return new Placed(x, img.height(), img.width());
  }

  /** The test input: placed as {@link InputGeometry#testImage} says, normalised. */
  public float[] test(byte[] pixels, int c, int h, int w) {
    return normalise(floats(geometry().testImage(pixels, c, h, w), c));
  }

  /**
   * The image after GCN only (before min–max): what the constants are fitted on — the nominal
   * training images as the test path sees them, without augmentation, as the reference computes
   * them.
   */
  public float[] forFitting(byte[] pixels, int c, int h, int w) {
    return GlobalContrastNormalization.l1(floats(geometry().testImage(pixels, c, h, w), c));
  }

  /** Where stored pixels land in the net's input (the test geometry, shared with evaluation). */
  public InputGeometry geometry() {
    return new InputGeometry(preprocess);
  }

  private float[] normalise(float[] x) {
    switch (preprocess.normalization()) {
      case NONE:
        return x;
      case MEAN_STD:
        return standardised(x, preprocess.mean(), preprocess.std());
      default:
        if (scaling == null) {
          throw new IllegalStateException("min-max constants are not fitted yet");
        }
        return scaling.apply(GlobalContrastNormalization.l1(x));
    }
  }

  /** {@code (x − mean) / std} per channel (CHW), in place, as torchvision's {@code Normalize}. */
  static float[] standardised(float[] x, List<Double> mean, List<Double> std) {
    return MinMaxScaling.shiftAndDivide(
        x,
        mean.stream().mapToDouble(Double::doubleValue).toArray(),
        std.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private record Placed(float[] x, int h, int w) {}

  /** Interleaved 8-bit pixels as CHW floats in [0, 1]. */
  private static float[] floats(InputGeometry.Sized img, int c) {
    int n = img.height() * img.width();
    byte[] px = img.pixels();
    float[] x = new float[c * n];
    for (int p = 0; p < n; p++) {
      for (int k = 0; k < c; k++) {
        x[k * n + p] = Byte.toUnsignedInt(px[c * p + k]) / 255f;
      }
    }
    return x;
  }

  /**
   * {@code pixels} (c&times;h&times;w, interleaved) in the nominal images' shape: grey to RGB by
   * replication, RGB to grey by ITU-R BT.601 luma (PIL's {@code convert('L')}), then a bilinear
   * resize. This is how an OE corpus of another shape (CIFAR-100 for Fashion-MNIST) is fed, as the
   * reference does.
   */
  public static byte[] conform(byte[] pixels, int c, int h, int w, int toC, int toH, int toW) {
    byte[] px = pixels;
    if (c != toC) {
      byte[] out = new byte[toC * h * w];
      for (int p = 0; p < h * w; p++) {
        if (toC == 1) {
          int r = Byte.toUnsignedInt(px[3 * p]);
          int g = Byte.toUnsignedInt(px[3 * p + 1]);
          int b = Byte.toUnsignedInt(px[3 * p + 2]);
          out[p] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
        } else {
          for (int k = 0; k < toC; k++) {
            out[toC * p + k] = px[p];
          }
        }
      }
      px = out;
    }
    if (h != toH || w != toW) {
      px = io.fcddspark.ingest.ImageResize.bilinear(px, toC, h, w, toH, toW);
    }
    return px;
  }
}
