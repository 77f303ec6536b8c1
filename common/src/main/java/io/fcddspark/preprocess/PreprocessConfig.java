package io.fcddspark.preprocess;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.Validators.nonNegative;
import static io.fcddspark.config.Validators.probability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigNames;
import io.fcddspark.config.OmittedDefault;
import java.io.Serializable;
import java.util.List;

/**
 * Pre-processing and augmentation (App. E), in this order: resize, random crop (after zero
 * padding), horizontal flip, colour jitter, Gaussian noise, global contrast normalisation and
 * min–max scaling.
 *
 * @param resize square side to resize to first, 0 = none; default 0
 * @param crop random crop side, 0 = none; default 0 (test images are centre-cropped to it)
 * @param padding zero padding before the crop; default 0
 * @param flip horizontal flip probability; default 0.5
 * @param colorJitter colour jitters, one drawn uniformly per sample, each a number (all four
 *     strengths) or [brightness, contrast, saturation, hue] (MVTec-AD: [0.04, [0.005, 0.0005,
 *     0.0005, 0.0005]]); default none
 * @param noiseStd std of additive Gaussian noise, 0 = none; default 0
 * @param noiseProbability chance to add the noise to a sample (MVTec-AD: 0.5); default 1
 * @param normalization gcn-l1-minmax (default: the reference's for Fashion-MNIST and CIFAR-10),
 *     gcn-l1-minmax-per-channel (its MVTec-AD), mean-std (its ImageNet and PASCAL VOC) or none
 * @param interpolation how every resize samples: bilinear (default) or nearest (MVTec-AD, as the
 *     reference's {@code Image.NEAREST})
 * @param geometry how an image reaches the crop side: crop (default: a random crop in training, a
 *     centre crop at test) or crop-or-resize (MVTec-AD: a random crop or a resize, 50/50, for the
 *     image and its mask together in training; a resize at test)
 * @param noiseScale what {@code noiseStd} is relative to: absolute (default) or image-std (the
 *     image's own standard deviation, the result clamped to [0, 1]: MVTec-AD's noise)
 * @param mean with normalization mean-std, the value subtracted from each channel (one value, or
 *     one per channel), else absent
 * @param std with normalization mean-std, what each channel is then divided by
 */
