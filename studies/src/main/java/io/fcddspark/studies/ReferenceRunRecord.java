package io.fcddspark.studies;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.pipeline.CellRecord;
import io.fcddspark.pipeline.SweepConfig;
import io.fcddspark.provenance.RecordJson;
import java.util.List;
import java.util.Objects;

/**
 * One record of {@code bench/reference-fcdd.sh}: a run of the authors' implementation on one class.
 *
 * @param dataset the dataset it names
 * @param nominalClass the class trained as nominal, as written (checked to be a class number)
 * @param seed the driver's seed, or null
 * @param epochs the epochs it trained, or null
 * @param auc its sample-wise test ROC-AUC, or null
 * @param oeContentHash the content hash of the ingest its OE images were exported from, or null
 * @param referenceCommit the reference checkout's commit, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ReferenceRunRecord(
    String dataset,
    @JsonProperty("class") JsonNode nominalClass,
    Integer seed,
    Integer epochs,
    Double auc,
    @JsonProperty("oe_content_hash") String oeContentHash,
    @JsonProperty("reference_commit") String referenceCommit) {
  /** Reads {@code file}; one that is not such a record is an error naming {@code name}. */
  static ReferenceRunRecord read(byte[] json, String name) {
    return RecordJson.read(json, ReferenceRunRecord.class, "the reference run", name);
  }

  /**
   * Why the run does not belong beside {@code sweep}'s {@code cells}, or null when it does: it must
   * name one of the sweep's datasets and classes, and have trained on the OE images the cells
   * trained on.
   */
  String notUsedBecause(SweepConfig sweep, List<CellRecord> cells) {
    if (dataset == null || nominalClass == null || nominalClass.isNull()) {
      return "it names no dataset and class";
    }
    if (!nominalClass.canConvertToExactIntegral()) {
      return "its class " + nominalClass + " is not a class number";
    }
    int c = nominalClass.asInt();
    SweepConfig.Dataset d =
        sweep.datasets().stream().filter(x -> x.name().equals(dataset)).findFirst().orElse(null);
    if (d == null) {
      return "its dataset " + dataset + " is not in this sweep";
    }
    if (!d.classes().contains(c)) {
      return "its class " + c + " is not among this sweep's " + d.classes();
    }
    if (sweep.outlierExposureOf(d) == null) {
      return "this sweep's " + dataset + " has no OE corpus";
    }
    String primary = sweep.variations().get(0).name();
    String ours =
        cells.stream()
            .filter(r -> r.dataset().equals(dataset) && r.variation().equals(primary))
            .map(r -> r.keyParts() == null ? null : r.keyParts().get("outlierExposure"))
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    if (ours == null) {
      return "no record of this sweep's " + dataset + " names its OE corpus's content hash";
    }
    String theirs = Objects.requireNonNullElse(oeContentHash, "");
    if (!ours.equals(theirs)) {
      return "it trained on other OE images (content hash "
          + (theirs.isEmpty() ? "none" : theirs)
          + ", this sweep's "
          + ours
          + ")";
    }
    return null;
  }

  /** The run, read from {@code name}. */
  ReferenceRun run(String name) {
    return new ReferenceRun(
        dataset,
        nominalClass.asInt(),
        seed == null ? -1 : seed,
        epochs == null ? 0 : epochs,
        auc == null ? Double.NaN : auc,
        Objects.requireNonNullElse(referenceCommit, "unknown"),
        name);
  }
}
