package io.fcddspark.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.Oracles;
import java.util.ArrayList;
import java.util.List;

/** The cases of oracles/auc.json (scikit-learn 1.2.1) with their data, for tests. */
public final class AucOracle {
  /** The oracle file. */
  public static final JsonNode ORACLE = Oracles.load("auc.json");

  private AucOracle() {}

  /** A case's scores and 0/1 labels. */
  public record Data(double[] scores, int[] labels) {}

  /** Every case's name. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    ORACLE.get("cases").forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  /** The case named {@code name}. */
  public static JsonNode caseNamed(String name) {
    for (JsonNode c : ORACLE.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The stored data, or the documented generating formula for the 10^6-point cases. */
  public static Data data(JsonNode c) {
    String name = c.get("name").asText();
    if (c.has("scores")) {
      double[] s = Oracles.doubles(c.get("scores"));
      int[] l = new int[s.length];
      for (int i = 0; i < l.length; i++) {
        l[i] = c.get("labels").get(i).asInt();
      }
      return new Data(s, l);
    }
    if (name.equals("all_equal_10k")) {
      Data base = data(caseNamed("heavy_ties_10k"));
      double[] s = new double[base.scores.length];
      java.util.Arrays.fill(s, 0.7);
      return new Data(s, base.labels);
    }
    int n = 1_000_000;
    double[] s = new double[n];
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      long h = (i * 2654435761L) % 1000003;
      l[i] = (i * 40503L) % 7 == 0 ? 1 : 0;
      s[i] =
          switch (name) {
            case "formula_1e6_random" -> h / 1000003.0;
            case "formula_1e6_signal" -> (double) (h + 250000L * l[i]);
            case "formula_1e6_ties" -> ((i * 2654435761L) % 1009 + 200 * l[i]) / 1009.0;
            default -> throw new IllegalArgumentException("No formula for " + name);
          };
    }
    return new Data(s, l);
  }
}
