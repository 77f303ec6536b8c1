package io.fcddspark.spark.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fcdd}: the launcher's main class, under {@code bin/fcdd} or {@code spark-submit}. Exit
 * codes: 0 done; 1 the job failed; 2 a usage or config error, reported in one line.
 */
@Command(
    name = "fcdd",
    mixinStandardHelpOptions = true,
    versionProvider = JarVersion.class,
    description =
        "FCDD on Spark: ingest, train, evaluate, rank, and the pipeline, sweep, score and report built on them.",
    subcommands = {
      IngestCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      RankCommand.class,
      PipelineCommand.class,
      ReportCommand.class,
      SweepCommand.class,
      ScoreCommand.class
    })
public final class FcddCommand implements Runnable {
  /** Usage and config errors. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whether each command puts the JVM's logging configuration back when it ends. */
  final boolean restoresLoggingAfterCommand;

  /** The command line for in-process use ({@link #execute}), as the tests run it. */
  public FcddCommand() {
    this(true);
  }

  FcddCommand(boolean restoresLoggingAfterCommand) {
    this.restoresLoggingAfterCommand = restoresLoggingAfterCommand;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand");
  }

  /** Runs {@code args}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return Launcher.execute(new FcddCommand(), args, out, err);
  }

  /** Runs {@code args} and exits with its code ({@link Launcher}). */
  public static void main(String[] args) {
    System.exit(Launcher.launch(args));
  }
}
