/** Benchmarks of fcdd-spark's hot paths, reported as ratios against a baseline of the same run. */
package io.fcddspark.bench;
