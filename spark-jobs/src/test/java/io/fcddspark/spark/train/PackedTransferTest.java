package io.fcddspark.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.nets.FcddNetworkFactory;
import io.fcddspark.testing.JavaSerialization;
import io.fcddspark.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What crosses between processes in an averaging round, through Java serialization as Spark's
 * default serializer does it: the round's broadcast and a worker's result come back equal.
 */
class PackedTransferTest {
  @Test
  void broadcastArrivesAsDl4jTupleWithEqualConfigurationParametersAndUpdaterState()
      throws Exception {
    MultiLayerNetwork net = network();
    NetBroadcastTuple back =
        (NetBroadcastTuple)
            JavaSerialization.roundTrip(
                new PackedNetBroadcast(
                    net.getLayerWiseConfigurations(),
                    net.params(),
                    net.getUpdater().getStateViewArray()));
    assertThat(back).isNotInstanceOf(PackedNetBroadcast.class);
    assertThat(back.getConfiguration().toJson())
        .isEqualTo(net.getLayerWiseConfigurations().toJson());
    assertThat(back.getParameters()).isEqualTo(net.params());
    assertThat(back.getUpdaterState()).isEqualTo(net.getUpdater().getStateViewArray());
  }

  @Test
  void workerResultArrivesEqualWithOrWithoutUpdaterState() throws Exception {
    MultiLayerNetwork net = network();
    WorkerResult r =
        new WorkerResult(
            net.params(), net.getUpdater().getStateViewArray(), 0.25, 40.0, 12.5, 300.0, 1234L);
    WorkerResult back = (WorkerResult) JavaSerialization.roundTrip(r);
    assertThat(back.parameters()).isEqualTo(r.parameters());
    assertThat(back.updaterState()).isEqualTo(r.updaterState());
    assertThat(List.of(back.score(), back.buildMs(), back.setupMs(), back.fitMs()))
        .containsExactly(0.25, 40.0, 12.5, 300.0);
    assertThat(back.readyAtMillis()).isEqualTo(1234L);

    WorkerResult noState =
        (WorkerResult)
            JavaSerialization.roundTrip(new WorkerResult(net.params(), null, 1, 0, 0, 0, 0));
    assertThat(noState.updaterState()).isNull();
    assertThat(noState.parameters()).isEqualTo(net.params());
    assertThat(
            ((WorkerResult)
                    JavaSerialization.roundTrip(new WorkerResult(null, null, 0, 0, 0, 0, 0)))
                .trained())
        .isFalse();
  }

  /** CNN28 with SGD Nesterov (updater state as large as the parameters), seeded, one step taken. */
  private static MultiLayerNetwork network() {
    TrainConfig config =
        ConfigLoader.load(
            Path.of("../conf/train/fashion-mnist.yaml"), List.of("seed=4"), TrainConfig.class);
    MultiLayerNetwork net =
        FcddNetworkFactory.fcdd(config.architecture(), DistributedTrainer.networkOptions(config));
    Nd4j.getRandom().setSeed(4);
    net.fit(
        new org.nd4j.linalg.dataset.DataSet(
            Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 28, 28),
            Nd4j.create(new float[] {0, 1, 0, 1}, new long[] {4, 1}, 'c')));
    return net;
  }
}
