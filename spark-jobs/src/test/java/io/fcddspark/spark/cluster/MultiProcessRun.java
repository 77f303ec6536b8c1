package io.fcddspark.spark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What the multi-process tier asserts of every run on {@code local-cluster}: from the {@link
 * SparkRun} its provenance recorded, nothing failed, retried, lost or computed twice; the work ran
 * in two executor JVMs, neither of them the driver's; and their logs hold no ERROR line.
 */
public final class MultiProcessRun {
  /** The multi-process master of the tier: two workers of one core, each executor its own JVM. */
  public static final String MASTER = "local-cluster[2,1,1536]";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MultiProcessRun() {}

  /** The {@link SparkRun} recorded at {@code node} (a provenance's {@code spark} entry). */
  public static SparkRun read(JsonNode node) {
    assertThat(node.isMissingNode()).as("provenance has no spark run").isFalse();
    try {
      return JSON.treeToValue(node, SparkRun.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Cannot read the spark run " + node, e);
    }
  }

  /** Asserts what the tier requires of {@code run}, described by {@code what}. */
  public static void assertClean(String what, SparkRun run) {
    assertThat(run.master()).as(what).isEqualTo(MASTER);
    assertThat(run.tasks()).as(what + ": failed, retried, lost or recomputed").isEqualTo(ZERO);
    List<Long> pids = run.executors().stream().map(ProcessInfo::pid).toList();
    assertThat(run.executors()).as(what + ": executors").hasSize(2);
    assertThat(pids).as(what + ": executor pids").doesNotHaveDuplicates();
    assertThat(pids).as(what + ": executor pids").doesNotContain(run.driver().pid());
    assertThat(ExecutorLogs.errors(run.applicationId()))
        .as(what + ": executor ERROR lines")
        .isEmpty();
  }

  private static final TaskHealth.Counts ZERO = new TaskHealth.Counts(0, 0, 0, 0, 0, 0);
}
