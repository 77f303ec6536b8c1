package io.fcddspark.pipeline;

import io.fcddspark.config.ConfigException;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.ingest.plan.IngestConfig;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.train.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every config a sweep will use, loaded and checked before any work starts, so that a bad value in
 * any cell or dataset stops the sweep at once, naming it.
 *
 * @param config the sweep's own config
 * @param ingests each dataset's ingest, by dataset name (none where the dataset has no ingest)
 * @param outlierExposure each dataset's OE corpus's ingest, by dataset name (none where it has
 *     none)
 * @param cells every cell, in the order they run
 */
public record SweepPlan(
    SweepConfig config,
    Map<String, IngestConfig> ingests,
    Map<String, IngestConfig> outlierExposure,
    List<Cell> cells) {

  /** A cell with its folder and its resolved train and evaluate configs. */
  public record Cell(SweepCell cell, String folder, TrainConfig train, EvaluateConfig evaluate) {}

  /**
   * Loads every cell's and every dataset's configs of {@code config}.
   *
   * @throws ConfigException naming the cell or the dataset whose config is wrong
   */
  public static SweepPlan of(SweepConfig config) {
    List<Cell> cells = new ArrayList<>();
    for (SweepCell cell : config.cells()) {
      cells.add(cell(config, cell));
    }
    Map<String, IngestConfig> ingests = new LinkedHashMap<>();
    Map<String, IngestConfig> oe = new LinkedHashMap<>();
    for (SweepConfig.Dataset d : config.datasets()) {
      if (d.ingest() != null) {
        ingests.put(d.name(), in(d, () -> RunConfigs.ingest(d.ingest(), config.dataOf(d))));
      }
      if (d.outlierExposure() != null) {
        oe.put(
            d.name(),
            in(d, () -> RunConfigs.ingest(d.outlierExposure(), config.outlierExposureOf(d))));
      }
    }
    return new SweepPlan(config, Map.copyOf(ingests), Map.copyOf(oe), List.copyOf(cells));
  }

  /** Every cell as one line of JSON: the cell, its folder and its resolved configs. */
  public List<String> lines() {
    return cells.stream().map(RecordJson::compact).toList();
  }

  private static Cell cell(SweepConfig config, SweepCell cell) {
    SweepConfig.Dataset d = config.dataset(cell.dataset());
    SweepConfig.Variation v = config.variation(cell.variation());
    String folder = config.folderOf(cell);
    // A variation without OE drops the stage's corpus before its own overrides.
    List<String> trainSet =
        v.outlierExposure()
            ? v.train()
            : RunConfigs.with(List.of("outlierExposure=null"), v.train());
    String oe = v.outlierExposure() ? config.outlierExposureOf(d) : null;
    TrainConfig train =
        ConfigException.in(
            "Cell " + cell,
            () ->
                RunConfigs.train(
                    d.train(),
                    folder,
                    config.dataOf(d),
                    cell.nominalClass(),
                    cell.seed(),
                    oe,
                    trainSet));
    EvaluateConfig evaluate =
        ConfigException.in(
            "Cell " + cell, () -> RunConfigs.evaluate(d.evaluate(), folder, v.evaluate()));
    return new Cell(cell, folder, train, evaluate);
  }

  private static <T> T in(SweepConfig.Dataset d, Supplier<T> load) {
    return ConfigException.in("Dataset " + d.name(), load);
  }
}
