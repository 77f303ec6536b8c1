package io.fcddspark.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a driver ran on, as provenance records it.
 *
 * @param cpu the processor's model name (from /proc/cpuinfo where there is one) or the arch
 * @param cores available processors
 * @param maxHeapBytes the JVM's maximum heap
 * @param os operating system name and version
 * @param javaVersion the Java runtime version
 */
public record Hardware(String cpu, int cores, long maxHeapBytes, String os, String javaVersion) {

  /** The current machine. */
  public static Hardware current() {
    return new Hardware(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.runtime.version"));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through to the architecture
    }
    return System.getProperty("os.arch");
  }
}
