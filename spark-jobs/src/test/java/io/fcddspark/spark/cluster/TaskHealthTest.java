package io.fcddspark.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fcddspark.spark.SparkSessions;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TaskHealth} and {@link ExecutorProcesses} on {@link MultiProcessRun#MASTER}: what only a
 * multi-process cluster shows (a cached block another process cannot read, so that Spark computes
 * it again) is counted, as are failed and retried tasks; each executor reports its own process.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TaskHealthTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local(MultiProcessRun.MASTER, "task-health-test");
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Not serializable: a cached block of these cannot be sent to another executor. */
  static final class Opaque {
    final int value;

    Opaque(int value) {
      this.value = value;
    }
  }

  /** Serializable: a cached block of these can. */
  record Plain(int value) implements Serializable {}

  @Test
  void countsABlockComputedAgainBecauseAnotherExecutorCouldNotReadIt() {
    TaskHealth.Counts before = TaskHealth.attach(spark.sparkContext()).counts();
    JavaRDD<Plain> plain = sc.parallelize(List.of(1, 2, 3, 4), 2).map(Plain::new);
    plain.persist(StorageLevel.MEMORY_ONLY()).count();
    assertThat(plain.coalesce(1).map(Plain::value).reduce(Integer::sum)).isEqualTo(10);
    plain.unpersist(true);
    assertThat(TaskHealth.attach(spark.sparkContext()).counts()).isEqualTo(before);

    JavaRDD<Opaque> opaque = sc.parallelize(List.of(1, 2, 3, 4), 2).map(Opaque::new);
    opaque.persist(StorageLevel.MEMORY_ONLY()).count();
    assertThat(opaque.coalesce(1).map(o -> o.value).reduce(Integer::sum)).isEqualTo(10);
    // Not a blocking unpersist: the executor whose block could not be serialized never releases
    // its read lock on it, and would not answer (Spark 3.5.3; the 120 s wait at the end of the
    // first
    // multi-process training run).
    opaque.unpersist(false);
    TaskHealth.Counts after = TaskHealth.attach(spark.sparkContext()).counts();
    assertThat(after.recomputedBlocks()).isEqualTo(before.recomputedBlocks() + 1);
    assertThat(after.failedTasks()).isEqualTo(before.failedTasks());
    assertThat(ExecutorLogs.errors(spark.sparkContext().applicationId()))
        .anyMatch(line -> line.contains("Failed to fetch block"));
  }

  @Test
  void countsAFailedTaskAndItsRetry() {
    TaskHealth.Counts before = TaskHealth.attach(spark.sparkContext()).counts();
    long n =
        sc.parallelize(List.of(1, 2), 2)
            .map(
                i -> {
                  if (i == 2 && TaskContext.get().attemptNumber() == 0) {
                    throw new IllegalStateException("first attempt fails on purpose");
                  }
                  return i;
                })
            .count();
    assertThat(n).isEqualTo(2);
    TaskHealth.Counts after = TaskHealth.attach(spark.sparkContext()).counts();
    assertThat(after.failedTasks()).isEqualTo(before.failedTasks() + 1);
    assertThat(after.retriedTasks()).isEqualTo(before.retriedTasks() + 1);
    assertThat(after.clean()).isFalse();
  }

  @Test
  void everyExecutorReportsItsOwnProcess() {
    sc.parallelize(List.of(1, 2, 3, 4), 2).count();
    SparkRun run = SparkRun.of(spark.sparkContext());
    assertThat(run.executors()).extracting(ProcessInfo::executorId).containsExactly("0", "1");
    assertThat(run.executors())
        .extracting(ProcessInfo::pid)
        .doesNotHaveDuplicates()
        .doesNotContain(ProcessHandle.current().pid());
    assertThat(run.driver().pid()).isEqualTo(ProcessHandle.current().pid());
  }
}
