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

  /**
   * Whether each command puts the JVM's logging configuration back when it ends: so for commands
   * run in-process (as the tests do); not under the launcher's main, so that what Spark logs while
   * the JVM shuts down also goes to the run's log file.
   */
  private final boolean restoreLoggingAfterCommand;

  /** The command line for in-process use ({@link #execute}). */
  public FcddCommand() {
    this(true);
  }

  private FcddCommand(boolean restoreLoggingAfterCommand) {
    this.restoreLoggingAfterCommand = restoreLoggingAfterCommand;
  }

  /** Whether each command puts the logging configuration back when it ends (in-process use). */
  boolean restoresLoggingAfterCommand() {
    return restoreLoggingAfterCommand;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand");
  }

  /** Runs {@code args}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(new FcddCommand(), args, out, err);
  }

  private static int execute(FcddCommand root, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    UsageErrors.reportTo(cli, err);
    return cli.execute(args);
  }

  public static void main(String[] args) {
    if ("cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      ShippedConfigs.unpackForThisDriver();
    }
    CpuFallbackWarning.printIfFellBack(args);
    int code =
        execute(
            new FcddCommand(false),
            args,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    System.exit(code);
  }
}
