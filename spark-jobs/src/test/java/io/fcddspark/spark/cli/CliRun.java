package io.fcddspark.spark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code fcdd} command line run in-process, with its exit code and output. */
record CliRun(int code, String out, String err) {
  static CliRun fcdd(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FcddCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
