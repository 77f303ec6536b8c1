package io.fcddspark.spark.cli;

import io.fcddspark.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * One run of a job subcommand: its framework log ({@link RunLog}, unless {@code --verbose}) and its
 * Spark session, both opened at the start and closed at the end, where the log file is named again.
 */
final class CommandRun implements AutoCloseable {
  private final String command;
  private final PrintWriter err;
  private final RunLog log;
  private final String output;
  private final SparkSession spark;
  private final boolean restoreLogging;

  private CommandRun(
      String command,
      PrintWriter err,
      RunLog log,
      String output,
      SparkSession spark,
      boolean restoreLogging) {
    this.command = command;
    this.restoreLogging = restoreLogging;
    this.output = output;
    this.err = err;
    this.log = log;
    this.spark = spark;
  }

  /**
   * Opens the run of {@code command} writing to {@code output}, on the options' master or else
   * {@code defaultMaster}; {@code line} is the command line, whose writers it prints to; whether
   * the logging configuration is put back at the end is its parent {@link FcddCommand}'s choice.
   */
  static CommandRun start(
      JobOptions job, String command, String defaultMaster, String output, CommandLine line) {
    PrintWriter out = line.getOut();
    RunLog log = null;
    if (!job.verbose) {
      log = RunLog.to(RunLog.newFile(command), command);
      out.println(command + ": framework log " + log.file() + " (--verbose prints it here)");
      out.flush();
    }
    try {
      SparkSession spark = SparkSessions.forCommand(job.master(defaultMaster), "fcdd-" + command);
      boolean restoreLogging =
          line.getParent() == null
              || !(line.getParent().getCommand() instanceof FcddCommand root)
              || root.restoresLoggingAfterCommand;
      return new CommandRun(command, line.getErr(), log, output, spark, restoreLogging);
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
  }

  /** Progress lines to {@code out}, each flushed as it comes (long jobs print as they go). */
  static Consumer<String> progressTo(PrintWriter out) {
    return line -> {
      out.println(line);
      out.flush();
    };
  }

  /** The run's Spark session. */
  SparkSession spark() {
    return spark;
  }

  /** Stops Spark and names the log file again. */
  @Override
  public void close() {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      spark.stop();
    } finally {
      if (log != null) {
        err.println(command + ": framework log " + log.close(output, hadoop, restoreLogging));
        err.flush();
      }
    }
  }
}
