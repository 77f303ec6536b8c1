package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.preprocess.MinMaxScaling;
import io.fcddspark.preprocess.TrainTransform;
import io.fcddspark.spark.SparkSessions;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A task building a pass's batches that dies midway in local[2,3] (two threads, three attempts per
 * task): Spark retries it and training ends with exactly the weights of a run without the failure.
 */
class TrainingFaultsTest {

  /** Epochs whose partition 1 throws after its first batch in the first attempt of pass 1. */
  private record FailingOnce(TrainingEpochs inner) implements TrainingEpochs {
    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public JavaRDD<DataSet> epoch(int pass) {
      return inner
          .epoch(pass)
          .mapPartitionsWithIndex(
              (partition, batches) -> {
                TaskContext task = TaskContext.get();
                boolean fail = pass == 1 && partition == 1 && task.attemptNumber() == 0;
                return fail ? new DiesAfterOne(batches) : batches;
              },
              true);
    }
  }

  private static final class DiesAfterOne implements Iterator<DataSet> {
    private final Iterator<DataSet> inner;
    private int served;

    DiesAfterOne(Iterator<DataSet> inner) {
      this.inner = inner;
    }

    @Override
    public boolean hasNext() {
      return inner.hasNext();
    }

    @Override
    public DataSet next() {
      if (served++ == 1) {
        throw new IllegalStateException("executor lost (injected) midway through a partition");
      }
      if (!inner.hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.next();
    }
  }

  @Test
  void aTaskThatFailsMidwayIsRetriedAndNothingIsLost() {
    TrainConfig config =
        ConfigLoader.load(
            Path.of("../conf/train/fashion-mnist.yaml"),
            List.of("epochs=2", "batchSize=16", "seed=5", "distribution.averagingFrequency=2"),
            TrainConfig.class);
    SparkSession spark = SparkSessions.local("local[2,3]", "training-faults-test");
    try {
      EpochBatches batches =
          new EpochBatches(
              ImageRows.noiseImages(spark, "n", 128, false, 1),
              ImageRows.noiseImages(spark, "oe", 64, true, 2),
              0.5,
              new TrainTransform(config.preprocess(), new MinMaxScaling(-3, 25), config.seed()),
              16,
              2);
      DistributedTrainer trainer =
          new DistributedTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), config);

      MultiLayerNetwork clean = trainer.train(fresh(config), batches, 0, config.epochs());
      MultiLayerNetwork retried =
          trainer.train(fresh(config), new FailingOnce(batches), 0, config.epochs());

      assertThat(retried.params()).isEqualTo(clean.params());
      assertThat(retried.getUpdater().getStateViewArray())
          .isEqualTo(clean.getUpdater().getStateViewArray());
    } finally {
      spark.stop();
    }
  }

  private static MultiLayerNetwork fresh(TrainConfig config) {
    return FcddNetworkFactory.fcdd(
        config.architecture(), DistributedTrainer.networkOptions(config));
  }
}
