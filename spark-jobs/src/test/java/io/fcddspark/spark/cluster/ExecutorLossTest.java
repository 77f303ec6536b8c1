package io.fcddspark.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.ingest.FashionMnistFiles;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.plan.IngestPlan;
import io.fcddspark.spark.HadoopFileStore;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.ingest.IngestJob;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainingCorpus;
import io.fcddspark.train.ModelStore;
import io.fcddspark.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An executor JVM killed with SIGKILL on {@link MultiProcessRun#MASTER}: in the middle of a
 * training epoch the job still finishes, with the weights of an uninterrupted run bit for bit; in
 * the middle of an evaluation's scoring the metrics are the same.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExecutorLossTest {
  @TempDir static Path dir;
  private static String data;

  @BeforeAll
  static void ingest() throws IOException {
    FashionMnistFiles.require();
    SparkSession spark = SparkSessions.local("local[2]", "executor-loss-ingest");
    try {
      data = TrainingCorpus.ingest(spark, dir, 1200, 300, 200);
    } finally {
      spark.stop();
    }
  }

  private static TrainConfig train(String output) {
    return ConfigLoader.load(
        Path.of("../conf/train/fashion-mnist.yaml"),
        List.of(
            "output=" + dir.resolve(output),
            "data.input=" + data,
            "outlierExposure.input=" + data,
            "outlierExposure.dataset=letters",
            "epochs=2",
            "batchSize=16",
            "distribution.averagingFrequency=1"),
        TrainConfig.class);
  }

  private static EvaluateConfig evaluate(String model, String output) {
    return ConfigLoader.load(
        Path.of("../conf/evaluate/fashion-mnist.yaml"),
        List.of("model=" + dir.resolve(model), "output=" + dir.resolve(output), "heatmaps.count=0"),
        EvaluateConfig.class);
  }

  /** {@code work} in a fresh multi-process session; returns its result and the run's record. */
  private static <T> T onCluster(String name, Function<SparkSession, T> work) {
    SparkSession spark = SparkSessions.local(MultiProcessRun.MASTER, name);
    try {
      return work.apply(spark);
    } finally {
      spark.stop();
    }
  }

  @Test
  void trainingAndEvaluationSurviveAnExecutorKilledMidStage() {
    onCluster("uninterrupted", spark -> new TrainJob(spark).run(train("uninterrupted")));
    List<EvaluateResult.Metric> expected =
        onCluster(
            "uninterrupted-evaluate",
            spark -> new EvaluateJob(spark).run(evaluate("uninterrupted", "eval-a")).metrics());

    SparkRun trainRun =
        onCluster(
            "killed-train",
            spark -> {
              // ~120 nominal images in batches of 16, two workers averaging after every batch: four
              // rounds an epoch, each fitted in a stage of OrderedAveragingTrainingMaster's. The
              // third is in the middle of the first epoch.
              ExecutorKiller killer =
                  ExecutorKiller.arm(
                      spark.sparkContext(), "OrderedAveragingTrainingMaster", 3, 300);
              new TrainJob(spark).run(train("killed"));
              assertThat(killer.killedPid()).isPositive();
              return SparkRun.of(spark.sparkContext());
            });
    ModelStore store = new ModelStore(new HadoopFileStore(new Configuration()));
    INDArray a = store.read(dir.resolve("uninterrupted").toString(), "model").net().params();
    INDArray b = store.read(dir.resolve("killed").toString(), "model").net().params();
    assertThat(b.sub(a).amax().getDouble(0)).as("weights after an executor was killed").isZero();
    assertThat(trainRun.tasks().lostExecutors()).isEqualTo(1);
    assertThat(trainRun.tasks().failedTasks()).isPositive();

    SparkRun evaluateRun =
        onCluster(
            "killed-evaluate",
            spark -> {
              ExecutorKiller killer =
                  ExecutorKiller.arm(spark.sparkContext(), "parquet at EvaluateJob", 1, 100);
              List<EvaluateResult.Metric> metrics =
                  new EvaluateJob(spark).run(evaluate("uninterrupted", "eval-b")).metrics();
              assertThat(killer.killedPid()).isPositive();
              assertThat(metrics).isEqualTo(expected);
              return SparkRun.of(spark.sparkContext());
            });
    assertThat(evaluateRun.tasks().lostExecutors()).isEqualTo(1);
  }

  @Test
  void ingestSurvivesAnExecutorKilledWhileStaging() throws IOException {
    Path again = Files.createDirectories(dir.resolve("again"));
    List<IngestSource> sources = TrainingCorpus.sources(again, 1200, 300, 200);
    String clean = again.resolve("clean").toString();
    String killed = again.resolve("killed").toString();
    SparkSession local = SparkSessions.local("local[2]", "clean-ingest");
    try {
      new IngestJob(local).run(new IngestPlan(clean, sources, IngestPlan.DEFAULT_SHARD_BYTES));
    } finally {
      local.stop();
    }
    SparkRun run =
        onCluster(
            "killed-ingest",
            spark -> {
              ExecutorKiller killer =
                  ExecutorKiller.arm(spark.sparkContext(), "foreach at IngestJob", 1, 300);
              new IngestJob(spark)
                  .run(new IngestPlan(killed, sources, IngestPlan.DEFAULT_SHARD_BYTES));
              assertThat(killer.killedPid()).isPositive();
              Dataset<Row> images = spark.read().parquet(killed + "/images");
              assertThat(images.select("id").distinct().count())
                  .as("distinct ids")
                  .isEqualTo(images.count());
              return SparkRun.of(spark.sparkContext());
            });
    assertThat(run.tasks().lostExecutors()).isEqualTo(1);
    JsonNode expected = manifest(Path.of(clean)).path("result");
    JsonNode result = manifest(Path.of(killed)).path("result");
    assertThat(result.path("inputs").asLong())
        .isEqualTo(result.path("rows").asLong() + result.path("rejects").asLong());
    for (String key : List.of("inputs", "rows", "rejects", "perClass", "contentHash")) {
      assertThat(result.path(key)).as(key).isEqualTo(expected.path(key));
    }
  }

  private static JsonNode manifest(Path ingest) throws IOException {
    return new ObjectMapper().readTree(ingest.resolve("manifest.json").toFile());
  }
}
