package io.fcddspark.evaluate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.provenance.RecordJson;
import java.util.List;
import java.util.Map;

/**
 * An evaluate run's {@code metrics.json}: its config, test data, times and every model's metrics.
 *
 * @param evaluate the evaluate config, as run
 * @param testData the test data's ingest identity
 * @param startedAt when it started (ISO-8601)
 * @param finishedAt when it finished (ISO-8601)
 * @param metrics every evaluated model's metrics
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationSummary(
    JsonNode evaluate,
    Map<String, String> testData,
    String startedAt,
    String finishedAt,
    List<EvaluateResult.Metric> metrics) {
  /** Its file's name in an evaluate output. */
  public static final String FILE = "metrics.json";

  public EvaluationSummary {
    metrics = List.copyOf(metrics == null ? List.of() : metrics);
  }

  /** Reads the file; one that is not one is an error naming {@code name}. */
  public static EvaluationSummary read(byte[] json, String name) {
    return RecordJson.read(json, EvaluationSummary.class, "the evaluation summary", name);
  }

  /** The summary as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
