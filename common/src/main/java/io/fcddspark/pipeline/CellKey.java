package io.fcddspark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.train.TrainConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep cell's identity: what decides its result, and nothing that only says where things are.
 *
 * <p>The key is the SHA-256 of its parts: the training settings without any path (the data are
 * named by their content hashes instead), the schedule (epochs and snapshots), the number of
 * training workers (parameter averaging over other workers is other training), the evaluation
 * settings without the model's and the output's paths, and the content hashes of the nominal data,
 * the OE corpus and the test data. A sweep run with another {@code output}, or on data ingested
 * elsewhere with the same content, therefore finds its finished cells; a record made under other
 * settings is not reused, and {@link #differences} says which parts differ.
 *
 * @param key the hex SHA-256 of {@code parts}
 * @param parts the named parts, in a fixed order
 */
public record CellKey(String key, Map<String, String> parts) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public CellKey {
    parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  /**
   * The key of a cell.
   *
   * @param train the cell's resolved training config
   * @param workers the training workers it runs with
   * @param evaluate the cell's resolved evaluate config
   * @param dataHash the content hash of the nominal data's ingest
   * @param outlierExposureHash the OE corpus's content hash, or null without OE
   * @param testDataHash the test data's content hash, or null when it is the training data's
   */
  public static CellKey of(
      TrainConfig train,
      int workers,
      EvaluateConfig evaluate,
      String dataHash,
      String outlierExposureHash,
      String testDataHash) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("training", digest(trainingSettings(train), 16));
    parts.put("schedule", train.epochs() + " epochs, snapshots " + train.snapshots());
    parts.put("workers", Integer.toString(workers));
    parts.put("evaluate", digest(evaluateSettings(evaluate), 16));
    parts.put("data", dataHash);
    parts.put("outlierExposure", outlierExposureHash == null ? "none" : outlierExposureHash);
    parts.put("testData", testDataHash == null ? "the training data" : testDataHash);
    return new CellKey(digest(JSON.valueToTree(parts), 32), parts);
  }

  /**
   * The names of the parts in which a recorded cell's {@code recordedParts} differ from this key's
   * (empty when they agree), or null when the record has no parts to compare.
   */
  public List<String> differences(Map<String, String> recordedParts) {
    if (recordedParts == null) {
      return null;
    }
    List<String> differ = new ArrayList<>();
    for (Map.Entry<String, String> e : parts.entrySet()) {
      if (!e.getValue().equals(recordedParts.get(e.getKey()))) {
        differ.add(e.getKey());
      }
    }
    return differ;
  }

  /**
   * Whether {@code a} and {@code b} train the same way but perhaps for their OE corpus: their
   * training settings agree once the corpus's dataset name is left out (the corpus itself is the
   * {@code outlierExposure} part, its content hash). Their {@code training} parts then differ only
   * because the two corpora are read under different names.
   */
  public static boolean sameTrainingButOutlierExposure(TrainConfig a, TrainConfig b) {
    return a != null
        && b != null
        && withoutCorpusName(trainingSettings(a)).equals(withoutCorpusName(trainingSettings(b)));
  }

  private static JsonNode withoutCorpusName(JsonNode settings) {
    if (settings.get("outlierExposure") instanceof ObjectNode oe) {
      oe.remove("dataset");
    }
    return settings;
  }

  /** The training config without its locations and without what {@code schedule} holds. */
  private static JsonNode trainingSettings(TrainConfig train) {
    ObjectNode tree = train.trainingSettings();
    ((ObjectNode) tree.get("data")).remove("input");
    if (tree.get("outlierExposure") instanceof ObjectNode oe) {
      oe.remove("input");
    }
    return tree;
  }

  /** The evaluate config without the model's and the output's locations, or the test data's. */
  private static JsonNode evaluateSettings(EvaluateConfig evaluate) {
    ObjectNode tree = JSON.valueToTree(evaluate);
    tree.remove(List.of("model", "output", "data"));
    return tree;
  }

  private static String digest(JsonNode value, int bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(value));
      return HexFormat.of().formatHex(d, 0, bytes);
    } catch (java.io.IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash a cell's settings", e);
    }
  }
}
