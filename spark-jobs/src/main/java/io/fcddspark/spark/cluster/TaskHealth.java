package io.fcddspark.spark.cluster;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.FetchFailed;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockUpdatedInfo;

/**
 * Counts what makes a Spark run do work twice or lose it: failed tasks, fetch failures, task
 * retries, resubmitted stages, lost executors, and cached blocks computed a second time (a cached
 * partition stored by a second executor while the first still holds it: what Spark does when a
 * remote read of the block fails).
 */
public final class TaskHealth extends SparkListener {
  private static final Map<SparkContext, TaskHealth> BY_CONTEXT =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * What went wrong so far.
   *
   * @param failedTasks task attempts that ended other than successfully
   * @param fetchFailures of those, the ones that could not fetch another executor's output
   * @param retriedTasks task attempts after a first one (retries and speculative copies)
   * @param resubmittedStages stage attempts after a first one
   * @param lostExecutors executors removed while the application ran
   * @param recomputedBlocks cached partitions computed again while stored elsewhere
   */
  public record Counts(
      int failedTasks,
      int fetchFailures,
      int retriedTasks,
      int resubmittedStages,
      int lostExecutors,
      int recomputedBlocks) {
    /** Whether nothing was failed, retried, lost or recomputed. */
    public boolean clean() {
      return failedTasks
              + fetchFailures
              + retriedTasks
              + resubmittedStages
              + lostExecutors
              + recomputedBlocks
          == 0;
    }
  }

  private int failedTasks;
  private int fetchFailures;
  private int retriedTasks;
  private int resubmittedStages;
  private int lostExecutors;
  private int recomputedBlocks;
  private final Map<String, String> blockHolders = new HashMap<>();

  private TaskHealth() {}

  /** The listener of {@code sc}, registered on first use: counts start from then. */
  public static TaskHealth attach(SparkContext sc) {
    return BY_CONTEXT.computeIfAbsent(
        sc,
        c -> {
          TaskHealth health = new TaskHealth();
          c.addSparkListener(health);
          return health;
        });
  }

  /** The counts so far. */
  public synchronized Counts counts() {
    return new Counts(
        failedTasks,
        fetchFailures,
        retriedTasks,
        resubmittedStages,
        lostExecutors,
        recomputedBlocks);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    if (!end.taskInfo().successful()) {
      failedTasks++;
    }
    if (end.reason() instanceof FetchFailed) {
      fetchFailures++;
    }
    if (end.taskInfo().attemptNumber() > 0 || end.taskInfo().speculative()) {
      retriedTasks++;
    }
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (submitted.stageInfo().attemptNumber() > 0) {
      resubmittedStages++;
    }
  }

  @Override
  public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    lostExecutors++;
  }

  @Override
  public synchronized void onBlockUpdated(SparkListenerBlockUpdated updated) {
    BlockUpdatedInfo info = updated.blockUpdatedInfo();
    if (!info.blockId().isRDD()) {
      return;
    }
    String block = info.blockId().name();
    String executor = info.blockManagerId().executorId();
    if (!info.storageLevel().isValid()) {
      blockHolders.remove(block, executor);
      return;
    }
    String holder = blockHolders.putIfAbsent(block, executor);
    if (holder != null && !holder.equals(executor)) {
      recomputedBlocks++;
      blockHolders.put(block, executor);
    }
  }
}
