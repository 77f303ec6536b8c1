package io.fcddspark.preprocess;

import io.fcddspark.random.SampleRandom;
import java.io.Serializable;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The per-sample pipeline of App. E from an ingested image (8-bit, channel-interleaved) to the
 * net's float CHW input, in the reference's order: resize, random crop after zero padding,
 * horizontal flip, colour jitter (one strength drawn from the configured ones), additive Gaussian
 * noise (with its probability), then L1 global contrast normalisation and min–max scaling with the
 * nominal class's constants. Test images are resized, centre-cropped and normalised, without
 * randomness. Every draw comes from {@link SampleRandom} of (seed, epoch, sample).
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
    if (preprocess.crop() > 0) {
      return preprocess.crop();
    }
    return preprocess.resize() > 0 ? preprocess.resize() : side;
  }

  /** Whether GCN + min–max applies. */
  public boolean normalises() {
    return preprocess.normalization() == PreprocessConfig.Normalization.GCN_L1_MINMAX;
  }

  /** The training input of {@code sample} in {@code epoch}. */
  public float[] train(byte[] pixels, int c, int h, int w, int epoch, long sample) {
    SplittableRandom r = SampleRandom.of(seed, epoch, sample, SampleRandom.Purpose.AUGMENTATION);
    Image img = resized(pixels, c, h, w);
    float[] x = img.x;
    int side = img.h;
    int width = img.w;
    if (preprocess.crop() > 0) {
      x = Augmentation.randomCrop(x, c, side, width, preprocess.crop(), preprocess.padding(), r);
      side = preprocess.crop();
      width = preprocess.crop();
    }
    Augmentation.randomHorizontalFlip(x, c, side, width, preprocess.flip(), r);
    if (!preprocess.colorJitter().isEmpty()) {
      double j = preprocess.colorJitter().get(r.nextInt(preprocess.colorJitter().size()));
      ColorJitter.apply(x, c, side, width, j, r);
    }
    if (preprocess.noiseStd() > 0 && r.nextDouble() < preprocess.noiseProbability()) {
      for (int i = 0; i < x.length; i++) {
        x[i] += (float) (preprocess.noiseStd() * r.nextGaussian());
      }
    }
    return normalise(x);
  }

  /**
   * The ground-truth mask (h&times;w, 8-bit, anomalous where &ge; 128) of a labelled anomaly moved
   * exactly as {@link #train} moves its image in {@code epoch} — nearest-neighbour resize, the same
   * random crop and flip (the same draws) — as 0/1 floats of the output size.
   */
  public float[] trainMask(byte[] mask, int h, int w, int epoch, long sample) {
    SplittableRandom r = SampleRandom.of(seed, epoch, sample, SampleRandom.Purpose.AUGMENTATION);
    byte[] m = mask;
    int side = preprocess.resize();
    if (side > 0 && (h != side || w != side)) {
      m = io.fcddspark.ingest.ImageResize.nearest(mask, 1, h, w, side, side);
      h = side;
      w = side;
    }
    float[] x = new float[h * w];
    for (int p = 0; p < x.length; p++) {
      x[p] = Byte.toUnsignedInt(m[p]) >= 128 ? 1f : 0f;
    }
    if (preprocess.crop() > 0) {
      x = Augmentation.randomCrop(x, 1, h, w, preprocess.crop(), preprocess.padding(), r);
      h = preprocess.crop();
      w = preprocess.crop();
    }
    return Augmentation.randomHorizontalFlip(x, 1, h, w, preprocess.flip(), r);
  }

  /** The test input: resized, centre-cropped, normalised. */
  public float[] test(byte[] pixels, int c, int h, int w) {
    return normalise(resizedAndCentred(pixels, c, h, w));
  }

  /**
   * The image after GCN only (before min–max): what the constants are fitted on — the nominal
   * training images as the test path sees them, without augmentation, as the reference computes
   * them.
   */
  public float[] forFitting(byte[] pixels, int c, int h, int w) {
    return GlobalContrastNormalization.l1(resizedAndCentred(pixels, c, h, w));
  }

  private float[] resizedAndCentred(byte[] pixels, int c, int h, int w) {
    Image img = resized(pixels, c, h, w);
    if (preprocess.crop() > 0 && (preprocess.crop() < img.h || preprocess.crop() < img.w)) {
      return centreCrop(img.x, c, img.h, img.w, preprocess.crop());
    }
    return img.x;
  }

  private float[] normalise(float[] x) {
    if (!normalises()) {
      return x;
    }
    if (scaling == null) {
      throw new IllegalStateException("min-max constants are not fitted yet");
    }
    return scaling.apply(GlobalContrastNormalization.l1(x));
  }

  private record Image(float[] x, int h, int w) {}

  private Image resized(byte[] pixels, int c, int h, int w) {
    byte[] px = pixels;
    int side = preprocess.resize();
    if (side > 0 && (h != side || w != side)) {
      px = io.fcddspark.ingest.ImageResize.bilinear(pixels, c, h, w, side, side);
      h = side;
      w = side;
    }
    float[] x = new float[c * h * w];
    for (int p = 0; p < h * w; p++) {
      for (int k = 0; k < c; k++) {
        x[k * h * w + p] = Byte.toUnsignedInt(px[c * p + k]) / 255f;
      }
    }
    return new Image(x, h, w);
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

  /** torchvision's CenterCrop: top = round((h − size) / 2), left likewise. */
  static float[] centreCrop(float[] x, int c, int h, int w, int size) {
    int top = (int) Math.round((h - size) / 2.0);
    int left = (int) Math.round((w - size) / 2.0);
    float[] out = new float[c * size * size];
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < size; y++) {
        System.arraycopy(x, (k * h + top + y) * w + left, out, (k * size + y) * size, size);
      }
    }
    return out;
  }
}
