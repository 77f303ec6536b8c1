package io.fcddspark.evaluate;

import java.util.List;

/**
 * What an evaluate run produced.
 *
 * @param output the evaluation folder
 * @param metrics one row per (model, metric)
 * @param reused models whose metrics were already there for the same model file and settings
 */
public record EvaluateResult(String output, List<Metric> metrics, List<String> reused) {
  /** The sample-wise ROC-AUC. */
  public static final String SAMPLE_AUC = "sample_auc";

  /** The prefix of the sample ROC-AUC against one anomalous class alone. */
  public static final String ANOMALY_CLASS_AUC = "sample_auc_vs_class_";

  /** The name of a train run's final model (snapshots are {@code snapshots/epoch-NNNNN}). */
  public static final String FINAL_MODEL = "model";

  /**
   * One number of the metrics table.
   *
   * @param dataset the dataset
   * @param nominalClass the nominal class
   * @param seed the training seed
   * @param model the model's name in the train output ("model", "snapshots/epoch-00010")
   * @param epoch epochs the model was trained
   * @param metric sample_auc, sample_ap, sample_auc_vs_class_<k> (one anomalous class alone),
   *     pixel_auc, pixel_ap or aupro
   * @param value the value
   * @param exact the AUC as an exact fraction "numerator/denominator", else null
   * @param positives anomalous items (images or pixels)
   * @param negatives nominal items (images or background pixels)
   */
  public record Metric(
      String dataset,
      int nominalClass,
      long seed,
      String model,
      int epoch,
      String metric,
      double value,
      String exact,
      long positives,
      long negatives) {}

  /** The value of {@code metric} for {@code model}. */
  public double value(String model, String metric) {
    return metrics.stream()
        .filter(m -> m.model().equals(model) && m.metric().equals(metric))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No " + metric + " for " + model))
        .value();
  }
}
