package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigException;
import io.fcddspark.config.Suggestions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * How the command line reports a usage or config error: one line naming the command (with the known
 * name a mistyped one most likely meant), a pointer to its help, and exit code 2.
 */
final class UsageErrors {
  private UsageErrors() {}

  /** Installs the handlers on {@code cli}, printing to {@code err}. */
  static void reportTo(CommandLine cli, PrintWriter err) {
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof ConfigException) {
            err.println(line.getCommandName() + ": " + e.getMessage());
            err.flush();
            return FcddCommand.USAGE;
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
          return FcddCommand.USAGE;
        });
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
}
