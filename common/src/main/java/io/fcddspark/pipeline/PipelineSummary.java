package io.fcddspark.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.provenance.Resources;
import java.util.List;

/**
 * A pipeline run's {@code pipeline.json}: its config, its stages' times, the driver's resources and
 * where the report is.
 *
 * @param config the pipeline config, as run
 * @param times each stage's wall time
 * @param resources the driver's resource use
 * @param report the report's path
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineSummary(
    JsonNode config, List<StageTime> times, Resources resources, String report) {
  /** Its file's name in a pipeline output. */
  public static final String FILE = "pipeline.json";

  public PipelineSummary {
    times = List.copyOf(times == null ? List.of() : times);
  }

  /** Reads the file; one that is not one is an error naming {@code name}. */
  public static PipelineSummary read(byte[] json, String name) {
    return RecordJson.read(json, PipelineSummary.class, "the pipeline summary", name);
  }

  /** The summary as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }
}
