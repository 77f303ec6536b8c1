package io.fcddspark.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcddspark.provenance.RecordJson;

/** The files a score run writes beside its scores: the threshold it chose and its summary. */
public final class ScoreRecords {
  private ScoreRecords() {}

  /** The threshold file's name in a score output. */
  public static final String THRESHOLD_FILE = "threshold.json";

  /** The summary file's name in a score output. */
  public static final String SUMMARY_FILE = "score.json";

  /**
   * {@code threshold.json}: the threshold method asked for, the choice made and on what.
   *
   * @param requested the method asked for
   * @param choice the threshold chosen and why
   * @param validation the validation images it was chosen on
   */
  public record Threshold(String requested, ThresholdChooser.Choice choice, String validation) {
    /** As pretty-printed JSON. */
    public byte[] toJson() {
      return RecordJson.write(this);
    }
  }

  /**
   * The model a score run used.
   *
   * @param sha256 the model file's digest
   * @param fingerprint its training settings' fingerprint
   */
  public record Model(String sha256, String fingerprint) {}

  /**
   * {@code score.json}: the run's config, what it did, the code and the times.
   *
   * @param config the score config, as run
   * @param summary the line it printed
   * @param model the model used
   * @param threshold the threshold chosen
   * @param scored images scored
   * @param rejected input files rejected
   * @param anomalous images at or above the threshold
   * @param heatmaps heatmaps written
   * @param codeVersion the code that ran it
   * @param startedAt when it started (ISO-8601)
   * @param finishedAt when it finished (ISO-8601)
   * @param spark the application's driver and executors
   */
  public record Summary(
      JsonNode config,
      String summary,
      Model model,
      ThresholdChooser.Choice threshold,
      long scored,
      long rejected,
      long anomalous,
      int heatmaps,
      String codeVersion,
      String startedAt,
      String finishedAt,
      JsonNode spark) {
    /** As pretty-printed JSON. */
    public byte[] toJson() {
      return RecordJson.write(this);
    }
  }
}
