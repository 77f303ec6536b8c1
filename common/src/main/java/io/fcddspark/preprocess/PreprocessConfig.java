package io.fcddspark.preprocess;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.Validators.nonNegative;
import static io.fcddspark.config.Validators.probability;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * @param colorJitter brightness, contrast, saturation and hue jitter strengths, one drawn uniformly
 *     per sample (MVTec-AD: [0.04, 0.0005]); default none
 * @param noiseStd std of additive Gaussian noise, 0 = none; default 0
 * @param noiseProbability chance to add the noise to a sample (MVTec-AD: 0.5); default 1
 * @param normalization gcn-l1-minmax (default: the reference's) or none
 */
public record PreprocessConfig(
    Integer resize,
    Integer crop,
    Integer padding,
    Double flip,
    List<Double> colorJitter,
    Double noiseStd,
    Double noiseProbability,
    Normalization normalization)
    implements Serializable {
  public PreprocessConfig {
    resize = nonNegative("resize", orDefault(resize, 0));
    crop = nonNegative("crop", orDefault(crop, 0));
    padding = nonNegative("padding", orDefault(padding, 0));
    flip = probability("flip", orDefault(flip, 0.5));
    colorJitter = colorJitter == null ? List.of() : List.copyOf(colorJitter);
    colorJitter.forEach(j -> nonNegative("colorJitter", j));
    noiseStd = nonNegative("noiseStd", orDefault(noiseStd, 0.0));
    noiseProbability = probability("noiseProbability", orDefault(noiseProbability, 1.0));
    normalization = orDefault(normalization, Normalization.GCN_L1_MINMAX);
  }

  /** How pixel values are normalised after augmentation. */
  public enum Normalization {
    /**
     * Global contrast normalisation (L1), then the nominal class's min–max scaling: the
     * reference's.
     */
    @JsonProperty("gcn-l1-minmax")
    GCN_L1_MINMAX,
    @JsonProperty("none")
    NONE
  }
}
