package io.fcddspark.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every job subcommand takes: its config file, overrides and the Spark master. */
public final class JobOptions {
  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The job's YAML config, e.g. conf/<job>/fashion-mnist.yaml.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides a key of the config (repeatable), e.g. --set output=/tmp/out.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master when not under spark-submit (default: the config's, else local[*]).")
  String master;

  @Option(
      names = "--verbose",
      description =
          "Print Spark, Hadoop, Parquet and DL4J logging on the console (default: to a log file"
              + " in the output folder, named at the start and the end).")
  boolean verbose;

  /** {@code bin/fcdd <command> -c <config>} with these overrides, as a user would type it again. */
  String commandLine(String command) {
    StringBuilder line = new StringBuilder("bin/fcdd " + command + " -c ").append(config);
    overrides.forEach(o -> line.append(" --set ").append(o));
    return line.toString();
  }

  /** The master to use: the option's, else {@code fallback}. */
  String master(String fallback) {
    return master == null ? fallback : master;
  }
}
