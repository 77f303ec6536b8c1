/** The contract every job (ingest, train, evaluate, rank, score, pipeline, sweep) keeps. */
package io.fcddspark.job;
