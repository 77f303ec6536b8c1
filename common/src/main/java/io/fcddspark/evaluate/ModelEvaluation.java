package io.fcddspark.evaluate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.RecordJson;
import java.util.List;
import java.util.Map;

/**
 * One model's evaluation ({@code evaluation/<model>/metrics.json}): what was evaluated, on which
 * data, with which code, and its metrics.
 *
 * @param provenance what was evaluated and how
 * @param metrics one row per metric
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelEvaluation(Provenance provenance, List<EvaluateResult.Metric> metrics) {
  /**
   * How metrics are computed, raised when a change gives other numbers for the same model and
   * settings, so that an evaluation written before is not reused. 2: pixel metrics counted at the
   * stored mask's size, the heatmap brought there by nearest pixel, as the reference counts them.
   */
  public static final int METHOD = 2;

  /** Its file's name in a model's evaluation folder. */
  public static final String FILE = "metrics.json";

  public ModelEvaluation {
    metrics = List.copyOf(metrics == null ? List.of() : metrics);
  }

  /**
   * The model a metrics file is of.
   *
   * @param path the train output
   * @param name the model's name in it ("model", "snapshots/epoch-00010")
   * @param sha256 the model file's digest
   * @param fingerprint its training settings' fingerprint
   * @param epochs the epochs it was trained
   */
  public record Model(String path, String name, String sha256, String fingerprint, int epochs) {}

  /**
   * What was evaluated and how; the first three decide whether a file's metrics are reused.
   *
   * @param evaluate the evaluate config, as run
   * @param method how the metrics are computed ({@link #METHOD}); absent in files written before
   *     pixel metrics were counted at the stored mask's size
   * @param model the model
   * @param testData the test data's ingest identity
   * @param trainConfig the model's training config
   * @param codeVersion the code that evaluated it
   * @param sparkMaster Spark's master URL
   * @param startedAt when the evaluation started (ISO-8601)
   * @param spark the application's driver and executors
   * @param finishedAt when it finished (ISO-8601)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Provenance(
      JsonNode evaluate,
      Integer method,
      Model model,
      Map<String, String> testData,
      JsonNode trainConfig,
      CodeVersion codeVersion,
      String sparkMaster,
      String startedAt,
      JsonNode spark,
      String finishedAt) {
    /** Whether metrics under this provenance hold for {@code other}'s model, data and settings. */
    public boolean sameEvaluation(Provenance other) {
      return evaluate.equals(other.evaluate())
          && java.util.Objects.equals(method, other.method())
          && model.equals(other.model())
          && testData.equals(other.testData());
    }
  }

  /** Reads the file; one that is not one is an error naming {@code name}. */
  public static ModelEvaluation read(byte[] json, String name) {
    return RecordJson.read(json, ModelEvaluation.class, "the evaluation", name);
  }

  /** The evaluation as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
