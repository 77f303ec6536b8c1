package io.fcddspark.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.dl4j.FastPathCheckListener;
import io.fcddspark.loss.FcddObjective;
import io.fcddspark.metrics.ScoreLabelCounts;
import io.fcddspark.nets.FcddArchitecture;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.nets.NetworkOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack probe of docs/stack.md: DL4J's Spark parameter averaging trains the FCDD CNN28 net in
 * {@code local[2]} under Java 17 with the pinned Spark/Scala/DL4J versions, the fast path (oneDNN
 * helpers, fused BatchNorm, GEMM first conv) is active inside the executor tasks, and what it
 * learns is real: a separable anomaly (a bright square) gets a higher FCDD score than nominal
 * noise.
 */
class Dl4jSparkStackProbeTest {
  private static final Logger LOG = LoggerFactory.getLogger(Dl4jSparkStackProbeTest.class);
  private static final int SIDE = 28;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2]", "stack-probe");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void parameterAveragingTrainsFcddInLocal2() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    MultiLayerNetwork net =
        FcddNetworkFactory.fcdd(FcddArchitecture.CNN28, NetworkOptions.fashionMnistDefaults(42));
    INDArray before = net.params().dup();

    List<DataSet> train = batches(16, 16, new Random(1));
    JavaRDD<DataSet> rdd = sc.parallelize(train, 2);
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(16)
            .batchSizePerWorker(16)
            .averagingFrequency(2)
            .workerPrefetchNumBatches(0)
            .rngSeed(42)
            .build();
    SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, master);
    spark.setListeners(List.of(new FastPathCheckListener()));
    long t0 = System.nanoTime();
    int epochs = 3;
    for (int e = 0; e < epochs; e++) {
      spark.fit(rdd);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    MultiLayerNetwork trained = spark.getNetwork();
    LOG.info(
        "stack probe: {} epochs x {} images in local[2]: {} s, {} img/s",
        epochs,
        16 * 16,
        String.format("%.1f", seconds),
        String.format("%.1f", epochs * 16 * 16 / seconds));

    assertThat(trained.params().equalsWithEps(before, 1e-6)).isFalse();

    // The fast path was in place inside the executor tasks that trained, not only on the driver.
    List<FastPathCheckListener.Observation> checks =
        FastPathCheckListener.observations().stream()
            .filter(o -> o.thread().startsWith("Executor task launch worker"))
            .toList();
    assertThat(checks).isNotEmpty();
    LOG.info(
        "stack probe: fast path checked in {} executor-task networks, e.g. {}",
        checks.size(),
        checks.get(0));
    assertThat(checks)
        .allSatisfy(
            o -> {
              assertThat(o.missing()).isEmpty();
              assertThat(o.layers())
                  .contains("GemmConvolutionLayer", "FusedBatchNormActivationLayer")
                  .contains("ConvolutionLayer", "SubsamplingLayer");
            });
    assertThat(trained.params().isNaN().any()).isFalse();

    List<DataSet> test = batches(4, 32, new Random(2));
    ScoreLabelCounts counts = ScoreLabelCounts.empty();
    for (DataSet ds : test) {
      double[][] z = trained.output(ds.getFeatures()).toDoubleMatrix();
      double[] scores = new double[z.length];
      boolean[] anomalous = new boolean[z.length];
      for (int i = 0; i < z.length; i++) {
        scores[i] = FcddObjective.heatmapScore(z[i]);
        anomalous[i] = ds.getLabels().getDouble(i, 0) == 1.0;
      }
      counts = counts.merge(ScoreLabelCounts.of(scores, anomalous));
    }
    double auc = counts.rocAuc().value();
    LOG.info("stack probe: held-out AUC {}", auc);
    assertThat(auc).isGreaterThan(0.9);
  }

  /** Nominal: faint noise. Anomalous (half): the same with a bright 8x8 square somewhere. */
  private static List<DataSet> batches(int count, int size, Random r) {
    List<DataSet> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      float[] x = new float[size * SIDE * SIDE];
      float[] y = new float[size];
      for (int i = 0; i < size; i++) {
        int base = i * SIDE * SIDE;
        for (int p = 0; p < SIDE * SIDE; p++) {
          x[base + p] = (float) (0.1 * r.nextGaussian());
        }
        if (i % 2 == 1) {
          y[i] = 1;
          int row = r.nextInt(SIDE - 8);
          int col = r.nextInt(SIDE - 8);
          for (int dy = 0; dy < 8; dy++) {
            for (int dx = 0; dx < 8; dx++) {
              x[base + (row + dy) * SIDE + col + dx] = 1f;
            }
          }
        }
      }
      out.add(
          new DataSet(
              Nd4j.create(x, new long[] {size, 1, SIDE, SIDE}, 'c').castTo(DataType.FLOAT),
              Nd4j.create(y, new long[] {size, 1}, 'c')));
    }
    return out;
  }
}
