/** Seeded randomness derived from a run's seed alone, the same on every executor. */
package io.fcddspark.random;
