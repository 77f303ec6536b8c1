package io.fcddspark.spark.train;

import io.fcddspark.config.ConfigException;
import io.fcddspark.train.InOrderFold;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.network.util.JavaUtils;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * DL4J's parameter averaging in one Spark job per round, with the workers' results summed in
 * partition order, so that the average — and so a seeded run — is bit-identical whatever the order
 * in which tasks finish.
 *
 * <p>DL4J sums the workers' parameters and updater states with Spark's {@code treeAggregate}, whose
 * last step merges the tasks' results on the driver as they arrive: with three or more workers the
 * float sum depends on that order, and its result type is not serializable. Here every worker's
 * task sends its result ({@link WorkerResult}) straight to the driver, which adds it as soon as
 * every lower partition's result has been added ({@link InOrderFold}): ((r0 + r1) + r2) + …, then
 * divides by the count, as DL4J does. The round's broadcast is destroyed once the round is done.
 *
 * <p>Only {@link MultiLayerNetwork}s are trained here, without DL4J's training statistics or stats
 * storage.
 */
final class OrderedAveragingTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 3L;
  private static final Logger LOG = LoggerFactory.getLogger(OrderedAveragingTrainingMaster.class);

  private final long batchCount;
  private final transient Consumer<AveragingRound> rounds;
  private transient Broadcast<NetBroadcastTuple> broadcast;
  private transient double broadcastMs;

  /**
   * A master for one pass of {@code batchCount} batches, reporting each round to {@code rounds}.
   */
  OrderedAveragingTrainingMaster(
      ParameterAveragingTrainingMaster.Builder builder,
      long batchCount,
      Consumer<AveragingRound> rounds) {
    super(builder);
    this.batchCount = batchCount;
    this.rounds = rounds;
  }

  /**
   * The pass's batches as {@link DistributedTrainer} counted them, where DL4J would count again.
   */
  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(
      JavaRDDLike<T, R> data) {
    return batchCount;
  }

  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
    MultiLayerNetwork net = network.getNetwork();
    long start = System.nanoTime();
    broadcast =
        network
            .getSparkContext()
            .broadcast(
                new PackedNetBroadcast(
                    net.getLayerWiseConfigurations(),
                    net.params(),
                    net.getUpdater().getStateViewArray()));
    broadcastMs = (System.nanoTime() - start) / 1e6;
    return new TimedTrainingWorker(
        broadcast,
        saveUpdater,
        new WorkerConfiguration(
            false,
            rddDataSetNumExamples,
            batchSizePerWorker,
            averagingFrequency,
            prefetchNumBatches,
            false),
        trainingHookList,
        listeners,
        getRouterProvider());
  }

  @Override
  public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
    throw new UnsupportedOperationException("Only MultiLayerNetworks are trained here");
  }

  @Override
  protected void processResults(
      SparkDl4jMultiLayer network,
      SparkComputationGraph graph,
      JavaRDD<ParameterAveragingTrainingResult> results,
      int splitNum,
      int totalSplits) {
    if (network == null) {
      throw new UnsupportedOperationException("Only MultiLayerNetworks are trained here");
    }
    long roundStart = System.nanoTime() - (long) (broadcastMs * 1e6);
    MultiLayerNetwork net = network.getNetwork();
    int workers = results.getNumPartitions();
    long resultBytes = resultBytes(net);
    requireResultRoom(results.context(), workers, resultBytes);

    Arrivals arrivals = new Arrivals(workers);
    try {
      results
          .context()
          .runJob(
              results.rdd(),
              new OnlyResult(),
              (Object partition, WorkerResult r) -> {
                arrivals.accept((Integer) partition, r);
                return BoxedUnit.UNIT;
              },
              scala.reflect.ClassTag$.MODULE$.apply(WorkerResult.class));
    } finally {
      if (broadcast != null) {
        broadcast.destroy();
        broadcast = null;
      }
    }
    WorkerResult sum = arrivals.fold.total().orElse(null);
    int count = arrivals.fold.folded();
    if (sum == null) {
      LOG.info("Round {} of {}: no worker had data; skipped", splitNum, totalSplits);
      return;
    }
    INDArray params = sum.parameters().divi(count);
    if (sum.updaterState() != null) {
      sum.updaterState().divi(count);
    }
    net.setParameters(params);
    if (sum.updaterState() != null) {
      net.getUpdater().setStateViewArray(null, sum.updaterState(), false);
    }
    network.setScore(sum.score() / count);
    Nd4j.getExecutioner().commit();
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    conf.setIterationCount(conf.getIterationCount() + averagingFrequency);

    double roundMs = (System.nanoTime() - roundStart) / 1e6;
    WorkerResult last = arrivals.last;
    AveragingRound round =
        new AveragingRound(
            count,
            roundMs,
            broadcastMs,
            last.buildMs(),
            last.setupMs(),
            last.fitMs(),
            arrivals.lastTransferMs,
            arrivals.lastSummingMs,
            resultBytes,
            arrivals.fold.mostWaiting());
    LOG.debug("Round {} of {}: {}", splitNum, totalSplits, round);
    if (rounds != null) {
      rounds.accept(round);
    }
  }

  /** One worker's parameters and updater state, in bytes. */
  private static long resultBytes(MultiLayerNetwork net) {
    INDArray state = net.getUpdater().getStateViewArray();
    long values = net.numParams() + (state == null ? 0 : state.length());
    return values * net.params().dataType().width();
  }

  /**
   * Fails before the round, naming the setting, when the workers' results cannot all reach the
   * driver under {@code spark.driver.maxResultSize}.
   */
  static void requireResultRoom(SparkContext sc, int workers, long resultBytes) {
    String setting = sc.getConf().get("spark.driver.maxResultSize", "1g");
    long max = JavaUtils.byteStringAsBytes(setting);
    long needed = workers * resultBytes;
    if (max > 0 && needed > max * 9 / 10) {
      throw new ConfigException(
          String.format(
              "Averaging %d workers' results of %.1f MB each (parameters and updater state)"
                  + " sends %.0f MB to the driver per round, more than 90 %% of"
                  + " spark.driver.maxResultSize = %s: set spark.driver.maxResultSize to at least"
                  + " %dm (or 0 for no limit) and give the driver that much more memory",
              workers,
              resultBytes / 1e6,
              needed / 1e6,
              setting,
              (long) Math.ceil(needed * 10 / 9.0 / (1 << 20)) + 1));
    }
  }

  /** The task's one result (a worker yields one, or none when its partition had no data). */
  private static final class OnlyResult
      extends AbstractFunction1<Iterator<ParameterAveragingTrainingResult>, WorkerResult>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public WorkerResult apply(Iterator<ParameterAveragingTrainingResult> results) {
      if (!results.hasNext()) {
        return null;
      }
      WorkerResult first = WorkerResult.of(results.next());
      if (results.hasNext()) {
        throw new IllegalStateException("A worker returned more than one result");
      }
      return first.trained() ? first : null;
    }
  }

  /** The results as they reach the driver (Spark calls in one at a time), summed in order. */
  private static final class Arrivals {
    final InOrderFold<WorkerResult> fold;
    WorkerResult last;
    double lastTransferMs;
    double lastSummingMs;

    Arrivals(int workers) {
      fold = new InOrderFold<>(workers, Arrivals::add);
    }

    synchronized void accept(int partition, WorkerResult r) {
      long arrived = System.currentTimeMillis();
      long start = System.nanoTime();
      fold.accept(partition, r);
      if (r != null) {
        last = r;
        lastTransferMs = Math.max(0, arrived - r.readyAtMillis());
      }
      lastSummingMs = (System.nanoTime() - start) / 1e6;
    }

    /** total += r, in place in the total (a copy deserialised on the driver). */
    private static WorkerResult add(WorkerResult total, WorkerResult r) {
      total.parameters().addi(r.parameters());
      if (total.updaterState() != null && r.updaterState() != null) {
        total.updaterState().addi(r.updaterState());
      }
      return new WorkerResult(
          total.parameters(), total.updaterState(), total.score() + r.score(), 0, 0, 0, 0);
    }
  }
}
