package io.fcddspark.spark.train;

import java.io.Serializable;
import java.util.Collection;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's parameter averaging with the workers' results summed in partition order, so that the
 * average — and so a seeded run — is bit-identical whatever the order in which tasks finish.
 *
 * <p>DL4J sums the workers' parameters and updater states with Spark's {@code treeAggregate}, whose
 * last step merges the tasks' results on the driver as they arrive: with three or more workers the
 * float sum depends on that order. Here the workers train in parallel into cached results, which
 * one task then reads in partition order and sums (DL4J's own summation and everything else it does
 * with the result are unchanged).
 *
 * <p>The cached results are {@link WorkerResult}s: on a cluster the summing task fetches the other
 * executors' blocks, and DL4J's own result type is not serializable (Spark would then compute those
 * partitions again in the summing task, fitting them a second time).
 */
final class OrderedAveragingTrainingMaster extends ParameterAveragingTrainingMaster {
  private static final long serialVersionUID = 1L;

  OrderedAveragingTrainingMaster(ParameterAveragingTrainingMaster.Builder builder) {
    super(builder);
  }

  @Override
  protected void processResults(
      SparkDl4jMultiLayer network,
      SparkComputationGraph graph,
      JavaRDD<ParameterAveragingTrainingResult> results,
      int splitNum,
      int totalSplits) {
    JavaRDD<WorkerResult> trained =
        results.map(WorkerResult::of).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      trained.count(); // the workers train here, in parallel
      super.processResults(
          network, graph, trained.coalesce(1).map(WorkerResult::result), splitNum, totalSplits);
    } finally {
      trained.unpersist(false);
    }
  }

  /** One worker's {@link ParameterAveragingTrainingResult}, field for field, serializable. */
  record WorkerResult(
      INDArray parameters,
      INDArray updaterState,
      double score,
      SparkTrainingStats stats,
      Collection<StorageMetaData> listenerMetaData,
      Collection<Persistable> listenerStaticInfo,
      Collection<Persistable> listenerUpdates)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static WorkerResult of(ParameterAveragingTrainingResult r) {
      return new WorkerResult(
          r.getParameters(),
          r.getUpdaterState(),
          r.getScore(),
          r.getSparkTrainingStats(),
          r.getListenerMetaData(),
          r.getListenerStaticInfo(),
          r.getListenerUpdates());
    }

    ParameterAveragingTrainingResult result() {
      return new ParameterAveragingTrainingResult(
          parameters,
          updaterState,
          score,
          stats,
          listenerMetaData,
          listenerStaticInfo,
          listenerUpdates);
    }
  }
}
