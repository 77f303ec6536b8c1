package io.fcddspark.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.config.ConfigException;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.train.TrainConfig;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sweep cell's record ({@code cell.json} in its folder, and its copy in the sweep's records
 * folder): the cell, its {@link CellKey}, what it gave or why it failed, and the configs it ran.
 *
 * @param dataset the dataset's name in the sweep
 * @param variation the variation's name
 * @param nominalClass the nominal class
 * @param seed the training seed
 * @param key the cell's key ({@link CellKey#key})
 * @param keyParts the key's named parts ({@link CellKey#parts}); null in records made before them
 * @param metric the metric the sweep tabulates
 * @param evaluatedAgainSeconds the evaluation's time when only the evaluation ran again, else null
 * @param status whether the cell finished or failed
 * @param value the metric's value of the final model, when done
 * @param epochs epochs trained, when done
 * @param seconds training and evaluation time
 * @param metrics every metric of every evaluated model, when done
 * @param history the metric by epoch of the evaluated snapshots and final model, when done
 * @param error why it failed, when failed
 * @param train the resolved training config, as run
 * @param evaluate the resolved evaluate config, as run
 * @param codeVersion the code that ran it
 * @param finishedAt when it finished (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "dataset",
  "variation",
  "nominalClass",
  "seed",
  "key",
  "keyParts",
  "metric",
  "evaluatedAgainSeconds",
  "status",
  "value",
  "epochs",
  "seconds",
  "metrics",
  "history",
  "error",
  "train",
  "evaluate",
  "codeVersion",
  "finishedAt"
})
public record CellRecord(
    String dataset,
    String variation,
    int nominalClass,
    long seed,
    String key,
    Map<String, String> keyParts,
    String metric,
    Double evaluatedAgainSeconds,
    Status status,
    Double value,
    Integer epochs,
    Double seconds,
    List<EvaluateResult.Metric> metrics,
    SortedMap<Integer, Double> history,
    String error,
    JsonNode train,
    JsonNode evaluate,
    String codeVersion,
    String finishedAt) {
  /** Whether a cell finished. */
  public enum Status {
    @JsonProperty("done")
    DONE,
    @JsonProperty("failed")
    FAILED
  }

  /** Reads a record; a file that is not one is an error naming {@code name}. */
  public static CellRecord read(byte[] json, String name) {
    CellRecord r = RecordJson.read(json, CellRecord.class, "the cell record", name);
    if (r.dataset() == null || r.variation() == null || r.status() == null) {
      throw new ConfigException(
          "Cannot read the cell record " + name + ": it names no dataset, variation or status");
    }
    return r;
  }

  /** The record as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }

  /** The cell it records. */
  @JsonIgnore
  public SweepCell cell() {
    return new SweepCell(dataset, variation, nominalClass, seed);
  }

  /** Whether the cell finished. */
  @JsonIgnore
  public boolean done() {
    return status == Status.DONE;
  }

  /** Whether the cell finished under {@code key}. */
  public boolean doneUnder(CellKey key) {
    return done() && key.key().equals(this.key);
  }

  /**
   * The parts of {@code key} this record differs in (empty when none), or null when it names no key
   * parts.
   */
  public List<String> differencesFrom(CellKey key) {
    return keyParts == null ? null : key.differences(keyParts);
  }

  /** The training config it ran with, or null when it cannot be read back as one. */
  public TrainConfig trainConfig() {
    return RecordJson.convert(train, TrainConfig.class);
  }

  /**
   * What the cell gave, for the results: when done, {@code metric} by epoch of every evaluated
   * model and the final model's {@code metric} against each anomalous class alone.
   */
  public SweepTable.Outcome outcome() {
    double time = seconds == null ? 0 : seconds;
    if (!done()) {
      return new SweepTable.Outcome(cell(), false, Double.NaN, 0, time, error);
    }
    List<EvaluateResult.Metric> rows = metrics == null ? List.of() : metrics;
    SortedMap<Integer, Double> byClass = new TreeMap<>();
    // Only the sample AUC has a breakdown by anomalous class.
    if (EvaluateResult.SAMPLE_AUC.equals(metric)) {
      String perClass = EvaluateResult.ANOMALY_CLASS_AUC;
      for (EvaluateResult.Metric m : rows) {
        if (m.metric().startsWith(perClass) && m.model().equals(EvaluateResult.FINAL_MODEL)) {
          byClass.put(Integer.parseInt(m.metric().substring(perClass.length())), m.value());
        }
      }
    }
    return new SweepTable.Outcome(
        cell(),
        true,
        value == null ? Double.NaN : value,
        epochs == null ? 0 : epochs,
        time,
        null,
        history(metric, rows),
        byClass);
  }

  /** {@code metric} by epoch of every evaluated model (the snapshots and the final one). */
  public static SortedMap<Integer, Double> history(
      String metric, List<EvaluateResult.Metric> metrics) {
    SortedMap<Integer, Double> byEpoch = new TreeMap<>();
    for (EvaluateResult.Metric m : metrics) {
      if (m.metric().equals(metric)) {
        byEpoch.put(m.epoch(), m.value());
      }
    }
    return byEpoch;
  }
}
