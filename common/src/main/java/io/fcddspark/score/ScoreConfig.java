package io.fcddspark.score;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;
import static io.fcddspark.config.Validators.aboveZero;
import static io.fcddspark.config.Validators.fraction;
import static io.fcddspark.config.Validators.nonNegative;
import static io.fcddspark.config.Validators.positive;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fcddspark.config.ConfigException;
import java.io.Serializable;

/**
 * The score job's config (YAML, {@code conf/score/}; keys in docs/score.md): apply a trained model
 * to new images, decide which are anomalous at a threshold chosen on validation images, and write
 * scores, decisions and heatmaps.
 *
 * @param model the train job's output folder; required
 * @param modelName which model in it: "model" (default) or a snapshot, "snapshots/epoch-NNNNN"
 * @param input a folder of image files (searched recursively; every file is decoded or rejected) or
 *     an ingest job's output (a folder with manifest.json); required
 * @param dataset an ingest output's dataset to score; default every image in it
 * @param split an ingest output's split to score; default every split
 * @param output where the scores, decisions, heatmaps and provenance go; required
 * @param decode how a folder's images are decoded: channels and stored side; default those of the
 *     model's training images
 * @param threshold how the threshold is chosen
 * @param heatmaps which heatmap PNGs are written
 */
public record ScoreConfig(
    String model,
    String modelName,
    String input,
    String dataset,
    String split,
    String output,
    Decode decode,
    Threshold threshold,
    Heatmaps heatmaps)
    implements Serializable {
  public ScoreConfig {
    required(model, "model");
    modelName = orDefault(modelName, "model");
    required(input, "input");
    required(output, "output");
    decode = orDefault(decode, new Decode(null, null));
    threshold = orDefault(threshold, new Threshold(null, null, null));
    heatmaps = orDefault(heatmaps, new Heatmaps(null, null, null, null));
  }

  /**
   * Decoding of a folder's images.
   *
   * @param channels 1 or 3; default the training images'
   * @param size the stored square side (images are resized to it); default the training images'
   */
  public record Decode(Integer channels, Integer size) implements Serializable {
    public Decode {
      if (channels != null && channels != 1 && channels != 3) {
        throw new ConfigException("Cannot set decode.channels to " + channels + ", use 1 or 3");
      }
      if (size != null) {
        positive("decode.size", size);
      }
    }
  }

  /**
   * The threshold.
   *
   * @param method auto (default: balanced-F1-optimal when the validation images include labelled
   *     anomalies, else at the target FPR), fpr, f1 or balanced-f1 ({@link ThresholdChooser})
   * @param targetFpr the false-positive rate on nominal validation images; default 0.05
   * @param validation the validation images; default the model's test split
   */
  public record Threshold(ThresholdChooser.Method method, Double targetFpr, Validation validation)
      implements Serializable {
    public Threshold {
      method = orDefault(method, ThresholdChooser.Method.AUTO);
      targetFpr = orDefault(targetFpr, 0.05);
      if (!(targetFpr > 0 && targetFpr < 1)) {
        throw new ConfigException(
            "Cannot set threshold.targetFpr to " + targetFpr + ", it must be in (0, 1)");
      }
      validation = orDefault(validation, new Validation(null, null, null));
    }
  }

  /**
   * Validation images: an ingest output whose split holds nominal images of the model's class and,
   * optionally, labelled anomalies (other classes, or defects).
   *
   * @param input the ingest output; default the model's training data
   * @param dataset default the model's dataset
   * @param split default the model's test split
   */
  public record Validation(String input, String dataset, String split) implements Serializable {}

  /**
   * Heatmap PNGs (input beside its upsampled heatmap, normalised per image).
   *
   * @param which anomalous (default: the images decided anomalous), all or none
   * @param limit at most this many, the highest scores first; default 1000
   * @param sigma the upsampling Gaussian's std; default the model's (App. C)
   * @param eta the per-image quantile normalisation's η; default 0.85 (App. C)
   */
  public record Heatmaps(Which which, Integer limit, Double sigma, Double eta)
      implements Serializable {
    public Heatmaps {
      which = orDefault(which, Which.ANOMALOUS);
      limit = nonNegative("heatmaps.limit", orDefault(limit, 1000));
      if (sigma != null) {
        aboveZero("heatmaps.sigma", sigma);
      }
      eta = fraction("heatmaps.eta", orDefault(eta, 0.85));
    }

    /** Which scored images get a heatmap PNG. */
    public enum Which {
      /** The images decided anomalous. */
      @JsonProperty("anomalous")
      ANOMALOUS,
      @JsonProperty("all")
      ALL,
      @JsonProperty("none")
      NONE
    }

    /** The upsampling sigma: this config's, else the model's, else an error. */
    public double sigmaOr(Double trainSigma) {
      return io.fcddspark.evaluate.EvaluateConfig.upsamplingSigma(sigma, trainSigma);
    }
  }
}
