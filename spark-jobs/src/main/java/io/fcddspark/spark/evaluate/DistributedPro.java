package io.fcddspark.spark.evaluate;

import io.fcddspark.metrics.ProSweep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * AUPRO (area under the per-region-overlap curve up to an FPR limit, divided by the limit) over the
 * pixels of every test image of a class, without collecting them: per-image {@link
 * io.fcddspark.metrics.PixelCounts} rows are summed per distinct score, range-partitioned by score
 * descending and swept twice ({@link ProSweep}): once for each partition's totals, once for its
 * share of the area from the totals above it.
 */
public final class DistributedPro {
  /** Input columns: score, background pixels, region weight, regions (summed over all rows). */
  public static final String SCORE = DistributedRoc.SCORE;

  public static final String BACKGROUND = DistributedRoc.NEGATIVES;
  public static final String WEIGHT = "weight";
  public static final String REGIONS = "regions";

  private DistributedPro() {}

  private record Totals(ProSweep.Part part, long regions) implements Serializable {}

  /** The AUPRO of {@code counts} up to the FPR {@code limit}. NaN scores are an error. */
  public static double aupro(Dataset<Row> counts, double limit) {
    JavaRDD<Row> sorted =
        counts
            .groupBy(SCORE)
            .agg(
                functions.sum(BACKGROUND).cast("long").as(BACKGROUND),
                functions.sum(WEIGHT).as(WEIGHT),
                functions.sum(REGIONS).cast("long").as(REGIONS))
            .orderBy(functions.col(SCORE).desc())
            .select(SCORE, BACKGROUND, WEIGHT, REGIONS)
            .javaRDD()
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Totals> totals = PartitionSweeps.inOrder(sorted, (i, rows) -> totals(rows));
      List<ProSweep.Part> parts = new ArrayList<>();
      long background = 0;
      long regions = 0;
      for (Totals t : totals) {
        parts.add(t.part());
        background += t.part().background();
        regions += t.regions();
      }
      List<ProSweep.Start> starts = ProSweep.starts(parts);
      long allBackground = background;
      long allRegions = regions;
      List<Double> areas =
          PartitionSweeps.inOrder(
              sorted,
              (i, rows) ->
                  area(
                      rows,
                      new ProSweep.AreaSweep(starts.get(i), allBackground, allRegions, limit)));
      return ProSweep.aupro(areas, limit);
    } finally {
      sorted.unpersist(false);
    }
  }

  /** Where a per-score row holds its values, found once per partition. */
  private record Columns(int score, int background, int weight, int regions) {
    static Columns of(Row r) {
      return new Columns(
          r.fieldIndex(SCORE),
          r.fieldIndex(BACKGROUND),
          r.fieldIndex(WEIGHT),
          r.fieldIndex(REGIONS));
    }
  }

  private static Totals totals(Iterator<Row> rows) {
    long background = 0;
    double weight = 0;
    long regions = 0;
    Columns c = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      c = c == null ? Columns.of(r) : c;
      if (Double.isNaN(r.getDouble(c.score()))) {
        throw new IllegalArgumentException(
            "Pixels with a NaN score: a model produced NaN, AUPRO would be meaningless");
      }
      background += r.getLong(c.background());
      weight += r.getDouble(c.weight());
      regions += r.getLong(c.regions());
    }
    return new Totals(new ProSweep.Part(background, weight), regions);
  }

  private static double area(Iterator<Row> rows, ProSweep.AreaSweep sweep) {
    Columns c = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      c = c == null ? Columns.of(r) : c;
      sweep.add(r.getLong(c.background()), r.getDouble(c.weight()));
    }
    return sweep.area();
  }
}
