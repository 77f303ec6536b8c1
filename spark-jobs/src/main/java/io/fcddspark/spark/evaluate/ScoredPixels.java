package io.fcddspark.spark.evaluate;

import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.ingest.ImageColumns;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A {@link SampleScorer} row's heatmap and mask, at the net input's size for figures or where pixel
 * metrics count them ({@link PixelMaps}).
 */
public final class ScoredPixels {
  private ScoredPixels() {}

  /** The row's full-resolution heatmap; fails for a model without heatmaps (HSC). */
  public static float[] heatmap(Row r, PixelMaps maps) {
    return maps.heatmap(r.getAs(ImageColumns.ID), netOutput(r), height(r), width(r));
  }

  /** The row's heatmap and mask where pixel metrics count them. */
  public static PixelMaps.Counted forMetrics(Row r, PixelMaps maps) {
    int m = r.fieldIndex(ImageColumns.MASK_PNG);
    byte[] mask = r.isNullAt(m) ? null : r.getAs(m);
    return maps.forMetrics(r.getAs(ImageColumns.ID), netOutput(r), mask, height(r), width(r));
  }

  private static float[] netOutput(Row r) {
    String id = r.getAs(ImageColumns.ID);
    if (r.isNullAt(r.fieldIndex("heatmap"))) {
      throw new IllegalArgumentException(
          "Test image " + id + " has no heatmap: an HSC model has none, pixel metrics need FCDD");
    }
    List<Object> values = r.getList(r.fieldIndex("heatmap"));
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).floatValue();
    }
    return a;
  }

  /** The row's mask, or null where the image has none. */
  public static boolean[] mask(Row r, PixelMaps maps) {
    int i = r.fieldIndex(ImageColumns.MASK_PNG);
    if (r.isNullAt(i)) {
      return null;
    }
    return maps.mask(r.getAs(ImageColumns.ID), r.getAs(i), height(r), width(r));
  }

  /** The stored image's height. */
  public static int height(Row r) {
    return r.getAs(ImageColumns.HEIGHT);
  }

  /** The stored image's width. */
  public static int width(Row r) {
    return r.getAs(ImageColumns.WIDTH);
  }
}
