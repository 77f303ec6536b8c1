/** The {@code fcdd} command line: one subcommand per job. */
package io.fcddspark.spark.cli;
