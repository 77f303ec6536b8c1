package io.fcddspark.evaluate;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;
import static io.fcddspark.config.Validators.aboveZero;
import static io.fcddspark.config.Validators.fraction;
import static io.fcddspark.config.Validators.nonNegative;
import static io.fcddspark.config.Validators.positive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fcddspark.config.ConfigException;
import io.fcddspark.config.OmittedDefault;
import java.io.Serializable;
import java.util.List;

/**
 * The evaluate job's config (YAML, {@code conf/evaluate/}; keys in docs/evaluate.md). The training
 * config comes from the model folder's {@code provenance.json}, so a model is evaluated with
 * exactly the data selection and pre-processing it was trained with.
 *
 * @param model the train job's output folder; required
 * @param models which models in it: "model" (the final one, default), "snapshots/epoch-NNNNN", or
 *     "snapshots" for every snapshot (the test-AUC history)
 * @param output where the metrics, curves, scores and figures go; default {@code
 *     <model>/evaluation}
 * @param data the ingest output holding the test split; default the training config's data.input
 * @param curveSteps ROC curve points kept for plotting (at most this + 2); default 200
 * @param auproLimit the FPR limit of AUPRO; default 0.3 (MVTec-AD's)
 * @param heatmaps the heatmap figures
 * @param anomalyClasses whether to add the sample AUC of the nominal images against each anomalous
 *     class alone (metrics {@code sample_auc_vs_class_<k>}) where the anomalies come from two
 *     classes or more (one-vs-rest benchmarks); default true
 */
public record EvaluateConfig(
    String model,
    List<String> models,
    String output,
    String data,
    Integer curveSteps,
    Double auproLimit,
    Heatmaps heatmaps,
    Boolean anomalyClasses)
    implements Serializable {
  public EvaluateConfig {
    required(model, "model");
    models = List.copyOf(orDefault(models, List.of("model")));
    if (models.isEmpty()) {
      throw new ConfigException("Cannot set models to [], name at least one model");
    }
    output = orDefault(output, model + "/evaluation");
    curveSteps = positive("curveSteps", orDefault(curveSteps, 200));
    auproLimit = fraction("auproLimit", orDefault(auproLimit, 0.3));
    heatmaps = orDefault(heatmaps, new Heatmaps(null, null, null, null, null, null, null));
    anomalyClasses = orDefault(anomalyClasses, true);
  }

  /**
   * Heatmap figures (paper App. C).
   *
   * @param count nominal and as many anomalous test images per figure, chosen by seed; 0 = no
   *     figures; default 8
   * @param eta the quantile of the contrast normalisation; default 0.97 (paper: 0.85 for
   *     Fashion-MNIST and CIFAR-10, 0.97 ImageNet and MVTec-AD, 0.99 VOC)
   * @param normalisation "balanced" (one normalisation over a balanced set of test images, default)
   *     or "image" (each heatmap against itself: relative anomalies)
   * @param sigma the upsampling Gaussian's std; default the training config's upsamplingSigma
   *     (paper: 1.2 Fashion-MNIST and CIFAR-10, 8 ImageNet and VOC, 12 MVTec-AD)
   * @param seed which images are shown and fitted on; default 0
   * @param balancedImages at most this many nominal and as many anomalous test images fit the
   *     balanced normalisation; default 500
   * @param selection seeded (default) or most-anomalous: per label the images scored highest
   */
  public record Heatmaps(
      Integer count,
      Double eta,
      Normalisation normalisation,
      Double sigma,
      Long seed,
      Integer balancedImages,
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Selection.Seeded.class)
          Selection selection)
      implements Serializable {
    public Heatmaps {
      count = nonNegative("heatmaps.count", orDefault(count, 8));
      eta = fraction("heatmaps.eta", orDefault(eta, 0.97));
      normalisation = orDefault(normalisation, Normalisation.BALANCED);
      if (sigma != null) {
        aboveZero("heatmaps.sigma", sigma);
      }
      seed = orDefault(seed, 0L);
      balancedImages = positive("heatmaps.balancedImages", orDefault(balancedImages, 500));
      selection = orDefault(selection, Selection.SEEDED);
    }

    /** Which test images the figure shows, per label. */
    public enum Selection {
      /** {@code count} drawn by the seed (the paper's Fig. 4). */
      @JsonProperty("seeded")
      SEEDED,
      /**
       * The {@code count} scored most anomalous (the paper's Fig. 7: the horses the Clever Hans
       * model finds most anomalous, watermarks and all).
       */
      @JsonProperty("most-anomalous")
      MOST_ANOMALOUS;

      /** Leaves the default out of written configs. */
      static final class Seeded extends OmittedDefault {
        Seeded() {
          super(SEEDED);
        }
      }
    }

    /** Which heatmaps share one contrast normalisation. */
    public enum Normalisation {
      /** One normalisation over a balanced set of test images. */
      @JsonProperty("balanced")
      BALANCED,
      /** Each heatmap against itself: relative anomalies. */
      @JsonProperty("image")
      IMAGE
    }

    /** The upsampling sigma: this config's, else the training config's, else an error. */
    public double sigmaOr(Double trainSigma) {
      return upsamplingSigma(sigma, trainSigma);
    }
  }

  /** The upsampling sigma: {@code configured}, else {@code trained}, else an error. */
  public static double upsamplingSigma(Double configured, Double trained) {
    if (configured != null) {
      return configured;
    }
    if (trained != null) {
      return trained;
    }
    throw new ConfigException(
        "Set heatmaps.sigma: the model was trained without upsamplingSigma (paper App. C: 1.2 for"
            + " Fashion-MNIST and CIFAR-10, 8 for ImageNet and VOC, 12 for MVTec-AD)");
  }
}
