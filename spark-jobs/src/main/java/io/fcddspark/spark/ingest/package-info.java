/** The ingest job: image corpora into Parquet shards, a rejects table and a manifest. */
package io.fcddspark.spark.ingest;
