package io.fcddspark.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * A command's framework log: Spark, Hadoop, Parquet and DL4J logging (everything that goes through
 * Log4j 2, SLF4J and the Log4j 1 bridge) written to one file instead of the console, which then
 * holds only the command's own lines. It is written under the temporary folder while the command
 * runs and put into the output folder's {@code logs/} at the end, on whatever file system that is,
 * when the command made that folder (a command that fails on bad input leaves no output folder
 * behind). Closing it puts the logging configuration back as it was.
 */
final class RunLog implements AutoCloseable {
  /** The layout of every line: time, level, logger, message. */
  static final String PATTERN = "%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n";

  /** The name of the configuration while a run's log is open. */
  static final String NAME = "fcdd-run-log";

  /** fcdd-spark's own loggers, whose lines are the console's progress and warnings. */
  static final String OURS = "io.fcddspark";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path file;
  private String finalFile;

  private RunLog(Path file) {
    this.file = file;
    this.finalFile = file.toString();
  }

  /** A new file for a run of {@code command}: {@code COMMAND-yyyyMMdd-HHmmss-PID.log}. */
  static Path newFile(String command) {
    String name =
        command
            + "-"
            + LocalDateTime.now().format(STAMP)
            + "-"
            + ProcessHandle.current().pid()
            + ".log";
    return Path.of(System.getProperty("java.io.tmpdir"), "fcdd-logs", name);
  }

  /** {@code output} as a local folder, or null when it is on another file system. */
  static Path localFolder(String output) {
    if (output == null || output.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(output);
      if (uri.getScheme() == null) {
        return Path.of(output).toAbsolutePath();
      }
      return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
    } catch (Exception e) {
      return Path.of(output).toAbsolutePath();
    }
  }

  /**
   * From now on: all logging at INFO and above to {@code file} (appended); fcdd-spark's own INFO
   * lines (stages, epochs with img/s and ETA) also to standard output and its warnings and errors
   * to standard error, each as "{@code command}: ..."; other frameworks' ERROR lines to standard
   * error in one line each (their stack traces only in the file).
   */
  static RunLog to(Path file, String command) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the log folder " + file.getParent(), e);
    }
    ConfigurationBuilder<BuiltConfiguration> b =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setConfigurationName(NAME);
    b.setStatusLevel(Level.ERROR);
    b.add(
        b.newAppender("file", "File")
            .addAttribute("fileName", file.toString())
            .addAttribute("append", true)
            .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN)));
    b.add(
        console(b, "ours", "SYSTEM_OUT", command + ": %m%n")
            .add(
                b.newFilter("LevelRangeFilter", Filter.Result.ACCEPT, Filter.Result.DENY)
                    .addAttribute("minLevel", Level.INFO)
                    .addAttribute("maxLevel", Level.INFO)));
    b.add(
        console(b, "ourWarnings", "SYSTEM_ERR", command + ": %level{lowerCase=true}: %m%n")
            .add(
                b.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY)
                    .addAttribute("level", Level.WARN)));
    b.add(
        console(
                b,
                "frameworkErrors",
                "SYSTEM_ERR",
                command + ": error from %c{1}: %m (details: " + file.getFileName() + ")%n")
            .add(
                b.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY)
                    .addAttribute("level", Level.ERROR)));
    b.add(
        b.newLogger(OURS, Level.INFO)
            .addAttribute("additivity", false)
            .add(b.newAppenderRef("file"))
            .add(b.newAppenderRef("ours"))
            .add(b.newAppenderRef("ourWarnings")));
    b.add(
        b.newRootLogger(Level.INFO)
            .add(b.newAppenderRef("file"))
            .add(b.newAppenderRef("frameworkErrors")));
    context().reconfigure(b.build());
    return new RunLog(file);
  }

  private static AppenderComponentBuilder console(
      ConfigurationBuilder<BuiltConfiguration> b, String name, String target, String pattern) {
    return b.newAppender(name, "Console")
        .addAttribute("target", target)
        // System.out/err as they are when a line is written (a caller may have redirected them).
        .addAttribute("follow", true)
        .add(
            b.newLayout("PatternLayout")
                .addAttribute("pattern", pattern)
                .addAttribute("alwaysWriteExceptions", false));
  }

  /** The file being written. */
  Path file() {
    return file;
  }

  /**
   * Puts back the configuration this JVM had before (its file, or Log4j's default) when {@code
   * restore}, then puts the file into {@code output}'s {@code logs/} when that folder exists:
   * moved, on the local file system; copied, on another (HDFS, S3), where the local file is deleted
   * once nothing writes to it any more ({@code restore}). Returns where the file is now.
   */
  String close(String output, Configuration hadoop, boolean restore) {
    if (restore) {
      close();
    }
    if (output == null || output.isBlank() || !Files.exists(file)) {
      return finalFile;
    }
    Path local = localFolder(output);
    try {
      if (local != null) {
        if (Files.isDirectory(local)) {
          Path target = local.resolve("logs").resolve(file.getFileName());
          Files.createDirectories(target.getParent());
          Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
          finalFile = target.toString();
        }
      } else {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(output);
        FileSystem fs = folder.getFileSystem(hadoop);
        if (fs.getFileStatus(folder).isDirectory()) {
          org.apache.hadoop.fs.Path target =
              new org.apache.hadoop.fs.Path(
                  new org.apache.hadoop.fs.Path(folder, "logs"), file.getFileName().toString());
          fs.copyFromLocalFile(restore, true, new org.apache.hadoop.fs.Path(file.toUri()), target);
          finalFile = fs.makeQualified(target).toString();
        }
      }
    } catch (IOException | RuntimeException e) {
      // It stays where it is, and is named there.
    }
    return finalFile;
  }

  /** Puts back the configuration this JVM had before (its file, or Log4j's default). */
  @Override
  public void close() {
    context().reconfigure();
  }

  private static LoggerContext context() {
    return (LoggerContext) LogManager.getContext(false);
  }
}
