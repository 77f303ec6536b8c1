/**
 * What a run records about the Spark cluster it ran on: the executors' processes, task failures and
 * recomputations, and the settings that start a multi-process {@code local-cluster} without a Spark
 * distribution.
 */
package io.fcddspark.spark.cluster;
