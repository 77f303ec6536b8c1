package io.fcddspark.spark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.PngCodec;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.metrics.ExactAuc;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainingCorpus;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A CNN28 trained on real Fashion-MNIST (class 1, a slice, with the letters OE corpus) scores 1,000
 * held-out real test images on the executors: the scores equal the driver's for the same model and
 * images, the distributed sample AUC equals the single-machine exact AUC of the same scores and is
 * well above chance, and a model of another config is refused.
 */
class SampleScorerTest {
  @Test
  void scoresRealTestImagesAndTheDistributedAucIsExact(@TempDir Path dir) throws Exception {
    FashionMnistFiles.require();
    SparkSession spark = SparkSessions.local("local[2]", "sample-scorer-test");
    try {
      String data = TrainingCorpus.ingest(spark, dir, 2000, 1000, 1000);
      TrainConfig config =
          ConfigLoader.load(
              Path.of("../conf/train/fashion-mnist.yaml"),
              List.of(
                  "output=" + dir.resolve("model"),
                  "data.input=" + data,
                  "data.nominalClass=1",
                  "outlierExposure.input=" + data,
                  "outlierExposure.dataset=letters",
                  "epochs=12",
                  // App. E's batch: with 32, training this slice swung between an AUC of 0.43
                  // (AMD EPYC) and above 0.7 (Intel Xeon) on the CPUs' different float sums.
                  "batchSize=128",
                  "distribution.averagingFrequency=2"),
              TrainConfig.class);
      new TrainJob(spark).run(config);

      Dataset<Row> scores = new SampleScorer(spark).score(config, config.output(), "model");
      List<Row> rows = scores.collectAsList();
      double[] s = new double[rows.size()];
      int[] l = new int[rows.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = rows.get(i).getDouble(3);
        l[i] = (int) rows.get(i).getLong(2);
        assertThat(l[i]).isEqualTo(rows.get(i).getInt(1) == 1 ? 0 : 1);
      }
      ExactAuc local = ScoreLabelCounts.of(s, l).rocAuc();
      DistributedRoc.Result distributed =
          DistributedRoc.of(
              scores.select(
                  functions.col("score"),
                  functions.col("anomalous").as(DistributedRoc.POSITIVES),
                  functions
                      .lit(1L)
                      .minus(functions.col("anomalous"))
                      .as(DistributedRoc.NEGATIVES)));

      // The same model and images scored on the driver in one batch give the same scores.
      ModelStore.Stored m =
          new ModelStore(new HadoopFileStore(new Configuration())).read(config.output(), "model");
      TrainTransform t = new TrainTransform(config.preprocess(), m.metadata().scaling(), 1);
      List<Row> images =
          spark
              .read()
              .parquet(data + "/images")
              .filter("split = 'test'")
              .select("id", "png")
              .collectAsList();
      float[] x = new float[images.size() * 784];
      for (int i = 0; i < images.size(); i++) {
        float[] v = t.test(PngCodec.decode(images.get(i).getAs(1), 1), 1, 28, 28);
        System.arraycopy(v, 0, x, i * 784, 784);
      }
      double[][] z =
          m.net()
              .output(Nd4j.create(x, new long[] {images.size(), 1, 28, 28}, 'c'))
              .toDoubleMatrix();
      Map<String, Double> onDriver = new HashMap<>();
      for (int i = 0; i < z.length; i++) {
        onDriver.put(images.get(i).getString(0), FcddObjective.heatmapScore(z[i]));
      }
      for (Row r : rows) {
        assertThat(r.getDouble(3))
            .as(r.getString(0))
            .isCloseTo(onDriver.get(r.getString(0)), within(1e-9));
      }
      assertThat(rows).hasSize(1000);
      assertThat(distributed.auc()).isEqualTo(local);
      System.out.printf("sample AUC of class 1 on 1,000 held-out images: %.4f%n", local.value());
      assertThat(local.value()).isGreaterThan(0.7);

      // The evaluate job on the same model: the same exact AUC, in its metrics table.
      EvaluateResult evaluated =
          new EvaluateJob(spark)
              .run(
                  ConfigLoader.parse(
                      "model: "
                          + config.output()
                          + "\nheatmaps: {count: 4, eta: 0.85, sigma: 1.2}\n",
                      "test",
                      List.of(),
                      EvaluateConfig.class));
      assertThat(evaluated.metrics())
          .extracting(EvaluateResult.Metric::metric)
          .containsExactly(
              "sample_auc",
              "sample_ap",
              "sample_auc_vs_class_0",
              "sample_auc_vs_class_2",
              "sample_auc_vs_class_3",
              "sample_auc_vs_class_4",
              "sample_auc_vs_class_5",
              "sample_auc_vs_class_6",
              "sample_auc_vs_class_7",
              "sample_auc_vs_class_8",
              "sample_auc_vs_class_9");
      // Each class's AUC is the nominal images against that class's images alone, counted here.
      for (EvaluateResult.Metric vs : evaluated.metrics().subList(2, 11)) {
        int k = Integer.parseInt(vs.metric().substring(EvaluateJob.ANOMALY_CLASS_AUC.length()));
        List<Double> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Row r : rows) {
          if (r.getInt(1) == 1 || r.getInt(1) == k) {
            kept.add(r.getDouble(3));
            labels.add(r.getInt(1) == k ? 1 : 0);
          }
        }
        ExactAuc alone =
            ScoreLabelCounts.of(
                    kept.stream().mapToDouble(Double::doubleValue).toArray(),
                    labels.stream().mapToInt(Integer::intValue).toArray())
                .rocAuc();
        assertThat(vs.exact())
            .as(vs.metric())
            .isEqualTo(alone.numerator() + "/" + alone.denominator());
        assertThat(vs.positives() + vs.negatives()).isEqualTo(kept.size());
      }
      assertThat(evaluated.metrics().get(0).exact())
          .isEqualTo(local.numerator() + "/" + local.denominator());
      assertThat(evaluated.metrics().get(1).value()).isEqualTo(distributed.averagePrecision());
      List<Row> table =
          spark.read().parquet(config.output() + "/evaluation/metrics").collectAsList();
      assertThat(table).hasSize(11);
      assertThat(table.get(0).<Integer>getAs("epoch")).isEqualTo(12);
      assertThat(spark.read().parquet(config.output() + "/evaluation/model/scores").count())
          .isEqualTo(1000);

      // The same dataset stored in colour (ingested unlike the training data): named.
      String bigger = dir.resolve("bigger").toString();
      spark
          .read()
          .parquet(data + "/images")
          .filter("split = 'test'")
          .limit(8)
          .withColumn("png", functions.lit(PngCodec.encode(3, 28, 28, new byte[3 * 28 * 28])))
          .withColumn("channels", functions.lit(3))
          .write()
          .parquet(bigger + "/images");
      assertThatThrownBy(
              () -> new SampleScorer(spark).score(config, bigger, config.output(), "model").count())
          .hasStackTraceContaining(
              "is 3×28×28, 3×28×28 after pre-processing, but the model takes 1×28×28: evaluate it"
                  + " on data ingested like its training data");

      TrainConfig other =
          ConfigLoader.load(
              Path.of("../conf/train/fashion-mnist.yaml"),
              List.of("output=" + dir.resolve("model"), "data.input=" + data, "seed=2"),
              TrainConfig.class);
      assertThatThrownBy(() -> new SampleScorer(spark).score(other, config.output(), "model"))
          .hasMessageStartingWith(
              "Model " + config.output() + "/model was trained with another config");
    } finally {
      spark.stop();
    }
  }
}
