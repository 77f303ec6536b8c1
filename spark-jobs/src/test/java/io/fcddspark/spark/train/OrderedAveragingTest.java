package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.ConfigLoader;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Four workers in local[4] on two cores, so tasks finish in varying order: two seeded runs end with
 * bit-identical weights and updater state, because the workers' results are summed in partition
 * order ({@link OrderedAveragingTrainingMaster}).
 */
class OrderedAveragingTest {
  @Test
  void fourWorkersRepeatBitForBit() {
    TrainConfig config =
        ConfigLoader.load(
            Path.of("../conf/train/fashion-mnist.yaml"),
            List.of("epochs=2", "batchSize=8", "seed=9", "distribution.averagingFrequency=2"),
            TrainConfig.class);
    SparkSession spark = SparkSessions.local("local[4]", "ordered-averaging-test");
    try {
      EpochBatches batches =
          new EpochBatches(
              ImageRows.noiseImages(spark, "n", 160, false, 1),
              ImageRows.noiseImages(spark, "oe", 64, true, 2),
              0.5,
              new TrainTransform(config.preprocess(), new MinMaxScaling(-3, 25), config.seed()),
              8,
              4);
      List<AveragingRound> rounds = new ArrayList<>();
      DistributedTrainer trainer =
          new DistributedTrainer(
              JavaSparkContext.fromSparkContext(spark.sparkContext()), config, rounds::add);
      assertThat(
              DistributedTrainer.workers(
                  config, JavaSparkContext.fromSparkContext(spark.sparkContext())))
          .isEqualTo(4);

      MultiLayerNetwork a = trainer.train(fresh(config), batches, 0, config.epochs());
      MultiLayerNetwork b = trainer.train(fresh(config), batches, 0, config.epochs());

      assertThat(b.params()).isEqualTo(a.params());
      assertThat(b.getUpdater().getStateViewArray()).isEqualTo(a.getUpdater().getStateViewArray());

      // 20 batches of 8 per epoch, 8 per round (4 workers x 2): DL4J splits an epoch in 2 rounds.
      assertThat(rounds).hasSize(2 * 2 * 2);
      long values = a.numParams() + a.getUpdater().getStateViewArray().length();
      for (AveragingRound round : rounds) {
        assertThat(round.workers()).isEqualTo(4);
        assertThat(round.resultBytes()).isEqualTo(values * Float.BYTES);
        assertThat(round.fitMs()).isPositive();
        assertThat(round.setupMs()).isPositive();
        assertThat(round.broadcastMs() + round.setupMs() + round.fitMs() + round.summingMs())
            .isLessThanOrEqualTo(round.roundMs());
        assertThat(round.mostWaiting()).isBetween(0, 3);
      }
      // Every worker's wait for its batches is timed from its task's start (a pass's first round
      // computes and caches them), and the round's parts add up to at most its whole.
      for (int r = 0; r < rounds.size(); r++) {
        assertThat(rounds.get(r).buildMs()).as("round %d", r).isPositive();
        assertThat(rounds.get(r).restMs()).as("round %d", r).isNotNegative();
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  void refusesBeforeTheRoundWhenTheResultsWouldExceedTheDriversLimit() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("result-room-test")
            .config("spark.driver.maxResultSize", "100m")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      OrderedAveragingTrainingMaster.requireResultRoom(spark.sparkContext(), 2, 40_000_000L);
      assertThatThrownBy(
              () ->
                  OrderedAveragingTrainingMaster.requireResultRoom(
                      spark.sparkContext(), 3, 40_000_000L))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("Averaging 3 workers' results of 40.0 MB each")
          .hasMessageContaining("spark.driver.maxResultSize = 100m")
          .hasMessageContaining("at least 129m");
    } finally {
      spark.stop();
    }
  }

  private static MultiLayerNetwork fresh(TrainConfig config) {
    return FcddNetworkFactory.fcdd(
        config.architecture(), DistributedTrainer.networkOptions(config));
  }
}
