package io.fcddspark.spark.train;

import io.fcddspark.nets.NetworkOptions;
import io.fcddspark.train.TrainConfig;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on {@link EpochBatches} with DL4J's Spark parameter averaging: every epoch the
 * learning rate is set from the config's schedule, then each of its passes fits one epoch of
 * batches (the batches stay in the partitions {@code EpochBatches} made: no export, no
 * repartition). Progress (epoch, loss, images/s, ETA) goes to the log.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

  private final JavaSparkContext sc;
  private final TrainConfig config;

  public DistributedTrainer(JavaSparkContext sc, TrainConfig config) {
    this.sc = sc;
    this.config = config;
  }

  /** The network options of {@code config}: App. E's optimiser, weight decay, float. */
  public static NetworkOptions networkOptions(TrainConfig config) {
    TrainConfig.Optimizer o = config.optimizer();
    IUpdater updater =
        o.type().equals("sgd")
            ? new Nesterovs(o.learningRate(), o.momentum())
            : new Adam(o.learningRate());
    return new NetworkOptions(config.seed(), updater, o.weightDecay(), DataType.FLOAT);
  }

  /**
   * Trains {@code net} from epoch {@code first} (0 for a new run) up to {@code last} (exclusive);
   * returns the trained network.
   */
  public MultiLayerNetwork train(MultiLayerNetwork net, EpochBatches batches, int first, int last) {
    ParameterAveragingTrainingMaster master =
        new ParameterAveragingTrainingMaster.Builder(config.batchSize())
            .batchSizePerWorker(config.batchSize())
            .averagingFrequency(config.distribution().averagingFrequency())
            .workerPrefetchNumBatches(config.distribution().workerPrefetch())
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .repartionData(Repartition.Never)
            .saveUpdater(true)
            .rngSeed(config.seed())
            .build();
    SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net, master);
    long images = batches.size() * config.passesPerEpoch();
    long start = System.nanoTime();
    for (int e = first; e < last; e++) {
      spark.getNetwork().setLearningRate(config.optimizer().rate(e));
      for (int pass = 0; pass < config.passesPerEpoch(); pass++) {
        spark.fit(batches.epoch(e * config.passesPerEpoch() + pass));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int done = e - first + 1;
      LOG.info(
          "epoch {}/{}: loss {}, lr {}, {} img/s, ETA {} s",
          e + 1,
          last,
          String.format("%.5f", spark.getScore()),
          String.format("%.3g", config.optimizer().rate(e)),
          String.format("%.1f", done * images / seconds),
          String.format("%.0f", seconds / done * (last - e - 1)));
    }
    return spark.getNetwork();
  }
}
