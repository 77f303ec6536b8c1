package io.fcddspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks share: timing a repeated step, and naming the machine. */
final class Measure {
  private Measure() {}

  /** Items per second of {@code step} after two warm-up calls, over at least 3 calls and s. */
  static double throughput(Runnable step, int itemsPerCall, double seconds) {
    step.run();
    step.run();
    long start = System.nanoTime();
    int calls = 0;
    while (calls < 3 || System.nanoTime() - start < seconds * 1e9) {
      step.run();
      calls++;
    }
    return calls * (double) itemsPerCall / ((System.nanoTime() - start) / 1e9);
  }

  /** The CPU model from /proc/cpuinfo. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
    return "unknown CPU";
  }
}
