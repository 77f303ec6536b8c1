package io.fcddspark.spark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pooled pixel metrics on scored rows made by hand (CNN28's 7×7 heatmaps with ties, 28×28 masks):
 * the same exact AUC and AUPRO from 1 and 4 partitions, equal to the driver's over all pixels; an
 * anomalous image without a mask and a NaN heatmap are errors naming the image.
 */
class PixelEvaluatorTest {
  private static SparkSession spark;
  private static PixelMaps maps;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2]", "pixel-evaluator-test");
    TrainConfig train =
        ConfigLoader.load(
            Path.of("../conf/train/fashion-mnist.yaml"),
            List.of("output=/tmp/unused", "data.input=/tmp/unused"),
            TrainConfig.class);
    maps =
        new PixelMaps(
            train.architecture().receptiveField(),
            new TrainTransform(train.preprocess(), null, 1),
            1.2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Row row(String id, boolean anomalous, float[] heatmap, byte[] mask) {
    return RowFactory.create(
        id,
        anomalous ? 1 : 0,
        anomalous ? 1L : 0L,
        0.5,
        heatmap,
        7,
        7,
        28,
        28,
        mask == null ? null : PngCodec.encode(1, 28, 28, mask));
  }

  private static List<Row> rows(Random r) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      boolean anomalous = i % 2 == 1;
      float[] heatmap = new float[49];
      for (int k = 0; k < 49; k++) {
        heatmap[k] = r.nextInt(4) * 0.25f; // few levels: ties after upsampling too
      }
      byte[] mask = new byte[784];
      if (anomalous) {
        int y = r.nextInt(20);
        int x = r.nextInt(20);
        for (int dy = 0; dy < 6; dy++) {
          for (int dx = 0; dx < 6; dx++) {
            mask[(y + dy) * 28 + x + dx] = (byte) 255;
            heatmap[((y + dy) / 4) * 7 + (x + dx) / 4] = 1.5f;
          }
        }
      }
      rows.add(row("img-" + i, anomalous, heatmap, i == 0 ? null : mask));
    }
    return rows;
  }

  @Test
  void theSameExactValuesFromAnyPartitioningEqualToTheDriversOverAllPixels() {
    Dataset<Row> scored = spark.createDataFrame(rows(new Random(5)), SampleScorer.SCHEMA);
    List<Row> rows = scored.collectAsList();
    PixelEvaluator.Result one =
        PixelEvaluator.evaluate(spark, scored.repartition(1), maps, 50, 0.3);
    PixelEvaluator.Result four =
        PixelEvaluator.evaluate(spark, scored.repartition(4), maps, 50, 0.3);

    double[] s = new double[rows.size() * 784];
    boolean[] l = new boolean[s.length];
    for (int i = 0; i < rows.size(); i++) {
      float[] h = ScoredPixels.heatmap(rows.get(i), maps);
      boolean[] m = ScoredPixels.mask(rows.get(i), maps);
      for (int p = 0; p < 784; p++) {
        s[i * 784 + p] = h[p];
        l[i * 784 + p] = m != null && m[p];
      }
    }
    ExactAuc exact = ScoreLabelCounts.of(s, l).rocAuc();
    assertThat(one.roc().auc()).isEqualTo(exact);
    assertThat(four.roc().auc()).isEqualTo(exact);
    assertThat(four.roc().curve()).isEqualTo(one.roc().curve());
    assertThat(four.aupro()).isCloseTo(one.aupro(), within(1e-12));
    assertThat(one.aupro()).isBetween(0.0, 1.0);
    assertThat(one.roc().curve().size()).isLessThanOrEqualTo(52);
  }

  @Test
  void anAnomalousImageWithoutAMaskIsNamed() {
    List<Row> rows = new ArrayList<>(rows(new Random(6)));
    rows.set(3, row("img-3", true, new float[49], null));
    Dataset<Row> scored = spark.createDataFrame(rows, SampleScorer.SCHEMA);
    assertThatThrownBy(() -> PixelEvaluator.evaluate(spark, scored, maps, 50, 0.3))
        .hasStackTraceContaining(
            "Anomalous test image img-3 has no ground-truth mask: pixel metrics need one for every"
                + " anomalous image");
  }

  @Test
  void aNanHeatmapIsNamed() {
    List<Row> rows = new ArrayList<>(rows(new Random(7)));
    float[] nan = new float[49];
    nan[10] = Float.NaN;
    rows.set(2, row("img-2", false, nan, new byte[784]));
    Dataset<Row> scored = spark.createDataFrame(rows, SampleScorer.SCHEMA);
    assertThatThrownBy(() -> PixelEvaluator.evaluate(spark, scored, maps, 50, 0.3))
        .hasStackTraceContaining("Image img-2: the model scores pixel (");
  }
}
