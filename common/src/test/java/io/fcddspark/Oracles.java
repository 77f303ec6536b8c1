package io.fcddspark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The reference oracles (liznerski/fcdd @ 4fa8502 and scikit-learn 1.2.1 on fixed inputs), copied
 * from shared/oracles into test resources; see oracles/README.md there.
 */
public final class Oracles {
  private Oracles() {}

  /** Parses {@code oracles/<name>} from the test class path. */
  public static JsonNode load(String name) {
    try (InputStream in = Oracles.class.getResourceAsStream("/oracles/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing test resource oracles/" + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array of numbers as doubles. */
  public static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /** A JSON 2-D array of numbers, flattened row-major. */
  public static double[] flat2d(JsonNode rows) {
    int h = rows.size();
    int w = rows.get(0).size();
    double[] out = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = rows.get(y).get(x).asDouble();
      }
    }
    return out;
  }
}
