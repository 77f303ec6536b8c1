package io.fcddspark.spark.pipeline;

import io.fcddspark.evaluate.EvaluateConfig;
import io.fcddspark.evaluate.EvaluateResult;
import io.fcddspark.spark.evaluate.EvaluateJob;
import io.fcddspark.spark.train.TrainJob;
import io.fcddspark.spark.train.TrainResult;
import io.fcddspark.train.TrainConfig;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/** Trains, then evaluates, one run of a pipeline or one sweep cell, timing each. */
final class CellRunner {
  private final SparkSession spark;

  CellRunner(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * What a run gave.
   *
   * @param trained the train job's result
   * @param evaluated the evaluate job's result
   * @param trainSeconds the train job's wall time
   * @param evaluateSeconds the evaluate job's wall time
   */
  record Done(
      TrainResult trained, EvaluateResult evaluated, double trainSeconds, double evaluateSeconds) {}

  /** Trains {@code train}, tells {@code trained} what it gave, then evaluates {@code evaluate}. */
  Done run(TrainConfig train, EvaluateConfig evaluate, Consumer<TrainResult> trained) {
    Instant start = Instant.now();
    TrainResult t = new TrainJob(spark).run(train);
    double trainSeconds = Stages.seconds(start);
    trained.accept(t);
    Instant evaluationStart = Instant.now();
    EvaluateResult e = new EvaluateJob(spark).run(evaluate);
    return new Done(t, e, trainSeconds, Stages.seconds(evaluationStart));
  }
}
