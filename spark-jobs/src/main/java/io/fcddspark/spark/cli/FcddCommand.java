package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.Suggestions;
import io.fcddspark.dl4j.Nd4jBackendChoice;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fcdd}: the launcher's main class, under {@code bin/fcdd} or {@code spark-submit}. Exit
 * codes: 0 done; 1 the job failed; 2 a usage or config error, reported in one line.
 */
@Command(
    name = "fcdd",
    mixinStandardHelpOptions = true,
    versionProvider = FcddCommand.Version.class,
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
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof ConfigException) {
            err.println(line.getCommandName() + ": " + e.getMessage());
            err.flush();
            return USAGE;
          }
          throw e;
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          // An unknown option says more than the required option it displaced: report it first.
          List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
          String message =
              (e instanceof CommandLine.MissingParameterException
                          || e instanceof CommandLine.UnmatchedArgumentException)
                      && !unmatched.isEmpty()
                  ? unmatched(e.getCommandLine(), unmatched.get(0))
                  : e.getMessage();
          err.println(e.getCommandLine().getCommandName() + ": " + message);
          err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return USAGE;
        });
    return cli.execute(args);
  }

  /** An unknown subcommand, option or argument, with the known name it most likely meant. */
  private static String unmatched(CommandLine line, String arg) {
    if (arg.startsWith("-")) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      return "Unknown option: '"
          + arg
          + "'"
          + Suggestions.didYouMean(name, line.getCommandSpec().optionsMap().keySet());
    }
    if (!line.getSubcommands().isEmpty()) {
      return "Unknown command: '"
          + arg
          + "'"
          + Suggestions.didYouMean(arg, line.getSubcommands().keySet());
    }
    return "Unmatched argument: '" + arg + "'";
  }

  /** Progress lines to {@code out}, each flushed as it comes (long jobs print as they go). */
  static java.util.function.Consumer<String> progressTo(PrintWriter out) {
    return line -> {
      out.println(line);
      out.flush();
    };
  }

  public static void main(String[] args) {
    if ("cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      ShippedConfigs.unpackForThisDriver();
    }
    warnOnCpuFallback(args);
    int code =
        execute(
            new FcddCommand(false),
            args,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    System.exit(code);
  }

  /**
   * In a {@code -Pcuda} build, loads ND4J's backend before the command and warns when it fell back
   * to the CPU (no GPU or no CUDA libraries here), saying why; help and version skip it.
   */
  private static void warnOnCpuFallback(String[] args) {
    for (String arg : args) {
      if (List.of("-h", "--help", "-V", "--version").contains(arg)) {
        return;
      }
    }
    if (Nd4jBackendChoice.cudaInThisBuild()) {
      Nd4jBackendChoice backend = Nd4jBackendChoice.ofThisJvm();
      if (backend.fellBackToCpu()) {
        System.err.println("fcdd: warning: " + backend.describe());
      }
    }
  }

  /** The jar's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FcddCommand.class.getPackage().getImplementationVersion();
      return new String[] {"fcdd-spark " + (v == null ? "development" : v)};
    }
  }
}
