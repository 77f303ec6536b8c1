package io.fcddspark.spark.evaluate;

import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.heatmap.HeatmapGrid;
import io.fcddspark.heatmap.QuantileNormalizer;
import io.fcddspark.ingest.ImageColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The paper's heatmap figure for one model (App. C, Fig. 4 and 15): {@code count} nominal and as
 * many anomalous test images chosen by seed, columns ordered by increasing anomaly score (nominal
 * first), rows input / heatmap / ground-truth mask. The heatmaps are normalised with the App. C
 * quantile rule, over a seeded balanced set of test images ("balanced") or each against itself
 * ("image"). Only the chosen images' and the balanced set's heatmaps reach the driver.
 */
final class HeatmapFigures {
  private final EvaluateConfig.Heatmaps settings;
  private final PixelMaps maps;

  HeatmapFigures(EvaluateConfig.Heatmaps settings, PixelMaps maps) {
    this.settings = settings;
    this.maps = maps;
  }

  /**
   * The figure's PNG, or null when the test set lacks nominal or anomalous images.
   *
   * @param scored {@link SampleScorer} rows
   * @param images the test images (id, png, channels)
   */
  byte[] render(Dataset<Row> scored, Dataset<Row> images) {
    boolean balancedFit =
        settings.normalisation() == EvaluateConfig.Heatmaps.Normalisation.BALANCED;
    int per =
        balancedFit ? Math.max(settings.count(), settings.balancedImages()) : settings.count();
    // One seeded selection per label: the figure shows its first `count`, the balanced
    // normalisation fits on its first `balancedImages`; each heatmap is upsampled once.
    List<Row> shown = new ArrayList<>();
    List<float[]> fit = new ArrayList<>();
    Map<String, float[]> heatmaps = new HashMap<>();
    for (int label = 0; label <= 1; label++) {
      List<Row> selected = chosen(scored, label, per);
      for (int i = 0; i < selected.size(); i++) {
        Row r = selected.get(i);
        float[] heatmap = ScoredPixels.heatmap(r, maps);
        heatmaps.put(r.getString(r.fieldIndex("id")), heatmap);
        if (i < settings.count()) {
          shown.add(r);
        }
        if (balancedFit && i < settings.balancedImages()) {
          fit.add(heatmap);
        }
      }
    }
    if (shown.isEmpty()) {
      return null;
    }
    shown.sort(
        Comparator.<Row>comparingLong(r -> r.getLong(r.fieldIndex("anomalous")))
            .thenComparingDouble(r -> r.getDouble(r.fieldIndex("score"))));
    QuantileNormalizer balanced = balancedFit ? QuantileNormalizer.fit(fit, settings.eta()) : null;
    Map<String, Row> inputs = new HashMap<>();
    List<String> ids = shown.stream().map(r -> r.getString(r.fieldIndex("id"))).toList();
    images
        .filter(functions.col(ImageColumns.ID).isin(ids.toArray()))
        .select(ImageColumns.ID, ImageColumns.PNG, ImageColumns.CHANNELS)
        .collectAsList()
        .forEach(r -> inputs.put(r.getAs(ImageColumns.ID), r));
    Row first = shown.get(0);
    HeatmapGrid grid =
        HeatmapGrid.magnified(
            maps.height(ScoredPixels.height(first)), maps.width(ScoredPixels.width(first)));
    for (Row r : shown) {
      String id = r.getString(r.fieldIndex("id"));
      Row input = inputs.get(id);
      float[] heatmap = heatmaps.get(id);
      QuantileNormalizer n =
          balanced != null ? balanced : QuantileNormalizer.fitOne(heatmap, settings.eta());
      int c = input.getAs(ImageColumns.CHANNELS);
      grid.add(
          new HeatmapGrid.Column(
              maps.input(
                  input.getAs(ImageColumns.PNG), c, ScoredPixels.height(r), ScoredPixels.width(r)),
              c,
              n.apply(heatmap),
              ScoredPixels.mask(r, maps),
              r.getLong(r.fieldIndex("anomalous")) == 1,
              r.getDouble(r.fieldIndex("score"))));
    }
    return grid.png();
  }

  /**
   * Up to {@code n} scored rows with the label, in a seeded order that ignores partitioning, or the
   * highest-scored first.
   */
  private List<Row> chosen(Dataset<Row> scored, long anomalous, int n) {
    Column order =
        settings.selection() == EvaluateConfig.Heatmaps.Selection.MOST_ANOMALOUS
            ? functions.col("score").desc()
            : functions.sha2(
                functions.concat(functions.lit(settings.seed() + ":"), functions.col("id")), 256);
    return scored
        .filter(functions.col("anomalous").equalTo(anomalous))
        .orderBy(order, functions.col("id"))
        .limit(n)
        .collectAsList();
  }
}
