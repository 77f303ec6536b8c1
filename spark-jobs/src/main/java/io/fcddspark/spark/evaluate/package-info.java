/** The evaluate job's Spark side: distributed exact metrics. */
package io.fcddspark.spark.evaluate;
