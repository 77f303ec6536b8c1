package io.fcddspark.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fcddspark.config.ConfigException;
import java.io.IOException;

/** The one JSON mapping of the typed records a run writes beside its outputs. */
public final class RecordJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private RecordJson() {}

  /**
   * Reads {@code json} as a {@code type}; a file that is not one is an error naming {@code what}
   * and {@code name}, e.g. "the cell record", "docs/.../class-00-seed-0.json".
   */
  public static <T> T read(byte[] json, Class<T> type, String what, String name) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      String why =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e);
      throw new ConfigException("Cannot read " + what + " " + name + ": " + why, e);
    }
  }

  /** {@code value} as pretty-printed JSON. */
  public static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** {@code value} as compact JSON text ("null" for null). */
  public static String compact(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * {@code value} as the JSON tree a record holds (a config, Spark's run facts), through text, so
   * that its number nodes are those a file read back gives.
   */
  public static JsonNode tree(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** {@code tree} as a {@code type}, or null when it is null or is not one. */
  public static <T> T convert(JsonNode tree, Class<T> type) {
    try {
      return tree == null ? null : JSON.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }
}
