package io.fcddspark.spark.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** What the launcher's main does around the command line it runs. */
final class Launcher {
  private Launcher() {}

  /**
   * Runs {@code args} as the JVM's only command: the shipped configs unpacked for a cluster-mode
   * driver, a warning where the CUDA backend fell back to the CPU, and the logging configuration
   * left as it is at the end, so that what Spark logs while the JVM shuts down also goes to the
   * run's log file.
   */
  static int launch(String[] args) {
    if ("cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      ShippedConfigs.unpackForThisDriver();
    }
    CpuFallbackWarning.printIfFellBack(args);
    return execute(
        new FcddCommand(false),
        args,
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
  }

  /** Runs {@code args} on the command line of {@code root}; returns the exit code. */
  static int execute(FcddCommand root, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    UsageErrors.reportTo(cli, err);
    return cli.execute(args);
  }
}
