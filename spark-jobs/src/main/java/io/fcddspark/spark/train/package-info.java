/** The train job's Spark side: reading ingested images, fitting constants, batching. */
package io.fcddspark.spark.train;
