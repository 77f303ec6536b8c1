package io.fcddspark.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.provenance.CodeVersion;
import io.fcddspark.provenance.RecordJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ingest output's {@code manifest.json}, written when the ingest finishes (an output without one
 * is unfinished): the code and plan that made it, its config, its inputs and its result.
 *
 * @param createdAt when it finished (ISO-8601)
 * @param codeVersion the code that made it
 * @param planHash the hash of the planned units (a rerun of the same plan is skipped)
 * @param config the plan as run
 * @param inputs every input file and its size
 * @param result the counts and the content hash
 * @param spark the application's driver and executors
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IngestManifest(
    String createdAt,
    CodeVersion codeVersion,
    String planHash,
    Config config,
    List<Input> inputs,
    IngestResult result,
    JsonNode spark) {
  /** Its file's name in an ingest output. */
  public static final String FILE = "manifest.json";

  public IngestManifest {
    inputs = List.copyOf(inputs == null ? List.of() : inputs);
  }

  /**
   * The plan as run.
   *
   * @param output the output folder
   * @param targetShardBytes the shards' target size
   * @param units the planned units
   * @param file the ingest config file's settings (its sources list the class names)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Config(String output, long targetShardBytes, int units, JsonNode file) {}

  /**
   * One input file.
   *
   * @param uri where it is
   * @param bytes its size, or null for a missing input (in the rejects with its reason)
   */
  public record Input(String uri, Long bytes) {}

  /** Reads the file; one that is not one is an error naming {@code name}. */
  public static IngestManifest read(byte[] json, String name) {
    return RecordJson.read(json, IngestManifest.class, "the ingest manifest", name);
  }

  /** The manifest as pretty-printed JSON. */
  public byte[] toJson() {
    return RecordJson.write(this);
  }

  /**
   * The output's identity for provenance: where it was read ({@code input}), its content hash, plan
   * hash and code version.
   */
  public Map<String, String> identity(String input) {
    Map<String, String> id = new LinkedHashMap<>();
    id.put("input", input);
    id.put("contentHash", result == null ? "" : result.contentHash());
    id.put("planHash", planHash == null ? "" : planHash);
    id.put("codeVersion", RecordJson.compact(codeVersion));
    return id;
  }

  /** The class names its config's first source lists, in index order; empty where none does. */
  public List<String> classNames() {
    if (config == null || config.file() == null) {
      return List.of();
    }
    for (JsonNode source : config.file().path("sources")) {
      JsonNode classes = source.path("classes");
      if (classes.isArray()) {
        List<String> names = new java.util.ArrayList<>();
        classes.forEach(c -> names.add(c.asText()));
        return names;
      }
    }
    return List.of();
  }
}
