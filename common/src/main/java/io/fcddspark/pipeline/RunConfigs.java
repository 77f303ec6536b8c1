package io.fcddspark.pipeline;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configs of a pipeline's or a sweep's stages: an ingest writing where the run reads, and the
 * train and evaluate configs of one trained-and-evaluated run (the stage's config file and
 * overrides, then the run's own settings, then any more overrides).
 */
public final class RunConfigs {
  private RunConfigs() {}

  /** {@code stage}'s ingest config writing to {@code output}, loaded and checked. */
  public static IngestConfig ingest(PipelineConfig.Stage stage, String output) {
    return ConfigLoader.load(
        Path.of(stage.config()),
        with(stage.set(), List.of("output=" + output)),
        IngestConfig.class);
  }

  /**
   * The train config of a run into {@code folder} on the ingest {@code data}, class {@code
   * nominalClass} and {@code seed}, with the OE corpus {@code outlierExposure}, then {@code more}.
   *
   * @param outlierExposure the OE ingest to read, or null to keep the stage's setting
   */
  public static TrainConfig train(
      PipelineConfig.Stage stage,
      String folder,
      String data,
      int nominalClass,
      long seed,
      String outlierExposure,
      List<String> more) {
    List<String> set =
        with(
            stage.set(),
            List.of(
                "output=" + folder,
                "data.input=" + data,
                "data.nominalClass=" + nominalClass,
                "seed=" + seed));
    if (outlierExposure != null) {
      set = with(set, List.of("outlierExposure.input=" + outlierExposure));
    }
    return ConfigLoader.load(Path.of(stage.config()), with(set, more), TrainConfig.class);
  }

  /** The evaluate config of the model trained into {@code folder}, then {@code more}. */
  public static EvaluateConfig evaluate(
      PipelineConfig.Stage stage, String folder, List<String> more) {
    return ConfigLoader.load(
        Path.of(stage.config()),
        with(with(stage.set(), List.of("model=" + folder)), more),
        EvaluateConfig.class);
  }

  /** {@code base} followed by {@code more}. */
  public static List<String> with(List<String> base, List<String> more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(more);
    return out;
  }
}
