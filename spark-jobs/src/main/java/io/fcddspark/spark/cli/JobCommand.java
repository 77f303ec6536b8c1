package io.fcddspark.spark.cli;

import io.fcddspark.job.Job;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A job subcommand: checks its config C, opens the run (log, Spark), runs, prints its result R. */
abstract class JobCommand<C, R> implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin JobOptions job;
  private final ConfigFileLoader<C> loader;
  private final Function<C, String> output;

  /** A command whose config {@code loader} reads and whose run (and log) goes to {@code output}. */
  JobCommand(ConfigFileLoader<C> loader, Function<C, String> output) {
    this.loader = loader;
    this.output = output;
  }

  /** The master when neither spark-submit nor {@code --master} names one. */
  String defaultMaster(C config) {
    return "local[*]";
  }

  /** The job on {@code spark}, its progress lines (if any) printed to {@code out}. */
  abstract Job<C, R> job(SparkSession spark, PrintWriter out);

  /** Prints the result and returns the exit code; by default nothing (the job printed it) and 0. */
  int print(C config, R result, PrintWriter out) {
    return 0;
  }

  /** Prints what the run would do and its exit code, where an option asks; null runs the job. */
  Integer withoutRunning(C config, PrintWriter out) {
    return null;
  }

  @Override
  public final Integer call() {
    C config = loader.load(job.config, job.overrides);
    PrintWriter out = spec.commandLine().getOut();
    Integer code = withoutRunning(config, out);
    if (code == null) {
      try (CommandRun run =
          CommandRun.start(
              job, spec.name(), defaultMaster(config), output.apply(config), spec.commandLine())) {
        code = print(config, job(run.spark(), out).run(config), out);
      }
    }
    out.flush();
    return code;
  }
}
