package io.fcddspark.pipeline;

import io.fcddspark.config.ConfigException;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Every config a pipeline run will use, loaded and checked before any work starts, so that a bad
 * value in a stage's config or overrides stops the run at once, naming the stage.
 *
 * @param config the pipeline's own config
 * @param ingest the dataset's ingest
 * @param outlierExposure the OE corpus's ingest, or null
 * @param runs one per class and seed, in the order they run
 */
public record PipelinePlan(
    PipelineConfig config, IngestConfig ingest, IngestConfig outlierExposure, List<Run> runs) {

  /** One class and seed: its folder and its train and evaluate configs. */
  public record Run(
      int nominalClass, long seed, String folder, TrainConfig train, EvaluateConfig evaluate) {}

  /**
   * Loads every stage's config of {@code config}.
   *
   * @throws ConfigException naming the stage (and class and seed) whose config is wrong
   */
  public static PipelinePlan of(PipelineConfig config) {
    String data = config.output() + "/ingest/data";
    String oe = config.output() + "/ingest/oe";
    IngestConfig ingest =
        ConfigException.in("pipeline stage ingest", () -> RunConfigs.ingest(config.ingest(), data));
    IngestConfig oeIngest =
        config.outlierExposure() == null
            ? null
            : ConfigException.in(
                "pipeline stage outlierExposure",
                () -> RunConfigs.ingest(config.outlierExposure(), oe));
    List<Run> runs = new ArrayList<>();
    for (int nominal : config.classes()) {
      for (long seed : config.seeds()) {
        String folder = config.runOf(nominal, seed);
        String stage = " (class " + nominal + ", seed " + seed + ")";
        String oeInput = config.outlierExposure() == null ? null : oe;
        TrainConfig train =
            ConfigException.in(
                "pipeline stage train" + stage,
                () ->
                    RunConfigs.train(
                        config.train(), folder, data, nominal, seed, oeInput, List.of()));
        EvaluateConfig evaluate =
            ConfigException.in(
                "pipeline stage evaluate" + stage,
                () -> RunConfigs.evaluate(config.evaluate(), folder, List.of()));
        runs.add(new Run(nominal, seed, folder, train, evaluate));
      }
    }
    return new PipelinePlan(config, ingest, oeIngest, List.copyOf(runs));
  }
}
