package io.fcddspark.spark.train;

import io.fcddspark.dl4j.PackedArray;
import java.io.Serializable;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's result of an averaging round, as it travels from its executor to the driver:
 * parameters and updater state (null when the worker had no data), its loss, and where its time
 * went. DL4J's own result type is not serializable. It travels as {@link Packed}: its arrays in
 * bulk, not through ND4J's element-by-element serialization.
 *
 * @param buildMs waiting for its first batch, from the task's start to setup (read from the pass's
 *     cache)
 * @param setupMs reading the broadcast network and building the worker's copy
 * @param fitMs reading its batches and fitting them
 * @param readyAtMillis wall-clock time (epoch ms, the executor's clock) the result was ready
 */
record WorkerResult(
    INDArray parameters,
    INDArray updaterState,
    double score,
    double buildMs,
    double setupMs,
    double fitMs,
    long readyAtMillis)
    implements Serializable {
  private static final long serialVersionUID = 3L;

  static WorkerResult of(ParameterAveragingTrainingResult r) {
    if (r instanceof TimedTrainingWorker.TimedResult t) {
      return new WorkerResult(
          t.getParameters(),
          t.getUpdaterState(),
          t.getScore(),
          t.buildMs(),
          t.setupMs(),
          t.fitMs(),
          System.currentTimeMillis());
    }
    return new WorkerResult(
        r.getParameters(), r.getUpdaterState(), r.getScore(), 0, 0, 0, System.currentTimeMillis());
  }

  /** Whether the worker trained (a worker without data returns no parameters). */
  boolean trained() {
    return parameters != null;
  }

  private Object writeReplace() {
    return new Packed(
        PackedArray.of(parameters),
        PackedArray.of(updaterState),
        score,
        buildMs,
        setupMs,
        fitMs,
        readyAtMillis);
  }

  /** The serialized form of a {@link WorkerResult}. */
  private record Packed(
      PackedArray parameters,
      PackedArray updaterState,
      double score,
      double buildMs,
      double setupMs,
      double fitMs,
      long readyAtMillis)
      implements Serializable {
    private static final long serialVersionUID = 2L;

    private Object readResolve() {
      return new WorkerResult(
          PackedArray.unpack(parameters),
          PackedArray.unpack(updaterState),
          score,
          buildMs,
          setupMs,
          fitMs,
          readyAtMillis);
    }
  }
}
