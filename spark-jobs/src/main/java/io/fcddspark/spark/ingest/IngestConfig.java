package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.IdxSource;
import java.util.List;
import java.util.Objects;

/**
 * What the ingest job reads and where it writes.
 *
 * @param output directory URI ({@code hdfs://...} or a local path); the job writes {@code images/},
 *     {@code rejects/} and {@code manifest.json} under it, replacing earlier output
 * @param idxSources IDX image/label pairs (MNIST, Fashion-MNIST, EMNIST)
 * @param targetShardBytes target size of one Parquet file of images (default 128 MiB)
 */
public record IngestConfig(String output, List<IdxSource> idxSources, long targetShardBytes) {
  /** The default shard target: 128 MiB. */
  public static final long DEFAULT_SHARD_BYTES = 128L << 20;

  public IngestConfig {
    Objects.requireNonNull(output, "output");
    idxSources = List.copyOf(idxSources);
    if (output.isBlank()) {
      throw new IllegalArgumentException("Cannot set output to a blank path");
    }
    if (idxSources.isEmpty()) {
      throw new IllegalArgumentException("Cannot ingest nothing: idxSources is empty");
    }
    if (targetShardBytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "Cannot set targetShardBytes to " + targetShardBytes + ", the value must be >= 1 MiB");
    }
  }
}
