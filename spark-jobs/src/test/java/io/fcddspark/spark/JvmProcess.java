package io.fcddspark.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A main class run in a JVM of its own, with this JVM's options and class path, for kill tests. */
public final class JvmProcess {
  private JvmProcess() {}

  /**
   * Starts {@code mainClass args} with heap {@code xmx} (e.g. "-Xmx2g"), its output to {@code log}.
   */
  public static Process start(String xmx, Class<?> mainClass, List<String> args, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-Xmx")
          && !arg.startsWith("-agentlib")
          && !arg.startsWith("-javaagent")) {
        command.add(arg);
      }
    }
    command.add(xmx);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
