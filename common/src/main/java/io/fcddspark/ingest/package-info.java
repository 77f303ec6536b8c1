/**
 * Readers that turn image corpora into images and rejects, accounting for every input: the pure
 * part of the ingest job.
 */
package io.fcddspark.ingest;
