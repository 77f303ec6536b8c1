package io.fcddspark.ingest.plan;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;
import static io.fcddspark.config.Validators.positive;

import io.fcddspark.config.ConfigException;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.InputFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest job's config file (YAML; every key in docs/ingest.md), as the user wrote it.
 *
 * @param output where the job writes (HDFS or local); required
 * @param targetShardBytes target Parquet file size; default 128 MiB
 * @param maxPixels decompression-bomb guard for encoded images; default 100,000,000
 * @param maxFileBytes larger image files and tar entries are rejects; default 64 MiB
 * @param sources what to read; at least one
 */
public record IngestConfig(
    String output,
    Long targetShardBytes,
    Long maxPixels,
    Long maxFileBytes,
    List<SourceSpec> sources) {
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  public IngestConfig {
    required(output, "output");
    targetShardBytes = orDefault(targetShardBytes, IngestPlan.DEFAULT_SHARD_BYTES);
    maxPixels = orDefault(maxPixels, DEFAULT_MAX_PIXELS);
    maxFileBytes = orDefault(maxFileBytes, DEFAULT_MAX_FILE_BYTES);
    if (sources == null || sources.isEmpty()) {
      throw new ConfigException("missing key 'sources': list at least one source");
    }
    sources = List.copyOf(sources);
    positive("maxPixels", maxPixels);
    positive("maxFileBytes", maxFileBytes);
  }

  /**
   * Plans every source on the driver (listings and headers only) into the job's config; a source
   * that cannot be planned fails here, before any work, naming its key.
   */
  public IngestPlan plan(InputFiles files) {
    SourceSpec.Planning p = new SourceSpec.Planning(files, maxPixels, maxFileBytes);
    List<IngestSource> units = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      try {
        units.addAll(sources.get(i).plan(p));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("sources[" + i + "]: " + e.getMessage(), e);
      }
    }
    try {
      return new IngestPlan(output, units, targetShardBytes, this);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
