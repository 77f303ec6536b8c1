package io.fcddspark.spark.cli;

import io.fcddspark.config.ConfigLoader;
import io.fcddspark.job.Job;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A job subcommand: loads and checks its config before anything starts, opens the run (framework
 * log, Spark), runs the job, prints its result and stops; {@code C} is what the config loads into
 * and {@code R} the job's result.
 */
abstract class JobCommand<C, R> implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  /** Loads a config file with its overrides and checks it (every error before Spark starts). */
  @FunctionalInterface
  interface Loader<C> {
    C load(Path file, List<String> overrides);
  }

  private final Loader<C> loader;
  private final Function<C, String> output;

  /**
   * A command whose config {@code loader} reads and whose run writes under {@code output} (its
   * framework log is moved there at the end).
   */
  JobCommand(Loader<C> loader, Function<C, String> output) {
    this.loader = loader;
    this.output = output;
  }

  /** The loader of a config file of record type {@code type}. */
  static <T> Loader<T> configFile(Class<T> type) {
    return (file, overrides) -> ConfigLoader.load(file, overrides, type);
  }

  /** The master when neither spark-submit nor {@code --master} names one. */
  String defaultMaster(C config) {
    return "local[*]";
  }

  /** The job on {@code spark}, its progress lines (if any) printed to {@code out}. */
  abstract Job<C, R> job(SparkSession spark, PrintWriter out);

  /**
   * Prints the job's result to {@code out} and returns the exit code; by default nothing (the job
   * printed its own progress and result lines) and 0.
   */
  int print(C config, R result, PrintWriter out) {
    return 0;
  }

  /**
   * Prints what the run would do and returns its exit code, without starting Spark, when an option
   * asks for that; null (the default) runs the job.
   */
  Integer withoutRunning(C config, PrintWriter out) {
    return null;
  }

  @Override
  public final Integer call() {
    C config = loader.load(job.config, job.overrides);
    Integer planned = withoutRunning(config, spec.commandLine().getOut());
    if (planned != null) {
      spec.commandLine().getOut().flush();
      return planned;
    }
    try (CommandRun run =
        CommandRun.start(
            job, spec.name(), defaultMaster(config), output.apply(config), spec.commandLine())) {
      PrintWriter out = spec.commandLine().getOut();
      int code = print(config, job(run.spark(), out).run(config), out);
      out.flush();
      return code;
    }
  }

  /** Progress lines to {@code out}, each flushed as it comes (long jobs print as they go). */
  static java.util.function.Consumer<String> progressTo(PrintWriter out) {
    return line -> {
      out.println(line);
      out.flush();
    };
  }
}
