package io.fcddspark.spark.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * What one Spark task did about GPUs before its ND4J work, as its executor reports it to the
 * driver.
 *
 * @param executorId the executor that ran the task
 * @param stageId the task's stage
 * @param partitionId the task's partition
 * @param taskAttemptId Spark's id of the task attempt
 * @param purpose what the task does with ND4J ({@code batches}, {@code fit}, {@code score})
 * @param assigned the GPU addresses Spark's resource scheduling gave the task (empty: none)
 * @param device the ND4J device the task's thread was bound to, -1 when none
 * @param dryRun whether the binding was decided only ({@code fcdd.gpu.dryRunDevices}), not made
 * @param reason the decision in words, as the executor logged it
 */
public record TaskGpuBinding(
    String executorId,
    int stageId,
    int partitionId,
    long taskAttemptId,
    String purpose,
    List<String> assigned,
    int device,
    boolean dryRun,
    String reason)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
