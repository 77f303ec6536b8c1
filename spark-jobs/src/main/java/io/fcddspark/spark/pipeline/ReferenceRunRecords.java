package io.fcddspark.spark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.pipeline.ReferenceRun;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.spark.HadoopFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a sweep's {@link SweepConfig#referenceRuns} folder: the reference implementation's run
 * records that {@code bench/reference-fcdd.sh} writes, one JSON per class and seed. A run is kept
 * only when it trained one of the sweep's classes of one of its datasets on the very OE images the
 * sweep trains on (the ingest manifests' content hashes agree); every other record is named with
 * its reason and left out. A record that cannot be read is an error naming it.
 */
final class ReferenceRunRecords {
  private final Configuration hadoop;
  private final Consumer<String> progress;
  private final Function<String, String> contentHashOf;

  /**
   * @param contentHashOf an ingest output's content hash, from its manifest
   */
  ReferenceRunRecords(
      Configuration hadoop, Consumer<String> progress, Function<String, String> contentHashOf) {
    this.hadoop = hadoop;
    this.progress = progress;
    this.contentHashOf = contentHashOf;
  }

  /** The usable runs of {@code config}'s folder (none without one); skips failed datasets. */
  List<ReferenceRun> read(SweepConfig config, Map<String, String> ingestFailures) {
    List<ReferenceRun> out = new ArrayList<>();
    if (config.referenceRuns() == null) {
      return out;
    }
    Path dir = new Path(config.referenceRuns());
    List<Path> files = jsonFiles(dir);
    for (Path file : files) {
      String name = config.referenceRuns() + "/" + file.getName();
      JsonNode r = HadoopFiles.readIfExists(hadoop, file);
      String why = notUsedBecause(r, config, ingestFailures);
      if (why != null) {
        progress.accept("sweep: the reference run " + name + " is not used: " + why);
        continue;
      }
      out.add(
          new ReferenceRun(
              r.get("dataset").asText(),
              r.get("class").asInt(),
              r.path("seed").asInt(-1),
              r.path("epochs").asInt(0),
              r.path("auc").asDouble(Double.NaN),
              r.path("reference_commit").asText("unknown"),
              name));
    }
    progress.accept(
        "sweep: "
            + out.size()
            + " of "
            + files.size()
            + " reference runs used from "
            + config.referenceRuns());
    return out;
  }

  private String notUsedBecause(
      JsonNode r, SweepConfig config, Map<String, String> ingestFailures) {
    if (r == null || !r.hasNonNull("dataset") || !r.hasNonNull("class")) {
      return "it names no dataset and class";
    }
    if (!r.get("class").canConvertToExactIntegral()) {
      return "its class " + r.get("class") + " is not a class number";
    }
    int nominalClass = r.get("class").asInt();
    String dataset = r.get("dataset").asText();
    SweepConfig.Dataset d =
        config.datasets().stream().filter(x -> x.name().equals(dataset)).findFirst().orElse(null);
    if (d == null) {
      return "its dataset " + dataset + " is not in this sweep";
    }
    if (ingestFailures.containsKey(dataset)) {
      return "this sweep's " + dataset + " failed to ingest";
    }
    if (!d.classes().contains(nominalClass)) {
      return "its class " + nominalClass + " is not among this sweep's " + d.classes();
    }
    String oe = config.outlierExposureOf(d);
    if (oe == null) {
      return "this sweep's " + dataset + " has no OE corpus";
    }
    String ours = contentHashOf.apply(oe);
    String theirs = r.path("oe_content_hash").asText("");
    if (!ours.equals(theirs)) {
      return "it trained on other OE images (content hash "
          + (theirs.isEmpty() ? "none" : theirs)
          + ", this sweep's "
          + ours
          + ")";
    }
    return null;
  }

  private List<Path> jsonFiles(Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      if (!fs.exists(dir)) {
        progress.accept("sweep: no reference runs in " + dir + " yet");
        return List.of();
      }
      return Arrays.stream(fs.listStatus(dir, p -> p.getName().endsWith(".json")))
          .map(FileStatus::getPath)
          .sorted(Comparator.comparing(Path::getName))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the reference runs " + dir, e);
    }
  }
}
