package io.fcddspark.spark.ingest;

import java.util.Map;

/**
 * What one ingest run wrote.
 *
 * @param inputs inputs accounted for (records the sources declare; 1 per unreadable source)
 * @param rows images written
 * @param rejects rejects written
 * @param perClass rows per "dataset/split/class"
 * @param contentHash order-independent hash of the written (id, content hash) pairs
 */
public record IngestResult(
    long inputs, long rows, long rejects, Map<String, Long> perClass, String contentHash) {}
