package io.fcddspark.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.Hardware;
import io.fcddspark.provenance.RecordJson;
import java.util.List;
import java.util.Map;

/**
 * A train run's {@code provenance.json} in its output folder: the config as run, its seed and
 * fingerprint, the input ingests' identities, the code, the times, the final model's metadata and
 * where it ran.
 *
 * @param config the resolved training config, as run
 * @param seed the run's seed
 * @param fingerprint the training settings' fingerprint ({@link TrainConfig#trainingFingerprint})
 * @param inputs the ingests it read
 * @param codeVersion the code that ran
 * @param startedAt when this run started (ISO-8601)
 * @param finishedAt when it finished (ISO-8601)
 * @param resumedFromEpoch the checkpoint's epoch it resumed from, 0 for a fresh run
 * @param model the final model's metadata
 * @param imagesPerSecond training throughput of this run
 * @param run where it ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainProvenance(
    JsonNode config,
    long seed,
    String fingerprint,
    Inputs inputs,
    CodeVersion codeVersion,
    String startedAt,
    String finishedAt,
    int resumedFromEpoch,
    ModelMetadata model,
    double imagesPerSecond,
    Run run) {
  /** Its file's name in a train output. */
  public static final String FILE = "provenance.json";

  /**
   * The ingests a run read, each as its manifest identifies it (input, content hash, rows).
   *
   * @param nominal the nominal data's
   * @param outlierExposure the OE corpus's, or null without one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Inputs(Map<String, String> nominal, Map<String, String> outlierExposure) {}

  /**
   * Where a run ran.
   *
   * @param sparkMaster Spark's master URL
   * @param sparkVersion Spark's version
   * @param spark the application's driver and executors (processes, hosts, failed tasks)
   * @param partitions the training workers
   * @param nd4jBackend the driver's ND4J backend
   * @param nd4jCudaSkipped why the CUDA backend was skipped for the CPU, or null
   * @param driver the driver's hardware
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Run(
      String sparkMaster,
      String sparkVersion,
      JsonNode spark,
      int partitions,
      String nd4jBackend,
      String nd4jCudaSkipped,
      Hardware driver) {}

  /** Reads a provenance file; one that is not one is an error naming {@code name}. */
  public static TrainProvenance read(byte[] json, String name) {
    TrainProvenance p =
        RecordJson.read(json, TrainProvenance.class, "the training provenance", name);
    if (p.config() == null || !p.config().isObject()) {
      throw new ConfigException(
          "No training provenance in " + name + ": it holds no training config");
    }
    return p;
  }

  /** The provenance as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }

  /** The training config it records, validated as a config file is; {@code name} is its file. */
  public TrainConfig trainConfig(String name) {
    return ConfigLoader.parse(config.toString(), name + " (config)", List.of(), TrainConfig.class);
  }
}