public record PreprocessConfig(
    Integer resize,
    Integer crop,
    Integer padding,
    Double flip,
    List<JitterStrength> colorJitter,
    Double noiseStd,
    Double noiseProbability,
    Normalization normalization,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Interpolation.Bilinear.class)
        Interpolation interpolation,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Geometry.Crop.class)
        Geometry geometry,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoiseScale.Absolute.class)
        NoiseScale noiseScale,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> mean,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> std)
    implements Serializable {
  public PreprocessConfig {
    resize = nonNegative("resize", orDefault(resize, 0));
    crop = nonNegative("crop", orDefault(crop, 0));
    padding = nonNegative("padding", orDefault(padding, 0));
    flip = probability("flip", orDefault(flip, 0.5));
    colorJitter = colorJitter == null ? List.of() : List.copyOf(colorJitter);
    noiseStd = nonNegative("noiseStd", orDefault(noiseStd, 0.0));
    noiseProbability = probability("noiseProbability", orDefault(noiseProbability, 1.0));
    normalization = orDefault(normalization, Normalization.GCN_L1_MINMAX);
    interpolation = orDefault(interpolation, Interpolation.BILINEAR);
    geometry = orDefault(geometry, Geometry.CROP);
    noiseScale = orDefault(noiseScale, NoiseScale.ABSOLUTE);
    if (normalization == Normalization.MEAN_STD) {
      mean = channelConstants("mean", mean, false);
      std = channelConstants("std", std, true);
      if (mean.size() != std.size()) {
        throw new ConfigException(
            "normalization mean-std needs as many mean as std values (mean: "
                + mean
                + ", std: "
                + std
                + ")");
      }
    } else if (mean != null || std != null) {
      throw new ConfigException(
          "mean and std are the constants of normalization mean-std; normalization is "
              + ConfigNames.of(normalization));
    }
    if (geometry == Geometry.CROP_OR_RESIZE && (crop == 0 || padding != 0)) {
      throw new ConfigException(
          "geometry crop-or-resize needs a crop side and no padding (crop: "
              + crop
              + ", padding: "
              + padding
              + ")");
    }
  }

  /** Pre-processing with every default: no resize, crop, jitter or noise; flip 0.5; GCN. */
  public static PreprocessConfig defaults() {
    return new PreprocessConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** This config with a square resize to {@code side} first. */
  public PreprocessConfig withResize(int side) {
    return new PreprocessConfig(
        side,
        crop,
        padding,
        flip,
        colorJitter,
        noiseStd,
        noiseProbability,
        normalization,
        interpolation,
        geometry,
        noiseScale,
        mean,
        std);
  }

  /** This config cropping to {@code side} after {@code padding} zeros on every side. */
  public PreprocessConfig withCrop(int side, int padding) {
    return new PreprocessConfig(
        resize,
        side,
        padding,
        flip,
        colorJitter,
        noiseStd,
        noiseProbability,
        normalization,
        interpolation,
        geometry,
        noiseScale,
        mean,
        std);
  }

  /** This config with the flip probability {@code p} and colour jitters {@code jitters}. */
  public PreprocessConfig withAugmentation(double p, List<JitterStrength> jitters) {
    return new PreprocessConfig(
        resize,
        crop,
        padding,
        p,
        jitters,
        noiseStd,
        noiseProbability,
        normalization,
        interpolation,
        geometry,
        noiseScale,
        mean,
        std);
  }

  /** This config with Gaussian noise of {@code noise} ({@code scale}) on a {@code chance} share. */
  public PreprocessConfig withNoise(double noise, double chance, NoiseScale scale) {
    return new PreprocessConfig(
        resize,
        crop,
        padding,
        flip,
        colorJitter,
        noise,
        chance,
        normalization,
        interpolation,
        geometry,
        scale,
        mean,
        std);
  }

  /** This config normalising as {@code n}. */
  public PreprocessConfig withNormalization(Normalization n) {
    return new PreprocessConfig(
        resize,
        crop,
        padding,
        flip,
        colorJitter,
        noiseStd,
        noiseProbability,
        n,
        interpolation,
        geometry,
        noiseScale,
        n == Normalization.MEAN_STD ? mean : null,
        n == Normalization.MEAN_STD ? std : null);
  }

  /** This config bringing images to the crop side as {@code g}, resizing as {@code how}. */
  public PreprocessConfig withGeometry(Geometry g, Interpolation how) {
    return new PreprocessConfig(
        resize,
        crop,
        padding,
        flip,
        colorJitter,
        noiseStd,
        noiseProbability,
        normalization,
        how,
        g,
        noiseScale,
        mean,
        std);
  }

  /** {@code values} of key {@code name}: one value or one per channel (3), finite (positive). */
  private static List<Double> channelConstants(String name, List<Double> values, boolean positive) {
    if (values == null || (values.size() != 1 && values.size() != 3)) {
      throw new ConfigException(
          "normalization mean-std needs "
              + name
              + ": one value, or one per channel (3); got "
              + (values == null ? "none" : values));
    }
    for (Double v : values) {
      if (v == null || !Double.isFinite(v) || (positive && v <= 0)) {
        throw new ConfigException(
            name
                + " must be "
                + (positive ? "positive" : "finite")
                + " numbers, one per channel; got "
                + values);
      }
    }
    return List.copyOf(values);
  }

  /** How resizes sample the image (masks always take the nearest pixel). */
  public enum Interpolation {
    @JsonProperty("bilinear")
    BILINEAR,
    @JsonProperty("nearest")
    NEAREST;

    /** Leaves the default out of written configs, so earlier runs' fingerprints still match. */
    static final class Bilinear extends OmittedDefault {
      Bilinear() {
        super(BILINEAR);
      }
    }
  }

  /** How an image is brought to the crop side in training and at test. */
  public enum Geometry {
    /** A random crop (after padding) in training, a centre crop at test: ImageNet, CIFAR-10. */
    @JsonProperty("crop")
    CROP,
    /**
     * A random crop or a resize to the crop side, drawn 50/50 per sample, in training; a resize at
     * test: the reference's MVTec-AD.
     */
    @JsonProperty("crop-or-resize")
    CROP_OR_RESIZE;

    /** Leaves the default out of written configs, so earlier runs' fingerprints still match. */
    static final class Crop extends OmittedDefault {
      Crop() {
        super(CROP);
      }
    }
  }

  /** What the noise's standard deviation is relative to. */
  public enum NoiseScale {
    /** {@code noiseStd} itself (CIFAR-10, ImageNet: the reference's AWGN). */
    @JsonProperty("absolute")
    ABSOLUTE,
    /**
     * {@code noiseStd} times the image's standard deviation (unbiased, over all its values), the
     * result clamped to [0, 1]: the reference's MVTec-AD noise.
     */
    @JsonProperty("image-std")
    IMAGE_STD;

    /** Leaves the default out of written configs, so earlier runs' fingerprints still match. */
    static final class Absolute extends OmittedDefault {
      Absolute() {
        super(ABSOLUTE);
      }
    }
  }

  /** How pixel values are normalised after augmentation. */
  public enum Normalization {
    /**
     * Global contrast normalisation (L1), then the nominal class's min–max scaling with one pair of
     * constants for every channel: the reference's Fashion-MNIST and CIFAR-10.
     */
    @JsonProperty("gcn-l1-minmax")
    GCN_L1_MINMAX,
    /**
     * Global contrast normalisation (L1, over all channels together), then min–max scaling with a
     * pair of constants per channel: the reference's MVTec-AD ({@code lcnaug1}).
     */
    @JsonProperty("gcn-l1-minmax-per-channel")
    GCN_L1_MINMAX_PER_CHANNEL,
    /**
     * {@code (x − mean) / std} per channel with the config's fixed constants: the reference's
     * ImageNet and PASCAL VOC.
     */
    @JsonProperty("mean-std")
    MEAN_STD,
    @JsonProperty("none")
    NONE;

    /** Whether min–max constants are fitted on the nominal training images. */
    public boolean fitsMinMax() {
      return this == GCN_L1_MINMAX || this == GCN_L1_MINMAX_PER_CHANNEL;
    }
  }
}
