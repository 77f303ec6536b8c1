package io.fcddspark.ingest.plan;

import io.fcddspark.ingest.IngestSource;
import java.util.List;
import java.util.Objects;

/**
 * What the ingest job reads and where it writes.
 *
 * @param output directory URI ({@code hdfs://...} or a local path); the job writes {@code images/},
 *     {@code rejects/} and {@code manifest.json} under it, replacing earlier output
 * @param sources what to read, one Spark task each: IDX pairs (MNIST, Fashion-MNIST, EMNIST), CIFAR
 *     splits, ...
 * @param targetShardBytes target size of one Parquet file of images (default 128 MiB)
 * @param config the config file these units were planned from (recorded in the manifest), or null
 *     for units planned in code
 */
public record IngestPlan(
    String output, List<IngestSource> sources, long targetShardBytes, IngestConfig config) {
  /** The default shard target: 128 MiB. */
  public static final long DEFAULT_SHARD_BYTES = 128L << 20;

  public IngestPlan {
    Objects.requireNonNull(output, "output");
    sources = List.copyOf(sources);
    if (output.isBlank()) {
      throw new IllegalArgumentException("Cannot set output to a blank path");
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("Cannot ingest nothing: sources is empty");
    }
    if (targetShardBytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "Cannot set targetShardBytes to " + targetShardBytes + ", the value must be >= 1 MiB");
    }
  }

  /** Units planned in code. */
  public IngestPlan(String output, List<IngestSource> sources, long targetShardBytes) {
    this(output, sources, targetShardBytes, null);
  }
}
