package io.fcddspark.spark.train;

import io.fcddspark.nets.NetworkLayout;
import io.fcddspark.spark.GpuBinder;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Collection;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's parameter-averaging worker that binds its task to its GPU ({@link GpuBinder}: the fitting
 * task reads cached batches that another task built), builds its network in its executor's layout
 * ({@link NetworkLayout#forThisBackend}: the driver's may be the CPU fast path, the executor's a
 * GPU) and times, on its executor, reading the broadcast network (setup) and fitting its
 * minibatches. Spark deserialises a fresh worker for every task, so the times are the task's own.
 */
final class TimedTrainingWorker extends ParameterAveragingTrainingWorker {
  private static final long serialVersionUID = 1L;
  private final Broadcast<NetBroadcastTuple> broadcast;
  private transient long taskStart;
  private transient double buildMs;
  private transient long setupNanos;
  private transient long fitStart;

  TimedTrainingWorker(
      Broadcast<NetBroadcastTuple> broadcast,
      boolean saveUpdater,
      WorkerConfiguration configuration,
      Collection<TrainingHook> hooks,
      Collection<TrainingListener> listeners,
      StatsStorageRouterProvider routerProvider) {
    super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
    this.broadcast = broadcast;
  }

  /** Spark deserialises the worker as its task starts: the clock of its wait for its batches. */
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    taskStart = System.nanoTime();
  }

  @Override
  public MultiLayerNetwork getInitialModel() {
    // DL4J asks for the model after its first look at the data: the round's first batch, read
    // from the pass's cache (DistributedTrainer builds it before the rounds).
    long start = System.nanoTime();
    buildMs = taskStart == 0 ? 0 : (start - taskStart) / 1e6;
    GpuBinder.bindCurrentTask("fit");
    NetBroadcastTuple tuple = broadcast.getValue();
    // As DL4J's worker, with this executor's layout: a configuration, parameters and updater state
    // of its own, since each worker trains its copy.
    MultiLayerNetwork net =
        new MultiLayerNetwork(NetworkLayout.forThisBackend(tuple.getConfiguration()));
    net.init(tuple.getParameters().unsafeDuplication(), false);
    if (tuple.getUpdaterState() != null) {
      net.setUpdater(new MultiLayerUpdater(net, tuple.getUpdaterState().unsafeDuplication()));
    }
    Nd4j.getExecutioner().commit();
    fitStart = System.nanoTime();
    setupNanos = fitStart - start;
    return net;
  }

  @Override
  public ParameterAveragingTrainingResult getFinalResult(MultiLayerNetwork network) {
    ParameterAveragingTrainingResult r = super.getFinalResult(network);
    return new TimedResult(
        r, buildMs, setupNanos / 1e6, fitStart == 0 ? 0 : (System.nanoTime() - fitStart) / 1e6);
  }

  /** DL4J's result with the worker's batch building, setup and fit times. */
  static final class TimedResult extends ParameterAveragingTrainingResult {
    private static final long serialVersionUID = 2L;
    private final double buildMs;
    private final double setupMs;
    private final double fitMs;

    TimedResult(ParameterAveragingTrainingResult r, double buildMs, double setupMs, double fitMs) {
      super(
          r.getParameters(),
          r.getUpdaterState(),
          r.getScore(),
          r.getListenerMetaData(),
          r.getListenerStaticInfo(),
          r.getListenerUpdates());
      this.buildMs = buildMs;
      this.setupMs = setupMs;
      this.fitMs = fitMs;
    }

    double buildMs() {
      return buildMs;
    }

    double setupMs() {
      return setupMs;
    }

    double fitMs() {
      return fitMs;
    }
  }
}
