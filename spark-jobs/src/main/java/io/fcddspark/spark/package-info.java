/** Spark wiring of the fcdd-common core: the ingest, train, evaluate and rank jobs. */
package io.fcddspark.spark;
