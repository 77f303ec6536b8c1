package io.fcddspark.spark.cluster;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Kills one executor JVM with SIGKILL in the middle of a chosen stage: once the {@code
 * occurrence}-th stage whose name contains {@code stage} has started a task on an executor, that
 * executor's process is killed {@code delayMillis} later.
 */
public final class ExecutorKiller extends SparkListener {
  private final SparkContext sc;
  private final String stage;
  private final int occurrence;
  private final long delayMillis;
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicLong killed = new AtomicLong(-1);
  private volatile int armedStage = -1;

  private ExecutorKiller(SparkContext sc, String stage, int occurrence, long delayMillis) {
    this.sc = sc;
    this.stage = stage;
    this.occurrence = occurrence;
    this.delayMillis = delayMillis;
  }

  /** A killer registered on {@code sc}. */
  public static ExecutorKiller arm(
      SparkContext sc, String stage, int occurrence, long delayMillis) {
    ExecutorKiller killer = new ExecutorKiller(sc, stage, occurrence, delayMillis);
    sc.addSparkListener(killer);
    return killer;
  }

  /** The process id killed, or -1 when none was. */
  public long killedPid() {
    return killed.get();
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (submitted.stageInfo().name().contains(stage) && seen.incrementAndGet() == occurrence) {
      armedStage = submitted.stageInfo().stageId();
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    String executor = start.taskInfo().executorId();
    if (start.stageId() != armedStage || "driver".equals(executor)) {
      return;
    }
    long pid =
        ExecutorProcesses.of(sc).stream()
            .filter(p -> p.executorId().equals(executor))
            .mapToLong(ProcessInfo::pid)
            .findFirst()
            .orElse(-1);
    if (pid < 0 || !killed.compareAndSet(-1, pid)) {
      return;
    }
    Thread kill =
        new Thread(
            () -> {
              try {
                Thread.sleep(delayMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            },
            "kill-executor-" + executor);
    kill.setDaemon(true);
    kill.start();
  }
}
