package io.fcddspark.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runs of an interleaved benchmark as its script records them (bench/idle.sh): one line per
 * run, {@code SIDE LOAD JSON}, the side's name, the 1-minute load average before the run and the
 * run's {@code RESULT} object.
 */
final class InterleavedRuns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, List<JsonNode>> bySide = new LinkedHashMap<>();
  private double maxLoad;

  private InterleavedRuns() {}

  /** Prints one run's result as the scripts expect it: one line, {@code RESULT JSON}. */
  static void printResult(Object run) throws JsonProcessingException {
    System.out.println("RESULT " + JSON.writeValueAsString(run));
  }

  static InterleavedRuns read(Path results) throws IOException {
    InterleavedRuns runs = new InterleavedRuns();
    int lineNumber = 0;
    for (String line : Files.readAllLines(results)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.strip().split("\\s+", 3);
      if (f.length < 3) {
        throw new IllegalArgumentException(
            results + " line " + lineNumber + ": expected SIDE LOAD JSON, got: " + line);
      }
      runs.bySide.computeIfAbsent(f[0], k -> new ArrayList<>()).add(JSON.readTree(f[2]));
      runs.maxLoad = Math.max(runs.maxLoad, Double.parseDouble(f[1]));
    }
    if (runs.bySide.isEmpty()) {
      throw new IllegalArgumentException(results + " holds no runs");
    }
    return runs;
  }

  /** The runs of {@code side}, in the order they ran. */
  List<JsonNode> of(String side) {
    List<JsonNode> runs = bySide.get(side);
    if (runs == null) {
      throw new IllegalArgumentException(
          "no runs of " + side + " (sides: " + bySide.keySet() + ")");
    }
    return runs;
  }

  /** {@code field} of every run of {@code side}. */
  Spread spread(String side, String field) {
    return Spread.of(
        of(side),
        run -> {
          JsonNode v = run.get(field);
          if (v == null || !v.isNumber()) {
            throw new UncheckedIOException(
                new IOException("a run of " + side + " has no number " + field + ": " + run));
          }
          return v.asDouble();
        });
  }

  /** The most runs of any side: the number of interleaved rounds. */
  int rounds() {
    return bySide.values().stream().mapToInt(List::size).max().orElse(0);
  }

  double maxLoad() {
    return maxLoad;
  }

  /**
   * The sentence for a page on how idle the machine was: bench/idle.sh's threshold and the most.
   */
  String idleSentence() {
    String below = System.getenv().getOrDefault("IDLE_BELOW", "1");
    return String.format(
        Locale.ROOT,
        "The script waits for the 1-minute load average to fall below %s before each run; it was at"
            + " most %.2f.",
        below,
        maxLoad);
  }
}
