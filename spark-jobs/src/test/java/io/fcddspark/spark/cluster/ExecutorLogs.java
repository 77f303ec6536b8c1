package io.fcddspark.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The executors' logs of a {@code local-cluster} application: Spark's workers write each executor's
 * stderr to {@code $SPARK_HOME/work/<application>/<executor>/stderr} (the test logging config has
 * executors log the tasks they get and finish).
 */
public final class ExecutorLogs {
  private static final Pattern ASSIGNED = Pattern.compile("Got assigned task (\\d+)");
  private static final Pattern FINISHED =
      Pattern.compile("Finished task \\S+ in stage \\S+ \\(TID (\\d+)\\)");

  /**
   * What an executor logs (at ERROR) as the application ends around it: the master has the workers
   * kill its executors (racing the driver's own stop message), and a worker that stops first cuts
   * its executor's watcher off. Each message is matched by its start.
   */
  static final List<String> APPLICATION_END =
      List.of(
          "ERROR CoarseGrainedExecutorBackend: RECEIVED SIGNAL TERM",
          "ERROR WorkerWatcher: Lost connection to worker rpc endpoint");

  private ExecutorLogs() {}

  /** The stderr files of {@code applicationId}'s executors. */
  public static List<Path> of(String applicationId) {
    Path app = Path.of(System.getenv("SPARK_HOME"), "work", applicationId);
    if (!Files.isDirectory(app)) {
      throw new AssertionError("No executor logs of " + applicationId + " under " + app);
    }
    try (Stream<Path> files = Files.walk(app)) {
      return files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + app, e);
    }
  }

  /**
   * The ERROR lines of {@code applicationId}'s executors' logs, each with its file. The {@link
   * #APPLICATION_END} messages are not, when every task the executor got had finished (nor is such
   * a line cut short as the process dies, when it is the log's last).
   */
  public static List<String> errors(String applicationId) {
    List<String> errors = new ArrayList<>();
    for (Path file : of(applicationId)) {
      Set<String> running = new HashSet<>();
      try {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          Matcher assigned = ASSIGNED.matcher(line);
          if (assigned.find()) {
            running.add(assigned.group(1));
          }
          Matcher finished = FINISHED.matcher(line);
          if (finished.find()) {
            running.remove(finished.group(1));
          }
          boolean ending = applicationEnd(line, i == lines.size() - 1);
          if (line.contains(" ERROR ") && !(ending && running.isEmpty())) {
            errors.add(
                file
                    + ": "
                    + line
                    + (running.isEmpty() ? "" : " (tasks running: " + running + ")"));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
    return errors;
  }

  /** Whether {@code line} is an application-end message, whole or, as the last line, cut short. */
  private static boolean applicationEnd(String line, boolean last) {
    int error = line.indexOf("ERROR ");
    if (error < 0) {
      return false;
    }
    String message = line.substring(error);
    return APPLICATION_END.stream()
        .anyMatch(m -> message.startsWith(m) || (last && m.startsWith(message)));
  }
}
