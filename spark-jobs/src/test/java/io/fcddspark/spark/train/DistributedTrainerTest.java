package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CNN28 trained in local[2] by parameter averaging on batches from {@link EpochBatches}, with an OE
 * corpus of a different kind: nominal images are faint noise, OE images carry bright squares, and
 * held-out squares score higher than held-out noise.
 */
class DistributedTrainerTest {

  @Test
  void trainsCnn28WithOutlierExposureInLocal2() {
    TrainConfig config =
        ConfigLoader.load(
            Path.of("../conf/train/fashion-mnist.yaml"),
            List.of("epochs=3", "batchSize=32", "optimizer.learningRate=0.01", "seed=3"),
            TrainConfig.class);
    SparkSession spark = SparkSessions.local("local[2]", "trainer-test");
    try {
      TrainTransform transform =
          new TrainTransform(config.preprocess(), new MinMaxScaling(-3, 25), config.seed());
      EpochBatches batches =
          new EpochBatches(
              ImageRows.noiseImages(spark, "n", 256, false, 1),
              ImageRows.noiseImages(spark, "oe", 128, true, 2),
              0.5,
              transform,
              32,
              2);
      MultiLayerNetwork net =
          FcddNetworkFactory.fcdd(config.architecture(), DistributedTrainer.networkOptions(config));
      MultiLayerNetwork trained =
          new DistributedTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), config)
              .train(net, batches, 0, config.epochs());

      assertThat(trained.getLearningRate(0)).isCloseTo(config.optimizer().rate(2), within(1e-12));
      assertThat(trained.params().isNaN().any()).isFalse();
      Random r = new Random(9);
      int n = 64;
      float[] x = new float[n * 28 * 28];
      double[] scores = new double[n];
      boolean[] anomalous = new boolean[n];
      for (int i = 0; i < n; i++) {
        anomalous[i] = i % 2 == 1;
        float[] t = transform.test(ImageRows.noise(r, anomalous[i]), 1, 28, 28);
        System.arraycopy(t, 0, x, i * 28 * 28, t.length);
      }
      double[][] z =
          trained.output(Nd4j.create(x, new long[] {n, 1, 28, 28}, 'c')).toDoubleMatrix();
      for (int i = 0; i < n; i++) {
        scores[i] = FcddObjective.heatmapScore(z[i]);
      }
      assertThat(ScoreLabelCounts.of(scores, anomalous).rocAuc().value()).isGreaterThan(0.9);
    } finally {
      spark.stop();
    }
  }
}
