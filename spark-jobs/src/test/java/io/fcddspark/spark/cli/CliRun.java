package io.fcddspark.spark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code fcdd} command line run in-process, with its exit code and output. */
record CliRun(int code, String out, String err) {
  /**
   * The arguments of {@code fcdd train} for one quick epoch of the shipped Fashion-MNIST config on
   * {@code data} (a TrainingCorpus ingest: Fashion-MNIST with letters as OE) into {@code output}.
   */
  static String[] trainOneEpoch(java.nio.file.Path output, String data) {
    return new String[] {
      "train",
      "-c",
      "../conf/train/fashion-mnist.yaml",
      "--master",
      "local[2]",
      "--set",
      "output=" + output,
      "--set",
      "data.input=" + data,
      "--set",
      "outlierExposure.input=" + data,
      "--set",
      "outlierExposure.dataset=letters",
      "--set",
      "epochs=1",
      "--set",
      "batchSize=16"
    };
  }

  /** Standard output without the lines naming the framework log (CommandRun). */
  String output() {
    return withoutLogLines(out);
  }

  /** Standard error without the line naming the framework log: what went wrong, if anything. */
  String problems() {
    return withoutLogLines(err);
  }

  private static String withoutLogLines(String text) {
    StringBuilder b = new StringBuilder();
    text.lines()
        .filter(l -> !l.matches("\\w+: framework log .*"))
        .forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }

  static CliRun fcdd(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FcddCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
