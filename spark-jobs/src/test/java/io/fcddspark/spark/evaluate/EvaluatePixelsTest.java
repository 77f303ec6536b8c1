package io.fcddspark.spark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.evaluate.PixelMaps;
import io.fcddspark.heatmap.HeatmapGrid;
import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.PixelCounts;
import io.fcddspark.metrics.ProSweep;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.WidgetCorpus;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pixel-wise evaluation end to end on an MVTec-AD-shaped corpus with masks: a CNN28 trained
 * semi-supervised with the pixel loss is evaluated by the job; the pooled pixel AUC equals the
 * exact AUC of all pixels collected on the driver, AUPRO equals one sweep on the driver, the
 * labelled anomalies are left out, the figure has input, heatmap and mask rows, and a rerun reuses
 * the metrics.
 */
class EvaluatePixelsTest {
  @Test
  void pooledPixelMetricsEqualTheDriversOverAllPixels(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkSessions.local("local[2]", "evaluate-pixels-test");
    try {
      String data = WidgetCorpus.ingest(spark, dir, 48, 10, 8);
      TrainConfig train = WidgetCorpus.semiSupervised(dir.resolve("model"), data, 3, 15);
      new TrainJob(spark).run(train);
      EvaluateConfig config =
          ConfigLoader.parse(
              "model: " + train.output() + "\nheatmaps: {count: 4, normalisation: image}\n",
              "test",
              List.of(),
              EvaluateConfig.class);

      EvaluateResult result = new EvaluateJob(spark).run(config);

      // The driver: every test pixel's full-resolution score and label, from the scores table.
      ModelMetadata meta =
          new ModelStore(new HadoopFileStore(new Configuration()))
              .metadata(train.output(), "model");
      PixelMaps maps =
          new PixelMaps(
              train.architecture().receptiveField(),
              new TrainTransform(train.preprocess(), meta.scaling(), train.seed()),
              1.2);
      List<Row> rows =
          new SampleScorer(spark).score(train, train.output(), "model").collectAsList();
      assertThat(rows).hasSize(10 + 16 - 4);
      List<Double> scores = new ArrayList<>();
      List<Boolean> labels = new ArrayList<>();
      TreeMap<Float, double[]> pro = new TreeMap<>(java.util.Comparator.reverseOrder());
      long regions = 0;
      for (Row r : rows) {
        float[] h = ScoredPixels.heatmap(r, maps);
        boolean[] m = ScoredPixels.mask(r, maps);
        for (int p = 0; p < h.length; p++) {
          scores.add((double) h[p]);
          labels.add(m != null && m[p]);
        }
        PixelCounts c = PixelCounts.of(r.getString(0), h, m, 28, 28);
        regions += c.regions();
        for (int k = 0; k < c.scores().length; k++) {
          double[] acc = pro.computeIfAbsent(c.scores()[k], s -> new double[2]);
          acc[0] += c.background()[k];
          acc[1] += c.weight()[k];
        }
      }
      double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
      boolean[] l = new boolean[labels.size()];
      for (int i = 0; i < l.length; i++) {
        l[i] = labels.get(i);
      }
      ExactAuc exact = ScoreLabelCounts.of(s, l).rocAuc();
      EvaluateResult.Metric pixelAuc =
          result.metrics().stream().filter(m -> m.metric().equals("pixel_auc")).findFirst().get();
      assertThat(pixelAuc.exact()).isEqualTo(exact.numerator() + "/" + exact.denominator());
      assertThat(pixelAuc.positives()).isEqualTo(12 * 64);
      assertThat(pixelAuc.negatives()).isEqualTo(22 * 784 - 12 * 64);
      long background = (long) pro.values().stream().mapToDouble(a -> a[0]).sum();
      ProSweep.AreaSweep one =
          new ProSweep.AreaSweep(new ProSweep.Start(0, 0), background, regions, 0.3);
      pro.values().forEach(a -> one.add((long) a[0], a[1]));
      assertThat(result.value("model", "aupro")).isCloseTo(one.area() / 0.3, within(1e-12));
      assertThat(result.value("model", "sample_auc")).isBetween(0.0, 1.0);
      System.out.printf(
          "widgets: sample AUC %.4f, pixel AUC %.4f, AUPRO %.4f%n",
          result.value("model", "sample_auc"), exact.value(), result.value("model", "aupro"));
      assertThat(exact.value()).isGreaterThan(0.8);

      BufferedImage figure =
          ImageIO.read(dir.resolve("model/evaluation/model/heatmaps.png").toFile());
      int cell = 28 * 4;
      // A header band with each image's label and score; a wider gap where nominal ones end.
      assertThat(figure.getHeight()).isEqualTo(HeatmapGrid.BAND + 3 * cell + 2 * 2);
      assertThat(figure.getWidth()).isEqualTo(8 * cell + 6 * 2 + HeatmapGrid.GROUP_GAP);
      assertThat(dir.resolve("model/evaluation/model/curves.json")).exists();

      EvaluateResult again = new EvaluateJob(spark).run(config);
      assertThat(again.reused()).containsExactly("model");
      assertThat(again.metrics()).isEqualTo(result.metrics());
    } finally {
      spark.stop();
    }
  }
}
